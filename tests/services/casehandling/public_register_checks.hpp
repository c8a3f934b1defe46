#pragma once
// Shared by the SQLite and PostgreSQL public register tests: fills a municipality with cases
// and documents of random secrecy (fixed seed) and checks that no public search result carries
// a secret title, a private person's name or personnummer.
#include <boost/test/unit_test.hpp>

#include <random>
#include <set>
#include <string>
#include <vector>

#include "casehandling_fixture.hpp"
#include "samverkan/casehandling/case_service.hpp"
#include "samverkan/casehandling/public_register.hpp"

namespace samverkan::test {

/// A valid personnummer "YYYYMMDD-NNNC" for a person born `days` after 1950-01-01.
inline std::string make_personnummer(int days, int serial) {
  const std::chrono::year_month_day born{std::chrono::sys_days{std::chrono::year(1950) / 1 / 1} +
                                         std::chrono::days(days)};
  char text[16];
  std::snprintf(text, sizeof text, "%04d%02u%02u%03d", static_cast<int>(born.year()),
                static_cast<unsigned>(born.month()), static_cast<unsigned>(born.day()), serial % 1000);
  const std::string nine = std::string(text).substr(2, 9);
  int sum = 0;
  for (std::size_t i = 0; i < nine.size(); ++i) {
    int v = (nine[i] - '0') * (i % 2 == 0 ? 2 : 1);
    sum += v > 9 ? v - 9 : v;
  }
  const int check = (10 - sum % 10) % 10;
  std::string out(text);
  return out.substr(0, 8) + "-" + out.substr(8) + std::to_string(check);
}

struct SecrecyWorld {
  std::vector<casehandling::CaseNumber> numbers;
  std::set<std::string> forbidden;        ///< must never appear in any public output
  std::vector<std::string> secret_words;  ///< unique words only secret titles hold
  std::vector<std::string> public_words;  ///< unique words public titles hold
  int secret_titles = 0;
  int secret_documents = 0;
};

/// Registers `count` cases in Aneby with random boards, secrecy, parties and documents.
inline SecrecyWorld fill_with_random_secrecy(CasehandlingFixture& f, casehandling::CaseService& cases, int count) {
  using namespace casehandling;
  std::mt19937 random(20261122);
  const auto chance = [&](int percent) { return static_cast<int>(random() % 100) < percent; };
  const std::vector<std::string> boards = {"KS", "KF", "BUN"};
  SecrecyWorld world;
  for (int i = 0; i < count; ++i) {
    if (i % 10 == 0) f.clock.advance(std::chrono::hours(24));
    NewCase input;
    input.diary = boards[random() % boards.size()];
    input.case_type = "ärende";
    if (chance(40)) {
      const std::string word = "hemligord" + std::to_string(i) + "x";
      input.title = "Utredning om " + word + " enligt LSS";
      input.title_secrecy = {SecrecyLevel::kSecret, "OSL 26 kap. 1 §", ""};
      world.forbidden.insert(word);
      world.forbidden.insert(input.title);
      world.secret_words.push_back(word);
      ++world.secret_titles;
    } else {
      const std::string word = "offentligord" + std::to_string(i) + "y";
      input.title = "Bygglov för " + word;
      world.public_words.push_back(word);
    }
    const int parties = static_cast<int>(random() % 3);
    for (int p = 0; p < parties; ++p) {
      if (chance(60)) {
        const std::string name = "Personnamn" + std::to_string(i) + "p" + std::to_string(p);
        const std::string pnr = make_personnummer(i * 7 + p, i + p);
        input.parties.push_back({PartyKind::kPerson, pnr, name, "sökande"});
        world.forbidden.insert(name);
        world.forbidden.insert(pnr);
        world.forbidden.insert(pnr.substr(0, 8) + pnr.substr(9));  // the 12 digits
      } else {
        input.parties.push_back({PartyKind::kOrganisation, "556677-8899", "Byggbolaget AB", "ombud"});
      }
    }
    auto ctx = f.context(f.aneby_registrar, kAneby);
    const auto number = cases.register_case(*ctx, input).number;
    const int documents = static_cast<int>(random() % 3);
    for (int d = 0; d < documents; ++d) {
      NewDocument document;
      document.content_type = "text/plain";
      document.content = "innehåll " + std::to_string(i);
      const int kind = static_cast<int>(random() % 3);
      if (kind == 0) {
        document.title = "Skrivelse " + std::to_string(i);
      } else {
        const std::string word = "hemligdok" + std::to_string(i) + "d" + std::to_string(d) + "x";
        document.title = "Läkarintyg " + word;
        document.secrecy = {kind == 1 ? SecrecyLevel::kSecret : SecrecyLevel::kPartial, "OSL 25 kap. 1 §",
                            kind == 2 ? "diagnos" : ""};
        if (kind == 1) {
          world.forbidden.insert(word);
          world.secret_words.push_back(word);
          ++world.secret_documents;
        }
      }
      if (chance(50)) {
        const std::string sender = "Avsändare" + std::to_string(i) + "d" + std::to_string(d);
        document.counterpart_kind = PartyKind::kPerson;
        document.counterpart = sender;
        world.forbidden.insert(sender);
      } else {
        document.counterpart_kind = PartyKind::kOrganisation;
        document.counterpart = "Länsstyrelsen";
      }
      cases.add_document(*ctx, number, document);
    }
    ctx->commit();
    world.numbers.push_back(number);
  }
  return world;
}

/// Every string a public case shows, joined.
inline std::string everything_shown(const casehandling::PublicCase& c) {
  std::string out = c.number.str() + "|" + c.board_name + "|" + c.title + "|" + c.secrecy_reference + "|" +
                    c.case_type + "|" + c.handling_unit + "|" + c.status + "|" + c.registered_on;
  for (const auto& p : c.parties) out += "|" + p.kind + "|" + p.name + "|" + p.role;
  for (const auto& d : c.documents) {
    out += "|" + d.direction + "|" + d.registered_on + "|" + d.title + "|" + d.counterpart + "|" + d.secrecy + "|" +
           d.secrecy_reference + "|" + d.masked_parts;
  }
  return out;
}

/// Runs one public search as an anonymous visitor and checks every result for leaks.
inline std::vector<casehandling::PublicCase> public_search(CasehandlingFixture& f,
                                                           casehandling::PublicRegister& register_,
                                                           const SecrecyWorld& world,
                                                           const casehandling::RegisterQuery& query) {
  auto ctx = f.context(security::Principal::anonymous(), kAneby, tenancy::Context::Intent::kRead);
  auto results = register_.search(*ctx, query);
  for (const auto& c : results) {
    const std::string shown = everything_shown(c);
    for (const auto& secret : world.forbidden) {
      if (shown.find(secret) != std::string::npos) {
        BOOST_ERROR("public register leaks '" << secret << "' in " << c.number.str());
      }
    }
    for (const auto& p : c.parties) {
      if (p.kind == "person") BOOST_TEST(p.name == std::string(casehandling::kMaskedPerson));
    }
    if (!c.secrecy_reference.empty()) BOOST_TEST(c.title == "Sekretess (" + c.secrecy_reference + ")");
  }
  return results;
}

/// The whole check: every case through paging, by number, by board, by dates, by every secret
/// and public word.
inline void check_public_register_never_leaks(CasehandlingFixture& f, casehandling::PublicRegister& register_,
                                              const SecrecyWorld& world) {
  using casehandling::RegisterQuery;
  std::size_t all = 0;
  for (std::size_t offset = 0;; offset += 100) {
    RegisterQuery page;
    page.limit = 100;
    page.offset = offset;
    const auto results = public_search(f, register_, world, page);
    all += results.size();
    if (results.size() < 100) break;
  }
  BOOST_TEST(all == world.numbers.size());
  for (const auto& number : world.numbers) {
    RegisterQuery query;
    query.number = number;
    const auto results = public_search(f, register_, world, query);
    BOOST_TEST_REQUIRE(results.size() == 1U);
    BOOST_TEST(results[0].number.str() == number.str());
  }
  std::size_t by_board = 0;
  for (const char* board : {"KS", "KF", "BUN"}) {
    RegisterQuery query;
    query.board = board;
    query.limit = 200;
    const auto results = public_search(f, register_, world, query);
    for (const auto& c : results) BOOST_TEST(c.number.prefix == board);
    by_board += results.size();
  }
  BOOST_TEST(by_board == world.numbers.size());
  RegisterQuery dates;
  dates.registered_from = "2026-11-24";
  dates.registered_to = "2026-11-26";
  dates.limit = 200;
  for (const auto& c : public_search(f, register_, world, dates)) {
    BOOST_TEST((c.registered_on >= "2026-11-24" && c.registered_on <= "2026-11-26"), c.registered_on);
  }
  for (const auto& word : world.secret_words) {
    RegisterQuery query;
    query.words = word;
    BOOST_TEST(public_search(f, register_, world, query).empty(), "a secret word finds nothing: " << word);
  }
  for (const auto& word : world.public_words) {
    RegisterQuery query;
    query.words = word;
    const auto results = public_search(f, register_, world, query);
    BOOST_TEST(results.size() == 1U, word);
  }
  BOOST_TEST(world.secret_titles > 0);
  BOOST_TEST(world.secret_documents > 0);
}

}  // namespace samverkan::test
