#include "samverkan/crypto/keyring.hpp"

#include <fcntl.h>
#include <openssl/crypto.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "crypto/detail/openssl_util.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/core/private_files.hpp"

namespace samverkan::crypto {
namespace {

constexpr std::string_view kIndexInfo = "samverkan blind index";
constexpr std::string_view kFingerprintMessage = "samverkan key fingerprint v1";

std::string_view trim(std::string_view text) noexcept {
  const auto first = text.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r");
  return text.substr(first, last - first + 1);
}

std::string errno_text() { return std::strerror(errno); }

// Writes `content` to a new file `target` with mode 0600, atomically and only if `target` does
// not exist yet: write a temporary file beside it, then link() it into place, which fails with
// EEXIST when another process won the race. Returns false in that case.
bool create_exclusive(const std::filesystem::path& target, const std::string& content) {
  const auto folder = target.parent_path().empty() ? std::filesystem::path(".") : target.parent_path();
  core::create_private_directories(folder);
  const auto suffix = detail::to_hex(detail::random_bytes(6));
  // Appended, as GCC 12 -O3 falsely warns on "." + std::string&& (-Wrestrict, GCC bug 105329).
  const auto temporary = folder / (std::string(".").append(target.filename().string()) + "." + suffix + ".tmp");
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) throw Unavailable("cannot create the key file " + target.string() + ": " + errno_text());
  ::fchmod(fd, 0600);  // the umask may only remove bits, but be explicit
  std::size_t written = 0;
  while (written < content.size()) {
    const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const auto reason = errno_text();
      ::close(fd);
      ::unlink(temporary.c_str());
      throw Unavailable("cannot write the key file " + target.string() + ": " + reason);
    }
    written += static_cast<std::size_t>(n);
  }
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!synced) {
    ::unlink(temporary.c_str());
    throw Unavailable("cannot write the key file " + target.string() + ": " + errno_text());
  }
  const int linked = ::link(temporary.c_str(), target.c_str());
  const int link_errno = errno;
  ::unlink(temporary.c_str());
  if (linked != 0) {
    if (link_errno == EEXIST) return false;
    throw Unavailable("cannot create the key file " + target.string() + ": " + std::strerror(link_errno));
  }
  return true;
}

}  // namespace

Keyring::~Keyring() {
  for (auto& key : keys_) OPENSSL_cleanse(key.bytes.data(), key.bytes.size());
  OPENSSL_cleanse(index_key_.data(), index_key_.size());
}

Keyring Keyring::from_keys(std::vector<Key> keys, std::string_view source_name) {
  if (keys.empty()) throw InvalidInput(std::string(source_name) + " holds no keys");
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (!detail::valid_key_id(keys[i].id)) {
      throw InvalidInput(std::string(source_name) + ": key id '" + keys[i].id +
                         "' is not 1 to 32 characters of A-Z a-z 0-9 _ -");
    }
    if (keys[i].bytes.size() != kKeySize) {
      throw InvalidInput(std::string(source_name) + ": key '" + keys[i].id + "' is " +
                         std::to_string(keys[i].bytes.size()) + " bytes, must be 32");
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (keys[j].id == keys[i].id) {
        throw InvalidInput(std::string(source_name) + ": duplicate key id '" + keys[i].id + "'");
      }
    }
  }
  Keyring ring;
  ring.keys_ = std::move(keys);
  ring.source_ = source_name;
  ring.index_key_ = detail::hkdf_sha256(ring.keys_.front().bytes, kIndexInfo, kKeySize);
  return ring;
}

