#include "samverkan/auth/signing_keys.hpp"

#include <Poco/Crypto/ECKey.h>
#include <Poco/Crypto/EVPPKey.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JWT/JWTException.h>
#include <Poco/JWT/Signer.h>
#include <Poco/JWT/Token.h>
#include <fcntl.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <mutex>
#include <shared_mutex>
#include <sstream>

#include "auth/detail/common.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/core/private_files.hpp"
#include "samverkan/http/json.hpp"

namespace samverkan::auth {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kPrefix = "es256-";
constexpr std::string_view kSuffix = ".pem";
constexpr std::size_t kMaxTokenBytes = 8192;
constexpr auto kReloadInterval = std::chrono::seconds(10);   // on an unknown kid, at most this often
constexpr auto kRefreshInterval = std::chrono::seconds(60);  // signing re-reads the folder this often

struct PKeyFree {
  void operator()(EVP_PKEY* p) const noexcept { EVP_PKEY_free(p); }
};
struct BioFree {
  void operator()(BIO* p) const noexcept { BIO_free(p); }
};
struct BnFree {
  void operator()(BIGNUM* p) const noexcept { BN_free(p); }
};
using PKeyPtr = std::unique_ptr<EVP_PKEY, PKeyFree>;
using BioPtr = std::unique_ptr<BIO, BioFree>;
using BnPtr = std::unique_ptr<BIGNUM, BnFree>;

struct Entry {
  SigningKeyInfo info;
  Poco::SharedPtr<Poco::Crypto::ECKey> key;
  std::string x;  // base64url, 32 bytes
  std::string y;
};

// "es256-20260301T120000123Z.pem" <-> its creation time.
std::string file_name_for(Clock::TimePoint at) {
  const std::string stamp = detail::format_time(at);  // 2026-03-01T12:00:00.123Z
  std::string compact;
  for (char c : stamp) {
    if (c != '-' && c != ':' && c != '.') compact += c;
  }
  return std::string(kPrefix) + compact + std::string(kSuffix);
}

std::optional<Clock::TimePoint> time_of(const std::string& name) {
  // es256-YYYYMMDDTHHMMSSmmmZ.pem
  if (!name.starts_with(kPrefix) || !name.ends_with(kSuffix)) return std::nullopt;
  const std::string c = name.substr(kPrefix.size(), name.size() - kPrefix.size() - kSuffix.size());
  if (c.size() != 19 || c[8] != 'T' || c[18] != 'Z') return std::nullopt;
  const std::string iso = c.substr(0, 4) + "-" + c.substr(4, 2) + "-" + c.substr(6, 2) + "T" + c.substr(9, 2) + ":" +
                          c.substr(11, 2) + ":" + c.substr(13, 2) + "." + c.substr(15, 3) + "Z";
  try {
    return detail::parse_time(iso);
  } catch (const InternalError&) {
    return std::nullopt;
  }
}

std::string coordinate(const EVP_PKEY* key, const char* name) {
  BIGNUM* raw = nullptr;
  if (EVP_PKEY_get_bn_param(key, name, &raw) != 1) detail::openssl_failure("read an EC public key coordinate");
  BnPtr value(raw);
  std::array<std::uint8_t, 32> bytes{};
  if (BN_bn2binpad(value.get(), bytes.data(), static_cast<int>(bytes.size())) != 32) {
    detail::openssl_failure("encode an EC public key coordinate");
  }
  return detail::base64url_encode(bytes);
}

// RFC 7638: SHA-256 over the required members in lexicographic order, no whitespace.
std::string thumbprint(const std::string& x, const std::string& y) {
  const std::string canonical = R"({"crv":"P-256","kty":"EC","x":")" + x + R"(","y":")" + y + R"("})";
  return detail::base64url_encode(detail::sha256({detail::as_bytes(canonical)}));
}

Entry load_entry(const fs::path& file, Clock::TimePoint created) {
  struct stat status {};
  if (::stat(file.c_str(), &status) != 0) {
    throw Unavailable("cannot read the signing key " + file.string() + ": " + std::strerror(errno));
  }
  core::require_private_file(file, "the token signing key");
  std::ifstream in(file, std::ios::binary);
  std::stringstream pem;
  pem << in.rdbuf();
  if (!in) throw Unavailable("cannot read the signing key " + file.string());
  const std::string text = pem.str();
  BioPtr bio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
  if (!bio) detail::openssl_failure("allocate a BIO");
  PKeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  if (!key) {
    ERR_clear_error();
    throw InvalidInput("the signing key " + file.string() + " is not a PEM private key");
  }
  char group[64] = {};
  std::size_t group_length = 0;
  if (!EVP_PKEY_is_a(key.get(), "EC") ||
      EVP_PKEY_get_utf8_string_param(key.get(), OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group, &group_length) != 1 ||
      std::string_view(group, group_length) != "prime256v1") {
    ERR_clear_error();
    throw InvalidInput("the signing key " + file.string() + " is not an EC P-256 key");
  }
  Entry entry;
  entry.x = coordinate(key.get(), OSSL_PKEY_PARAM_EC_PUB_X);
  entry.y = coordinate(key.get(), OSSL_PKEY_PARAM_EC_PUB_Y);
  entry.info = {thumbprint(entry.x, entry.y), created, file};
  try {
    entry.key = new Poco::Crypto::ECKey(Poco::Crypto::EVPPKey(key.get()));
  } catch (const Poco::Exception& e) {
    throw InvalidInput("the signing key " + file.string() + " cannot be used: " + e.displayText());
  }
  return entry;
}

// Writes a new key file atomically and only if the name is free: write a temporary file,
// then link() it into place (EEXIST when another process created that name first).
bool create_key_file(const fs::path& target) {
  PKeyPtr key(EVP_EC_gen("P-256"));
  if (!key) detail::openssl_failure("generate an EC P-256 key");
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PrivateKey(bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    detail::openssl_failure("encode a private key");
  }
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio.get(), &data);
  const std::string pem(data, static_cast<std::size_t>(length));

