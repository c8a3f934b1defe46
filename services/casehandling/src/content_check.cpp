#include "detail/content_check.hpp"

#include <array>
#include <string>

#include "samverkan/core/error.hpp"

namespace samverkan::casehandling::detail {
namespace {

struct Kind {
  std::string_view content_type;
  std::string_view magic;  ///< empty: text, checked as UTF-8
  std::string_view what;
};

constexpr std::string_view kZip("PK\x03\x04", 4);

constexpr std::array kKinds = {
    Kind{"application/pdf", "%PDF-", "a PDF document"},
    Kind{"image/png", std::string_view("\x89PNG\r\n\x1a\n", 8), "a PNG image"},
    Kind{"image/jpeg", std::string_view("\xFF\xD8\xFF", 3), "a JPEG image"},
    Kind{"application/vnd.openxmlformats-officedocument.wordprocessingml.document", kZip, "a Word document"},
    Kind{"application/vnd.oasis.opendocument.text", kZip, "an OpenDocument text"},
    Kind{"text/plain", "", "UTF-8 text"},
};

}  // namespace

bool is_utf8(std::string_view text) noexcept {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t length = 0;
    unsigned int code = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      length = 2;
      code = c & 0x1Fu;
    } else if ((c & 0xF0) == 0xE0) {
      length = 3;
      code = c & 0x0Fu;
    } else if ((c & 0xF8) == 0xF0) {
      length = 4;
      code = c & 0x07u;
    } else {
      return false;
    }
    if (i + length > text.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return false;
      code = (code << 6) | (next & 0x3Fu);
    }
    const unsigned int minimum = length == 2 ? 0x80u : length == 3 ? 0x800u : 0x10000u;
    if (code < minimum || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return false;
    i += length;
  }
  return true;
}

void check_content(std::string_view content_type, std::string_view content) {
  for (const Kind& kind : kKinds) {
    if (kind.content_type != content_type) continue;
    if (content.empty()) throw InvalidInput("the document is empty");
    const bool matches = kind.magic.empty() ? is_utf8(content) && content.find('\0') == std::string_view::npos
                                            : content.substr(0, kind.magic.size()) == kind.magic;
    if (!matches) throw InvalidInput("the content is not " + std::string(kind.what));
    return;
  }
  throw InvalidInput("unsupported content type; use PDF, PNG, JPEG, plain text, Word (.docx) or OpenDocument text");
}

}  // namespace samverkan::casehandling::detail
