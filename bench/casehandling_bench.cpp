// Case handling figures on PostgreSQL (not a test; prints figures). Driven by
// bench/casehandling_register.sh and bench/casehandling_search.sh.
//   samverkan-bench-casehandling migrate URL
//       applies the platform's migrations and adds the municipality 0604 (Aneby)
//   samverkan-bench-casehandling register URL WRITERS SECONDS
//       WRITERS threads register cases in diary KS for SECONDS, each a full
//       CaseService::register_case (authorisation, gap-free number, case row, an encrypted
//       private person and an organisation as parties, history, audit) committed on its own
//   samverkan-bench-casehandling search URL QUERIES
//       QUERIES public-register searches of each kind (word, number, date range, board) as an
//       anonymous visitor through PublicRegister::search; prints p50 / p95 / max per kind
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <map>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "samverkan/audit/audit_log.hpp"
#include "samverkan/casehandling/board_directory.hpp"
#include "samverkan/casehandling/case_service.hpp"
#include "samverkan/casehandling/diary.hpp"
#include "samverkan/casehandling/public_register.hpp"
#include "samverkan/core/clock.hpp"
#include "samverkan/crypto/keyring.hpp"
#include "samverkan/server/migrations.hpp"
#include "samverkan/storage/database.hpp"
#include "samverkan/storage/migrator.hpp"
#include "samverkan/tenancy/context.hpp"

using namespace samverkan;
using Ms = std::chrono::duration<double, std::milli>;

