// The data folder and the secret files: created for their owner only; a secret file the operator
// left open to group or others stops start-up with the file, its mode and what to do.
#include <boost/test/unit_test.hpp>

#include "libcore/crypto/crypto_test_keys.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/crypto/keyring.hpp"
#include "samverkan/tls/dev_certificate.hpp"
#include "services/server/platform_fixture.hpp"
#include "support/example_copy.hpp"
#include "support/file_mode.hpp"

using namespace samverkan;
namespace fs = std::filesystem;

namespace {

server::PlatformOptions options_in(const test::TempDir& dir) {
  server::PlatformOptions options;
  options.config_file = test::runnable_example(dir);
  options.data_dir = dir / "data";
  options.listen = "127.0.0.1:0";
  return options;
}

// Starts the platform with `options` and returns the InvalidInput message it stops with.
std::string refusal_of(server::PlatformOptions options) {
  std::ostringstream log_stream;
  log::Logger logger{log_stream};
  try {
    server::Platform::start(std::move(options), logger);
  } catch (const InvalidInput& e) {
    return e.what();
  }
  return "started";
}

void open_to_group(const fs::path& file) {
  fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
}

std::string expected_refusal(const std::string& what, const fs::path& file) {
  return what + " " + file.string() + " is open to group or others (mode 0640); make it readable by its owner " +
         "only: chmod 600 " + file.string();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(data_files_test)

BOOST_FIXTURE_TEST_CASE(the_data_folder_and_its_files_are_the_owners_only, test::PlatformFixture) {
  // A request makes the server write (the database's write-ahead log exists while it runs).
  BOOST_TEST(client().get("/health").status == 200);
  const auto data = dir / "data";
  BOOST_TEST(test::mode_of(data) == 0700u);
  for (const char* file : {"samverkan.db", "samverkan.db-wal", "samverkan.db-shm", "keys", "tls/dev-key.pem"}) {
    BOOST_TEST_CONTEXT(file) { BOOST_TEST(test::mode_of(data / file) == 0600u); }
  }
  BOOST_TEST(test::mode_of(data / "tls") == 0700u);
  BOOST_TEST(test::mode_of(data / "jwt") == 0700u);
  std::size_t jwt_keys = 0;
  for (const auto& entry : fs::directory_iterator(data / "jwt")) {
    BOOST_TEST_CONTEXT(entry.path()) { BOOST_TEST(test::mode_of(entry.path()) == 0600u); }
    ++jwt_keys;
  }
  BOOST_TEST(jwt_keys >= 1u);
}

BOOST_AUTO_TEST_CASE(secret_files_open_to_group_or_others_stop_start_up) {
  test::EnvironmentGuard no_env_keys{crypto::Keyring::kEnvironmentVariable, std::nullopt};
  test::TempDir dir;
  // The field-encryption key file given with --key-file.
  {
    auto options = options_in(dir);
    options.key_file =
        dir.write_secret("field.keys", crypto::Keyring::format_line(crypto::Keyring::generate_key("k1")));
    open_to_group(options.key_file);
    BOOST_TEST(refusal_of(options) == expected_refusal("the field-encryption key file", options.key_file));
  }
  // The TLS private key given with --tls-key.
  {
    auto options = options_in(dir);
    const auto files = tls::ensure_dev_certificate(dir / "operator-tls");
    options.tls_certificate = files.certificate;
    options.tls_private_key = files.private_key;
    open_to_group(files.private_key);
    BOOST_TEST(refusal_of(options) == expected_refusal("the TLS private key", files.private_key));
  }
  // A token signing key in the data folder (the server made it 0600; someone widened it).
  {
    const auto options = options_in(dir);
    {
      std::ostringstream log_stream;
      log::Logger logger{log_stream};
      server::Platform::start(options, logger);  // creates data/jwt and its first key
    }
    const auto key = fs::directory_iterator(dir / "data/jwt")->path();
    open_to_group(key);
    BOOST_TEST(refusal_of(options) == expected_refusal("the token signing key", key));
    fs::permissions(key, fs::perms::owner_read | fs::perms::owner_write);
    BOOST_TEST(refusal_of(options) == "started", "the same files, made private again, start");
  }
}

BOOST_AUTO_TEST_SUITE_END()
