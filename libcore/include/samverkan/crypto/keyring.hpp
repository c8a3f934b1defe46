#pragma once
/// Keys for field encryption and blind indexes. Keys never live in the repository or the
/// cooperation config: they come from a key file (one key per line, "ID:BASE64-32-BYTES",
/// the last line being the active encryption key) or from the environment
/// (SAMVERKAN_KEYS with the same lines separated by ';'). `samverkan serve` generates a
/// development key file in the data folder on first start.
///
/// Key file format, precisely:
///   - one entry per line (or per ';'-separated part in SAMVERKAN_KEYS);
///   - blank lines and lines starting with '#' are ignored; spaces around an entry are ignored;
///   - an entry is ID ':' BASE64, ID matching [A-Za-z0-9_-]{1,32}, BASE64 the standard padded
///     base64 of exactly 32 random bytes (44 characters);
///   - the LAST entry is the active encryption key; older keys stay to decrypt old values;
///   - the FIRST entry is the root of the blind-index key: never remove or reorder it, or
///     every blind index in the database stops matching (crypto/key_registry.hpp detects it).
/// Rotation: append a new line, restart, run `samverkan keys rotate`.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace samverkan::crypto {

/// A 256-bit key with an id ("k1", "2026-11"): [A-Za-z0-9_-]{1,32}.
struct Key {
  std::string id;
  std::vector<std::uint8_t> bytes;  ///< 32 bytes
};

class Keyring {
 public:
  /// Size of every key in bytes.
  static constexpr std::size_t kKeySize = 32;
  /// The environment variable that, when set and not empty, overrides the key file.
  static constexpr const char* kEnvironmentVariable = "SAMVERKAN_KEYS";

  /// Throws samverkan::InvalidInput for malformed lines, short keys, duplicate ids or no key.
  /// Messages name `source_name` and the line number and never contain key material.
  static Keyring from_lines(std::string_view text, std::string_view source_name);
  /// Throws samverkan::InvalidInput when the file cannot be read, is malformed, or is open to
  /// group or others (mode & 077: the message names the file, its mode and `chmod 600`).
  static Keyring from_file(const std::filesystem::path& file);
  /// SAMVERKAN_KEYS if set, else `file`; creates `file` (mode 0600, missing folders 0700) with
  /// one random key when neither exists and `create_if_missing`. Throws samverkan::InvalidInput when there are no
  /// keys and `create_if_missing` is false, samverkan::Unavailable when the file cannot be
  /// created.
  static Keyring load(const std::filesystem::path& file, bool create_if_missing);

  /// A keyring over `keys` (last = active); same checks as from_lines.
  static Keyring from_keys(std::vector<Key> keys, std::string_view source_name = "keys");
  /// A new random key (RAND_bytes). Throws samverkan::InvalidInput for a bad id.
  static Key generate_key(std::string id);
  /// The key file line for `key`: "ID:BASE64".
  static std::string format_line(const Key& key);

  Keyring() = default;
  Keyring(const Keyring&) = default;
  Keyring(Keyring&&) noexcept = default;
  Keyring& operator=(const Keyring&) = default;
  Keyring& operator=(Keyring&&) noexcept = default;
  /// Wipes the key bytes (OPENSSL_cleanse).
  ~Keyring();

  const Key& active() const;                   ///< the key new values are encrypted with
  const Key* find(std::string_view id) const;  ///< nullptr when unknown
  const std::vector<Key>& keys() const noexcept { return keys_; }
  /// Where the keys came from: "SAMVERKAN_KEYS", a file path, or the from_lines source name.
  const std::string& source() const noexcept { return source_; }

  /// Keyed blind index for equality lookups: hex(HMAC-SHA-256(index key, purpose || 0x00 || value)).
  /// The index key is derived from the FIRST key in the ring (HKDF, info "samverkan blind index"),
  /// so rotating the encryption key does not change indexes. `purpose` (e.g. "audit.principal")
  /// separates indexes of different columns; it must be non-empty and hold no NUL byte
  /// (samverkan::InvalidInput otherwise).
  std::string blind_index(std::string_view purpose, std::string_view value) const;

  /// A public commitment to a key, safe to store and log: hex(HMAC-SHA-256(key, "samverkan key
  /// fingerprint v1")). Equal fingerprints mean equal keys; the key cannot be recovered from it.
  static std::string fingerprint(const Key& key);
  /// The fingerprint of the derived blind-index key.
  std::string index_key_fingerprint() const;

 private:
  std::vector<Key> keys_;
  std::vector<std::uint8_t> index_key_;
  std::string source_;
};

}  // namespace samverkan::crypto
