// The `samverkan` executable. All wiring lives in Platform (services/server/src/platform.cpp),
// read top to bottom; main only hands the command line over.
#include <iostream>
#include <string>
#include <vector>

#include "samverkan/server/cli.hpp"

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  return samverkan::server::run_cli(args, std::cout, std::cerr);
}
