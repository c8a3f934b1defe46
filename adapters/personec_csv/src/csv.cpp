#include "samverkan/adapters/personec_csv/csv.hpp"

#include "samverkan/core/error.hpp"
#include "samverkan/core/text.hpp"

namespace samverkan::adapters::personec_csv {
std::string to_utf8(std::string_view bytes, TextEncoding encoding) {
  if (encoding == TextEncoding::kWindows1252) return text::windows1252_to_utf8(bytes);
  if (!text::is_valid_utf8(bytes)) throw InvalidInput("the file is not valid UTF-8");
  return std::string(bytes);
}

std::string from_utf8(std::string_view utf8, TextEncoding encoding) {
  if (encoding == TextEncoding::kWindows1252) return text::utf8_to_windows1252(utf8);
  if (!text::is_valid_utf8(utf8)) throw InvalidInput("the text is not valid UTF-8");
  return std::string(utf8);
}

}  // namespace samverkan::adapters::personec_csv
