#pragma once
/// The platform's token signing keys: ECDSA P-256 (JWS "ES256", RFC 7518 section 3.4), one
/// PEM file per key in a key folder (DATA/jwt/ by default), created on first start.
///
/// Rotation: rotate() adds a key and new tokens are signed with the newest key at once; older
/// keys keep verifying the tokens they signed until prune() removes them, which it does only
/// for keys superseded longer ago than the caller's `keep` (at least the token lifetime plus
/// leeway), so no live token loses its key. GET /.well-known/jwks.json publishes every key
/// held (RFC 7517), so verifiers elsewhere follow rotations by refetching.
///
/// Files: "es256-YYYYMMDDTHHMMSSmmmZ.pem" (PKCS#8, unencrypted, mode 0600, in a folder of mode
/// 0700); the name carries the creation time, which orders the keys. A key file readable by
/// group or others is refused (as ssh does). Key ids are RFC 7638 JWK thumbprints.
///
/// Several server processes may share the folder: a key is created atomically (never
/// overwritten); each process re-reads the folder when it signs and a minute has passed since
/// the last read (so all sign with the newest key within a minute of a rotation), and a token
/// with a kid it has not loaded makes it re-read the folder (at most once every 10 seconds)
/// before it refuses the token. prune()'s `keep` must therefore exceed the token lifetime plus
/// leeway plus that minute.

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "samverkan/auth/invalid_token.hpp"
#include "samverkan/core/clock.hpp"

namespace samverkan::auth {

struct SigningKeyInfo {
  std::string kid;              ///< RFC 7638 thumbprint, base64url
  Clock::TimePoint created_at;  ///< from the file name
  std::filesystem::path file;
};

class SigningKeySet {
 public:
  /// Loads every es256-*.pem key in `folder`, creating the folder and a first key when there is
  /// none (folders 0700). Throws samverkan::InvalidInput for a key file that is not a P-256
  /// private key or is open to group or others (core::require_private_file),
  /// samverkan::Unavailable when the folder cannot be read or written.
  static std::unique_ptr<SigningKeySet> open(const std::filesystem::path& folder, const Clock& clock);

  ~SigningKeySet();
  SigningKeySet(const SigningKeySet&) = delete;
  SigningKeySet& operator=(const SigningKeySet&) = delete;

  /// The keys held, oldest first; the last one signs.
  std::vector<SigningKeyInfo> keys() const;
  /// The kid new tokens are signed with.
  std::string current_kid() const;

  /// Creates a new key and makes it the signing key; returns its kid.
  std::string rotate();
  /// Rotates when the signing key is older than `max_age`; returns whether it did.
  bool rotate_if_older_than(std::chrono::seconds max_age);
  /// Deletes the files of keys superseded (by a newer key's creation) more than `keep` ago;
  /// never the signing key. Returns the kids removed.
  std::vector<std::string> prune(std::chrono::seconds keep);
  /// Re-reads the folder (keys created or removed by another process).
  void reload();

  /// The public keys as a JWK Set: {"keys":[{"kty":"EC","crv":"P-256","x":..,"y":..,
  /// "kid":..,"use":"sig","alg":"ES256"},...]}, newest first.
  std::string jwks() const;

  /// Signs `claims_json` (a JSON object) as a compact JWS with the header
  /// {"alg":"ES256","typ":typ,"kid":current}. Throws samverkan::InvalidInput when the claims
  /// are not a JSON object, samverkan::InternalError when signing fails.
  std::string sign(const std::string& claims_json, std::string_view typ) const;

  /// Verifies a compact JWS made by sign(): exactly three base64url parts, header alg exactly
  /// "ES256" (so "none" and HMAC algorithms are refused before any key is used), no "crit",
  /// typ equal to `typ`, a known kid, and the signature. Returns the claims JSON. Throws
  /// InvalidToken (kMalformed, kAlgorithmRefused, kWrongType, kUnknownKey, kBadSignature).
  /// Claims (exp, aud, ...) are the caller's to check.
  std::string verify(std::string_view compact, std::string_view typ) const;

 private:
  struct Impl;
  explicit SigningKeySet(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace samverkan::auth
