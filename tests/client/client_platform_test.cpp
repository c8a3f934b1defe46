// samverkan::client's typed calls against the whole platform over HTTPS (its development
// certificate, API clients with the scopes each part needs): an integration submits on behalf of
// a citizen, idempotently, and follows the errand through the inbox (paged), its status,
// assignment, notes and messages; letters are sent once per clientRequestId, in bulk too, and
// their states read; the failure paths arrive as the typed exceptions: invalid answers with
// their fields, a refused letter of a batch by index, another municipality (404), a missing
// scope (403), an unknown status (400).
#include <boost/test/unit_test.hpp>

#include <Poco/Base64Decoder.h>

#include <sstream>

#include "client/published_eservice.hpp"
#include "samverkan/client/cases.hpp"
#include "samverkan/client/client.hpp"
#include "samverkan/client/errands.hpp"
#include "samverkan/client/errors.hpp"
#include "samverkan/client/letters.hpp"
#include "samverkan/tenancy/context.hpp"

namespace sc = samverkan::client;
using namespace samverkan;

namespace {

const auto kEksjo = ids::Kommunkod::parse("0686");
const auto kAneby = ids::Kommunkod::parse("0604");
constexpr const char* kService = "felanmalan-gata-park";

struct Fixture : test::PlatformFixture {
  Fixture() {
    test::publish_example_eservice(*platform, kEksjo);

    const auto admin = security::Principal::staff("admin", {{kEksjo, {security::Role::kAdministrator}}});
    tenancy::Context create(platform->database(), admin, kEksjo, SystemClock::instance(), &platform->audit_log());
    platform->auth().staff().create(create, {.username = "handlaggare",
                                             .hsa_id = std::nullopt,
                                             .display_name = "Hanna Handläggare",
                                             .roles = {security::Role::kCaseHandler},
                                             .platform_administrator = false});
    create.commit();
  }

  // Options of a new API client of `municipality` with `scopes`.
  sc::Options options_for(const ids::Kommunkod& municipality, const std::set<std::string>& scopes) {
    const auto admin =
        security::Principal::staff("admin-" + municipality.str(), {{municipality, {security::Role::kAdministrator}}});
    tenancy::Context ctx(platform->database(), admin, municipality, SystemClock::instance(), &platform->audit_log());
    const auto created = platform->auth().clients().create(ctx, scopes);
    ctx.commit();
    sc::Options o;
    o.server = platform->url();
    o.client_id = created.client.id;
    o.client_secret = created.secret;
    o.ca_file = platform->certificate_file();
    o.max_attempts = 1;
    return o;
  }

