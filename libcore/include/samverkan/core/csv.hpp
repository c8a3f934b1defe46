#pragma once
/// CSV as RFC 4180 writes it, the one reader and writer of the platform (the bulk-mail
/// command's letter lists, HR systems' export files):
///  - fields are separated by one character (',' or ';' as the file's dialect says);
///  - a record ends at a line break (CRLF, LF or CR); an empty line is no record, a line
///    holding only "" is a record with one empty field;
///  - a field that starts with a quote is quoted: it runs to the next lone quote and may hold
///    separators, line breaks and quotes written twice (""); after its closing quote comes the
///    separator, a line break or the end: any other text is refused;
///  - a quote inside an unquoted field is refused;
///  - a UTF-8 byte-order mark at the start is skipped.
///
///   for (const auto& record : csv::read(text, ';')) use(record.line, record.fields);

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "samverkan/core/error.hpp"

namespace samverkan::csv {

/// One record and the 1-based line it starts on.
struct Record {
  std::size_t line = 0;
  std::vector<std::string> fields{};
};

/// A text that is not CSV by the rules above: what is wrong and on which line (1-based; for
/// an unclosed quote, the line where its record starts). what() is "line N: reason".
class ParseError : public InvalidInput {
 public:
  ParseError(std::size_t line, const std::string& reason);
  std::size_t line() const noexcept { return line_; }
  const std::string& reason() const noexcept { return reason_; }

 private:
  std::size_t line_;
  std::string reason_;
};

/// Every record of `text`. Throws ParseError.
std::vector<Record> read(std::string_view text, char separator);

/// One record as a line ending in CRLF, quoting the fields that hold the separator, a quote or
/// a line break, or start with a UTF-8 byte-order mark.
std::string format_line(const std::vector<std::string>& fields, char separator);

}  // namespace samverkan::csv
