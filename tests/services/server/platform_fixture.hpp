#pragma once
// Starts the whole platform in process on a free port with the example cooperation.
#include <sstream>

#include "samverkan/server/platform.hpp"
#include "support/example_copy.hpp"
#include "support/https_client.hpp"
#include "support/temp_dir.hpp"

namespace samverkan::test {

struct PlatformFixture {
  TempDir dir;
  std::ostringstream log_stream;
  log::Logger logger{log_stream};
  std::unique_ptr<server::Platform> platform;

  explicit PlatformFixture(const std::string& database_url = {}) {
    server::PlatformOptions options;
    options.config_file = runnable_example(dir);
    options.data_dir = dir / "data";
    options.database_url = database_url;
    options.listen = "127.0.0.1:0";
    platform = server::Platform::start(options, logger);
  }

  HttpsClient client() const { return HttpsClient(platform->certificate_file(), platform->port()); }
};

}  // namespace samverkan::test
