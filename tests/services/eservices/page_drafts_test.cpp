// The hosted pages' drafts in the database: a restart between two steps keeps the draft, its
// attachment and the receipt; what is stored is encrypted for its row; the limits per visitor
// and in total; the rate limit on anonymous posts; the housekeeping purge.
#include <boost/test/unit_test.hpp>

#include <soci/soci.h>

#include <atomic>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "samverkan/crypto/field_cipher.hpp"
#include "samverkan/eservices/pages.hpp"
#include "services/eservices/pages_fixture.hpp"
#include "services/eservices/sample_files.hpp"

using namespace samverkan;
using namespace samverkan::test::pages;

namespace {

const std::string kService = "/e/0686/tjanst/felanmalan-gata-park";
const std::string kFault = kService + "/steg/fault";
const std::string kPlace = kService + "/steg/place";
const std::string kContact = kService + "/steg/contact";

// The fault report's first two steps, the second with a photo; returns the CSRF token.
std::string fill_two_steps(PagesFixture& f, Browser& b, const std::string& photo) {
  const std::string csrf = Browser::csrf(b.get(kFault).body);
  const auto r = b.post(kFault, "_csrf=" + encode(csrf) +
                                    "&fault-type=pothole&description=" + encode("Djupt hål vid skolan") + "&_nav=next");
  BOOST_TEST_REQUIRE(r.status == 303, r.body);
  const auto place = f.post_multipart(b, kPlace, {{"_csrf", csrf}, {"address", "Storgatan 1"}, {"_nav", "next"}},
                                      "photo", "hal.png", "image/png", photo);
  BOOST_TEST_REQUIRE(place.status == 303, place.body);
  return csrf;
}

long long count(storage::Database& db, const std::string& sql) {
  long long n = 0;
  auto lease = db.acquire();
  *lease << sql, soci::into(n);
  return n;
}

struct LimitedFixture : PagesFixture {
  static eservices::PagesOptions limits() {
    eservices::PagesOptions options;
    options.drafts_per_session = 1;
    options.bytes_per_session = 4096;
    return options;
  }
  LimitedFixture() : PagesFixture({}, [](server::PlatformOptions& o) { o.pages = limits(); }) {}
};

struct RateLimitedFixture : PagesFixture {
  static eservices::PagesOptions limits() {
    eservices::PagesOptions options;
    options.anonymous_posts = {.per_second = 0.001, .burst = 3.0};
    return options;
  }
  RateLimitedFixture() : PagesFixture({}, [](server::PlatformOptions& o) { o.pages = limits(); }) {}
};

}  // namespace

BOOST_AUTO_TEST_SUITE(page_drafts_test)

BOOST_FIXTURE_TEST_CASE(a_restart_between_two_steps_keeps_the_draft_and_its_attachment, PagesFixture) {
  auto b = browser();
  const std::string png = test::png_bytes();
  const std::string csrf = fill_two_steps(*this, b, png);
  const std::string cookie = b.cookie;

  restart();
  auto after = browser();
  after.cookie = cookie;
  auto r = after.get(kContact);
  BOOST_TEST_REQUIRE(r.status == 200, "the session survives the restart: " << r.body);
  BOOST_TEST_REQUIRE(after.post(kContact, "_csrf=" + encode(csrf) + "&_nav=next").status == 303);
  r = after.get(kService + "/granska");
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  const Html review(r.body);
  BOOST_TEST(review.value("string(//dt[.='Adress eller plats']/following-sibling::dd[1])") == "Storgatan 1");
  BOOST_TEST(review.value("string(//dt[.='Foto av felet']/following-sibling::dd[1])") == "hal.png");

  restart();
  auto third = browser();
  third.cookie = cookie;
  r = third.post(kService + "/granska", "_csrf=" + encode(csrf));
  BOOST_TEST_REQUIRE(r.status == 303, r.body);
  std::smatch match;
  const std::string location = r.headers.at("location");
  BOOST_TEST_REQUIRE(std::regex_match(location, match, std::regex("/e/0686/kvitto/(ET-[0-9]{4}-[0-9]{6})")));
  const std::string reference = match[1];
  long long photo_bytes = 0;
  {
    auto lease = platform->database().acquire();
    *lease << "SELECT size_bytes FROM eservice_attachment WHERE municipality = '0686' AND reference = :reference "
              "AND field_id = 'photo'",
        soci::use(reference, "reference"), soci::into(photo_bytes);
  }
  BOOST_TEST(photo_bytes == static_cast<long long>(png.size()), "the errand has the photo posted before the restarts");
  BOOST_TEST(count(platform->database(), "SELECT COUNT(*) FROM eservice_page_draft") == 0, "the draft is done");

  restart();
  auto fourth = browser();
  fourth.cookie = cookie;
  r = fourth.get(location);
  BOOST_TEST_REQUIRE(r.status == 200, "the session's own receipt after a restart: " << r.body);
  BOOST_TEST(Html(r.body).value("string(//strong[@class='reference'])") == reference);
  BOOST_TEST(browser().get(location).status == 404, "no one else's");
}