  const auto temporary = target.parent_path() /
                         ("." + target.filename().string() + "." + detail::to_hex(detail::random_bytes(6)) + ".tmp");
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) throw Unavailable("cannot create the signing key " + target.string() + ": " + std::strerror(errno));
  ::fchmod(fd, 0600);
  std::size_t written = 0;
  while (written < pem.size()) {
    const ssize_t n = ::write(fd, pem.data() + written, pem.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    written += static_cast<std::size_t>(n);
  }
  const bool ok = written == pem.size() && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) {
    ::unlink(temporary.c_str());
    throw Unavailable("cannot write the signing key " + target.string());
  }
  const int linked = ::link(temporary.c_str(), target.c_str());
  const int link_errno = errno;
  ::unlink(temporary.c_str());
  if (linked != 0) {
    if (link_errno == EEXIST) return false;
    throw Unavailable("cannot create the signing key " + target.string() + ": " + std::strerror(link_errno));
  }
  return true;
}

Poco::JSON::Object::Ptr parse_object(std::string_view json) {
  Poco::JSON::Parser parser;
  const auto value = parser.parse(std::string(json));
  if (value.type() != typeid(Poco::JSON::Object::Ptr)) throw InvalidInput("not a JSON object");
  return value.extract<Poco::JSON::Object::Ptr>();
}

}  // namespace

struct SigningKeySet::Impl {
  fs::path folder;
  const Clock& clock;
  mutable std::shared_mutex mutex;
  std::vector<std::shared_ptr<const Entry>> entries;  // oldest first
  mutable std::mutex reload_mutex;
  mutable std::chrono::steady_clock::time_point last_reload{};
  mutable std::chrono::steady_clock::time_point last_refresh{std::chrono::steady_clock::now()};

  // Picks up keys another process created (or pruned), so all processes sharing the folder
  // sign with the newest key within kRefreshInterval of a rotation.
  void refresh_if_stale() {
    {
      std::lock_guard lock(reload_mutex);
      const auto now = std::chrono::steady_clock::now();
      if (now - last_refresh < kRefreshInterval) return;
      last_refresh = now;
    }
    try {
      load();
    } catch (const Error&) {
      // Keep signing with the keys already loaded.
    }
  }

  Impl(fs::path f, const Clock& c) : folder(std::move(f)), clock(c) {}

  // Reads the folder into a fresh list; keys already loaded are reused.
  std::vector<std::shared_ptr<const Entry>> scan() const {
    std::vector<std::pair<Clock::TimePoint, fs::path>> found;
    std::error_code error;
    for (fs::directory_iterator it(folder, error), end; !error && it != end; it.increment(error)) {
      const auto name = it->path().filename().string();
      if (const auto created = time_of(name)) found.emplace_back(*created, it->path());
    }
    if (error) throw Unavailable("cannot read the signing key folder " + folder.string() + ": " + error.message());
    std::sort(found.begin(), found.end());
    std::vector<std::shared_ptr<const Entry>> result;
    std::shared_lock lock(mutex);
    for (const auto& item : found) {
      // Not a structured binding: clang 14 (the fuzz build) cannot capture one in a lambda.
      const auto& created = item.first;
      const auto& file = item.second;
      const auto known =
          std::find_if(entries.begin(), entries.end(), [&](const auto& e) { return e->info.file == file; });
      result.push_back(known != entries.end() ? *known : std::make_shared<const Entry>(load_entry(file, created)));
    }
    return result;
  }

