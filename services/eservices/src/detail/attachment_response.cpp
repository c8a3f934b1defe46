#include "detail/attachment_response.hpp"

#include <Poco/URI.h>

#include <string>

namespace samverkan::eservices::detail {
namespace {

/// RFC 6266: an ASCII fallback and the exact UTF-8 name, percent-encoded.
std::string content_disposition(const std::string& file_name) {
  std::string fallback;
  for (const char ch : file_name) {
    if ((static_cast<unsigned char>(ch) & 0xC0) == 0x80) continue;  // one '_' per UTF-8 character
    const bool plain = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '.' ||
                       ch == '-' || ch == '_';
    fallback += plain ? ch : '_';
  }
  std::string encoded;
  Poco::URI::encode(file_name, "!#$&'()*+,/:;=?@[]\"%<>\\^`{|} ", encoded);
  return "attachment; filename=\"" + (fallback.empty() ? std::string("bilaga") : fallback) + "\"; filename*=UTF-8''" +
         encoded;
}

}  // namespace

http::Response attachment_response(const AcceptedAttachment& file) {
  http::Response response;
  response.content_type = file.media_type;
  response.body = file.bytes;
  response.headers.emplace_back("Content-Disposition", content_disposition(file.file_name));
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

}  // namespace samverkan::eservices::detail
