#include "encoding.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <memory>

#include "samverkan/core/error.hpp"

namespace samverkan::mailbox::detail {

std::string base64_encode(std::string_view bytes) {
  std::string out(base64_length(bytes.size()) + 1, '\0');
  // EVP_EncodeBlock takes an int length; deliveries are limited to a few MiB, so encode in
  // chunks that are a multiple of 3 bytes to stay well inside it.
  constexpr std::size_t kChunk = 3U * 1024U * 1024U;
  std::size_t written = 0;
  for (std::size_t offset = 0; offset < bytes.size(); offset += kChunk) {
    const std::size_t n = std::min(kChunk, bytes.size() - offset);
    const int length =
        EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data() + written),
                        reinterpret_cast<const unsigned char*>(bytes.data() + offset), static_cast<int>(n));
    written += static_cast<std::size_t>(length);
  }
  out.resize(written);
  return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
  std::string compact;
  compact.reserve(text.size());
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
    const bool ok =
        (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '=';
    if (!ok) return std::nullopt;
    compact.push_back(c);
  }
  if (compact.size() % 4 != 0) return std::nullopt;
  if (compact.empty()) return std::string();
  std::size_t padding = 0;
  while (padding < 2 && compact[compact.size() - 1 - padding] == '=') ++padding;
  if (compact.find('=') < compact.size() - padding) return std::nullopt;
  std::string out(compact.size() / 4 * 3, '\0');
  std::size_t written = 0;
  constexpr std::size_t kChunk = 4U * 1024U * 1024U;
  for (std::size_t offset = 0; offset < compact.size(); offset += kChunk) {
    const std::size_t n = std::min(kChunk, compact.size() - offset);
    const int length =
        EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data() + written),
                        reinterpret_cast<const unsigned char*>(compact.data() + offset), static_cast<int>(n));
    if (length < 0) return std::nullopt;
    written += static_cast<std::size_t>(length);
  }
  out.resize(written - padding);  // EVP_DecodeBlock counts the padding as zero bytes
  return out;
}

}  // namespace samverkan::mailbox::detail