BOOST_FIXTURE_TEST_CASE(what_is_stored_is_encrypted_for_its_row, PagesFixture) {
  auto b = browser();
  const std::string png = test::png_bytes();
  fill_two_steps(*this, b, png);
  std::string session, answers, name, content;
  {
    auto lease = platform->database().acquire();
    *lease << "SELECT d.session_id, d.answers, f.file_name, f.content FROM eservice_page_draft d JOIN "
              "eservice_page_file f ON f.session_id = d.session_id AND f.municipality = d.municipality AND "
              "f.service_id = d.service_id",
        soci::into(session), soci::into(answers), soci::into(name), soci::into(content);
    BOOST_TEST_REQUIRE(lease->got_data());
  }
  BOOST_TEST(answers.find("Storgatan") == std::string::npos);
  BOOST_TEST(content.find("IHDR") == std::string::npos);
  BOOST_TEST(name.find("hal.png") == std::string::npos);
  const auto& keyring = platform->keyring();
  const std::string service = "felanmalan-gata-park";
  BOOST_TEST(crypto::decrypt(
                 keyring, content,
                 crypto::associated_data("eservice_page_file", "content", {session, "0686", service, "photo"})) == png);
  BOOST_TEST(crypto::decrypt(keyring, answers,
                             crypto::associated_data("eservice_page_draft", "answers", {session, "0686", service}))
                 .find("Storgatan 1") != std::string::npos);
  // Sealed for its row: under another session's key it does not open.
  BOOST_CHECK_THROW(crypto::decrypt(keyring, content,
                                    crypto::associated_data("eservice_page_file", "content",
                                                            {std::string(64, '0'), "0686", service, "photo"})),
                    Error);
}

BOOST_FIXTURE_TEST_CASE(a_visitor_is_limited_in_drafts_and_bytes, LimitedFixture) {
  auto b = browser();
  const std::string csrf = Browser::csrf(b.get(kFault).body);
  BOOST_TEST_REQUIRE(b.post(kFault, "_csrf=" + encode(csrf) + "&fault-type=pothole&description=" +
                                        encode("Djupt hål vid skolan") + "&_nav=next")
                         .status == 303);
  // A second draft (another service) is one too many.
  const std::string other = "/e/0686/tjanst/alla-falt/steg/allt";
  auto r = b.post(other, "_csrf=" + encode(csrf) + "&f-text=" + encode("Hej") + "&_nav=back");
  BOOST_TEST(r.status == 413, r.body);
  BOOST_TEST(r.content_type.starts_with("text/html"));
  // A photo beyond what the visitor may keep: refused, and the draft stays as it was.
  const std::string big(8192, 'x');
  r = post_multipart(b, kPlace, {{"_csrf", csrf}, {"address", "Storgatan 1"}, {"_nav", "back"}}, "photo", "big.png",
                     "image/png", test::png_bytes() + big);
  BOOST_TEST(r.status == 413, r.body);
  BOOST_TEST(count(platform->database(), "SELECT COUNT(*) FROM eservice_page_file") == 0);
  BOOST_TEST(count(platform->database(), "SELECT COUNT(*) FROM eservice_page_draft") == 1);
  BOOST_TEST(b.get(kPlace).status == 200, "the visitor goes on with the draft they have");
}

