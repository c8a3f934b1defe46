#pragma once
// A migrated database with two member municipalities (0604 Aneby, 0686 Eksjö), a keyring, an
// audit log, a manual clock and the auth services over them. SQLite in a temporary folder
// unless a database URL is given (the pgtests pass a fresh PostgreSQL database).
#include <soci/soci.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <type_traits>

#include "samverkan/audit/audit_log.hpp"
#include "samverkan/auth/auth_services.hpp"
#include "samverkan/core/clock.hpp"
#include "samverkan/crypto/keyring.hpp"
#include "samverkan/storage/database.hpp"
#include "samverkan/storage/migrator.hpp"
#include "samverkan/tenancy/context.hpp"
#include "support/temp_dir.hpp"

namespace samverkan::test {

inline Clock::TimePoint auth_test_start() {
  using namespace std::chrono;
  return sys_days(year(2026) / March / 2) + hours(9);
}

/// "2026-03-02T09:00:00": a UTC time to the second, as the first 19 characters of a stored
/// time stamp on SQLite.
inline std::string iso_seconds(Clock::TimePoint at) {
  using namespace std::chrono;
  const auto secs = floor<seconds>(at);
  const auto day = floor<days>(secs);
  const year_month_day date{day};
  const hh_mm_ss<seconds> time{secs - day};
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02d", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
                static_cast<int>(time.seconds().count()));
  return buffer;
}

struct AuthFixture {
  TempDir dir;
  ManualClock clock{auth_test_start()};
  std::unique_ptr<storage::Database> db;
  crypto::Keyring keyring = crypto::Keyring::from_keys({crypto::Keyring::generate_key("k1")}, "test keys");
  audit::AuditLog audit{keyring};
  ids::Kommunkod aneby = ids::Kommunkod::parse("0604");
  ids::Kommunkod eksjo = ids::Kommunkod::parse("0686");

  explicit AuthFixture(const std::string& database_url = {}) {
    db = storage::Database::open(
        storage::DatabaseUrl::parse(database_url.empty() ? "sqlite:" + (dir / "auth.db").string() : database_url), 4);
    storage::Migrator(*db).migrate();
    auto session = db->acquire();
    *session << "INSERT INTO municipality (code, organisation_number, name) VALUES "
                "('0604', '2120000142', 'Aneby kommun'), ('0686', '2120000159', 'Eksjö kommun')";
  }

  auth::AuthOptions options() const {
    auth::AuthOptions o;
    o.key_folder = dir / "jwt";
    // Cheap Argon2 parameters keep the unit tests fast; password_hash_test covers the defaults.
    o.clients.argon2 = cheap_argon2();
    o.login.argon2 = cheap_argon2();
    return o;
  }

  static auth::Argon2Parameters cheap_argon2() {
    auth::Argon2Parameters p;
    p.iterations = 1;
    p.memory_kib = 1024;
    return p;
  }

  /// An administrator of `municipality`.
  static security::Principal administrator(const ids::Kommunkod& municipality) {
    return security::Principal::staff("SE2120000142-admin", {{municipality, {security::Role::kAdministrator}}});
  }

  /// Runs `body(ctx)` in a context of `principal` in `municipality` and commits.
  template <typename Body>
  auto in_context(const security::Principal& principal, const ids::Kommunkod& municipality, Body&& body) {
    tenancy::Context ctx(*db, principal, municipality, clock, &audit);
    if constexpr (std::is_void_v<decltype(body(ctx))>) {
      body(ctx);
      ctx.commit();
    } else {
      auto result = body(ctx);
      ctx.commit();
      return result;
    }
  }

  /// Audit entries of `municipality` with `action` (and outcome, if given).
  int audit_count(const ids::Kommunkod& municipality, const std::string& action, const std::string& outcome = {}) {
    auto session = db->acquire();
    int count = 0;
    const std::string code = municipality.str();
    if (outcome.empty()) {
      *session << "SELECT COUNT(*) FROM audit_entry WHERE municipality = :m AND action = :a", soci::use(code, "m"),
          soci::use(action, "a"), soci::into(count);
    } else {
      *session << "SELECT COUNT(*) FROM audit_entry WHERE municipality = :m AND action = :a AND outcome = :o",
          soci::use(code, "m"), soci::use(action, "a"), soci::use(outcome, "o"), soci::into(count);
    }
    return count;
  }
};

}  // namespace samverkan::test
