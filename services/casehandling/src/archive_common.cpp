#include "detail/archive_common.hpp"

#include <fcntl.h>
#include <magic.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <mutex>
#include <sstream>

#include "samverkan/core/error.hpp"
#include "samverkan/storage/time.hpp"
#include "samverkan/xml/native.hpp"

namespace samverkan::casehandling::archive::detail {
namespace {

// One libmagic cookie for the process: loading the database is slow, and a cookie is not
// thread-safe, so calls take turns.
class Magic {
 public:
  Magic() {
    // MAGIC_MIME_TYPE: the type only, no charset; no MAGIC_COMPRESS, so nothing is unpacked.
    cookie_ = magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR);
    if (cookie_ == nullptr) throw Unavailable("libmagic could not be opened");
    if (magic_load(cookie_, nullptr) != 0) {
      const std::string reason = magic_error(cookie_) != nullptr ? magic_error(cookie_) : "unknown";
      magic_close(cookie_);
      cookie_ = nullptr;
      throw Unavailable("libmagic's database could not be loaded: " + reason);
    }
  }
  ~Magic() {
    if (cookie_ != nullptr) magic_close(cookie_);
  }
  Magic(const Magic&) = delete;
  Magic& operator=(const Magic&) = delete;

  std::string detect(std::string_view bytes) {
    if (bytes.empty()) return "application/x-empty";
    std::lock_guard lock(mutex_);
    const char* type = magic_buffer(cookie_, bytes.data(), bytes.size());
    if (type == nullptr) {
      const char* reason = magic_error(cookie_);
      throw Unavailable(std::string("libmagic failed: ") + (reason != nullptr ? reason : "unknown"));
    }
    return type;
  }

 private:
  magic_t cookie_ = nullptr;
  std::mutex mutex_;
};

}  // namespace

std::string mime_type(std::string_view bytes) {
  static Magic magic;
  return magic.detect(bytes);
}

std::string read_bytes(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Unavailable("cannot read " + file.string());
  std::ostringstream out;
  out << in.rdbuf();
  if (in.bad()) throw Unavailable("cannot read " + file.string());
  return std::move(out).str();
}

void write_bytes(const std::filesystem::path& file, std::string_view bytes) {
  // O_EXCL: a package never overwrites anything; 0600: records may be secret.
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) throw Conflict(file.string() + " exists already");
    throw Unavailable("cannot create " + file.string() + ": " + std::strerror(errno));
  }
  std::size_t written = 0;
  while (written < bytes.size()) {
    const auto n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      const std::string reason = std::strerror(errno);
      ::close(fd);
      throw Unavailable("cannot write " + file.string() + ": " + reason);
    }
    written += static_cast<std::size_t>(n);
  }
  if (::close(fd) != 0) throw Unavailable("cannot write " + file.string() + ": " + std::strerror(errno));
}

std::vector<std::string> list_files(const std::filesystem::path& folder) {
  std::vector<std::string> files;
  std::error_code error;
  for (auto it = std::filesystem::recursive_directory_iterator(folder, error);
       !error && it != std::filesystem::recursive_directory_iterator(); it.increment(error)) {
    if (it->is_regular_file()) files.push_back(it->path().lexically_relative(folder).generic_string());
  }
  if (error) throw Unavailable("cannot list " + folder.string() + ": " + error.message());
  std::sort(files.begin(), files.end());
  return files;
}

xmlNode* add(xmlNode* parent, xmlNs* ns, const char* name) {
  xmlNode* node = xmlNewChild(parent, ns, x(name), nullptr);
  if (node == nullptr) throw InternalError("libxml2 could not create an element");
  return node;
}

xmlNode* add_text(xmlNode* parent, xmlNs* ns, const char* name, std::string_view text) {
  const std::string value(text);
  // xmlNewTextChild escapes the content (xmlNewChild would take it as markup).
  xmlNode* node = xmlNewTextChild(parent, ns, x(name), x(value));
  if (node == nullptr) throw InternalError("libxml2 could not create an element");
  return node;
}

void set(xmlNode* node, const char* name, std::string_view value) {
  const std::string text(value);
  if (xmlSetProp(node, x(name), x(text)) == nullptr) {
    throw InternalError("libxml2 could not set an attribute");
  }
}

void set(xmlNode* node, xmlNs* ns, const char* name, std::string_view value) {
  const std::string text(value);
  if (xmlSetNsProp(node, ns, x(name), x(text)) == nullptr) {
    throw InternalError("libxml2 could not set an attribute");
  }
}

std::string serialize(xmlDoc* doc) {
  xmlChar* memory = nullptr;
  int size = 0;
  xmlDocDumpFormatMemoryEnc(doc, &memory, &size, "UTF-8", 1);
  if (memory == nullptr) throw InternalError("libxml2 could not serialise a document");
  std::string out(reinterpret_cast<const char*>(memory), static_cast<std::size_t>(size));
  xmlFree(memory);
  return out;
}

std::string xml_time(std::chrono::system_clock::time_point at) { return storage::format_time(at); }

}  // namespace samverkan::casehandling::archive::detail
