#pragma once
/// UTF-8 and Windows-1252 text, through Poco's encodings (never a hand-written codec).
/// Invalid UTF-8 means malformed or truncated sequences, overlong forms, surrogates and values
/// past U+10FFFF.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace samverkan::text {

/// The number of code points in `text`, or nullopt when it is not valid UTF-8.
std::optional<std::size_t> utf8_length(std::string_view text);

inline bool is_valid_utf8(std::string_view text) { return utf8_length(text).has_value(); }

/// The number of code points in `text` when it is valid UTF-8 holding only characters XML 1.0
/// allows in text (no C0 controls but tab, line feed and carriage return; no U+FFFE, U+FFFF);
/// nullopt otherwise.
std::optional<std::size_t> xml_text_length(std::string_view text);

/// `text` with leading and trailing spaces, tabs and line breaks removed and every inner run of
/// them made one space (XML Schema's xs:token normalisation).
std::string collapse_whitespace(std::string_view text);

/// True when `text` holds a C0 control character or DEL (tab and newline included).
bool has_control_character(std::string_view text) noexcept;

/// `text` as a number from 1, written as at most `max_digits` (1 to 9) ASCII digits without a
/// sign, spaces or a leading zero; nullopt otherwise. For numbers in paths, queries and forms
/// (a page, a year, a document or version number), where each caller says what a refusal means.
std::optional<int> positive_number(std::string_view text, std::size_t max_digits) noexcept;

/// Windows-1252 bytes (what many Swedish HR and payroll exports still use) as UTF-8. Throws
/// samverkan::InvalidInput for the five bytes Windows-1252 leaves undefined (0x81, 0x8D, 0x8F,
/// 0x90, 0x9D).
std::string windows1252_to_utf8(std::string_view bytes);

/// UTF-8 text as Windows-1252 bytes. Throws samverkan::InvalidInput when `text` is not valid
/// UTF-8 or holds a character Windows-1252 cannot represent.
std::string utf8_to_windows1252(std::string_view text);

}  // namespace samverkan::text
