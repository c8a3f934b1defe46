#include "samverkan/core/private_files.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "samverkan/core/error.hpp"

namespace samverkan::core {
namespace {

std::string octal_mode(mode_t mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
  return text;
}

}  // namespace

void create_private_directories(const std::filesystem::path& folder) {
  if (folder.empty()) return;
  // Each missing level is created 0700 by mkdir itself (no window in which it is wider).
  std::vector<std::filesystem::path> missing;
  for (auto at = folder; !at.empty(); at = at.parent_path()) {
    struct stat status {};
    if (::stat(at.c_str(), &status) == 0) break;
    missing.push_back(at);
    if (at == at.parent_path()) break;
  }
  for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
    if (::mkdir(it->c_str(), 0700) != 0 && errno != EEXIST) {
      throw Unavailable("cannot create the folder " + it->string() + ": " + std::strerror(errno));
    }
  }
}

void require_private_file(const std::filesystem::path& file, std::string_view what) {
  struct stat status {};
  if (::stat(file.c_str(), &status) != 0) {
    throw InvalidInput("cannot read " + std::string(what) + " " + file.string() + ": " + std::strerror(errno));
  }
  if ((status.st_mode & 077) != 0) {
    throw InvalidInput(std::string(what) + " " + file.string() + " is open to group or others (mode " +
                       octal_mode(status.st_mode) + "); make it readable by its owner only: chmod 600 " +
                       file.string());
  }
}

void restrict_to_owner(const std::filesystem::path& file) {
  struct stat status {};
  if (::stat(file.c_str(), &status) != 0) return;  // not there (yet): nothing to restrict
  if ((status.st_mode & 077) == 0) return;
  if (::chmod(file.c_str(), status.st_mode & 0700) != 0) {
    throw Unavailable("cannot make " + file.string() + " private (chmod go-rwx): " + std::strerror(errno));
  }
}

}  // namespace samverkan::core