BOOST_FIXTURE_TEST_CASE(anonymous_posts_are_rate_limited_per_address_citizens_are_not, RateLimitedFixture) {
  // A citizen logs in (one anonymous post) and then posts freely.
  auto citizen = browser();
  log_in(citizen, "/e/0686");
  const std::string token = Browser::csrf(citizen.get(kFault).body);
  for (int i = 0; i < 5; ++i) {
    BOOST_TEST(citizen.post(kFault, "_csrf=" + encode(token) + "&fault-type=pothole").status != 429);
  }
  // An anonymous visitor from the same address has what is left of the burst.
  auto b = browser();
  const std::string csrf = Browser::csrf(b.get(kFault).body);
  const std::string step = "_csrf=" + encode(csrf) + "&fault-type=pothole";
  BOOST_TEST(b.post(kFault, step).status == 422, "the step is checked (its description is missing)");
  BOOST_TEST(b.post(kFault, step).status == 422);
  const auto refused = b.post(kFault, step);
  BOOST_TEST(refused.status == 429);
  BOOST_TEST(refused.content_type.starts_with("text/html"));
  BOOST_TEST(std::stoi(refused.headers.at("retry-after")) >= 1);
}

BOOST_FIXTURE_TEST_CASE(visitors_saving_at_once_all_get_their_draft_saved, PagesFixture) {
  // Eight visitors at once, ten steps each: every save waits its turn for the database's write
  // lock (on SQLite a transaction that read first and wrote later would be refused instead).
  std::atomic<int> saved{0}, other{0};
  std::vector<std::thread> visitors;
  for (int v = 0; v < 8; ++v) {
    visitors.emplace_back([&] {
      auto b = browser();
      const std::string csrf = Browser::csrf(b.get(kFault).body);
      for (int i = 0; i < 10; ++i) {
        const auto r = post_multipart(b, kPlace, {{"_csrf", csrf}, {"address", "Storgatan"}, {"_nav", "back"}}, "photo",
                                      "hal.png", "image/png", test::png_bytes());
        ++(r.status == 303 ? saved : other);
      }
    });
  }
  for (auto& visitor : visitors) visitor.join();
  BOOST_TEST(saved.load() == 80);
  BOOST_TEST(other.load() == 0);
  BOOST_TEST(count(platform->database(), "SELECT COUNT(*) FROM eservice_page_file") == 8);
}

BOOST_FIXTURE_TEST_CASE(drafts_of_ended_sessions_are_purged, PagesFixture) {
  auto gone = browser();
  fill_two_steps(*this, gone, test::png_bytes());
  auto live = browser();
  fill_two_steps(*this, live, test::png_bytes());
  BOOST_TEST(count(platform->database(), "SELECT COUNT(*) FROM eservice_page_draft") == 2);
  // One visitor's session ends (here: logout).
  const std::string csrf = Browser::csrf(gone.get(kFault).body);
  BOOST_TEST(gone.post("/e/0686/logga-ut", "_csrf=" + encode(csrf)).status == 303);
  // (The platform's own housekeeping job may get there first: what is left is what counts.)
  const auto now = SystemClock::instance().now();
  eservices::purge_page_state(platform->database(), now - std::chrono::hours(24));
  BOOST_TEST(count(platform->database(), "SELECT COUNT(*) FROM eservice_page_draft") == 1);
  BOOST_TEST(count(platform->database(), "SELECT COUNT(*) FROM eservice_page_file") == 1, "its file went with it");
  BOOST_TEST(live.get(kContact).status == 200);
  // A day untouched, and the live one goes too.
  BOOST_TEST(eservices::purge_page_state(platform->database(), now + std::chrono::seconds(1)) == 1u);
  BOOST_TEST(count(platform->database(), "SELECT COUNT(*) FROM eservice_page_file") == 0);
}

BOOST_AUTO_TEST_SUITE_END()
