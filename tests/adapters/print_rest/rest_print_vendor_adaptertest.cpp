// Aneby's print vendor adapter against an HTTPS double of the vendor's letter API, which knows
// externalIds but not idempotency keys.
#include "samverkan/adapters/print_rest/rest_print_vendor.hpp"

#include <Poco/Base64Decoder.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <map>
#include <mutex>
#include <sstream>
#include <utility>
#include <vector>

#include "adapters/https_double.hpp"
#include "samverkan/core/error.hpp"

namespace adapters = samverkan::adapters;
namespace http = samverkan::http;
using Object = Poco::JSON::Object::Ptr;

namespace {

const std::string kPdf = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";

std::string decode_base64(const std::string& text) {
  std::istringstream in(text);
  Poco::Base64Decoder decoder(in);
  std::ostringstream out;
  out << decoder.rdbuf();
  return out.str();
}

struct Brevservice {
  struct Letter {
    std::string id;
    std::string sha256;
    std::string pdf;
    std::string zip;
    std::string postage;
  };
  samverkan::test::HttpsDouble server;
  std::mutex mutex;
  std::map<std::string, Letter> by_external_id;
  struct Batch {
    std::string date;
    std::string sender;
    std::vector<std::string> letter_ids;
    std::vector<std::string> external_refs;
  };
  std::map<std::string, Batch> batches;
  std::atomic<int> posts{0};
  std::atomic<int> batch_posts{0};

  Brevservice() {
    server.router().add("POST", "/v2/letters", [this](http::Request& request) {
      ++posts;
      if (request.header("Authorization") != "Bearer print-token") return http::Response::json(401, "{}");
      Poco::JSON::Parser parser;
      const auto letter = parser.parse(request.body).extract<Object>();
      if (letter->getValue<std::string>("customer") != "ANEBY-4410") {
        return http::Response::json(422, R"({"message":"unknown customer"})");
      }
      const auto document = letter->getObject("document");
      std::lock_guard lock(mutex);
      const std::string external_id = letter->getValue<std::string>("externalId");
      if (by_external_id.contains(external_id)) {
        return http::Response::json(409, R"({"code":"DUPLICATE_EXTERNAL_ID"})");
      }
      const std::string id = "L-" + std::to_string(by_external_id.size() + 1);
      by_external_id[external_id] = Letter{
          id, document->getValue<std::string>("sha256"), decode_base64(document->getValue<std::string>("base64")),
          letter->getObject("recipient")->getValue<std::string>("zip"), letter->getValue<std::string>("postage")};
      return http::Response::json(201, R"({"letterId":")" + id + R"(","status":"received"})");
    });
    server.router().add("GET", "/v2/letters", [this](http::Request& request) {
      std::lock_guard lock(mutex);
      const auto found = by_external_id.find(request.query_param("externalId").value_or(""));
      if (found == by_external_id.end()) return http::Response::json(200, R"({"letters":[]})");
      return http::Response::json(200, R"({"letters":[{"letterId":")" + found->second.id +
                                           R"(","status":"printed","documentSha256":")" + found->second.sha256 +
                                           R"("}]})");
    });
    server.router().add("GET", "/v2/letters/{id}", [](http::Request& request) {
      if (request.path_params.at("id") != "L-1") return http::Response::json(404, "{}");
      return http::Response::json(200, R"({"letterId":"L-1","status":"posted","message":"Inlämnat 2026-08-12"})");
    });
    server.router().add("POST", "/v2/batches", [this](http::Request& request) {
      ++batch_posts;
      if (request.header("Authorization") != "Bearer print-token") return http::Response::json(401, "{}");
      Poco::JSON::Parser parser;
      const auto body = parser.parse(request.body).extract<Object>();
      const auto items = body->getArray("letters");
      std::lock_guard lock(mutex);
      Batch batch{body->getValue<std::string>("date"), body->getValue<std::string>("sender"), {}, {}};
      for (std::size_t i = 0; i < items->size(); ++i) {
        const auto item = items->getObject(static_cast<unsigned>(i));
        const std::string letter_id = item->getValue<std::string>("letterId");
        bool known = false;
        for (const auto& [external_id, letter] : by_external_id) known = known || letter.id == letter_id;
        if (!known) return http::Response::json(422, R"({"message":"unknown letterId )" + letter_id + R"("})");
        batch.letter_ids.push_back(letter_id);
        batch.external_refs.push_back(item->getValue<std::string>("externalRef"));
      }
      if (body->getValue<std::size_t>("count") != batch.letter_ids.size()) {
        return http::Response::json(422, R"({"message":"count does not match"})");
      }
      const std::string id = body->getValue<std::string>("batchId");
      if (batches.contains(id)) return http::Response::json(409, R"({"code":"DUPLICATE_BATCH"})");
      batches[id] = batch;
      return http::Response::json(201, R"({"batchId":")" + id + R"(","status":"received"})");
    });
    server.router().add("GET", "/v2/batches/{id}", [this](http::Request& request) {
      std::lock_guard lock(mutex);
      const auto found = batches.find(request.path_params.at("id"));
      if (found == batches.end()) return http::Response::json(404, "{}");
      std::string ids;
      // Listed in another order than posted: the adapter compares sets.
      for (auto it = found->second.letter_ids.rbegin(); it != found->second.letter_ids.rend(); ++it) {
        ids += (ids.empty() ? "\"" : ",\"") + *it + "\"";
      }
      return http::Response::json(
          200, R"({"batchId":")" + found->first + R"(","status":"received","letterIds":[)" + ids + "]}");
    });
    server.start();
  }

  std::map<std::string, Batch> all_batches() {
    std::lock_guard lock(mutex);
    return batches;
  }

  std::map<std::string, Letter> letters() {
    std::lock_guard lock(mutex);
    return by_external_id;
  }

  adapters::print_rest::RestPrintVendor vendor(const std::string& token = "print-token") {
    return adapters::print_rest::RestPrintVendor(server.settings("/v2", token), "ANEBY-4410",
                                                 "Aneby's print vendor (print-rest)");
  }
};

