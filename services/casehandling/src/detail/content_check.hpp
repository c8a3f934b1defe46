#pragma once
// Checks that a document's bytes are what its content type claims.
#include <string_view>

namespace samverkan::casehandling::detail {

/// Throws samverkan::InvalidInput for an unsupported content type or content that does not
/// match it (magic bytes; UTF-8 without NUL for text/plain).
void check_content(std::string_view content_type, std::string_view content);

/// True when `text` is well-formed UTF-8 (no overlong forms, no surrogates).
bool is_utf8(std::string_view text) noexcept;

}  // namespace samverkan::casehandling::detail
