#pragma once
/// Personec's files as text: converted between UTF-8 and the file's encoding. The records are
/// read and written by libcore's CSV reader (samverkan/core/csv.hpp) with the configured
/// delimiter.

#include <string>
#include <string_view>

#include "samverkan/adapters/adapter_settings.hpp"

namespace samverkan::adapters::personec_csv {

/// Converts file bytes in `encoding` to UTF-8. Throws samverkan::InvalidInput for bytes that
/// are not valid in the encoding.
std::string to_utf8(std::string_view bytes, TextEncoding encoding);

/// Converts UTF-8 to `encoding`. Throws samverkan::InvalidInput when a character cannot be
/// written in it (e.g. "€" is fine in Windows-1252, "ł" is not).
std::string from_utf8(std::string_view text, TextEncoding encoding);

}  // namespace samverkan::adapters::personec_csv
