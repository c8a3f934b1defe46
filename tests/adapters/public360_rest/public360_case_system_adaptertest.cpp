// Nässjö's Public 360 adapter against an HTTPS double of 360's SIF API: cases and documents
// kept in memory, found again by ExternalId, errors the way SIF reports them.
#include "samverkan/adapters/public360_rest/public360_case_system.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <map>
#include <mutex>
#include <sstream>
#include <vector>

#include "adapters/https_double.hpp"
#include "samverkan/core/error.hpp"

namespace adapters = samverkan::adapters;
namespace http = samverkan::http;
using namespace std::chrono;
using Object = Poco::JSON::Object::Ptr;

namespace {

constexpr const char* kBackend = "Nässjö's case system (public360-rest)";

std::string to_text(const Object& object) {
  std::ostringstream out;
  object->stringify(out);
  return out.str();
}

struct Public360 {
  struct Case {
    std::string number;
    std::string status = "Under behandling";
    std::string external_id;
    int documents = 0;
  };
  struct Document {
    std::string number;
    std::string case_number;
    std::string external_id;
    std::string notes;
    std::string access_code;
    std::size_t files = 0;
    std::string category;
    std::string contact_role;
  };

  samverkan::test::HttpsDouble server;
  std::mutex mutex;
  std::map<std::string, Case> cases;  // by number
  std::vector<Document> documents;
  int next_case = 142;
  std::atomic<int> calls{0};
  std::atomic<bool> fail_create_document{false};  // refuse the next CreateDocument (once)

  Public360() {
    cases["KS 2026/17"] = Case{"KS 2026/17", "Under behandling", "", 2};
    cases["KS 2025/9"] = Case{"KS 2025/9", "Avslutat", "", 5};
    server.router().add("POST", "/api/SIF/{service}/{method}", [this](http::Request& request) {
      ++calls;
      if (request.query_param("authkey") != "p360-key") return http::Response::json(401, "{}");
      Poco::JSON::Parser parser;
      const auto in = parser.parse(request.body).extract<Object>();
      std::lock_guard lock(mutex);
      Object out = new Poco::JSON::Object;
      out->set("Successful", true);
      const std::string call = request.path_params.at("service") + "/" + request.path_params.at("method");
      const auto external = [&in]() -> std::string {
        return in->has("ExternalId") ? in->getObject("ExternalId")->getValue<std::string>("Id") : "";
      };
      if (call == "CaseService/GetCases") {
        Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
        for (const auto& [number, c] : cases) {
          const bool match = in->has("CaseNumber") ? number == in->getValue<std::string>("CaseNumber")
                                                   : !c.external_id.empty() && c.external_id == external();
          if (!match) continue;
          Object entry = new Poco::JSON::Object;
          entry->set("CaseNumber", number);
          entry->set("Status", c.status);
          list->add(entry);
        }
        out->set("Cases", list);
      } else if (call == "CaseService/CreateCase") {
        if (in->getValue<std::string>("DiaryPrefix") != "KS") {
          return http::Response::json(200, R"({"Successful":false,"ErrorMessage":"Okänd diarieenhet"})");
        }
        const std::string number = "KS 2026/" + std::to_string(next_case++);
        cases[number] = Case{number, "Under behandling", external(), 0};
        out->set("CaseNumber", number);
        out->set("Recno", 200000 + next_case);
      } else if (call == "DocumentService/GetDocuments") {
        Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
        for (const auto& d : documents) {
          if (d.external_id != external()) continue;
          Object entry = new Poco::JSON::Object;
          entry->set("DocumentNumber", d.number);
          entry->set("CaseNumber", d.case_number);
          entry->set("Notes", d.notes);
          list->add(entry);
        }
        out->set("Documents", list);
      } else if (call == "DocumentService/CreateDocument") {
        if (fail_create_document.exchange(false)) return http::Response::json(503, "{}");
        auto& c = cases.at(in->getValue<std::string>("CaseNumber"));
        Document d{c.number + "-" + std::to_string(++c.documents),
                   c.number,
                   external(),
                   in->getValue<std::string>("Notes"),
                   in->getValue<std::string>("AccessCode"),
                   in->getArray("Files")->size(),
                   in->getValue<std::string>("Category"),
                   in->getArray("Contacts")->getObject(0)->getValue<std::string>("Role")};
        documents.push_back(d);
        out->set("DocumentNumber", d.number);
      } else {
        return http::Response::json(404, "{}");
      }
      return http::Response::json(200, to_text(out));
    });
    server.start();
  }

  adapters::RestApiSettings settings() { return server.settings("/api", "p360-key"); }

