#pragma once
// Test-only JWT tools written independently of the code under test: base64url, forging
// tokens (alg "none", HS256), and checking an ES256 signature with OpenSSL from a JWK's x and
// y alone, which proves both the JWS signature format (raw R || S) and the published JWKS.
#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <sstream>
#include <string>
#include <vector>

namespace samverkan::test {

inline std::string b64url(std::string_view data) {
  std::ostringstream out;
  Poco::Base64Encoder encoder(out, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
  encoder.rdbuf()->setLineLength(0);
  encoder.write(data.data(), static_cast<std::streamsize>(data.size()));
  encoder.close();
  return out.str();
}

inline std::string b64url_decode(std::string_view text) {
  std::string padded(text);
  while (padded.size() % 4 != 0) padded += '=';
  std::istringstream in(padded);
  Poco::Base64Decoder decoder(in, Poco::BASE64_URL_ENCODING);
  std::ostringstream out;
  out << decoder.rdbuf();
  return out.str();
}

struct JwtParts {
  std::string header;   // base64url
  std::string payload;  // base64url
  std::string signature;
};

inline JwtParts split_jwt(const std::string& token) {
  const auto a = token.find('.');
  const auto b = token.find('.', a + 1);
  return {token.substr(0, a), token.substr(a + 1, b - a - 1), token.substr(b + 1)};
}

inline Poco::JSON::Object::Ptr json_object(const std::string& text) {
  Poco::JSON::Parser parser;
  return parser.parse(text).extract<Poco::JSON::Object::Ptr>();
}

inline std::string to_json(const Poco::JSON::Object::Ptr& object) {
  std::ostringstream out;
  object->stringify(out);
  return out.str();
}

inline std::string hmac_sha256(const std::string& key, const std::string& message) {
  unsigned char out[EVP_MAX_MD_SIZE];
  std::size_t length = 0;
  EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, key.data(), key.size(),
            reinterpret_cast<const unsigned char*>(message.data()), message.size(), out, sizeof out, &length);
  return {reinterpret_cast<const char*>(out), length};
}

/// Verifies an ES256 compact JWS with OpenSSL, given only the JWK coordinates.
inline bool openssl_verify_es256(const std::string& token, const std::string& x, const std::string& y) {
  const auto parts = split_jwt(token);
  const std::string raw = b64url_decode(parts.signature);
  std::string point(1, '\x04');  // uncompressed point; appended (GCC 12 -O3 -Wrestrict false positive)
  point += b64url_decode(x);
  point += b64url_decode(y);
  if (raw.size() != 64 || point.size() != 65) return false;

  OSSL_PARAM_BLD* build = OSSL_PARAM_BLD_new();
  OSSL_PARAM_BLD_push_utf8_string(build, OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0);
  OSSL_PARAM_BLD_push_octet_string(build, OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size());
  OSSL_PARAM* params = OSSL_PARAM_BLD_to_param(build);
  EVP_PKEY_CTX* context = EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr);
  EVP_PKEY* key = nullptr;
  const bool have_key =
      EVP_PKEY_fromdata_init(context) == 1 && EVP_PKEY_fromdata(context, &key, EVP_PKEY_PUBLIC_KEY, params) == 1;
  EVP_PKEY_CTX_free(context);
  OSSL_PARAM_free(params);
  OSSL_PARAM_BLD_free(build);
  if (!have_key) return false;

  ECDSA_SIG* signature = ECDSA_SIG_new();
  const auto* bytes = reinterpret_cast<const unsigned char*>(raw.data());
  ECDSA_SIG_set0(signature, BN_bin2bn(bytes, 32, nullptr), BN_bin2bn(bytes + 32, 32, nullptr));
  unsigned char* der = nullptr;
  const int der_length = i2d_ECDSA_SIG(signature, &der);
  ECDSA_SIG_free(signature);

  const std::string input = parts.header + "." + parts.payload;
  EVP_MD_CTX* md = EVP_MD_CTX_new();
  const bool ok = EVP_DigestVerifyInit(md, nullptr, EVP_sha256(), nullptr, key) == 1 &&
                  EVP_DigestVerify(md, der, static_cast<std::size_t>(der_length),
                                   reinterpret_cast<const unsigned char*>(input.data()), input.size()) == 1;
  EVP_MD_CTX_free(md);
  OPENSSL_free(der);
  EVP_PKEY_free(key);
  return ok;
}

}  // namespace samverkan::test
