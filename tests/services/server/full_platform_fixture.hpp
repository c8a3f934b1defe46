#pragma once
// The whole platform with every optional part configured (BankID through the simulator: the
// citizens' login and signing minutes with BankID), so that it mounts and documents every
// operation it has. PlatformFixture is the platform without them.
#include <memory>
#include <sstream>

#include "libcore/bankid/bankid_fixture.hpp"
#include "services/server/platform_fixture.hpp"

namespace samverkan::test {

struct FullPlatformFixture : BankIdFixture {
  std::ostringstream log_stream;
  log::Logger logger{log_stream};
  std::unique_ptr<server::Platform> platform;

  FullPlatformFixture() {
    server::PlatformOptions options;
    options.config_file = runnable_example(dir);
    options.data_dir = dir / "data";
    options.listen = "127.0.0.1:0";
    options.bankid = client_options();
    platform = server::Platform::start(options, logger);
  }

  HttpsClient https() const { return HttpsClient(platform->certificate_file(), platform->port()); }
};

}  // namespace samverkan::test
