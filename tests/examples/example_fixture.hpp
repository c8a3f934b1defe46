#pragma once
// A copy of one of examples/<name> (support/example_copy.hpp: without the secrets/ and spool/ a
// run may have left in the source tree) in a temporary folder, provisioned for real by
// samverkan-dev-provision when a test asks, so that provisioning and serving it write nothing
// into the source tree. Relative paths in the cooperation file resolve inside the copy, so the
// copy is the example.
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "provision/dev_provision.hpp"
#include "samverkan/server/cli.hpp"
#include "support/example_copy.hpp"
#include "support/temp_dir.hpp"

namespace samverkan::test {

/// The five cooperations of the domain brief, each a folder of examples/.
inline const std::vector<std::string> kExamples = {"hoglandet", "halsingland", "goliska", "sydnarke", "gislaved"};

class ExampleCopy {
 public:
  explicit ExampleCopy(const std::string& name) : folder_(copy_example(dir_, name).parent_path()) {}

  const std::filesystem::path& folder() const noexcept { return folder_; }
  std::filesystem::path cooperation() const { return folder_ / "cooperation.xml"; }
  /// A data folder for `samverkan serve --data` beside the copy.
  std::filesystem::path data() const { return dir_ / "data"; }

  /// Runs samverkan-dev-provision's provisioning on the copy (its PKI in secrets/dev-pki) and
  /// on data() (its field-encryption key file), as scripts/run.sh does.
  dev_provision::Result provision() const {
    dev_provision::Options options;
    options.cooperation_file = cooperation();
    options.data_dir = data();
    return dev_provision::provision(options);
  }

 private:
  TempDir dir_;
  std::filesystem::path folder_;
};

struct CliRun {
  int code;
  std::string out;
  std::string err;
};

/// Runs a `samverkan` command in process.
inline CliRun cli(const std::vector<std::string>& args) {
  std::ostringstream out, err;
  const int code = server::run_cli(args, out, err);
  return {code, out.str(), err.str()};
}

}  // namespace samverkan::test
