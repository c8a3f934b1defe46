#pragma once
// Runs a browser script of tests/e2e (Node.js with playwright-core and axe-core from
// tools/node, Debian's /usr/bin/chromium).
#include <filesystem>
#include <string>
#include <vector>

#include "samverkan/storage/database.hpp"

namespace samverkan::test {

/// True when Chromium and tools/node's playwright-core and axe-core are installed
/// (scripts/install-deps.sh --test).
bool browser_tools_present();

struct ScriptRun {
  int status = 0;      ///< the shell's exit status; 0 is success
  std::string output;  ///< stdout and stderr
};

/// Runs `node tests/e2e/<script> <arguments...>`, its output into `log_file`.
ScriptRun run_e2e_script(const std::string& script, const std::vector<std::string>& arguments,
                         const std::filesystem::path& log_file);

/// How many successful audit entries of `action` the chain of `municipality` holds: what a
/// script's clicks did, as the trail records it.
int audit_successes(storage::Database& db, const std::string& municipality, const std::string& action);

}  // namespace samverkan::test
