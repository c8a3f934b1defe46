#include "samverkan/eservices/content_type.hpp"

#include <magic.h>

#include <mutex>

#include "samverkan/core/error.hpp"

namespace samverkan::eservices {

struct ContentTypeDetector::Impl {
  magic_t cookie = nullptr;
  mutable std::mutex mutex;
};

ContentTypeDetector::ContentTypeDetector() : impl_(std::make_unique<Impl>()) {
  // MAGIC_MIME_TYPE: the type only, no charset; MAGIC_ERROR: report errors instead of
  // guessing; no decompression (MAGIC_COMPRESS is off), so a zip bomb is not unpacked.
  impl_->cookie = magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR);
  if (impl_->cookie == nullptr) throw Unavailable("libmagic could not be opened");
  if (magic_load(impl_->cookie, nullptr) != 0) {
    const std::string reason = magic_error(impl_->cookie) != nullptr ? magic_error(impl_->cookie) : "unknown";
    magic_close(impl_->cookie);
    impl_->cookie = nullptr;
    throw Unavailable("libmagic's database could not be loaded: " + reason);
  }
}

ContentTypeDetector::~ContentTypeDetector() {
  if (impl_ && impl_->cookie != nullptr) magic_close(impl_->cookie);
}

std::string ContentTypeDetector::detect(std::string_view bytes) const {
  if (bytes.empty()) return "application/x-empty";
  std::lock_guard lock(impl_->mutex);
  const char* type = magic_buffer(impl_->cookie, bytes.data(), bytes.size());
  if (type == nullptr) {
    const char* reason = magic_error(impl_->cookie);
    throw InternalError(std::string("libmagic failed: ") + (reason != nullptr ? reason : "unknown"));
  }
  return type;
}

const ContentTypeDetector& ContentTypeDetector::shared() {
  static const ContentTypeDetector kDetector;
  return kDetector;
}

}  // namespace samverkan::eservices