namespace {

const auto kAneby = ids::Kommunkod::parse("0604");

casehandling::BoardDirectory bench_boards() {
  casehandling::BoardDirectory boards;
  boards.add(kAneby, "KS", "Kommunstyrelsen");
  boards.add(kAneby, "KF", "Kommunfullmäktige");
  boards.add(kAneby, "BUN", "Barn- och utbildningsnämnden");
  boards.add(kAneby, "SBN", "Samhällsbyggnadsnämnden");
  return boards;
}

int migrate(const std::string& url) {
  auto db = storage::Database::open(storage::DatabaseUrl::parse(url), 1);
  storage::Migrator migrator(*db, server::platform_migrations());
  migrator.migrate();
  std::cout << "migrated to version " << migrator.current_version() << "\n";
  auto session = db->acquire();
  *session << "INSERT INTO municipality (code, organisation_number, name) VALUES ('0604', '2120000043', 'Aneby') "
              "ON CONFLICT DO NOTHING";
  return 0;
}

int register_cases(const std::string& url, int writers, int seconds) {
  auto db = storage::Database::open(storage::DatabaseUrl::parse(url), static_cast<std::size_t>(writers) + 1);
  const auto boards = bench_boards();
  casehandling::Diary diary{boards};
  crypto::Keyring keyring = crypto::Keyring::from_keys({crypto::Keyring::generate_key("bench")});
  audit::AuditLog audit_log{keyring};
  casehandling::CaseService cases{diary, keyring};
  SystemClock clock;
  std::atomic<long long> done{0};
  std::atomic<long long> failed{0};
  std::atomic<bool> stop{false};
  std::vector<std::thread> threads;
  const auto started = std::chrono::steady_clock::now();
  for (int t = 0; t < writers; ++t) {
    threads.emplace_back([&, t] {
      const auto registrar =
          security::Principal::staff("registrar-" + std::to_string(t), {{kAneby, {security::Role::kRegistrar}}});
      for (int i = 0; !stop.load(); ++i) {
        casehandling::NewCase input;
        input.diary = "KS";
        input.title = "Ansökan om bygglov för garage, skrivare " + std::to_string(t) + " nr " + std::to_string(i);
        input.case_type = "bygglov";
        input.parties = {{casehandling::PartyKind::kPerson, "19121212-1212", "Tolvan Tolvansson", "sökande"},
                         {casehandling::PartyKind::kOrganisation, "212000-0043", "Aneby kommun", "remissinstans"}};
        try {
          tenancy::Context ctx(*db, registrar, kAneby, clock, &audit_log);
          cases.register_case(ctx, input);
          ctx.commit();
          ++done;
        } catch (const std::exception& e) {
          if (++failed <= 3) std::cerr << "registration failed: " << e.what() << "\n";
        }
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::seconds(seconds));
  stop = true;
  for (auto& th : threads) th.join();
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf("registrations: %lld in %.1f s with %d writers = %.1f registrations/s (%lld failed)\n", done.load(),
              elapsed, writers, static_cast<double>(done.load()) / elapsed, failed.load());
  // The numbers must still be gap-free after the run.
  auto session = db->acquire();
  long long count = 0, max = 0;
  *session
      << "SELECT COUNT(*), COALESCE(MAX(number), 0) FROM diary_number WHERE municipality = '0604' AND prefix = 'KS'",
      soci::into(count), soci::into(max);
  std::printf("diary KS: %lld numbers, highest %lld (%s)\n", count, max, count == max ? "gap-free" : "GAPS");
  return failed.load() == 0 && count == max ? 0 : 1;
}

struct Kind {
  std::string name;
  std::function<casehandling::RegisterQuery(std::mt19937&)> make;
};

int search(const std::string& url, int queries) {
  auto db = storage::Database::open(storage::DatabaseUrl::parse(url), 2);
  const auto boards = bench_boards();
  casehandling::PublicRegister reg{boards};
  SystemClock clock;
  crypto::Keyring keyring = crypto::Keyring::from_keys({crypto::Keyring::generate_key("bench")});
  audit::AuditLog audit_log{keyring};
  long long cases = 0;
  int min_year = 0, max_year = 0, numbers = 0;
  {
    auto session = db->acquire();
    *session << "SELECT COUNT(*), MIN(year), MAX(year) FROM diary_case WHERE municipality = '0604'", soci::into(cases),
        soci::into(min_year), soci::into(max_year);
    // Every board and year has at least this many numbers.
    *session << "SELECT MIN(last_number) FROM diary_counter WHERE municipality = '0604'", soci::into(numbers);
  }
  std::printf("public register of 0604: %lld cases, %d-%d\n", cases, min_year, max_year);
  // Words of the generator's vocabulary (bench/casehandling_fill.sql): common, middling, rare,
  // two words, a stemmed form.
  const std::vector<std::string> words = {"bygglov",
                                          "detaljplan",
                                          "skolskjuts",
                                          "vindkraftverk",
                                          "bygglov garage",
                                          "detaljplaner",
                                          "medborgarförslag cykelbanor",
                                          "förskola",
                                          "avfallsplan",
                                          "solcellspark"};
  const std::vector<std::string> prefixes = {"KS", "KF", "BUN", "SBN"};
  const auto pick = [](std::mt19937& rng, int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  std::vector<Kind> kinds = {
      {"word",
       [&](std::mt19937& rng) {
         casehandling::RegisterQuery q;
         q.words = words[static_cast<std::size_t>(pick(rng, 0, static_cast<int>(words.size()) - 1))];
         return q;
       }},
      {"number",
       [&](std::mt19937& rng) {
         casehandling::RegisterQuery q;
         // The generator numbers each board's cases per year from 1.
         q.number = casehandling::CaseNumber{prefixes[static_cast<std::size_t>(pick(rng, 0, 3))],
                                             pick(rng, min_year, max_year), pick(rng, 1, numbers)};
         return q;
       }},
      {"date-range",
       [&](std::mt19937& rng) {
         casehandling::RegisterQuery q;
         const int year = pick(rng, min_year, max_year);
         const int month = pick(rng, 1, 12);
         char from[11], to[11];
         std::snprintf(from, sizeof from, "%04d-%02d-01", year, month);
         std::snprintf(to, sizeof to, "%04d-%02d-28", year, month);
         q.registered_from = from;
         q.registered_to = to;
         return q;
       }},
      {"board",
       [&](std::mt19937& rng) {
         casehandling::RegisterQuery q;
         q.board = prefixes[static_cast<std::size_t>(pick(rng, 0, 3))];
         return q;
       }},
      {"board+word+dates",
       [&](std::mt19937& rng) {
         casehandling::RegisterQuery q;
         q.board = prefixes[static_cast<std::size_t>(pick(rng, 0, 3))];
         q.words = words[static_cast<std::size_t>(pick(rng, 0, static_cast<int>(words.size()) - 1))];
         const int year = pick(rng, min_year, max_year);
         q.registered_from = std::to_string(year) + "-01-01";
         q.registered_to = std::to_string(year) + "-12-31";
         return q;
       }},
  };
  std::mt19937 rng(42);
  for (const auto& kind : kinds) {
    std::vector<double> times;
    std::size_t hits = 0;
    for (int i = 0; i < queries + 5; ++i) {
      const auto query = kind.make(rng);
      const auto t0 = std::chrono::steady_clock::now();
      tenancy::Context ctx(*db, security::Principal::anonymous(), kAneby, clock, &audit_log,
                           tenancy::Context::Intent::kRead);
      hits += reg.search(ctx, query).size();
      const double ms = Ms(std::chrono::steady_clock::now() - t0).count();
      if (i >= 5) times.push_back(ms);  // the first five warm the caches
    }
    std::sort(times.begin(), times.end());
    const auto at = [&](double q) {
      return times[static_cast<std::size_t>(q * static_cast<double>(times.size() - 1))];
    };
    std::printf("%-17s n=%d  p50 %7.2f ms  p95 %7.2f ms  max %7.2f ms  (%.1f results/query)\n", kind.name.c_str(),
                queries, at(0.5), at(0.95), times.back(), static_cast<double>(hits) / static_cast<double>(queries + 5));
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  try {
    if (args.size() == 2 && args[0] == "migrate") return migrate(args[1]);
    if (args.size() == 4 && args[0] == "register")
      return register_cases(args[1], std::stoi(args[2]), std::stoi(args[3]));
    if (args.size() == 3 && args[0] == "search") return search(args[1], std::stoi(args[2]));
  } catch (const std::exception& e) {
    std::cerr << "samverkan-bench-casehandling: " << e.what() << "\n";
    return 1;
  }
  std::cerr << "usage: samverkan-bench-casehandling migrate URL | register URL WRITERS SECONDS | search URL QUERIES\n";
  return 2;
}
