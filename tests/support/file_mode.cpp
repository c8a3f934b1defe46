#include "support/file_mode.hpp"

#include <sys/stat.h>

#include <stdexcept>
#include <string>

namespace samverkan::test {

unsigned mode_of(const std::filesystem::path& file) {
  struct stat info {};
  if (::stat(file.c_str(), &info) != 0) throw std::runtime_error("no " + file.string());
  return info.st_mode & 0777;
}

}  // namespace samverkan::test
