#pragma once
/// Files that hold secrets or personal data: key files, TLS private keys, the SQLite database.
/// They live in folders only their owner can enter (0700) and are readable by their owner only
/// (0600); a secret file that group or others can read is refused, with what to do about it.
///
///   core::create_private_directories(data_dir);                  // 0700 for what it creates
///   core::require_private_file(key_file, "the field-encryption key file");

#include <filesystem>
#include <string_view>

namespace samverkan::core {

/// Creates `folder` and its missing parents with mode 0700 (an existing folder is left as it
/// is). Throws samverkan::Unavailable with the reason when a folder cannot be created.
void create_private_directories(const std::filesystem::path& folder);

/// Throws samverkan::InvalidInput when group or others have any access to `file` (mode & 077),
/// naming `what`, the file, its mode and the fix: "the TLS private key /etc/k.pem is open to
/// group or others (mode 0644); make it readable by its owner only: chmod 600 /etc/k.pem".
/// Throws samverkan::InvalidInput too when the file cannot be examined (missing, no access).
/// Symbolic links are followed: the mode of the file read is what counts.
void require_private_file(const std::filesystem::path& file, std::string_view what);

/// Removes group and other permissions from `file` if it exists (chmod go-rwx). Throws
/// samverkan::Unavailable when that fails.
void restrict_to_owner(const std::filesystem::path& file);

}  // namespace samverkan::core
