#pragma once
// Permission bits of files the tests check (keys, the database, the data folder).
#include <filesystem>

namespace samverkan::test {

/// The permission bits of a file or folder (mode & 0777); throws std::runtime_error when it is
/// not there.
unsigned mode_of(const std::filesystem::path& file);

}  // namespace samverkan::test
