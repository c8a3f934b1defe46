// The hosted citizen pages on the whole platform (SQLite, HTTPS on a free port, the BankID
// simulator): start page, form steps with every field type, the error summary and its ARIA
// wiring, a walk through to the receipt and the errand, CSRF, escaping, the language switch,
// and BankID login for a service that requires it, then Mina sidor.
#include <boost/test/unit_test.hpp>

#include <soci/soci.h>

#include <chrono>
#include <regex>

#include "samverkan/eservices/errand_work.hpp"
#include "samverkan/eservices/submissions.hpp"
#include "services/eservices/pages_fixture.hpp"
#include "services/eservices/sample_files.hpp"
#include "support/e2e_script.hpp"
#include "support/local_time.hpp"

using namespace samverkan;
using namespace samverkan::test::pages;

namespace {

const std::string kFault = "/e/0686/tjanst/felanmalan-gata-park/steg/fault";

// A fault report in Eksjö by `citizen`, submitted through the service layer.
std::string report_by(PagesFixture& fixture, const char* citizen) {
  eservices::Catalogue catalogue(fixture.platform->cooperation());
  eservices::Submissions submissions(catalogue, fixture.platform->keyring());
  tenancy::Context ctx(fixture.platform->database(), security::Principal::citizen(test::person(citizen)), kEksjo,
                       SystemClock::instance(), &fixture.platform->audit_log());
  eservices::Answers answers;
  answers.values = {{"fault-type", {"pothole"}}, {"description", {"Ett hål vid torget"}}, {"address", {"Torget"}}};
  const auto reference = submissions.submit(ctx, "felanmalan-gata-park", 1, answers).receipt.value().reference;
  ctx.commit();
  return reference;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(pages_test)

BOOST_FIXTURE_TEST_CASE(start_page_lists_the_published_services, PagesFixture) {
  auto b = browser();
  const auto r = b.get("/e/0686");
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  BOOST_TEST(r.content_type.find("text/html") == 0);
  BOOST_TEST(r.headers.at("content-security-policy").find("default-src 'self'") != std::string::npos);
  BOOST_TEST(r.headers.at("set-cookie").find("__Host-samverkan_session=") == 0, "every visitor gets a session");
  const Html page(r.body);
  BOOST_TEST(page.value("string(/html/@lang)") == "sv");
  BOOST_TEST(page.value("string(//a[@href='/e/0686/tjanst/felanmalan-gata-park'])") == "Felanmälan i Eksjö",
             "the local title");
  BOOST_TEST(page.count("//a[@href='/e/0686/tjanst/skolskjuts']") == 1);
  BOOST_TEST(page.count("//a[@href='/e/0686/tjanst/alla-falt']") == 1);
  BOOST_TEST(page.value("string(//header)").find("Eksjö kommun") != std::string::npos);
  BOOST_TEST(page.count("//a[@class='skip-link' and @href='#main']") == 1);
  BOOST_TEST(page.count("//main[@id='main']") == 1);
  BOOST_TEST(page.count("//script") == 0);
  BOOST_TEST(page.count("//*[@style]") == 0, "CSP default-src 'self' forbids inline styles");
  BOOST_TEST(page.count("//link[@rel='stylesheet' and @href='/e/static/site.css']") == 1);
  BOOST_TEST(page.count("//link[@rel='stylesheet' and @href='/e/0686/brand.css']") == 1);

  const auto css = b.get("/e/static/site.css");
  BOOST_TEST(css.status == 200);
  BOOST_TEST(css.content_type.find("text/css") == 0);
  BOOST_TEST(css.body.find(":focus") != std::string::npos, "visible focus styles");
  const auto brand = b.get("/e/0686/brand.css");
  BOOST_TEST(brand.status == 200);
  BOOST_TEST(std::regex_search(brand.body, std::regex("border-top-color: #[0-9A-Fa-f]{6};")));

  const auto unknown = b.get("/e/9999");
  BOOST_TEST(unknown.status == 404);
  BOOST_TEST(unknown.content_type.find("text/html") == 0, "an HTML page, not problem+json");
  BOOST_TEST(Html(unknown.body).value("string(//a[@hreflang='en']/@href)") == "/e/9999?lang=en");
  BOOST_TEST(b.get("/e/0686/tjanst/finns-inte").status == 404);
  BOOST_TEST(b.get("/e/0686/tjanst/alla-falt/steg/finns-inte").status == 404);

  // A withdrawn service disappears from the start page and its form is gone.
  {
    eservices::Catalogue catalogue(platform->cooperation());
    const auto editor = security::Principal::staff("editor", {{kEksjo, {security::Role::kEServiceEditor}}});
    tenancy::Context ctx(platform->database(), editor, kEksjo, SystemClock::instance(), &platform->audit_log());
    catalogue.withdraw(ctx, "alla-falt");
    ctx.commit();
  }
  BOOST_TEST(Html(b.get("/e/0686").body).count("//a[@href='/e/0686/tjanst/alla-falt']") == 0);
  BOOST_TEST(b.get("/e/0686/tjanst/alla-falt/steg/allt").status == 404);
}

BOOST_FIXTURE_TEST_CASE(language_switch, PagesFixture) {
  auto b = browser();
  const Html sv(b.get("/e/0686").body);
  BOOST_TEST(sv.value("string(//a[@hreflang='en']/@href)") == "/e/0686?lang=en");
  const auto r = b.get("/e/0686?lang=en");
  BOOST_TEST_REQUIRE(r.status == 200);
  const Html en(r.body);
  BOOST_TEST(en.value("string(/html/@lang)") == "en");
  BOOST_TEST(en.value("string(//a[@href='/e/0686/tjanst/felanmalan-gata-park?lang=en'])") == "Fault report in Eksjö");
  BOOST_TEST(en.value("string(//a[@hreflang='sv']/@href)") == "/e/0686");
  const Html step(b.get(kFault + "?lang=en").body);
  BOOST_TEST(step.value("string(//fieldset[@id='fault-type']/legend)").find("Kind of fault") == 0);
  BOOST_TEST(step.value("string(//form/@action)") == kFault + "?lang=en", "the language survives the POST");
}

BOOST_FIXTURE_TEST_CASE(every_field_type_renders_with_its_label, PagesFixture) {
  auto b = browser();
  const auto resume = b.get("/e/0686/tjanst/alla-falt");
  BOOST_TEST_REQUIRE(resume.status == 303);
  BOOST_TEST(resume.headers.at("location") == "/e/0686/tjanst/alla-falt/steg/allt");
  const auto r = b.get("/e/0686/tjanst/alla-falt/steg/allt");
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  const Html page(r.body);
  const std::pair<const char*, const char*> inputs[] = {{"f-text", "text"},   {"f-number", "text"}, {"f-date", "date"},
                                                        {"f-email", "email"}, {"f-phone", "tel"},   {"f-pnr", "text"},
                                                        {"f-org", "text"},    {"f-file", "file"}};
  for (const auto& [id, type] : inputs) {
    BOOST_TEST(page.value("string(//input[@id='" + std::string(id) + "']/@type)") == type, id);
    BOOST_TEST(
        page.count("//label[@for='" + std::string(id) + "' and starts-with(normalize-space(.), 'Etikett')]") == 1, id);
  }
  BOOST_TEST(page.count("//label[@for='f-textarea']") == 1);
  BOOST_TEST(page.count("//textarea[@id='f-textarea']") == 1);
  BOOST_TEST(page.count("//label[@for='f-list']") == 1);
  BOOST_TEST(page.count("//select[@id='f-list']/option[@value='b']") == 1);
  BOOST_TEST(page.count("//input[@id='f-check' and @type='checkbox']") == 1);
  BOOST_TEST(page.count("//label[@for='f-check']") == 1);
  for (const std::string id : {"f-radio", "f-multi"}) {
    BOOST_TEST(page.value("string(//fieldset[@id='" + id + "']/legend)").find("Etikett") == 0, id);
    BOOST_TEST(page.count("//fieldset[@id='" + id + "']//input[@id='" + id + "-0']") == 1, id);
    BOOST_TEST(page.count("//label[@for='" + id + "-1' and normalize-space(.)='Beta']") == 1, id);
  }
  BOOST_TEST(page.value("string(//fieldset[@id='f-radio']//input[1]/@type)") == "radio");
  BOOST_TEST(page.value("string(//fieldset[@id='f-multi']//input[1]/@type)") == "checkbox");
  // Required in text, hint tied to its field, multipart because of the attachment.
  BOOST_TEST(page.value("string(//label[@for='f-text'])").find("(obligatoriskt)") != std::string::npos);
  BOOST_TEST(page.value("string(//label[@for='f-textarea'])").find("obligatoriskt") == std::string::npos);
  BOOST_TEST(page.value("string(//input[@id='f-text']/@aria-describedby)") == "f-text-hint");
  BOOST_TEST(page.value("string(//*[@id='f-text-hint'])") == "Hjälptext");
  BOOST_TEST(page.value("string(//form/@enctype)") == "multipart/form-data");
  BOOST_TEST(page.value("string(//form/@method)") == "post");
  BOOST_TEST(!Browser::csrf(r.body).empty());
}

BOOST_FIXTURE_TEST_CASE(an_invalid_answer_gives_the_error_summary, PagesFixture) {
  auto b = browser();
  const auto form = b.get(kFault);
  BOOST_TEST_REQUIRE(form.status == 200);
  const auto csrf = Browser::csrf(form.body);
  const auto r = b.post(kFault, "_csrf=" + encode(csrf) + "&description=short&_nav=next");
  BOOST_TEST_REQUIRE(r.status == 422, r.body);
  const Html page(r.body);
  BOOST_TEST(page.value("string(//title)").find("Fel:") == 0);
  BOOST_TEST(page.count("//div[@class='error-summary' and @tabindex='-1']/h2") == 1);
  BOOST_TEST(page.value("string(//div[@class='error-summary']/@aria-labelledby)") == "error-summary-title");
  BOOST_TEST(page.count("//div[@class='error-summary']//li/a") == 2);
  // Each link goes to an element that exists: the first radio of the choice, the text area.
  BOOST_TEST(page.count("//div[@class='error-summary']//a[@href='#fault-type-0']") == 1);
  BOOST_TEST(page.count("//div[@class='error-summary']//a[@href='#description']") == 1);
  BOOST_TEST(page.count("//input[@id='fault-type-0']") == 1);
  BOOST_TEST(page.count("//textarea[@id='description']") == 1);
  // The summary comes before the form.
  BOOST_TEST(page.count("//div[@class='error-summary']/following::form") == 1);
  // Errors tied to their fields.
  BOOST_TEST(page.value("string(//textarea[@id='description']/@aria-invalid)") == "true");
  BOOST_TEST(page.value("string(//textarea[@id='description']/@aria-describedby)").find("description-error") !=
             std::string::npos);
  BOOST_TEST(page.value("string(//*[@id='description-error'])").find("Fel:") != std::string::npos);
  BOOST_TEST(page.value("string(//fieldset[@id='fault-type']/@aria-invalid)") == "true");
  BOOST_TEST(page.value("string(//fieldset[@id='fault-type']/@aria-describedby)") == "fault-type-error");
  BOOST_TEST(page.count("//*[@id='fault-type-error']") == 1);
  // The answer is kept; a field without an error is not marked.
  BOOST_TEST(page.value("string(//textarea[@id='description'])") == "short");
  BOOST_TEST(page.count("//input[@id='observed' and @aria-invalid]") == 0);
}

BOOST_FIXTURE_TEST_CASE(a_walk_through_gives_a_receipt_and_an_errand, PagesFixture) {
  auto b = browser();
  auto csrf = Browser::csrf(b.get("/e/0686/tjanst/felanmalan-gata-park/steg/fault").body);
  const auto token = "_csrf=" + encode(csrf);
  auto r = b.post(kFault, token + "&fault-type=pothole&description=" + encode("Djupt hål vid skolan") + "&_nav=next");
  BOOST_TEST_REQUIRE(r.status == 303, r.body);
  BOOST_TEST(r.headers.at("location") == "/e/0686/tjanst/felanmalan-gata-park/steg/place");
  // The next step, then back: the answers of the first step are still there.
  const std::string place = "/e/0686/tjanst/felanmalan-gata-park/steg/place";
  BOOST_TEST(Html(b.get(place).body).value("string(//button[@value='back'])") == "Föregående");
  r = b.post(place, token + "&address=&_nav=back");
  BOOST_TEST_REQUIRE(r.status == 303);
  BOOST_TEST(r.headers.at("location") == kFault);
  const Html first(b.get(kFault).body);
  BOOST_TEST(first.count("//input[@id='fault-type-0' and @checked]") == 1);
  BOOST_TEST(first.value("string(//textarea[@id='description'])") == "Djupt hål vid skolan");

  r = b.post(kFault, token + "&fault-type=pothole&description=" + encode("Djupt hål vid skolan") + "&_nav=next");
  BOOST_TEST_REQUIRE(r.status == 303);
  // The attachment step as multipart/form-data (the browser's encoding with a file input).
  const std::string boundary = "----samverkanBoundary";
  const std::string multipart =
      "--" + boundary + "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + csrf + "\r\n--" + boundary +
      "\r\nContent-Disposition: form-data; name=\"address\"\r\n\r\nStorgatan 1\r\n--" + boundary +
      "\r\nContent-Disposition: form-data; name=\"_nav\"\r\n\r\nnext\r\n--" + boundary + "--\r\n";
  r = b.post(place, multipart, "multipart/form-data; boundary=" + boundary);
  BOOST_TEST_REQUIRE(r.status == 303, r.body);
  const std::string contact = "/e/0686/tjanst/felanmalan-gata-park/steg/contact";
  BOOST_TEST(r.headers.at("location") == contact);
  r = b.post(contact, token + "&wants-feedback=true&reporter-email=" + encode("anna@example.se") + "&_nav=next");
  BOOST_TEST_REQUIRE(r.status == 303, r.body);
  BOOST_TEST(r.headers.at("location") == "/e/0686/tjanst/felanmalan-gata-park/granska");

  const auto review = b.get("/e/0686/tjanst/felanmalan-gata-park/granska");
  BOOST_TEST_REQUIRE(review.status == 200);
  const Html review_page(review.body);
  BOOST_TEST(review_page.value("string(//dt[.='Adress eller plats']/following-sibling::dd[1])") == "Storgatan 1");
  BOOST_TEST(review_page.value("string(//dt[.='Typ av fel']/following-sibling::dd[1])") == "Hål eller skada i vägen");
  BOOST_TEST(review_page.count("//a[@href='/e/0686/tjanst/felanmalan-gata-park/steg/place#address']") == 1,
             "a change link to the field");

  const auto before = std::chrono::system_clock::now();
  r = b.post("/e/0686/tjanst/felanmalan-gata-park/granska", "_csrf=" + encode(Browser::csrf(review.body)));
  const auto after = std::chrono::system_clock::now();
  BOOST_TEST_REQUIRE(r.status == 303, r.body);
  const std::string location = r.headers.at("location");
  std::smatch match;
  BOOST_TEST_REQUIRE(std::regex_match(location, match, std::regex("/e/0686/kvitto/(ET-[0-9]{4}-[0-9]{6})")), location);
  const std::string reference = match[1];
  const auto receipt = b.get(location);
  BOOST_TEST_REQUIRE(receipt.status == 200);
  BOOST_TEST(Html(receipt.body).value("string(//strong[@class='reference'])") == reference);
  // The time of submission in Swedish local time (as the C library renders Europe/Stockholm).
  const std::string shown = Html(receipt.body).value("string(//dl/div[2]/dd)");
  BOOST_TEST((shown == test::stockholm_minute(before) || shown == test::stockholm_minute(after)), shown);
  const auto text = b.get(location + "/text");
  BOOST_TEST(text.status == 200);
  BOOST_TEST(text.content_type.find("text/plain") == 0);
  BOOST_TEST(text.body.find(reference) != std::string::npos);
  BOOST_TEST(text.headers.at("content-disposition").find("attachment") == 0);
  // Another visitor cannot see this receipt.
  BOOST_TEST(browser().get(location).status == 404);

  // The errand exists in Eksjö's inbox with the answers given.
  eservices::Catalogue catalogue(platform->cooperation());
  eservices::Submissions submissions(catalogue, platform->keyring());
  const auto handler = security::Principal::staff("handler", {{kEksjo, {security::Role::kCaseHandler}}});
  tenancy::Context ctx(platform->database(), handler, kEksjo, SystemClock::instance(), &platform->audit_log());
  const auto errand = submissions.errand(ctx, reference);
  BOOST_TEST(errand.summary.service_id == "felanmalan-gata-park");
  BOOST_TEST(errand.answers.values.at("address").front() == "Storgatan 1");
  BOOST_TEST(errand.answers.values.at("reporter-email").front() == "anna@example.se");
  // The draft is gone: the form starts empty again.
  BOOST_TEST(Html(b.get(kFault).body).value("string(//textarea[@id='description'])").empty());
}

// Without JavaScript the contact fields stay on the page whether "Jag vill ha återkoppling" is
// ticked or not. What the citizen typed there is never dropped without a word: with the box
// unticked the step comes back with the answers kept and an error naming the choice; ticked,
// the answers reach the review page and the errand; left empty, the step passes.
BOOST_FIXTURE_TEST_CASE(an_answer_whose_condition_is_off_is_not_dropped_silently, PagesFixture) {
  const std::string contact = "/e/0686/tjanst/felanmalan-gata-park/steg/contact";
  const std::string review_path = "/e/0686/tjanst/felanmalan-gata-park/granska";
  auto b = browser();
  const auto token = "_csrf=" + encode(Browser::csrf(b.get(kFault).body));
  BOOST_TEST_REQUIRE(
      b.post(kFault, token + "&fault-type=pothole&description=" + encode("Djupt hål vid skolan") + "&_nav=next")
          .status == 303);
  BOOST_TEST_REQUIRE(b.post("/e/0686/tjanst/felanmalan-gata-park/steg/place",
                            token + "&address=" + encode("Storgatan 1") + "&_nav=next")
                         .status == 303);
  // Both contact fields on the page before the box is ticked.
  const Html empty(b.get(contact).body);
  BOOST_TEST(empty.count("//input[@id='reporter-name']") == 1);
  BOOST_TEST(empty.count("//input[@id='reporter-email']") == 1);

  // Unticked, with a name and an e-mail address: refused, kept, explained.
  auto r = b.post(contact, token + "&reporter-name=" + encode("Anna Berg") +
                               "&reporter-email=" + encode("anna@example.se") + "&_nav=next");
  BOOST_TEST_REQUIRE(r.status == 422, r.body);
  const Html refused(r.body);
  BOOST_TEST(refused.value("string(//input[@id='reporter-name']/@value)") == "Anna Berg");
  BOOST_TEST(refused.value("string(//input[@id='reporter-email']/@value)") == "anna@example.se");
  BOOST_TEST(refused.count("//div[@class='error-summary']//a[@href='#reporter-name']") == 1);
  BOOST_TEST(refused.count("//div[@class='error-summary']//a[@href='#reporter-email']") == 1);
  BOOST_TEST(refused.value("string(//*[@id='reporter-name-error'])").find("Jag vill ha återkoppling") !=
             std::string::npos);

  // Ticked: the answers are used.
  r = b.post(contact, token + "&wants-feedback=true&reporter-name=" + encode("Anna Berg") +
                          "&reporter-email=" + encode("anna@example.se") + "&_nav=next");
  BOOST_TEST_REQUIRE(r.status == 303, r.body);
  const Html review(b.get(review_path).body);
  BOOST_TEST(review.value("string(//dt[.='Namn']/following-sibling::dd[1])") == "Anna Berg");
  BOOST_TEST(review.value("string(//dt[.='E-postadress']/following-sibling::dd[1])") == "anna@example.se");
  r = b.post(review_path, token);
  BOOST_TEST_REQUIRE(r.status == 303, r.body);
  const std::string reference = r.headers.at("location").substr(r.headers.at("location").rfind('/') + 1);
  eservices::Catalogue catalogue(platform->cooperation());
  eservices::Submissions submissions(catalogue, platform->keyring());
  const auto handler = security::Principal::staff("handler", {{kEksjo, {security::Role::kCaseHandler}}});
  {
    tenancy::Context ctx(platform->database(), handler, kEksjo, SystemClock::instance(), &platform->audit_log());
    const auto errand = submissions.errand(ctx, reference);
    BOOST_TEST(errand.answers.values.at("reporter-name").front() == "Anna Berg");
    BOOST_TEST(errand.answers.values.at("reporter-email").front() == "anna@example.se");
    ctx.commit();
  }

  // A second report with the box unticked and the fields empty: no error, no contact answers.
  BOOST_TEST_REQUIRE(
      b.post(kFault, token + "&fault-type=pothole&description=" + encode("Trasig lykta vid torget") + "&_nav=next")
          .status == 303);
  BOOST_TEST_REQUIRE(
      b.post("/e/0686/tjanst/felanmalan-gata-park/steg/place", token + "&address=" + encode("Torget") + "&_nav=next")
          .status == 303);
  r = b.post(contact, token + "&reporter-name=&reporter-email=&_nav=next");
  BOOST_TEST_REQUIRE(r.status == 303, r.body);
  BOOST_TEST(Html(b.get(review_path).body).count("//dt[.='Namn']") == 0);
}

// A step that fails validation keeps no file it was sent: the citizen chooses it again, and
// failed posts leave nothing behind in the draft.
BOOST_FIXTURE_TEST_CASE(a_step_that_fails_validation_stores_no_file, PagesFixture) {
  const std::string place = "/e/0686/tjanst/felanmalan-gata-park/steg/place";
  auto b = browser();
  const std::string csrf = Browser::csrf(b.get(kFault).body);
  BOOST_TEST_REQUIRE(b.post(kFault, "_csrf=" + encode(csrf) + "&fault-type=pothole&description=" +
                                        encode("Djupt hål vid skolan") + "&_nav=next")
                         .status == 303);
  const std::string png = test::png_bytes();
  const auto multipart = [&](const std::string& address, bool with_photo) {
    return post_multipart(b, place, {{"_csrf", csrf}, {"address", address}, {"_nav", "next"}}, "photo",
                          with_photo ? "hal.png" : "", "image/png", png);
  };
  // The address is missing: refused, and the photo is not kept.
  BOOST_TEST_REQUIRE(multipart("", true).status == 422);
  BOOST_TEST_REQUIRE(multipart("Storgatan 1", false).status == 303);
  BOOST_TEST_REQUIRE(
      b.post("/e/0686/tjanst/felanmalan-gata-park/steg/contact", "_csrf=" + encode(csrf) + "&_nav=next").status == 303);
  const auto review = b.get("/e/0686/tjanst/felanmalan-gata-park/granska");
  BOOST_TEST_REQUIRE(review.status == 200);
  BOOST_TEST(review.body.find("hal.png") == std::string::npos);
  // With the address, the same photo is kept and reaches the review page.
  BOOST_TEST_REQUIRE(multipart("Storgatan 1", true).status == 303);
  BOOST_TEST(b.get("/e/0686/tjanst/felanmalan-gata-park/granska").body.find("hal.png") != std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(a_post_without_the_csrf_token_is_refused, PagesFixture) {
  auto b = browser();
  const auto form = b.get(kFault);
  BOOST_TEST_REQUIRE(form.status == 200);
  auto r = b.post(kFault, "fault-type=pothole&description=" + encode("Djupt hål vid skolan"));
  BOOST_TEST(r.status == 403);
  BOOST_TEST(r.content_type.find("text/html") == 0);
  BOOST_TEST(Html(r.body).value("string(//h1)") == "Åtkomst nekad");
  r = b.post(kFault, "_csrf=wrong&fault-type=pothole");
  BOOST_TEST(r.status == 403);
  // Another session's token is worth nothing here.
  auto other = browser();
  const auto other_csrf = Browser::csrf(other.get(kFault).body);
  BOOST_TEST(b.post(kFault, "_csrf=" + encode(other_csrf) + "&fault-type=pothole").status == 403);
  // No session at all.
  BOOST_TEST(browser().post(kFault, "_csrf=" + encode(Browser::csrf(form.body))).status == 403);
  // Nothing was kept.
  BOOST_TEST(Html(b.get(kFault).body).count("//input[@id='fault-type-0' and @checked]") == 0);
  // Submitting and logging in need the token too.
  BOOST_TEST(b.post("/e/0686/tjanst/felanmalan-gata-park/granska", "").status == 403);
  BOOST_TEST(b.post("/e/0686/logga-in", "next=%2Fe%2F0686").status == 403);
}

BOOST_FIXTURE_TEST_CASE(answers_are_escaped, PagesFixture) {
  auto b = browser();
  const auto csrf = Browser::csrf(b.get(kFault).body);
  const std::string evil = "<script>alert(\"x\")</script> & 'quoted' text";
  auto r = b.post(kFault, "_csrf=" + encode(csrf) + "&description=" + encode(evil) + "&_nav=next");
  BOOST_TEST_REQUIRE(r.status == 422);
  BOOST_TEST(r.body.find("<script>") == std::string::npos);
  BOOST_TEST(r.body.find("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &apos;quoted&apos; text") !=
             std::string::npos);
  BOOST_TEST(Html(r.body).value("string(//textarea[@id='description'])") == evil, "and comes back intact");
  r = b.post(kFault, "_csrf=" + encode(csrf) + "&fault-type=other&description=" + encode(evil) + "&_nav=next");
  BOOST_TEST_REQUIRE(r.status == 303);
  const auto review = b.get("/e/0686/tjanst/felanmalan-gata-park/granska");
  BOOST_TEST(review.body.find("<script>") == std::string::npos);
  BOOST_TEST(Html(review.body).count("//script") == 0);
  BOOST_TEST(Html(review.body).value("string(//dt[.='Beskriv felet']/following-sibling::dd[1])") == evil);
}

BOOST_FIXTURE_TEST_CASE(a_service_that_requires_login_goes_through_bankid, PagesFixture) {
  auto b = browser();
  const std::string step = "/e/0686/tjanst/skolskjuts/steg/child";
  auto r = b.get(step);
  BOOST_TEST_REQUIRE(r.status == 303);
  BOOST_TEST(r.headers.at("location") == "/e/0686/logga-in?next=%2Fe%2F0686%2Ftjanst%2Fskolskjuts%2Fsteg%2Fchild");
  BOOST_TEST(b.get("/e/0686/mina-sidor").status == 303, "Mina sidor needs login too");

  r = b.get(r.headers.at("location"));
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  const Html login(r.body);
  BOOST_TEST(login.value("string(//form/input[@name='next']/@value)") == step);
  const auto pre_login_cookie = b.cookie;
  r = b.post("/e/0686/logga-in", "_csrf=" + encode(Browser::csrf(r.body)) + "&next=" + encode(step));
  BOOST_TEST_REQUIRE(r.status == 303, r.body);
  const std::string pending_path = r.headers.at("location");
  BOOST_TEST(std::regex_match(pending_path, std::regex("/e/0686/logga-in/[0-9a-f]{64}\\?next=.*")), pending_path);

  // The pending page: the QR image, BankID's message, "open BankID on this device", cancel,
  // the script that animates it and, for browsers without it, a reload every 2 seconds.
  clock.advance(std::chrono::seconds(1));
  r = b.get(pending_path);
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  const Html pending(r.body);
  BOOST_TEST(pending.value("string(//p[@role='status'])") == "Starta BankID-appen.");
  BOOST_TEST(pending.value("string(//a[starts-with(@href, 'bankid:///?autostarttoken=')]/@href)").size() > 30);
  BOOST_TEST(pending.value("string(//img[@alt='QR-kod för inloggning med BankID på en annan enhet']/@src)")
                 .starts_with(pending_path.substr(0, pending_path.find('?')) + "/qr.svg"));
  BOOST_TEST(pending.count("//script[@src='/e/static/bankid.js']") == 1);
  BOOST_TEST(r.body.find("<noscript><meta http-equiv=\"refresh\" content=\"2\"></noscript>") != std::string::npos);
  BOOST_TEST(!std::regex_search(r.body, std::regex("bankid\\.[0-9a-f-]{20,}\\.")), "no QR data as text");
  BOOST_TEST(pending.count("//form[contains(@action, '/avbryt')]//button") == 1);
  BOOST_TEST(b.get("/e/static/bankid.js").content_type.starts_with("text/javascript"));

  // The script's status: pending, then complete with the session cookie and where to go.
  auto status =
      b.get(pending_path.substr(0, pending_path.find('?')) + "/status" + pending_path.substr(pending_path.find('?')));
  BOOST_TEST_REQUIRE(status.status == 200, status.body);
  BOOST_TEST(status.body.find(R"("state":"pending")") != std::string::npos, status.body);
  BOOST_TEST(status.headers.count("set-cookie") == 0u);

  clock.advance(std::chrono::seconds(5));
  r = b.get(pending_path);
  BOOST_TEST_REQUIRE(r.status == 303, r.body);
  BOOST_TEST(r.headers.at("location") == step);
  BOOST_TEST(b.cookie != pre_login_cookie, "the session was rotated at login");
  r = b.get(step);
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  BOOST_TEST(Html(r.body).count("//input[@id='child-personnummer']") == 1);
  BOOST_TEST(Html(r.body).count("//select[@id='school-year']") == 1);

  // The logged-in citizen's draft is stored with the submissions draft API.
  r = b.post(step, "_csrf=" + encode(Browser::csrf(r.body)) + "&child-name=Kalle&_nav=next");
  BOOST_TEST(r.status == 422);
  {
    eservices::Catalogue catalogue(platform->cooperation());
    eservices::Submissions submissions(catalogue, platform->keyring());
    tenancy::Context ctx(platform->database(), security::Principal::citizen(test::person(test::kAnna)), kEksjo,
                         SystemClock::instance(), &platform->audit_log());
    const auto draft = submissions.draft(ctx, "skolskjuts");
    BOOST_TEST_REQUIRE(draft.has_value());
    BOOST_TEST(draft->answers.values.at("child-name").front() == "Kalle");
  }

  // Mina sidor: the citizen's errands (one submitted through the API layer here).
  {
    eservices::Catalogue catalogue(platform->cooperation());
    eservices::Submissions submissions(catalogue, platform->keyring());
    tenancy::Context ctx(platform->database(), security::Principal::citizen(test::person(test::kAnna)), kEksjo,
                         SystemClock::instance(), &platform->audit_log());
    eservices::Answers answers;
    answers.values = {
        {"fault-type", {"pothole"}}, {"description", {"Ett hål i vägen vid torget"}}, {"address", {"Torget"}}};
    const auto outcome = submissions.submit(ctx, "felanmalan-gata-park", 1, answers);
    BOOST_TEST_REQUIRE(outcome.receipt.has_value());
    ctx.commit();
    r = b.get("/e/0686/mina-sidor");
    BOOST_TEST_REQUIRE(r.status == 200, r.body);
    const Html mine(r.body);
    BOOST_TEST(mine.count("//table/tbody/tr") == 1);
    BOOST_TEST(mine.value("string(//table/tbody/tr/td[1])") == outcome.receipt->reference);
    BOOST_TEST(mine.value("string(//table/tbody/tr/td[2])") == "Felanmälan i Eksjö");
    BOOST_TEST(mine.value("string(//table/tbody/tr/td[3])") == "Mottaget");
    // Her receipt, read from the database (it was not submitted in this session).
    const auto receipt = b.get("/e/0686/kvitto/" + outcome.receipt->reference);
    BOOST_TEST_REQUIRE(receipt.status == 200);
    BOOST_TEST(Html(receipt.body).value("string(//strong[@class='reference'])") == outcome.receipt->reference);
    // Another visitor sees none of it.
    BOOST_TEST(browser().get("/e/0686/mina-sidor").status == 303);
    // Logout ends the session.
    r = b.post("/e/0686/logga-ut", "_csrf=" + encode(Browser::csrf(r.body)));
    BOOST_TEST(r.status == 303);
    BOOST_TEST(b.get("/e/0686/mina-sidor").status == 303);
  }
}

BOOST_FIXTURE_TEST_CASE(login_redirects_only_to_local_pages, PagesFixture) {
  auto b = browser();
  const auto r = b.get("/e/0686/logga-in?next=" + encode("https://evil.example/"));
  BOOST_TEST_REQUIRE(r.status == 200);
  BOOST_TEST(Html(r.body).value("string(//form/input[@name='next']/@value)") == "/e/0686");
  const auto r2 = b.get("/e/0686/logga-in?next=" + encode("//evil.example/e/0686"));
  BOOST_TEST(Html(r2.body).value("string(//form/input[@name='next']/@value)") == "/e/0686");
}

BOOST_FIXTURE_TEST_CASE(bankid_starts_are_rate_limited_per_address, PagesFixture) {
  auto b = browser();
  const auto csrf = Browser::csrf(b.get("/e/0686/logga-in").body);
  int started = 0;
  test::HttpResult last;
  for (int i = 0; i < 40; ++i) {
    last = b.post("/e/0686/logga-in", "_csrf=" + encode(csrf) + "&next=%2Fe%2F0686");
    if (last.status != 303) break;  // on to the pending page
    ++started;
  }
  BOOST_TEST(started >= 1);
  BOOST_TEST(started < 40);
  BOOST_TEST(last.status == 429);
  BOOST_TEST(last.content_type.find("text/html") == 0);
  BOOST_TEST(std::stoi(last.headers.at("retry-after")) >= 1);
}

BOOST_FIXTURE_TEST_CASE(the_citizen_reads_and_answers_messages_on_mina_sidor, PagesFixture) {
  const std::string mine = report_by(*this, test::kAnna);
  const std::string someone_elses = report_by(*this, test::kBertil);
  eservices::Catalogue catalogue(platform->cooperation());
  eservices::Submissions submissions(catalogue, platform->keyring());
  eservices::ErrandWork work(submissions, platform->keyring());
  const auto handler = security::Principal::staff("handler", {{kEksjo, {security::Role::kCaseHandler}}});
  const auto as_handler = [&](auto&& action) {
    tenancy::Context ctx(platform->database(), handler, kEksjo, SystemClock::instance(), &platform->audit_log());
    action(ctx);
    ctx.commit();
  };
  as_handler([&](auto& ctx) {
    work.add_note(ctx, mine, "Intern: kontakta entreprenören");
    work.post_message(ctx, mine, "Hur stort är hålet?\nSkicka gärna en bild.");
  });

  auto b = browser();
  const std::string page = "/e/0686/mina-sidor/arende/" + mine;
  auto r = b.get(page);
  BOOST_TEST_REQUIRE(r.status == 303, "login first");
  BOOST_TEST(r.headers.at("location") == "/e/0686/logga-in?next=" + encode(page));
  log_in(b, "/e/0686/mina-sidor");

  // Mina sidor links to the errand.
  r = b.get("/e/0686/mina-sidor");
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  BOOST_TEST(Html(r.body).value("string(//table/tbody/tr/td[1]/a/@href)") == page);

  r = b.get(page);
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  {
    const Html errand(r.body);
    BOOST_TEST(errand.value("string(//h1)") == "Ärende " + mine);
    BOOST_TEST(errand.count("//ol[@class='messages']/li") == 1);
    BOOST_TEST(errand.value("string(//li[contains(@class,'message')]/p[@class='message-body'])") ==
               "Hur stort är hålet?\nSkicka gärna en bild.");
    BOOST_TEST(errand.value("string(//li[contains(@class,'message')]/h3)") == "Eksjö kommun");
    BOOST_TEST(r.body.find("Intern") == std::string::npos, "internal notes never reach the citizen");
    BOOST_TEST(errand.value("string(//label[@for='reply'])").find("Ditt svar") == 0);
    BOOST_TEST(errand.value("string(//textarea[@id='reply']/@aria-describedby)") == "reply-hint");
  }

  // An empty reply: the error summary, linked to the field, which is marked and described.
  r = b.post(page, "_csrf=" + encode(Browser::csrf(r.body)) + "&reply=" + encode("  "));
  BOOST_TEST_REQUIRE(r.status == 422, r.body);
  {
    const Html invalid(r.body);
    BOOST_TEST(invalid.value("string(//div[@class='error-summary']//a/@href)") == "#reply");
    BOOST_TEST(invalid.value("string(//title)").find("Fel:") == 0);
    BOOST_TEST(invalid.value("string(//textarea[@id='reply']/@aria-invalid)") == "true");
    BOOST_TEST(invalid.value("string(//textarea[@id='reply']/@aria-describedby)") == "reply-hint reply-error");
    BOOST_TEST(invalid.value("string(//p[@id='reply-error'])").find("Skriv ditt svar.") != std::string::npos);
  }
  // Without the CSRF token: refused, nothing stored.
  BOOST_TEST(b.post(page, "reply=hej").status == 403);
  BOOST_TEST(b.post(page, "_csrf=wrong&reply=hej").status == 403);

  // A reply (escaped when shown): back to the errand, where it follows the question.
  r = b.post(page, "_csrf=" + encode(Browser::csrf(r.body)) + "&reply=" + encode("Ungefär 30 cm <b>djupt</b>"));
  BOOST_TEST_REQUIRE(r.status == 303, r.body);
  BOOST_TEST(r.headers.at("location") == page);
  r = b.get(page);
  {
    const Html errand(r.body);
    BOOST_TEST(errand.count("//ol[@class='messages']/li") == 2);
    BOOST_TEST(errand.value("string(//ol/li[2]/h3)") == "Du");
    BOOST_TEST(errand.value("string(//ol/li[2]/p[@class='message-body'])") == "Ungefär 30 cm <b>djupt</b>");
    BOOST_TEST(errand.count("//b") == 0);
  }
  as_handler([&](auto& ctx) {
    const auto messages = work.messages(ctx, mine);
    BOOST_TEST_REQUIRE(messages.size() == 2u);
    BOOST_TEST(messages[1].body == "Ungefär 30 cm <b>djupt</b>");
  });

  // English; another citizen's errand and an unknown one are 404 (also for a reply).
  BOOST_TEST(Html(b.get(page + "?lang=en").body).value("string(//h1)") == "Errand " + mine);
  BOOST_TEST(b.get("/e/0686/mina-sidor/arende/" + someone_elses).status == 404);
  BOOST_TEST(b.get("/e/0686/mina-sidor/arende/ET-2026-999999").status == 404);
  BOOST_TEST(
      b.post("/e/0686/mina-sidor/arende/" + someone_elses, "_csrf=" + encode(Browser::csrf(r.body)) + "&reply=hej")
          .status == 404);
  BOOST_TEST(b.get("/e/0682/mina-sidor/arende/" + mine).status == 404, "another municipality's path");

  // Closed: no reply form, and a reply is refused.
  as_handler([&](auto& ctx) { submissions.change_status(ctx, mine, eservices::ErrandStatus::kClosed); });
  r = b.get(page);
  BOOST_TEST(Html(r.body).count("//textarea[@id='reply']") == 0);
  BOOST_TEST(Html(r.body).value("string(//dd[1])") == "Avslutat");
  BOOST_TEST(b.post(page, "_csrf=" + encode(Browser::csrf(b.get("/e/0686/mina-sidor").body)) + "&reply=hej").status ==
             409);
}

// Once the errand is closed, Mina sidor offers the satisfaction survey: three questions 1-10 in
// fieldsets; a missing answer gives the error summary linked to its first option, the answers
// kept; the answers are stored once, anonymously; afterwards the page thanks, and no survey.
BOOST_FIXTURE_TEST_CASE(the_citizen_answers_the_survey_of_a_closed_errand, PagesFixture) {
  const std::string mine = report_by(*this, test::kAnna);
  const std::string someone_elses = report_by(*this, test::kBertil);
  eservices::Catalogue catalogue(platform->cooperation());
  eservices::Submissions submissions(catalogue, platform->keyring());
  const auto handler = security::Principal::staff("handler", {{kEksjo, {security::Role::kCaseHandler}}});
  const auto close = [&](const std::string& reference) {
    tenancy::Context ctx(platform->database(), handler, kEksjo, SystemClock::instance(), &platform->audit_log());
    submissions.change_status(ctx, reference, eservices::ErrandStatus::kClosed);
    ctx.commit();
  };
  const auto stored = [&] {
    long long n = 0;
    auto session = platform->database().acquire();
    *session << "SELECT COUNT(*) FROM eservice_survey_answer", soci::into(n);
    return n;
  };
  auto b = browser();
  log_in(b, "/e/0686/mina-sidor");
  const std::string page = "/e/0686/mina-sidor/arende/" + mine;
  const std::string survey = page + "/enkat";

  // Open errand: no survey, and answering is turned away to the errand's page.
  auto r = b.get(page);
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  BOOST_TEST(Html(r.body).count("//form[@class='survey']") == 0);
  const std::string csrf = Browser::csrf(r.body);
  const std::string full = "_csrf=" + encode(csrf) + "&overall=8&expectations=7&ideal=9";
  r = b.post(survey, full);
  BOOST_TEST(r.status == 303);
  BOOST_TEST(stored() == 0);

  close(mine);
  close(someone_elses);
  r = b.get(page);
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  {
    const Html html(r.body);
    BOOST_TEST(html.value("string(//h2[@id='survey-heading'])") == "Hur tyckte du att det gick?");
    BOOST_TEST(html.count("//form[@class='survey']//fieldset") == 3);
    BOOST_TEST(html.count("//form[@class='survey']//input[@type='radio'][@name='overall']") == 10);
    BOOST_TEST(html.value("string(//label[@for='survey-ideal-10'])") == "10");
    BOOST_TEST(html.value("string((//form[@class='survey']//fieldset)[1]/legend)") ==
               "Hur nöjd är du sammantaget med hur ditt ärende hanterades?");
    BOOST_TEST(html.value("string((//form[@class='survey']//fieldset)[1]/@aria-describedby)") == "survey-overall-hint");
    BOOST_TEST(html.value("string(//form[@class='survey']/@action)") == survey);
  }

  // Two answers missing, one out of range: the summary links each question's first option.
  r = b.post(survey, "_csrf=" + encode(csrf) + "&overall=8&ideal=11");
  BOOST_TEST_REQUIRE(r.status == 422, r.body);
  {
    const Html invalid(r.body);
    BOOST_TEST(invalid.value("string(//title)").find("Fel:") == 0);
    BOOST_TEST(invalid.count("//div[@class='error-summary']//a") == 2);
    BOOST_TEST(invalid.value("string(//div[@class='error-summary']//li[1]/a/@href)") == "#survey-expectations-1");
    BOOST_TEST(invalid.value("string(//div[@class='error-summary']//li[2]/a/@href)") == "#survey-ideal-1");
    BOOST_TEST(invalid.value("string(//input[@id='survey-overall-8']/@checked)") == "checked", "the answer is kept");
    BOOST_TEST(invalid.value("string((//form[@class='survey']//fieldset)[2]/@aria-describedby)") ==
               "survey-expectations-hint survey-expectations-error");
    BOOST_TEST(invalid.value("string(//p[@id='survey-ideal-error'])").find("Välj ett svar från 1 till 10.") !=
               std::string::npos);
  }
  BOOST_TEST(stored() == 0);

  // Without the CSRF token, on someone else's errand, under another member: refused.
  BOOST_TEST(b.post(survey, "overall=8&expectations=7&ideal=9").status == 403);
  BOOST_TEST(b.post("/e/0686/mina-sidor/arende/" + someone_elses + "/enkat", full).status == 404);
  BOOST_TEST(b.post("/e/0682/mina-sidor/arende/" + mine + "/enkat", full).status == 404);
  BOOST_TEST(stored() == 0);

  r = b.post(survey, full);
  BOOST_TEST_REQUIRE(r.status == 303, r.body);
  BOOST_TEST(r.headers.at("location") == page + "#survey-heading");
  BOOST_TEST(stored() == 1);
  r = b.get(page + "?lang=en");
  BOOST_TEST(Html(r.body).count("//form[@class='survey']") == 0);
  BOOST_TEST(Html(r.body).value("string(//h2[@id='survey-heading']/following-sibling::p[1])") ==
             "Thank you for your answers!");
  BOOST_TEST(b.post(survey, full).status == 303, "a second answer is turned away");
  BOOST_TEST(stored() == 1, "once per errand");
}

// The cooperation's landing page lists every member with its e-services, notice board and
// contact details; every page's footer links the member's statements; the statements carry
// what the cooperation file says, in Digg's structure, with a fallback for a member that has
// given none; none of these pages starts a session.
BOOST_FIXTURE_TEST_CASE(landing_page_and_each_members_statements, PagesFixture) {
  auto b = browser();
  const auto landing = b.get("/");
  BOOST_TEST_REQUIRE(landing.status == 200, landing.body);
  BOOST_TEST(landing.content_type.find("text/html") == 0);
  BOOST_TEST(landing.headers.count("set-cookie") == 0U);
  const Html home(landing.body);
  BOOST_TEST(home.value("string(//h1)") == platform->cooperation().name);
  BOOST_TEST(home.count("//li[@class='member']") == static_cast<int>(platform->cooperation().members.size()));
  for (const auto& member : platform->cooperation().members) {
    BOOST_TEST_CONTEXT(member.name) {
      const std::string item = "//li[@class='member'][h3='" + member.name + "']";
      BOOST_TEST(home.count(item + "//a[@href='/e/" + member.code.str() + "']") == 1);
      BOOST_TEST(home.count(item + "//a[@href='/anslagstavla/" + member.code.str() + "']") == 1);
      BOOST_TEST(home.count(item + "//a[@href='mailto:" + member.contact.email + "']") == 1);
      BOOST_TEST(home.value("string(" + item + "//dd[3])") == member.contact.address);
    }
  }
  // Nässjö's switchboard as a tel: link in international form.
  BOOST_TEST(home.count("//a[@href='tel:+46380518000']") == 1);
  // The cooperation's own pages name the host's statements.
  BOOST_TEST(home.count("//footer//a[@href='/e/0682/tillganglighet']") == 1);

  // A member's pages link its statements and its notice board.
  const Html start(b.get("/e/0686").body);
  BOOST_TEST(start.count("//footer//a[@href='/e/0686/tillganglighet']") == 1);
  BOOST_TEST(start.count("//footer//a[@href='/e/0686/personuppgifter']") == 1);
  BOOST_TEST(start.count("//footer//a[@href='/e/0686/kakor']") == 1);
  BOOST_TEST(start.count("//header//a[@href='/anslagstavla/0686']") == 1);

  // Eksjö's accessibility statement, from the cooperation file.
  auto fresh = browser();
  const auto statement = fresh.get("/e/0686/tillganglighet");
  BOOST_TEST_REQUIRE(statement.status == 200);
  BOOST_TEST(statement.headers.count("set-cookie") == 0U);
  const Html eksjo(statement.body);
  BOOST_TEST(eksjo.value("string(//h1)") == "Tillgänglighetsredogörelse för Eksjö kommuns e-tjänster");
  BOOST_TEST(statement.body.find("delvis förenlig") != std::string::npos);
  BOOST_TEST(eksjo.count("//main//ul/li[.='Kartor i felanmälan saknar textalternativ för platsen.']") == 1);
  BOOST_TEST(eksjo.count("//a[@href='mailto:tillganglighet@eksjo.se']") == 1);
  BOOST_TEST(eksjo.count("//a[@href='https://www.digg.se/tdosanmalan']") == 1);
  BOOST_TEST(statement.body.find("Senaste bedömningen gjordes 2026-11-30") != std::string::npos);
  for (const std::string heading :
       {"Hur tillgänglig är webbplatsen?", "Rapportera brister i webbplatsens tillgänglighet", "Tillsyn",
        "Innehåll som inte är tillgängligt", "Hur vi har testat webbplatsen"}) {
    BOOST_TEST(eksjo.count("//h2[.='" + heading + "']") == 1, heading);
  }
  // In English.
  const Html english(fresh.get("/e/0686/tillganglighet?lang=en").body);
  BOOST_TEST(english.value("string(/html/@lang)") == "en");
  BOOST_TEST(english.count("//h2[.='Enforcement']") == 1);

  // Vetlanda has given no statement yet: the page says so and points to its contact details.
  const Html vetlanda(fresh.get("/e/0685/tillganglighet").body);
  BOOST_TEST(vetlanda.value("string(//main//p[2])").find("har ännu inte lämnat någon bedömning") != std::string::npos);
  BOOST_TEST(vetlanda.count("//a[@href='mailto:kommun@vetlanda.se']") >= 1);
  BOOST_TEST(vetlanda.count("//h2[.='Innehåll som inte är tillgängligt']") == 0);

  // The privacy notice: Eksjö as controller with its organisation number, the DPO, IMY.
  const auto privacy = fresh.get("/e/0686/personuppgifter");
  BOOST_TEST_REQUIRE(privacy.status == 200);
  BOOST_TEST(privacy.body.find("Eksjö kommun (organisationsnummer 212000-0860)") != std::string::npos);
  BOOST_TEST(Html(privacy.body).count("//a[@href='mailto:dataskyddsombud@eksjo.se']") == 1);
  BOOST_TEST(Html(privacy.body).count("//a[@href='https://www.imy.se']") == 1);
  BOOST_TEST(privacy.body.find("artikel 6.1 e") != std::string::npos);
  // Without a DPO in the file the notice sends the citizen to the municipality.
  BOOST_TEST(fresh.get("/e/0685/personuppgifter").body.find("så kommer du till kommunens dataskyddsombud") !=
             std::string::npos);

  // The cookie statement names the one cookie the pages set, as they set it.
  const auto cookies = fresh.get("/e/0686/kakor");
  BOOST_TEST_REQUIRE(cookies.status == 200);
  BOOST_TEST(Html(cookies.body).value("string(//table//td/code)") == "__Host-samverkan_session");
  BOOST_TEST(Html(cookies.body).count("//table/tbody/tr") == 1);
  BOOST_TEST(b.cookie.rfind("__Host-samverkan_session=", 0) == 0U);

  // An unknown member is a 404 page, not a statement.
  BOOST_TEST(fresh.get("/e/0680/tillganglighet").status == 404);
  BOOST_TEST(fresh.cookie.empty());
}

// The choice of notices on Mina sidor: offered by e-mail everywhere and by SMS where the member
// binds an SMS gateway (Eksjö in the example), checked with an error summary, saved encrypted,
// shown again; CSRF like every form.
BOOST_FIXTURE_TEST_CASE(the_citizen_chooses_notices_on_mina_sidor, PagesFixture) {
  auto b = browser();
  const std::string action = "/e/0686/mina-sidor/aviseringar";
  BOOST_TEST(b.post(action, "by_email=true&email=a%40example.se").status == 403, "no session, no CSRF token");
  log_in(b, "/e/0686/mina-sidor");
  auto r = b.get("/e/0686/mina-sidor");
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  {
    const Html page(r.body);
    BOOST_TEST(page.value("string(//h2[@id='notices-heading'])") == "Besked när något händer");
    BOOST_TEST(page.value("string(//form[@action='/e/0686/mina-sidor/aviseringar']/@method)") == "post");
    BOOST_TEST(page.count("//input[@id='notice-by-email' and not(@checked)]") == 1);
    BOOST_TEST(page.count("//input[@id='notice-by-sms']") == 1, "Eksjö binds an SMS gateway");
    BOOST_TEST(page.value("string(//input[@id='notice-mobile']/@type)") == "tel");
    BOOST_TEST(page.value("string(//input[@id='notice-email']/@autocomplete)") == "email");
  }
  const std::string csrf = encode(Browser::csrf(r.body));
  BOOST_TEST(b.post(action, "_csrf=wrong&by_email=true&email=a%40example.se").status == 403);

  // Both chosen, neither given well: each error in the summary and at its field, answers kept.
  r = b.post(action, "_csrf=" + csrf + "&by_email=true&by_sms=true&email=anna&mobile=" + encode("08-123 456 78"));
  BOOST_TEST_REQUIRE(r.status == 422, r.body);
  {
    const Html page(r.body);
    BOOST_TEST(page.value("string(//title)").find("Fel:") == 0);
    BOOST_TEST(page.count("//div[@class='error-summary']//a") == 2);
    BOOST_TEST(page.value("string(//div[@class='error-summary']//li[1]/a/@href)") == "#notice-email");
    BOOST_TEST(page.value("string(//div[@class='error-summary']//li[2]/a/@href)") == "#notice-mobile");
    BOOST_TEST(page.value("string(//p[@id='notice-mobile-error'])").find("inte ett mobilnummer") != std::string::npos);
    BOOST_TEST(page.value("string(//input[@id='notice-email']/@aria-invalid)") == "true");
    BOOST_TEST(page.value("string(//input[@id='notice-email']/@aria-describedby)") ==
               "notice-email-hint notice-email-error");
    BOOST_TEST(page.value("string(//input[@id='notice-email']/@value)") == "anna");
    BOOST_TEST(page.count("//input[@id='notice-by-sms' and @checked]") == 1);
  }
  // English errors on the English page.
  r = b.post(action + "?lang=en", "_csrf=" + csrf + "&by_sms=true&mobile=");
  BOOST_TEST_REQUIRE(r.status == 422, r.body);
  BOOST_TEST(Html(r.body).value("string(//p[@id='notice-mobile-error'])").find("Enter your mobile number") !=
             std::string::npos);

  // Saved: back to Mina sidor with a confirmation, the choice shown again (the number in E.164).
  r = b.post(action, "_csrf=" + csrf + "&by_email=true&by_sms=true&email=" + encode("anna@example.se") +
                         "&mobile=" + encode("070-123 45 67"));
  BOOST_TEST_REQUIRE(r.status == 303, r.body);
  BOOST_TEST(r.headers.at("location") == "/e/0686/mina-sidor?sparat=1");
  r = b.get("/e/0686/mina-sidor?sparat=1");
  {
    const Html page(r.body);
    BOOST_TEST(page.value("string(//p[@class='confirmation'])") == "Dina val för besked är sparade.");
    BOOST_TEST(page.value("string(//input[@id='notice-email']/@value)") == "anna@example.se");
    BOOST_TEST(page.value("string(//input[@id='notice-mobile']/@value)") == "+46701234567");
    BOOST_TEST(page.count("//input[@id='notice-by-sms' and @checked]") == 1);
  }
  BOOST_TEST(test::audit_successes(platform->database(), "0686", "citizen.notice-preference.save") == 1);

  // Vetlanda binds no SMS gateway: SMS is not offered, and a forged choice of it is refused.
  r = b.get("/e/0685/mina-sidor");
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  BOOST_TEST(Html(r.body).count("//input[@id='notice-by-sms']") == 0);
  BOOST_TEST(Html(r.body).value("string(//input[@id='notice-email']/@value)").empty(), "per municipality");
  r = b.post("/e/0685/mina-sidor/aviseringar", "_csrf=" + csrf + "&by_sms=true&mobile=0701234567");
  BOOST_TEST(r.status == 422);
  BOOST_TEST(Html(r.body).value("string(//div[@class='error-summary']//a/@href)") == "#notice-channels");
}

BOOST_AUTO_TEST_SUITE_END()
