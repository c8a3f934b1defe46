// The hosted citizen pages on the whole platform (SQLite, HTTPS on a free port, the BankID
// simulator): start page, form steps with every field type, the error summary and its ARIA
// wiring, a walk through to the receipt and the errand, CSRF, escaping, the language switch,
// and BankID login for a service that requires it, then Mina sidor.
#include <boost/test/unit_test.hpp>

#include <regex>

#include "samverkan/eservices/errand_work.hpp"
#include "samverkan/eservices/submissions.hpp"
#include "services/eservices/pages_fixture.hpp"

using namespace samverkan;
using namespace samverkan::test::pages;

namespace {

const std::string kFault = "/e/0686/tjanst/felanmalan-gata-park/steg/fault";

// Logs `b` in with the BankID simulator (its default user, Anna) and returns to `next`.
void log_in(PagesFixture& fixture, Browser& b, const std::string& next) {
  auto r = b.get("/e/0686/logga-in?next=" + encode(next));
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  r = b.post("/e/0686/logga-in", "_csrf=" + encode(Browser::csrf(r.body)) + "&next=" + encode(next));
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  const auto login_id = Html(r.body).value("string(//input[@name='login_id']/@value)");
  const std::string collect =
      "_csrf=" + encode(Browser::csrf(r.body)) + "&login_id=" + encode(login_id) + "&next=" + encode(next);
  fixture.clock.advance(std::chrono::seconds(6));
  r = b.post("/e/0686/logga-in/kontrollera", collect);
  BOOST_TEST_REQUIRE(r.status == 303, r.body);
}

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

  r = b.post("/e/0686/tjanst/felanmalan-gata-park/granska", "_csrf=" + encode(Browser::csrf(review.body)));
  BOOST_TEST_REQUIRE(r.status == 303, r.body);
  const std::string location = r.headers.at("location");
  std::smatch match;
  BOOST_TEST_REQUIRE(std::regex_match(location, match, std::regex("/e/0686/kvitto/(ET-[0-9]{4}-[0-9]{6})")), location);
  const std::string reference = match[1];
  const auto receipt = b.get(location);
  BOOST_TEST_REQUIRE(receipt.status == 200);
  BOOST_TEST(Html(receipt.body).value("string(//strong[@class='reference'])") == reference);
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
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  const Html pending(r.body);
  BOOST_TEST(pending.value("string(//p[@class='qr']/code)").find("bankid.") == 0, "the QR content as text");
  BOOST_TEST(pending.value("string(//a[starts-with(@href, 'bankid:///?autostarttoken=')]/@href)").size() > 30);
  const auto login_id = pending.value("string(//input[@name='login_id']/@value)");
  BOOST_TEST(!login_id.empty());
  const auto csrf = Browser::csrf(r.body);
  const std::string collect = "_csrf=" + encode(csrf) + "&login_id=" + encode(login_id) + "&next=" + encode(step);

  clock.advance(std::chrono::seconds(1));
  r = b.post("/e/0686/logga-in/kontrollera", collect);
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  BOOST_TEST(Html(r.body).value("string(//p[@role='status'])") == "Starta BankID-appen.");
  BOOST_TEST(Html(r.body).value("string(//input[@name='login_id']/@value)") == login_id, "check again");

  clock.advance(std::chrono::seconds(5));
  r = b.post("/e/0686/logga-in/kontrollera", collect);
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
    if (last.status != 200) break;
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
  log_in(*this, b, "/e/0686/mina-sidor");

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

BOOST_AUTO_TEST_SUITE_END()
