#pragma once
/// Field encryption for personal data columns: AES-256-GCM with the keyring's active key.
///
/// A value is stored as a self-describing text token
///   "v1.<keyid>.<base64url(nonce 12 bytes || ciphertext || tag 16 bytes)>"   (no padding)
/// so a column can hold values under several keys during a rotation. Each value gets a fresh
/// random 96-bit nonce. The GCM additional authenticated data is the token header "v1.<keyid>."
/// followed by the caller's `associated_data`, which binds the value to its place, e.g.
/// "errand.answers|0199|42": a ciphertext copied to another row, column or municipality no
/// longer decrypts. Use the same associated data to decrypt as to encrypt.
///
///   const auto token = crypto::encrypt(keyring, answers, "errand.answers|0199|42");
///   const auto answers = crypto::decrypt(keyring, token, "errand.answers|0199|42");
///
/// Random nonces are safe for about 2^32 values per key (NIST SP 800-38D); rotate long before.

#include <cstddef>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>

#include "samverkan/crypto/keyring.hpp"

namespace samverkan::crypto {

/// The largest plaintext encrypt() accepts (64 MiB); columns hold far less.
inline constexpr std::size_t kMaxFieldPlaintext = std::size_t{64} * 1024 * 1024;

/// Encrypts with keyring.active(). Throws samverkan::TooLarge above kMaxFieldPlaintext,
/// samverkan::InternalError when OpenSSL fails.
std::string encrypt(const Keyring& keyring, std::string_view plaintext, std::string_view associated_data);

/// As encrypt(), with a given key (for tests and tools; services use the active key).
std::string encrypt_with(const Key& key, std::string_view plaintext, std::string_view associated_data);

/// Decrypts a token made by encrypt() with the same associated data. Throws
///   samverkan::InvalidInput   the token is malformed (prefix, key id, base64url, length);
///   samverkan::InternalError  the token names a key id that is not in the keyring ("... is not in
///                             the keyring"), or it fails authentication (wrong key, wrong
///                             associated data, or tampered: "... failed authentication").
/// Messages never contain the plaintext or key material.
std::string decrypt(const Keyring& keyring, std::string_view token, std::string_view associated_data);

/// The associated data of a value stored in `table`.`column`, bound to its row by `parts` (the
/// municipality and the row's key, as the table registers them in crypto::EncryptedColumns):
/// "<table>.<column>|<part>|<part>...", e.g. associated_data("eservice_errand", "answers",
/// {"0199", "ET-2026-000001"}) is "eservice_errand.answers|0199|ET-2026-000001".
std::string associated_data(std::string_view table, std::string_view column, std::span<const std::string_view> parts);
inline std::string associated_data(std::string_view table, std::string_view column,
                                   std::initializer_list<std::string_view> parts) {
  return associated_data(table, column, std::span<const std::string_view>(parts.begin(), parts.size()));
}

/// The key id a token names ("k1" of "v1.k1...."). Checks the header only; throws
/// samverkan::InvalidInput when it is malformed.
std::string key_id_of(std::string_view token);

}  // namespace samverkan::crypto
