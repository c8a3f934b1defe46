#pragma once
// A runnable copy of an example cooperation: `check-config` and `serve` refuse a cooperation
// file whose key, certificate, token or CSV-export paths do not exist, and the examples name
// such files without shipping them (secrets are never in the repository; the development PKI
// is made by scripts/run.sh). A test copies the example into its temporary folder and creates
// stand-ins for every file the cooperation file names.
#include <filesystem>
#include <string_view>

#include "support/temp_dir.hpp"

namespace samverkan::test {

/// Copies examples/<name> to `dir`/examples/<name> (so that the example's relative paths, such
/// as ../../data/..., stay inside `dir`) and creates every file and folder its cooperation file
/// names (config::Cooperation::files and each member's adapter settings files): folders empty,
/// files holding a line that is no key material. Returns the copied cooperation.xml.
std::filesystem::path runnable_example(const TempDir& dir, std::string_view name = "hoglandet");

/// Copies examples/<name> to `dir`/examples/<name> as runnable_example() does, without creating
/// anything (a test provisions it, or shows what is missing). Returns the copied cooperation.xml.
std::filesystem::path copy_example(const TempDir& dir, std::string_view name);

/// Creates stand-ins for every file and folder the cooperation file `file` names.
void create_referenced_files(const std::filesystem::path& file);

}  // namespace samverkan::test
