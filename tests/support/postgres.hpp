#pragma once
// A fresh PostgreSQL database for one test, on the server named by SAMVERKAN_TEST_PG
// (set by scripts/test.sh). Dropped at the end.
#include <string>

namespace samverkan::test {

class PgDatabase {
 public:
  PgDatabase();
  ~PgDatabase();
  PgDatabase(const PgDatabase&) = delete;
  PgDatabase& operator=(const PgDatabase&) = delete;

  const std::string& url() const noexcept { return url_; }
  const std::string& name() const noexcept { return name_; }

  /// Drops the database now, disconnecting its users (to simulate the database going away).
  void drop();

  /// Runs one statement on the server's maintenance database.
  static void admin(const std::string& sql);

 private:
  std::string name_;
  std::string url_;
  bool dropped_ = false;
};

/// SAMVERKAN_TEST_PG; throws when unset so db tests fail loudly rather than pass silently.
std::string test_server_url();

}  // namespace samverkan::test
