#include "samverkan/crypto/field_cipher.hpp"

#include <openssl/err.h>
#include <openssl/evp.h>

#include <climits>
#include <memory>

#include "crypto/detail/openssl_util.hpp"
#include "samverkan/core/error.hpp"

namespace samverkan::crypto {
namespace {

constexpr std::string_view kVersionPrefix = "v1.";
constexpr std::size_t kNonceSize = 12;
constexpr std::size_t kTagSize = 16;

struct CipherCtxFree {
  void operator()(EVP_CIPHER_CTX* ctx) const noexcept { EVP_CIPHER_CTX_free(ctx); }
};
using CipherCtxPtr = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree>;

struct ParsedToken {
  std::string_view key_id;
  std::string_view header;   // "v1.<keyid>."
  std::string_view payload;  // base64url
};

ParsedToken parse(std::string_view token) {
  if (!token.starts_with(kVersionPrefix)) {
    throw InvalidInput("malformed encrypted value: it does not start with \"v1.\"");
  }
  const auto dot = token.find('.', kVersionPrefix.size());
  if (dot == std::string_view::npos) throw InvalidInput("malformed encrypted value: no key id");
  ParsedToken parsed;
  parsed.key_id = token.substr(kVersionPrefix.size(), dot - kVersionPrefix.size());
  if (!detail::valid_key_id(parsed.key_id)) throw InvalidInput("malformed encrypted value: bad key id");
  parsed.header = token.substr(0, dot + 1);
  parsed.payload = token.substr(dot + 1);
  return parsed;
}

std::string additional_data(std::string_view header, std::string_view associated_data) {
  std::string aad;
  aad.reserve(header.size() + associated_data.size());
  aad.append(header);
  aad.append(associated_data);
  return aad;
}

int as_int(std::size_t size) {
  if (size > static_cast<std::size_t>(INT_MAX)) throw TooLarge("value too large to encrypt");
  return static_cast<int>(size);
}

}  // namespace

std::string key_id_of(std::string_view token) { return std::string(parse(token).key_id); }

std::string associated_data(std::string_view table, std::string_view column, std::span<const std::string_view> parts) {
  std::string out;
  out.reserve(table.size() + column.size() + 64);
  out.append(table).append(".").append(column);
  for (const auto part : parts) out.append("|").append(part);
  return out;
}

std::string encrypt(const Keyring& keyring, std::string_view plaintext, std::string_view associated_data) {
  return encrypt_with(keyring.active(), plaintext, associated_data);
}

std::string encrypt_with(const Key& key, std::string_view plaintext, std::string_view associated_data) {
  if (plaintext.size() > kMaxFieldPlaintext) {
    throw TooLarge("value of " + std::to_string(plaintext.size()) + " bytes is too large to encrypt (limit " +
                   std::to_string(kMaxFieldPlaintext) + ")");
  }
  if (key.bytes.size() != Keyring::kKeySize) throw InternalError("encryption key '" + key.id + "' is not 32 bytes");
  if (!detail::valid_key_id(key.id)) throw InternalError("encryption key id is malformed");
  const std::string header = std::string(kVersionPrefix) + key.id + ".";
  const std::string aad = additional_data(header, associated_data);

  detail::Bytes sealed = detail::random_bytes(kNonceSize);  // nonce || ciphertext || tag
  sealed.resize(kNonceSize + plaintext.size() + kTagSize);

  CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
  if (!ctx) detail::openssl_failure("create a cipher context");
  if (EVP_EncryptInit_ex2(ctx.get(), EVP_aes_256_gcm(), key.bytes.data(), sealed.data(), nullptr) != 1) {
    detail::openssl_failure("start AES-256-GCM encryption");
  }
  int length = 0;
  if (EVP_EncryptUpdate(ctx.get(), nullptr, &length, reinterpret_cast<const unsigned char*>(aad.data()),
                        as_int(aad.size())) != 1) {
    detail::openssl_failure("authenticate associated data");
  }
  unsigned char* out = sealed.data() + kNonceSize;
  if (EVP_EncryptUpdate(ctx.get(), out, &length, reinterpret_cast<const unsigned char*>(plaintext.data()),
                        as_int(plaintext.size())) != 1) {
    detail::openssl_failure("encrypt with AES-256-GCM");
  }
  int final_length = 0;
  if (EVP_EncryptFinal_ex(ctx.get(), out + length, &final_length) != 1) {
    detail::openssl_failure("finish AES-256-GCM encryption");
  }
  if (static_cast<std::size_t>(length) + static_cast<std::size_t>(final_length) != plaintext.size()) {
    throw InternalError("AES-256-GCM produced an unexpected length");
  }
  if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, static_cast<int>(kTagSize),
                          sealed.data() + kNonceSize + plaintext.size()) != 1) {
    detail::openssl_failure("read the GCM tag");
  }
  return header + detail::base64url_encode(sealed);
}

std::string decrypt(const Keyring& keyring, std::string_view token, std::string_view associated_data) {
  const ParsedToken parsed = parse(token);
  auto sealed = detail::base64url_decode(parsed.payload);
  if (!sealed) throw InvalidInput("malformed encrypted value: the payload is not canonical base64url");
  if (sealed->size() < kNonceSize + kTagSize) throw InvalidInput("malformed encrypted value: too short");
  const Key* key = keyring.find(parsed.key_id);
  if (key == nullptr) {
    throw InternalError("encrypted value uses key '" + std::string(parsed.key_id) + "' which is not in the keyring (" +
                        keyring.source() + "); restore that key to decrypt it");
  }
  const std::string aad = additional_data(parsed.header, associated_data);
  const std::size_t ciphertext_size = sealed->size() - kNonceSize - kTagSize;
  const unsigned char* ciphertext = sealed->data() + kNonceSize;
  unsigned char* tag = sealed->data() + kNonceSize + ciphertext_size;

  CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
  if (!ctx) detail::openssl_failure("create a cipher context");
  if (EVP_DecryptInit_ex2(ctx.get(), EVP_aes_256_gcm(), key->bytes.data(), sealed->data(), nullptr) != 1) {
    detail::openssl_failure("start AES-256-GCM decryption");
  }
  int length = 0;
  if (EVP_DecryptUpdate(ctx.get(), nullptr, &length, reinterpret_cast<const unsigned char*>(aad.data()),
                        as_int(aad.size())) != 1) {
    detail::openssl_failure("authenticate associated data");
  }
  std::string plaintext(ciphertext_size, '\0');
  if (EVP_DecryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(plaintext.data()), &length, ciphertext,
                        as_int(ciphertext_size)) != 1) {
    detail::openssl_failure("decrypt with AES-256-GCM");
  }
  if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, static_cast<int>(kTagSize), tag) != 1) {
    detail::openssl_failure("set the GCM tag");
  }
  int final_length = 0;
  const int verified =
      EVP_DecryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(plaintext.data()) + length, &final_length);
  if (verified != 1) {
    // Never hand out unauthenticated plaintext.
    OPENSSL_cleanse(plaintext.data(), plaintext.size());
    ERR_clear_error();
    throw InternalError("encrypted value with key '" + std::string(parsed.key_id) +
                        "' failed authentication (wrong key or associated data, or tampered)");
  }
  return plaintext;
}

}  // namespace samverkan::crypto