Keyring Keyring::from_lines(std::string_view text, std::string_view source_name) {
  const std::string source(source_name);
  std::vector<Key> keys;
  std::size_t line_number = 0;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    auto end = text.find_first_of("\n;", pos);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = trim(text.substr(pos, end - pos));
    pos = end + 1;
    ++line_number;
    if (line.empty() || line.front() == '#') continue;
    const std::string where = source + " line " + std::to_string(line_number) + ": ";
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) {
      throw InvalidInput(where + "expected ID:BASE64-KEY");
    }
    const std::string id(trim(line.substr(0, colon)));
    if (!detail::valid_key_id(id)) {
      throw InvalidInput(where + "the key id must be 1 to 32 characters of A-Z a-z 0-9 _ -");
    }
    for (const auto& key : keys) {
      if (key.id == id) throw InvalidInput(where + "duplicate key id '" + id + "'");
    }
    auto bytes = detail::base64_decode(trim(line.substr(colon + 1)));
    if (!bytes) throw InvalidInput(where + "the key of '" + id + "' is not valid base64");
    if (bytes->size() != kKeySize) {
      const auto size = bytes->size();
      OPENSSL_cleanse(bytes->data(), bytes->size());
      throw InvalidInput(where + "the key of '" + id + "' is " + std::to_string(size) + " bytes, must be 32");
    }
    keys.push_back(Key{id, std::move(*bytes)});
  }
  if (keys.empty()) throw InvalidInput(source + " holds no keys");
  return from_keys(std::move(keys), source_name);
}

Keyring Keyring::from_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw InvalidInput("cannot read the key file " + file.string() + ": " + errno_text());
  core::require_private_file(file, "the field-encryption key file");
  std::ostringstream content;
  content << in.rdbuf();
  std::string text = content.str();
  Keyring ring = from_lines(text, file.string());
  OPENSSL_cleanse(text.data(), text.size());
  return ring;
}

Keyring Keyring::load(const std::filesystem::path& file, bool create_if_missing) {
  const char* environment = std::getenv(kEnvironmentVariable);
  if (environment != nullptr && *environment != '\0') return from_lines(environment, kEnvironmentVariable);
  std::error_code error;
  if (std::filesystem::exists(file, error)) return from_file(file);
  if (!create_if_missing) {
    throw InvalidInput(std::string("no keys: ") + kEnvironmentVariable + " is not set and the key file " +
                       file.string() + " does not exist");
  }
  Key first = generate_key("k1");
  std::string content =
      "# Samverkan keys: one ID:BASE64 per line. The last line is the active encryption key.\n"
      "# Never remove or reorder the first line: it is the root of every blind index.\n" +
      format_line(first) + "\n";
  create_exclusive(file, content);  // when another process won the race, read its file
  OPENSSL_cleanse(content.data(), content.size());
  OPENSSL_cleanse(first.bytes.data(), first.bytes.size());
  return from_file(file);
}

Key Keyring::generate_key(std::string id) {
  if (!detail::valid_key_id(id)) throw InvalidInput("the key id must be 1 to 32 characters of A-Z a-z 0-9 _ -");
  return Key{std::move(id), detail::random_bytes(kKeySize)};
}

std::string Keyring::format_line(const Key& key) { return key.id + ":" + detail::base64_encode(key.bytes); }

const Key& Keyring::active() const {
  if (keys_.empty()) throw InternalError("the keyring is empty");
  return keys_.back();
}

const Key* Keyring::find(std::string_view id) const {
  for (const auto& key : keys_) {
    if (key.id == id) return &key;
  }
  return nullptr;
}

std::string Keyring::blind_index(std::string_view purpose, std::string_view value) const {
  if (index_key_.empty()) throw InternalError("the keyring is empty");
  if (purpose.empty() || purpose.find('\0') != std::string_view::npos) {
    throw InvalidInput("a blind index purpose must be non-empty and hold no NUL byte");
  }
  std::string message;
  message.reserve(purpose.size() + 1 + value.size());
  message.append(purpose);
  message += '\0';
  message.append(value);
  const auto mac = detail::hmac_sha256(index_key_, detail::as_bytes(message));
  OPENSSL_cleanse(message.data(), message.size());
  return detail::to_hex(mac);
}

std::string Keyring::fingerprint(const Key& key) {
  return detail::to_hex(detail::hmac_sha256(key.bytes, detail::as_bytes(kFingerprintMessage)));
}

std::string Keyring::index_key_fingerprint() const {
  if (index_key_.empty()) throw InternalError("the keyring is empty");
  return detail::to_hex(detail::hmac_sha256(index_key_, detail::as_bytes(kFingerprintMessage)));
}

}  // namespace samverkan::crypto
