#pragma once
/// The media type of bytes from their content (libmagic), never from a file name: a PNG named
/// "intyg.pdf" is image/png.

#include <memory>
#include <string>
#include <string_view>

namespace samverkan::eservices {

class ContentTypeDetector {
 public:
  /// Opens libmagic with the system's magic database. Throws samverkan::Unavailable when the
  /// database cannot be loaded.
  ContentTypeDetector();
  ~ContentTypeDetector();
  ContentTypeDetector(const ContentTypeDetector&) = delete;
  ContentTypeDetector& operator=(const ContentTypeDetector&) = delete;

  /// The media type without parameters, e.g. "application/pdf", "image/png", "text/plain";
  /// "application/x-empty" for no bytes. Thread-safe (calls are serialised: libmagic's
  /// handle is not). Throws samverkan::InternalError when libmagic fails.
  std::string detect(std::string_view bytes) const;

  /// A process-wide detector, opened on first use.
  static const ContentTypeDetector& shared();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace samverkan::eservices
