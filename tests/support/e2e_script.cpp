#include "support/e2e_script.hpp"

#include <cstdlib>

#include "support/temp_dir.hpp"

namespace samverkan::test {
namespace {

// Single-quoted for the shell; the arguments are ours (URLs, ids, generated passwords).
std::string quoted(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

bool browser_tools_present() {
  return std::filesystem::exists("/usr/bin/chromium") &&
         std::filesystem::exists(source_dir() / "tools/node/node_modules/playwright-core") &&
         std::filesystem::exists(source_dir() / "tools/node/node_modules/axe-core");
}

ScriptRun run_e2e_script(const std::string& script, const std::vector<std::string>& arguments,
                         const std::filesystem::path& log_file) {
  // Appended piece by piece: `"literal" + std::string&&` makes GCC 12 at -O3 warn (-Wrestrict, a
  // false positive, GCC bug 105329) and the Release build is warning-free.
  std::string command = "node ";
  command += quoted((source_dir() / "tests/e2e" / script).string());
  for (const auto& argument : arguments) command += " " + quoted(argument);
  command += " > " + quoted(log_file.string()) + " 2>&1";
  ScriptRun run;
  run.status = std::system(command.c_str());
  run.output = read_file(log_file);
  return run;
}

}  // namespace samverkan::test
