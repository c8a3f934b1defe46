#pragma once
/// The CSV dialect of Personec's files: RFC 4180 quoting with a configurable delimiter, CRLF or
/// LF line ends, text converted between UTF-8 and the file's encoding.

#include <string>
#include <string_view>
#include <vector>

#include "samverkan/adapters/adapter_settings.hpp"

namespace samverkan::adapters::personec_csv {

/// One record and the 1-based line it starts on.
struct CsvRecord {
  int line = 0;
  std::vector<std::string> fields{};
};

/// Splits UTF-8 text into records. A UTF-8 byte-order mark is skipped; empty lines are skipped.
/// Throws samverkan::InvalidInput "line N: ..." for an unterminated quote or text after a
/// closing quote.
std::vector<CsvRecord> parse_csv(std::string_view text, char delimiter);

/// One record as a line (with CRLF), quoting fields that hold the delimiter or a quote.
std::string format_csv_line(const std::vector<std::string>& fields, char delimiter);

/// Converts file bytes in `encoding` to UTF-8. Throws samverkan::InvalidInput for bytes that
/// are not valid in the encoding.
std::string to_utf8(std::string_view bytes, TextEncoding encoding);

/// Converts UTF-8 to `encoding`. Throws samverkan::InvalidInput when a character cannot be
/// written in it (e.g. "€" is fine in Windows-1252, "ł" is not).
std::string from_utf8(std::string_view text, TextEncoding encoding);

}  // namespace samverkan::adapters::personec_csv
