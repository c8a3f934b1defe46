#include "support/e2e_script.hpp"

#include <soci/soci.h>

#include <cstdlib>

#include "support/temp_dir.hpp"

namespace samverkan::test {
namespace {

// Appends `text` single-quoted for the shell; the arguments are ours (URLs, ids, generated
// passwords). (Appending, not `"literal" + std::string&&`, which makes GCC 12 at -O3 warn with a
// false -Wrestrict, GCC bug 105329; the Release build is warning-free.)
void append_quoted(std::string& out, const std::string& text) {
  out += '\'';
  for (char c : text) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  out += '\'';
}

}  // namespace

bool browser_tools_present() {
  return std::filesystem::exists("/usr/bin/chromium") &&
         std::filesystem::exists(source_dir() / "tools/node/node_modules/playwright-core") &&
         std::filesystem::exists(source_dir() / "tools/node/node_modules/axe-core");
}

ScriptRun run_e2e_script(const std::string& script, const std::vector<std::string>& arguments,
                         const std::filesystem::path& log_file) {
  std::string command = "node ";
  append_quoted(command, (source_dir() / "tests/e2e" / script).string());
  for (const auto& argument : arguments) {
    command += ' ';
    append_quoted(command, argument);
  }
  command += " > ";
  append_quoted(command, log_file.string());
  command += " 2>&1";
  ScriptRun run;
  run.status = std::system(command.c_str());
  run.output = read_file(log_file);
  return run;
}

int audit_successes(storage::Database& db, const std::string& municipality, const std::string& action) {
  auto session = db.acquire();
  int n = 0;
  *session << "SELECT COUNT(*) FROM audit_entry WHERE municipality = :m AND action = :a AND outcome = 'success'",
      soci::use(municipality), soci::use(action), soci::into(n);
  return n;
}

}  // namespace samverkan::test