adapters::PrintJob contract(const char* key = "contract-0604-9") {
  return adapters::PrintJob{adapters::IdempotencyKey::parse(key), "Anställningsavtal", kPdf,
                            adapters::PostalAddress{"Anna Andersson", "", {"Järnvägsgatan 3"}, "578 33", "Aneby", "SE"},
                            adapters::PostageClass::kFirstClass};
}

adapters::PrintBatchManifest manifest_of(const std::vector<std::pair<std::string, std::string>>& letters) {
  adapters::PrintBatchManifest m{"0604-2026-11-21", "0604", "2026-11-21", "Aneby kommun", {}, letters.size()};
  for (const auto& [letter_id, job_id] : letters) m.letters.push_back({letter_id, job_id, "Brev " + letter_id});
  return m;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(rest_print_vendor_adaptertest)

BOOST_FIXTURE_TEST_CASE(a_letter_is_sent_and_followed, Brevservice) {
  auto print = vendor();
  const auto receipt = print.submit(contract());
  BOOST_TEST(receipt.id == "L-1");
  BOOST_TEST(!receipt.replayed);
  const auto letter = letters().at("contract-0604-9");
  BOOST_TEST(letter.pdf == kPdf, "the PDF arrives byte for byte");
  BOOST_TEST(letter.zip == "57833");
  BOOST_TEST(letter.postage == "A");

  const auto state = print.job_status("L-1");
  BOOST_TEST((state.status == adapters::PrintJobStatus::kPosted));
  BOOST_TEST(state.message == "Inlämnat 2026-08-12");
  BOOST_CHECK_THROW(print.job_status("L-99"), samverkan::NotFound);
}

BOOST_FIXTURE_TEST_CASE(a_retry_finds_the_first_letter_by_external_id, Brevservice) {
  auto print = vendor();
  const auto first = print.submit(contract());
  const auto retry = print.submit(contract());
  BOOST_TEST(retry.replayed);
  BOOST_TEST(retry.id == first.id);
  BOOST_TEST(letters().size() == 1U);

  auto other = contract();
  other.pdf = "%PDF-1.4\n% a different letter\n%%EOF\n";
  BOOST_CHECK_THROW(print.submit(other), samverkan::Conflict);
  BOOST_TEST(letters().size() == 1U);
}

BOOST_FIXTURE_TEST_CASE(wrong_letters_are_refused, Brevservice) {
  auto print = vendor();
  auto bad = contract();
  bad.recipient.street_lines.clear();
  BOOST_CHECK_THROW(print.submit(bad), samverkan::InvalidInput);
  BOOST_TEST(posts.load() == 0, "refused before asking the vendor");

  adapters::print_rest::RestPrintVendor wrong_customer(server.settings("/v2", "print-token"), "SOMEONE-ELSE");
  BOOST_CHECK_THROW(wrong_customer.submit(contract()), samverkan::InvalidInput);
  BOOST_TEST(letters().empty());
}

BOOST_FIXTURE_TEST_CASE(a_vendor_that_is_down_or_refuses_us_is_unavailable, Brevservice) {
  BOOST_CHECK_THROW(vendor("expired").submit(contract()), samverkan::Unavailable);
  auto print = vendor();
  server.stop();
  BOOST_CHECK_THROW(print.submit(contract()), samverkan::Unavailable);
  BOOST_CHECK_THROW(print.job_status("L-1"), samverkan::Unavailable);
}

BOOST_FIXTURE_TEST_CASE(a_batch_manifest_names_the_vendors_letters, Brevservice) {
  auto print = vendor();
  const auto first = print.submit(contract("mailbox-a1"));
  const auto second = print.submit(contract("mailbox-b2"));
  const auto receipt = print.submit_manifest(manifest_of({{"a1", first.id}, {"b2", second.id}}));
  BOOST_TEST(receipt.id == "0604-2026-11-21");
  BOOST_TEST(!receipt.replayed);
  const auto batch = all_batches().at("0604-2026-11-21");
  BOOST_TEST(batch.letter_ids == (std::vector<std::string>{first.id, second.id}), boost::test_tools::per_element());
  BOOST_TEST(batch.external_refs == (std::vector<std::string>{"a1", "b2"}), boost::test_tools::per_element());
  BOOST_TEST(batch.date == "2026-11-21");
  BOOST_TEST(batch.sender == "Aneby kommun");
}

BOOST_FIXTURE_TEST_CASE(a_batch_sent_again_is_a_replay_and_other_letters_a_conflict, Brevservice) {
  auto print = vendor();
  const auto first = print.submit(contract("mailbox-a1"));
  const auto second = print.submit(contract("mailbox-b2"));
  print.submit_manifest(manifest_of({{"a1", first.id}, {"b2", second.id}}));
  const auto again = print.submit_manifest(manifest_of({{"a1", first.id}, {"b2", second.id}}));
  BOOST_TEST(again.replayed);
  BOOST_TEST(again.id == "0604-2026-11-21");
  BOOST_CHECK_THROW(print.submit_manifest(manifest_of({{"a1", first.id}})), samverkan::Conflict);
  BOOST_TEST(all_batches().at("0604-2026-11-21").letter_ids.size() == 2U, "the first batch stands");
}

BOOST_FIXTURE_TEST_CASE(a_refused_or_invalid_batch_is_invalid_input, Brevservice) {
  auto print = vendor();
  BOOST_CHECK_THROW(print.submit_manifest(manifest_of({{"a1", "L-404"}})), samverkan::InvalidInput);  // 422
  auto miscounted = manifest_of({{"a1", "L-1"}});
  miscounted.count = 2;
  BOOST_CHECK_THROW(print.submit_manifest(miscounted), samverkan::InvalidInput);
  BOOST_CHECK_THROW(print.submit_manifest(manifest_of({})), samverkan::InvalidInput);
  BOOST_CHECK_THROW(print.submit_manifest(manifest_of({{"a1", "L-1"}, {"a1", "L-2"}})), samverkan::InvalidInput);
  BOOST_TEST(batch_posts.load() == 1, "only the well-formed manifest reached the vendor");
  BOOST_TEST(all_batches().empty());
}

BOOST_FIXTURE_TEST_CASE(a_batch_to_a_vendor_that_is_down_is_unavailable, Brevservice) {
  const auto letter = vendor().submit(contract("mailbox-a1"));
  BOOST_CHECK_THROW(vendor("expired").submit_manifest(manifest_of({{"a1", letter.id}})), samverkan::Unavailable);
  auto print = vendor();
  server.stop();
  BOOST_CHECK_THROW(print.submit_manifest(manifest_of({{"a1", letter.id}})), samverkan::Unavailable);
  BOOST_TEST(all_batches().empty());
}

BOOST_AUTO_TEST_SUITE_END()
