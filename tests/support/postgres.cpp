#include "support/postgres.hpp"

#include <openssl/rand.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

#include <cstdlib>
#include <stdexcept>

#include "samverkan/storage/database_url.hpp"

namespace samverkan::test {
namespace {

std::string with_dbname(const std::string& url, const std::string& dbname) {
  return url.substr(0, url.rfind('/') + 1) + dbname;
}

}  // namespace

std::string test_server_url() {
  const char* url = std::getenv("SAMVERKAN_TEST_PG");
  if (url == nullptr || *url == '\0') {
    throw std::runtime_error("SAMVERKAN_TEST_PG is not set: run the db tests through scripts/test.sh");
  }
  return url;
}

void PgDatabase::admin(const std::string& sql) {
  const auto url = storage::DatabaseUrl::parse(with_dbname(test_server_url(), "postgres"));
  soci::session session(*soci::factory_postgresql(), url.connect_string());
  session << sql;
}

PgDatabase::PgDatabase() {
  unsigned char bytes[6];
  RAND_bytes(bytes, sizeof bytes);
  name_ = "t_";
  for (unsigned char b : bytes) {
    static constexpr char kHex[] = "0123456789abcdef";
    name_ += kHex[b >> 4];
    name_ += kHex[b & 0x0f];
  }
  admin("CREATE DATABASE " + name_);  // name_ is ours: t_ + hex, no quoting needed
  url_ = with_dbname(test_server_url(), name_);
}

void PgDatabase::drop() {
  if (dropped_) return;
  admin("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
  dropped_ = true;
}

PgDatabase::~PgDatabase() {
  try {
    drop();
  } catch (...) {
    // A destructor must not throw; a leftover database dies with the throwaway server.
  }
}

}  // namespace samverkan::test