  static sc::Submission pothole(const std::string& description, std::optional<std::string> request_id = {}) {
    sc::Submission s;
    s.personnummer = "191212121212";
    s.version = 1;
    s.answers = {{"fault-type", {"pothole"}}, {"description", {description}}, {"address", {"Storgatan 1, Eksjö"}}};
    s.request_id = std::move(request_id);
    return s;
  }
};

sc::Letter letter_to(const std::string& recipient, const std::string& subject) {
  sc::Letter l;
  l.recipient = recipient;
  l.subject = subject;
  l.body = "Hej!\nHär kommer beslutet.";
  l.case_number = "KS 2026/7";
  return l;
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(client_platform_test, Fixture)

BOOST_AUTO_TEST_CASE(an_integration_submits_and_follows_the_errand) {
  sc::Client api(options_for(kEksjo, {"eservices:submit", "errands:read", "errands:write"}));
  sc::EServices services(api, "0686");
  const auto published = services.list();
  const auto found = std::find_if(published.begin(), published.end(), [](const auto& s) { return s.id == kService; });
  BOOST_TEST_REQUIRE((found != published.end()));
  BOOST_TEST(found->version == 1);
  BOOST_TEST(!found->title.sv.empty());
  BOOST_TEST(services.definition_xml(kService).find(kService) != std::string::npos);

  const auto first = services.submit(kService, pothole("Ett hål vid skolan", "crm-1"));
  BOOST_TEST(first.reference.rfind("ET-", 0) == 0U, first.reference);
  BOOST_TEST(!first.repeated);
  const auto again = services.submit(kService, pothole("Ett hål vid skolan", "crm-1"));
  BOOST_TEST(again.repeated);
  BOOST_TEST(again.reference == first.reference);
  services.submit(kService, pothole("Ett hål vid torget"));
  // A photo with the report: sent base64, checked by content, read back as sent.
  auto with_photo = pothole("Ett hål vid kyrkan");
  std::istringstream base64(
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");
  Poco::Base64Decoder decoder(base64);
  const std::string png{std::istreambuf_iterator<char>(decoder), std::istreambuf_iterator<char>()};
  with_photo.attachments["photo"] = {"kyrkan.png", png};
  const auto photo_receipt = services.submit(kService, with_photo);

  // An invalid answer: the field named.
  auto invalid = pothole("Utan adress");
  invalid.answers.erase("address");
  try {
    services.submit(kService, invalid);
    BOOST_FAIL("the address is required");
  } catch (const sc::InvalidRequest& e) {
    BOOST_TEST(e.status() == 400);
    BOOST_TEST_REQUIRE(e.field_errors().size() == 1U);
    BOOST_TEST(e.field_errors()[0].field == "address");
    BOOST_TEST(!e.field_errors()[0].message.empty());
    BOOST_TEST(!e.request_id().empty());
  }

  // The inbox, a page of 2, then all of it page by page.
  sc::Errands errands(api, "0686");
  BOOST_TEST(errands.inbox({.status = std::nullopt, .assigned_to = std::nullopt, .limit = 2, .offset = 0}).size() ==
             2U);
  std::set<std::string> references;
  const auto visited = errands.each({.status = "received", .assigned_to = std::nullopt, .limit = 2, .offset = 0},
                                    [&](const sc::ErrandSummary& e) {
                                      references.insert(e.reference);
                                      BOOST_TEST(!e.submitted_at.empty());
                                      return true;
                                    });
  BOOST_TEST(visited == 3U);
  BOOST_TEST(references.size() == 3U);
  BOOST_TEST(references.contains(first.reference));

  const auto errand = errands.get(first.reference);
  BOOST_TEST(errand.summary.status == "received");
  BOOST_TEST(errand.summary.service == kService);
  BOOST_TEST(errand.answers.at("description").at(0) == "Ett hål vid skolan");
  BOOST_TEST(!errand.summary.assigned_to.has_value());

  BOOST_TEST(errands.set_status(first.reference, "in-progress") == "in-progress");
  BOOST_TEST(errands.assign(first.reference, "handlaggare") == "handlaggare");
  BOOST_TEST(errands.get(first.reference).summary.assigned_to.value_or("") == "handlaggare");
  errands.unassign(first.reference);
  BOOST_TEST(!errands.get(first.reference).summary.assigned_to.has_value());
  const auto note = errands.add_note(first.reference, "Ringt medborgaren");
  BOOST_TEST(errands.notes(first.reference).at(0).body == "Ringt medborgaren");
  BOOST_TEST(!note.id.empty());
  errands.send_message(first.reference, "Vi lagar hålet i veckan.");
  const auto messages = errands.messages(first.reference);
  BOOST_TEST_REQUIRE(messages.size() == 1U);
  BOOST_TEST(messages[0].direction == "to-citizen");

  const auto photo_errand = errands.get(photo_receipt.reference);
  BOOST_TEST(photo_errand.attachments.at("photo").file_name == "kyrkan.png");
  BOOST_TEST(photo_errand.attachments.at("photo").size == png.size());
  const auto photo = errands.attachment(photo_receipt.reference, "photo");
  BOOST_TEST(photo.media_type == "image/png");
  BOOST_TEST(photo.bytes == png);
  BOOST_CHECK_THROW(errands.attachment(photo_receipt.reference, "description"), sc::NotFound);
  BOOST_CHECK_THROW(errands.attachment(first.reference, "photo"), sc::NotFound);

  BOOST_CHECK_THROW(errands.set_status(first.reference, "bogus"), sc::InvalidRequest);
  BOOST_CHECK_THROW(errands.assign(first.reference, "nobody"), sc::InvalidRequest);
  BOOST_CHECK_THROW(errands.get("ET-1999-999999"), sc::NotFound);
  // Another municipality's errands: 404, as if they did not exist.
  BOOST_CHECK_THROW(sc::Errands(api, "0604").inbox(), sc::NotFound);
  BOOST_CHECK_THROW(sc::Errands(api, "0604").get(first.reference), sc::NotFound);
}

BOOST_AUTO_TEST_CASE(a_missing_scope_is_forbidden_and_wrong_credentials_refused) {
  sc::Client submit_only(options_for(kEksjo, {"eservices:submit"}));
  try {
    sc::Errands(submit_only, "0686").inbox();
    BOOST_FAIL("errands:read is missing");
  } catch (const sc::Forbidden& e) {
    BOOST_TEST(e.status() == 403);
  }
  auto wrong = options_for(kEksjo, {"errands:read"});
  wrong.client_secret = "not-the-secret";
  sc::Client refused(wrong);
  BOOST_CHECK_THROW(sc::Errands(refused, "0686").inbox(), sc::CredentialsRefused);
}

BOOST_AUTO_TEST_CASE(letters_are_sent_once_and_their_states_read) {
  sc::Client api(options_for(kAneby, {"mailbox:send"}));
  sc::Letters letters(api, "0604");
  auto one = letter_to("19121212-1212", "Beslut om bygglov");
  one.client_request_id = "crm-brev-1";
  one.attachments.push_back({"beslut.pdf", "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"});
  const auto accepted = letters.send(one);
  BOOST_TEST(accepted.created.value_or(false));
  BOOST_TEST(accepted.status == "queued");
  BOOST_TEST(accepted.client_request_id == "crm-brev-1");
  const auto repeated = letters.send(one);
  BOOST_TEST(!repeated.created.value_or(true));
  BOOST_TEST(repeated.id == accepted.id);
  BOOST_TEST(letters.status(accepted.id).status == "queued");
  BOOST_TEST(!letters.status(accepted.id).final());

  std::vector<sc::Letter> batch;
  for (int i = 0; i < 3; ++i) batch.push_back(letter_to("191212121212", "Kallelse " + std::to_string(i)));
  const auto bulk = letters.send_bulk(batch);
  BOOST_TEST(bulk.created == 3U);
  BOOST_TEST(bulk.replayed == 0U);
  BOOST_TEST_REQUIRE(bulk.letters.size() == 3U);
  const auto state = letters.batch(bulk.batch_id);
  BOOST_TEST(state.total == 3U);
  BOOST_TEST(state.queued == 3U);
  BOOST_TEST(!state.final());

  // One bad letter refuses the batch, named by its index.
  batch[1].recipient = "19121212-1213";
  try {
    letters.send_bulk(batch);
    BOOST_FAIL("a bad personnummer");
  } catch (const sc::InvalidRequest& e) {
    BOOST_TEST_REQUIRE(e.field_errors().size() == 1U);
    BOOST_TEST(e.field_errors()[0].index.value_or(99) == 1U);
  }
  BOOST_CHECK_THROW(letters.status("0123456789abcdef0123456789abcdef"), sc::NotFound);
  BOOST_CHECK_THROW(sc::Letters(api, "0686").send(letter_to("191212121212", "Fel kommun")), sc::NotFound);
}

BOOST_AUTO_TEST_CASE(a_case_is_registered_with_a_document_and_found_in_the_public_register) {
  sc::Client api(options_for(kAneby, {"cases:write", "cases:read"}));
  sc::Cases cases(api, "0604");
  sc::NewCase input;
  input.diary = "KS";
  input.title = "Bygglov för carport";
  input.case_type = "bygglov";
  input.parties = {{"person", "19121212-1212", "Tolvan Tolvansson", "sökande"},
                   {"organisation", "556677-8899", "Byggbolaget AB", "ombud"}};
  const auto registered = cases.register_case(input);
  BOOST_TEST(registered.number.rfind("KS ", 0) == 0U, registered.number);
  BOOST_TEST(registered.status == "open");
  BOOST_TEST(cases.get(registered.number).parties.at(0).name == "Tolvan Tolvansson", "staff see the party");
  BOOST_TEST(cases.set_status(registered.number, "prepared").status == "prepared");
  BOOST_CHECK_THROW(cases.set_status(registered.number, "closed"), sc::Conflict);

  sc::NewDocument document;
  document.title = "Ansökan om bygglov";
  document.counterpart_kind = "person";
  document.counterpart = "Tolvan Tolvansson";
  document.content = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
  const auto added = cases.add_document(registered.number, document);
  BOOST_TEST(added.document_number == 1);
  BOOST_TEST(added.content_size == document.content.size());
  BOOST_TEST(cases.documents(registered.number).size() == 1U);
  BOOST_TEST(cases.document_content(registered.number, 1) == document.content);

  // The public register: no token, the case and its document, no private person's name.
  sc::RegisterQuery query;
  query.words = "carport";
  const auto found = cases.search_register(query);
  BOOST_TEST_REQUIRE(found.size() == 1U);
  BOOST_TEST(found[0].number == registered.number);
  BOOST_TEST(found[0].documents.size() == 1U);
  for (const auto& party : found[0].parties) BOOST_TEST(party.name != "Tolvan Tolvansson");
  BOOST_TEST(found[0].documents[0].counterpart != "Tolvan Tolvansson");

  BOOST_CHECK_THROW(cases.get("KS 1999/999"), sc::NotFound);
  BOOST_CHECK_THROW(cases.get("not a number"), sc::UsageError);
  BOOST_CHECK_THROW(sc::Cases(api, "0686").get(registered.number), sc::NotFound);
  sc::Client reader(options_for(kAneby, {"cases:read"}));
  BOOST_CHECK_THROW(sc::Cases(reader, "0604").register_case(input), sc::Forbidden);
}

BOOST_AUTO_TEST_SUITE_END()
