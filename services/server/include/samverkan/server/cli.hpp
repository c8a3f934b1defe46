#pragma once
/// The `samverkan` command line: serve, migrate, check-config, version (each with --help).
/// Exit codes: 0 success, 1 the command failed (reason printed), 2 bad usage.

#include <ostream>
#include <string>
#include <vector>

namespace samverkan::server {

/// Runs the command in `args` (without the program name). Output goes to `out`, errors and
/// usage to `err`.
int run_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace samverkan::server