  // The test reads what the server threads wrote under the same lock.
  std::vector<Document> stored_documents() {
    std::lock_guard lock(mutex);
    return documents;
  }
  std::size_t case_count() {
    std::lock_guard lock(mutex);
    return cases.size();
  }
};

adapters::IncomingDocument application(const char* key = "errand-0682-2026-311") {
  adapters::IncomingDocument document{adapters::IdempotencyKey::parse(key), "KS", "Ansökan om bidrag",
                                      "Föreningen Höglandets Vänner", 2026y / March / 2d};
  document.files.push_back(adapters::DocumentFile{"ansokan.pdf", "application/pdf", "%PDF-1.4\n%%EOF\n"});
  return document;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(public360_case_system_adaptertest)

BOOST_FIXTURE_TEST_CASE(a_document_is_registered_in_a_new_case, Public360) {
  adapters::public360_rest::Public360CaseSystem diary(settings(), kBackend);
  const auto registration = diary.register_document(application());
  BOOST_TEST(registration.case_number == "KS 2026/142");
  BOOST_TEST(registration.registration_number == "KS 2026/142-1");
  BOOST_TEST(!registration.replayed);
  const auto stored = stored_documents();
  BOOST_REQUIRE_EQUAL(stored.size(), 1U);
  BOOST_TEST(stored[0].access_code == "U");
  BOOST_TEST(stored[0].files == 1U);
  BOOST_TEST(stored[0].category == "Inkommande");
  BOOST_TEST(stored[0].contact_role == "Avsändare");
}

BOOST_FIXTURE_TEST_CASE(an_outgoing_document_goes_into_an_existing_case_with_its_recipient, Public360) {
  adapters::public360_rest::Public360CaseSystem diary(settings(), kBackend);
  auto document = application("decision-0682-2026-17");
  document.direction = adapters::DocumentDirection::kOutgoing;
  document.title = "Beslut om bidrag";
  BOOST_CHECK_THROW(diary.register_document(document), samverkan::InvalidInput);  // no case given
  BOOST_TEST(calls.load() == 0, "refused before 360 was asked");
  document.existing_case = "KS 2026/17";
  const auto registration = diary.register_document(document);
  BOOST_TEST(registration.registration_number == "KS 2026/17-3");
  const auto stored = stored_documents();
  BOOST_REQUIRE_EQUAL(stored.size(), 1U);
  BOOST_TEST(stored[0].category == "Utgående");
  BOOST_TEST(stored[0].contact_role == "Mottagare");
  // The same key for the incoming twin of this document is another document.
  auto incoming = document;
  incoming.direction = adapters::DocumentDirection::kIncoming;
  BOOST_CHECK_THROW(diary.register_document(incoming), samverkan::Conflict);
}

BOOST_FIXTURE_TEST_CASE(a_document_is_registered_in_an_existing_case, Public360) {
  adapters::public360_rest::Public360CaseSystem diary(settings(), kBackend);
  auto document = application();
  document.existing_case = "KS 2026/17";
  document.secret = true;
  document.secrecy_reference = "OSL 26 kap. 1 §";
  const auto registration = diary.register_document(document);
  BOOST_TEST(registration.registration_number == "KS 2026/17-3");
  BOOST_TEST(stored_documents().back().access_code == "S");
  BOOST_TEST(case_count() == 2U, "no case was created");
}

BOOST_FIXTURE_TEST_CASE(a_retry_returns_the_first_registration, Public360) {
  adapters::public360_rest::Public360CaseSystem diary(settings(), kBackend);
  const auto first = diary.register_document(application());
  const auto retry = diary.register_document(application());
  BOOST_TEST(retry.replayed);
  BOOST_TEST(retry.registration_number == first.registration_number);
  BOOST_TEST(stored_documents().size() == 1U);

  auto other = application();
  other.title = "Ansökan om något annat";
  BOOST_CHECK_THROW(diary.register_document(other), samverkan::Conflict);
  BOOST_TEST(stored_documents().size() == 1U);
}

BOOST_FIXTURE_TEST_CASE(a_retry_after_a_half_done_registration_reuses_the_case, Public360) {
  adapters::public360_rest::Public360CaseSystem diary(settings(), kBackend);
  fail_create_document = true;  // the case is created, then 360 fails
  BOOST_CHECK_THROW(diary.register_document(application()), samverkan::Unavailable);
  BOOST_TEST(case_count() == 3U);
  const auto retry = diary.register_document(application());
  BOOST_TEST(retry.case_number == "KS 2026/142");
  BOOST_TEST(!retry.replayed);
  BOOST_TEST(case_count() == 3U, "no second case for the same key");
}

BOOST_FIXTURE_TEST_CASE(wrong_documents_and_cases, Public360) {
  adapters::public360_rest::Public360CaseSystem diary(settings(), kBackend);
  auto document = application();
  document.board = "BUN";  // a board 360 does not know
  try {
    diary.register_document(document);
    BOOST_FAIL("accepted");
  } catch (const samverkan::InvalidInput& error) {
    BOOST_TEST(std::string(error.what()) ==
               "Nässjö's case system (public360-rest) refused the request: Okänd diarieenhet");
  }

  document = application();
  document.existing_case = "KS 2026/999";
  BOOST_CHECK_THROW(diary.register_document(document), samverkan::NotFound);
  document.existing_case = "KS 2025/9";
  BOOST_CHECK_THROW(diary.register_document(document), samverkan::Conflict);  // closed

  const int before = calls.load();
  document = application();
  document.title.clear();
  BOOST_CHECK_THROW(diary.register_document(document), samverkan::InvalidInput);
  BOOST_TEST(calls.load() == before, "refused before asking 360");
  BOOST_TEST(stored_documents().empty());
}

BOOST_FIXTURE_TEST_CASE(a_diary_that_is_down_or_refuses_the_key_is_unavailable, Public360) {
  adapters::public360_rest::Public360CaseSystem wrong_key(server.settings("/api", "old-key"), kBackend);
  BOOST_CHECK_THROW(wrong_key.register_document(application()), samverkan::Unavailable);

  adapters::public360_rest::Public360CaseSystem diary(settings(), kBackend);
  server.stop();
  BOOST_CHECK_THROW(diary.register_document(application()), samverkan::Unavailable);
}

BOOST_AUTO_TEST_SUITE_END()