  void load() {
    auto fresh = scan();
    std::unique_lock lock(mutex);
    entries = std::move(fresh);
  }

  std::shared_ptr<const Entry> newest() const {
    std::shared_lock lock(mutex);
    if (entries.empty()) throw InternalError("no signing key loaded");
    return entries.back();
  }

  std::shared_ptr<const Entry> find(std::string_view kid) const {
    std::shared_lock lock(mutex);
    for (const auto& e : entries) {
      if (e->info.kid == kid) return e;
    }
    return nullptr;
  }

  std::string create() {
    auto at = clock.now();
    for (int attempt = 0; attempt < 1000; ++attempt, at += std::chrono::milliseconds(1)) {
      if (create_key_file(folder / file_name_for(at))) {
        load();
        return newest()->info.kid;
      }
    }
    throw Unavailable("cannot find a free signing key file name in " + folder.string());
  }
};

SigningKeySet::SigningKeySet(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SigningKeySet::~SigningKeySet() = default;

std::unique_ptr<SigningKeySet> SigningKeySet::open(const fs::path& folder, const Clock& clock) {
  core::create_private_directories(folder);
  std::unique_ptr<SigningKeySet> set(new SigningKeySet(std::make_unique<Impl>(folder, clock)));
  set->impl_->load();
  bool empty = false;
  {
    std::shared_lock lock(set->impl_->mutex);
    empty = set->impl_->entries.empty();
  }
  if (empty) set->impl_->create();
  return set;
}

std::vector<SigningKeyInfo> SigningKeySet::keys() const {
  std::shared_lock lock(impl_->mutex);
  std::vector<SigningKeyInfo> out;
  for (const auto& e : impl_->entries) out.push_back(e->info);
  return out;
}

std::string SigningKeySet::current_kid() const { return impl_->newest()->info.kid; }

std::string SigningKeySet::rotate() { return impl_->create(); }

bool SigningKeySet::rotate_if_older_than(std::chrono::seconds max_age) {
  if (impl_->clock.now() - impl_->newest()->info.created_at <= max_age) return false;
  rotate();
  return true;
}

std::vector<std::string> SigningKeySet::prune(std::chrono::seconds keep) {
  const auto now = impl_->clock.now();
  std::vector<std::string> removed;
  {
    std::shared_lock lock(impl_->mutex);
    const auto& entries = impl_->entries;
    for (std::size_t i = 0; i + 1 < entries.size(); ++i) {
      const auto superseded_at = entries[i + 1]->info.created_at;
      if (now - superseded_at > keep) {
        std::error_code error;
        fs::remove(entries[i]->info.file, error);
        if (error) throw Unavailable("cannot remove " + entries[i]->info.file.string() + ": " + error.message());
        removed.push_back(entries[i]->info.kid);
      }
    }
  }
  if (!removed.empty()) impl_->load();
  return removed;
}

void SigningKeySet::reload() { impl_->load(); }

std::string SigningKeySet::jwks() const {
  Poco::JSON::Array::Ptr keys = new Poco::JSON::Array;
  {
    std::shared_lock lock(impl_->mutex);
    for (auto it = impl_->entries.rbegin(); it != impl_->entries.rend(); ++it) {
      Poco::JSON::Object::Ptr jwk = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
      jwk->set("kty", "EC");
      jwk->set("crv", "P-256");
      jwk->set("x", (*it)->x);
      jwk->set("y", (*it)->y);
      jwk->set("kid", (*it)->info.kid);
      jwk->set("use", "sig");
      jwk->set("alg", "ES256");
      keys->add(jwk);
    }
  }
  Poco::JSON::Object set(Poco::JSON_PRESERVE_KEY_ORDER);
  set.set("keys", keys);
  return http::to_json(set);
}

std::string SigningKeySet::sign(const std::string& claims_json, std::string_view typ) const {
  Poco::JSON::Object::Ptr claims;
  try {
    claims = parse_object(claims_json);
  } catch (const Poco::Exception&) {
    throw InvalidInput("token claims must be a JSON object");
  }
  impl_->refresh_if_stale();
  const auto entry = impl_->newest();
  try {
    Poco::JWT::Token token;
    token.setType(std::string(typ));
    token.header().set("kid", entry->info.kid);
    for (const auto& [name, value] : *claims) token.payload().set(name, value);
    Poco::JWT::Signer signer(entry->key);
    signer.setAlgorithms({Poco::JWT::Signer::ALGO_ES256});
    return signer.sign(token, Poco::JWT::Signer::ALGO_ES256);
  } catch (const Poco::Exception& e) {
    throw InternalError("cannot sign a token: " + e.displayText());
  }
}

std::string SigningKeySet::verify(std::string_view compact, std::string_view typ) const {
  if (compact.empty() || compact.size() > kMaxTokenBytes) {
    throw InvalidToken(TokenProblem::kMalformed, "the token is empty or too long");
  }
  const auto first_dot = compact.find('.');
  const auto second_dot = first_dot == std::string_view::npos ? first_dot : compact.find('.', first_dot + 1);
  if (second_dot == std::string_view::npos || compact.find('.', second_dot + 1) != std::string_view::npos) {
    throw InvalidToken(TokenProblem::kMalformed, "the token is not a JWS in compact form (three parts)");
  }
  const auto header_bytes = detail::base64url_decode(compact.substr(0, first_dot));
  if (!header_bytes) throw InvalidToken(TokenProblem::kMalformed, "the token header is not base64url");
  Poco::JSON::Object::Ptr header;
  try {
    header = parse_object(detail::as_string(*header_bytes));
  } catch (const std::exception&) {
    throw InvalidToken(TokenProblem::kMalformed, "the token header is not a JSON object");
  }
  const auto text_member = [&](const char* name) -> std::optional<std::string> {
    if (!header->has(name) || !header->get(name).isString()) return std::nullopt;
    return header->getValue<std::string>(name);
  };
  // Only ES256 is ever accepted: "none" and the HMAC algorithms (which would use a public key
  // as an HMAC secret: the alg-confusion attack) are refused before any key is looked at.
  const auto alg = text_member("alg");
  if (alg != "ES256") {
    throw InvalidToken(TokenProblem::kAlgorithmRefused,
                       "the token's algorithm '" + alg.value_or("").substr(0, 16) + "' is not allowed; only ES256 is");
  }
  if (header->has("crit")) throw InvalidToken(TokenProblem::kMalformed, "the token has critical header extensions");
  if (text_member("typ") != std::string(typ)) {
    throw InvalidToken(TokenProblem::kWrongType, "the token is not of type " + std::string(typ));
  }
  const auto kid = text_member("kid");
  if (!kid) throw InvalidToken(TokenProblem::kUnknownKey, "the token names no key (kid)");
  auto entry = impl_->find(*kid);
  if (!entry) {
    // Another process may have rotated: re-read the folder, but not on every bad token.
    std::unique_lock lock(impl_->reload_mutex);
    const auto now = std::chrono::steady_clock::now();
    if (now - impl_->last_reload > kReloadInterval) {
      impl_->last_reload = now;
      lock.unlock();
      try {
        impl_->load();
      } catch (const Error&) {
        // A folder that cannot be read now leaves the keys already loaded in place.
      }
      entry = impl_->find(*kid);
    }
  }
  if (!entry)
    throw InvalidToken(TokenProblem::kUnknownKey,
                       "the token was signed with an unknown key (kid " + kid->substr(0, 64) + ")");

  // An ES256 signature is R and S of 32 bytes each (RFC 7518 3.4). Anything else is refused
  // here: Poco's ECDSASignature leaks its ECDSA_SIG when it throws on a malformed one, which an
  // attacker could repeat once per request (found by the sanitizer pass).
  const auto signature = detail::base64url_decode(compact.substr(second_dot + 1));
  if (!signature || signature->size() != 64) {
    throw InvalidToken(TokenProblem::kBadSignature, "the token's signature is not an ES256 signature (64 bytes)");
  }
  try {
    Poco::JWT::Signer signer(entry->key);
    signer.setAlgorithms({Poco::JWT::Signer::ALGO_ES256});
    const Poco::JWT::Token token = signer.verify(std::string(compact));
    return http::to_json(token.payload());
  } catch (const Poco::JWT::SignatureVerificationException&) {
    throw InvalidToken(TokenProblem::kBadSignature, "the token's signature does not verify");
  } catch (const Poco::Exception&) {
    // Poco reports a mangled signature or payload in several ways; all mean the same here.
    throw InvalidToken(TokenProblem::kBadSignature, "the token's signature or payload is malformed");
  }
}

}  // namespace samverkan::auth
