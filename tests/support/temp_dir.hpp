#pragma once
// A fresh temporary directory for one test, removed with everything in it at the end.
#include <filesystem>
#include <string>

namespace samverkan::test {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const noexcept { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

  /// Writes `content` to a file in this directory and returns its path.
  std::filesystem::path write(const std::string& name, const std::string& content) const;
  /// As write(), with mode 0600: for key files, which the platform refuses when others can read them.
  std::filesystem::path write_secret(const std::string& name, const std::string& content) const;

 private:
  std::filesystem::path path_;
};

/// The repository's source directory and the shared reference folder beside it.
inline std::filesystem::path source_dir() { return SAMVERKAN_SOURCE_DIR; }
inline std::filesystem::path shared_dir() { return SAMVERKAN_SHARED_DIR; }

/// Reads a whole file; throws std::runtime_error when it cannot.
std::string read_file(const std::filesystem::path& file);

}  // namespace samverkan::test
