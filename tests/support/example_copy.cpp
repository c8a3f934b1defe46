#include "support/example_copy.hpp"

#include <fstream>
#include <string>

#include "samverkan/config/cooperation.hpp"

namespace samverkan::test {
namespace {

void create(const config::FileReference& reference) {
  namespace fs = std::filesystem;
  if (reference.directory) {
    fs::create_directories(reference.path);
    return;
  }
  fs::create_directories(reference.path.parent_path());
  if (!fs::exists(reference.path)) std::ofstream(reference.path) << "stand-in for " << reference.what << "\n";
}

}  // namespace

void create_referenced_files(const std::filesystem::path& file) {
  const auto cooperation = config::load_cooperation(file, source_dir() / "xsd");
  for (const auto& reference : cooperation.files) create(reference);
  for (const auto& member : cooperation.members) {
    for (const auto& reference : member.adapters.files) create(reference);
  }
}

std::filesystem::path copy_example(const TempDir& dir, std::string_view name) {
  namespace fs = std::filesystem;
  const fs::path target = dir / ("examples/" + std::string(name));
  fs::create_directories(target);
  fs::copy(source_dir() / "examples" / std::string(name), target,
           fs::copy_options::recursive | fs::copy_options::overwrite_existing);
  // Nothing a developer ran locally (spool/, secrets/ of a run) comes along.
  std::error_code ignored;
  fs::remove_all(target / "spool", ignored);
  fs::remove_all(target / "secrets", ignored);
  return target / "cooperation.xml";
}

std::filesystem::path runnable_example(const TempDir& dir, std::string_view name) {
  const auto file = copy_example(dir, name);
  create_referenced_files(file);
  return file;
}

}  // namespace samverkan::test
