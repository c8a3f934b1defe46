#pragma once
// Private helpers for the adapter value checks and implementations in libcore/src/adapters.

#include <cstddef>
#include <string>
#include <string_view>

#include "samverkan/core/error.hpp"

namespace samverkan::adapters::detail {

// Throws InvalidInput "<what> is required" when empty, "<what> is longer than N characters",
// "<what> is not valid UTF-8" or "<what> contains a control character".
void check_text(std::string_view text, std::string_view what, std::size_t max_length);

// As check_text, but an empty value is allowed.
void check_optional_text(std::string_view text, std::string_view what, std::size_t max_length);

// True for A-Z a-z 0-9 and every character of `extra`.
bool is_ascii_word(std::string_view text, std::string_view extra) noexcept;

}  // namespace samverkan::adapters::detail
