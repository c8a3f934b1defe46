#pragma once
// A migrated database (SQLite file or a fresh PostgreSQL database) with Aneby and Eksjö, their
// boards, a keyring, an audit log, a manual clock and the casehandling services.
#include <soci/soci.h>

#include <memory>
#include <optional>
#include <string>

#include "samverkan/audit/audit_log.hpp"
#include "samverkan/casehandling/board_directory.hpp"
#include "samverkan/casehandling/diary.hpp"
#include "samverkan/core/clock.hpp"
#include "samverkan/crypto/keyring.hpp"
#include "samverkan/server/migrations.hpp"
#include "samverkan/storage/migrator.hpp"
#include "samverkan/tenancy/context.hpp"
#include "support/postgres.hpp"
#include "support/temp_dir.hpp"

namespace samverkan::test {

inline const auto kAneby = ids::Kommunkod::parse("0604");
inline const auto kEksjo = ids::Kommunkod::parse("0686");

inline std::chrono::system_clock::time_point at_utc(int y, unsigned m, unsigned d, int h = 10, int min = 0) {
  return std::chrono::sys_days{std::chrono::year(y) / std::chrono::month(m) / std::chrono::day(d)} +
         std::chrono::hours(h) + std::chrono::minutes(min);
}

inline casehandling::BoardDirectory test_boards() {
  casehandling::BoardDirectory boards;
  boards.add(kAneby, "KS", "Kommunstyrelsen");
  boards.add(kAneby, "KF", "Kommunfullmäktige");
  boards.add(kAneby, "BUN", "Barn- och utbildningsnämnden");
  boards.add(kEksjo, "KS", "Kommunstyrelsen");
  boards.add(kEksjo, "SBN", "Samhällsbyggnadsnämnden");
  return boards;
}

struct CasehandlingFixture {
  enum class Backend { kSqlite, kPostgresql };

  explicit CasehandlingFixture(Backend backend = Backend::kSqlite, std::size_t pool_size = 4) {
    if (backend == Backend::kPostgresql) {
      pg.emplace();
      db = storage::Database::open(storage::DatabaseUrl::parse(pg->url()), pool_size);
    } else {
      db = storage::Database::open(storage::DatabaseUrl::parse("sqlite:" + (dir / "c.db").string()), pool_size);
    }
    storage::Migrator(*db, server::platform_migrations()).migrate();
    auto session = db->acquire();
    *session << "INSERT INTO municipality (code, organisation_number, name) VALUES ('0604', '2120000043', 'Aneby')";
    *session << "INSERT INTO municipality (code, organisation_number, name) VALUES ('0686', '2120000860', 'Eksjö')";
  }

  std::unique_ptr<tenancy::Context> context(const security::Principal& who, const ids::Kommunkod& where,
                                            tenancy::Context::Intent intent = tenancy::Context::Intent::kWrite) {
    return std::make_unique<tenancy::Context>(*db, who, where, clock, &audit_log, intent);
  }

  long long count(const std::string& sql) {
    auto session = db->acquire();
    long long n = 0;
    *session << sql, soci::into(n);
    return n;
  }

  TempDir dir;
  std::optional<PgDatabase> pg;
  std::unique_ptr<storage::Database> db;
  crypto::Keyring keyring = crypto::Keyring::from_keys({crypto::Keyring::generate_key("k1")});
  audit::AuditLog audit_log{keyring};
  ManualClock clock{at_utc(2026, 11, 22)};
  casehandling::BoardDirectory boards = test_boards();
  casehandling::Diary diary{boards};

  security::Principal aneby_registrar =
      security::Principal::staff("registrar-a", {{kAneby, {security::Role::kRegistrar}}});
  security::Principal aneby_handler =
      security::Principal::staff("handler-a", {{kAneby, {security::Role::kCaseHandler}}});
  security::Principal aneby_reader = security::Principal::staff("reader-a", {{kAneby, {security::Role::kReader}}});
  security::Principal eksjo_registrar =
      security::Principal::staff("registrar-e", {{kEksjo, {security::Role::kRegistrar}}});
};

}  // namespace samverkan::test
