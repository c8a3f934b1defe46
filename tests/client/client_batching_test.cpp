// samverkan::client::Letters cutting many letters into bulk requests: batches cut at the count
// limit and at the byte limit (a batch that fits exactly is not cut), each letter serialised once
// (the requests are the planned bodies, byte for byte, a random clientRequestId kept), a letter
// too large for any batch named before anything is sent (or, from a LetterSource, after the
// batches before it), progress after each accepted batch, and a refused letter of the second
// batch named by its index among all the letters given, as the typed exception of its status.
// Against a scripted HTTPS server (scripted_server.hpp) answering as the bulk route does.
#include <boost/test/unit_test.hpp>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "client/scripted_server.hpp"
#include "samverkan/client/errors.hpp"
#include "samverkan/client/letters.hpp"

namespace sc = samverkan::client;
using namespace samverkan::client_test;

namespace {

const std::string kBulk = "/api/v1/municipalities/0604/messages/bulk";

sc::Letter letter(int n, std::size_t body_size = 20) {
  sc::Letter l;
  l.recipient = "191212121212";
  l.subject = "Beslut " + std::to_string(n % 10);
  l.body = std::string(body_size, 'x');
  l.client_request_id = "brev-" + std::to_string(n % 10);  // all of one size below ten letters
  return l;
}

std::vector<sc::Letter> letters(int n, std::size_t body_size = 20) {
  std::vector<sc::Letter> out;
  for (int i = 0; i < n; ++i) out.push_back(letter(i, body_size));
  return out;
}

std::vector<std::size_t> sizes(const std::vector<sc::Batch>& plan) {
  std::vector<std::size_t> out;
  for (const auto& batch : plan) out.push_back(batch.letters.size());
  return out;
}

// The bulk route's answer to a request: every letter accepted as new, batch-<n>.
Answer accept_all(const Seen& s, int n) {
  Poco::JSON::Parser parser;
  const auto body = parser.parse(s.body).extract<Poco::JSON::Object::Ptr>();
  const auto list = body->getArray("letters");
  Poco::JSON::Array accepted;
  for (unsigned i = 0; i < list->size(); ++i) {
    const auto id = list->getObject(i)->getValue<std::string>("clientRequestId");
    Poco::JSON::Object item;
    item.set("index", i);
    item.set("id", "m-" + id);
    item.set("clientRequestId", id);
    item.set("created", true);
    item.set("status", "queued");
    accepted.add(item);
  }
  Poco::JSON::Object out;
  out.set("batchId", "batch-" + std::to_string(n));
  out.set("created", list->size());
  out.set("replayed", 0);
  out.set("letters", accepted);
  std::ostringstream text;
  out.stringify(text);
  return {202, text.str(), "application/json", {}};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(client_batching_test)

BOOST_AUTO_TEST_CASE(batches_are_cut_at_the_count_limit) {
  const auto all = letters(7);
  const auto plan = sc::Letters::plan_batches(all, {.max_letters = 3});
  BOOST_TEST(sizes(plan) == (std::vector<std::size_t>{3, 3, 1}), boost::test_tools::per_element());
  std::size_t next = 0;
  for (const auto& batch : plan) {
    BOOST_TEST(batch.bytes == batch.body().size());
    for (const auto& prepared : batch.letters) {
      BOOST_TEST(prepared.index == next);
      BOOST_TEST(prepared.client_request_id == *all[next].client_request_id);
      BOOST_TEST(prepared.json == sc::Letters::prepare(all[next], next).json);
      ++next;
    }
  }
  BOOST_TEST(next == all.size());
  BOOST_TEST(plan[0].body().rfind(R"({"letters":[{)", 0) == 0U, plan[0].body());
  BOOST_TEST(sizes(sc::Letters::plan_batches(all)) == (std::vector<std::size_t>{7}), boost::test_tools::per_element());
  BOOST_TEST(sc::Letters::plan_batches({}).empty());
}

BOOST_AUTO_TEST_CASE(batches_are_cut_at_the_byte_limit) {
  const auto all = letters(7, 1000);
  const std::size_t one = sc::Letters::prepare(all[0]).json.size();
  for (const auto& l : all) BOOST_TEST_REQUIRE(sc::Letters::prepare(l).json.size() == one);
  // {"letters":[a,b,c]}: three letters and two commas in the 14 bytes around them.
  const std::size_t three = 14 + 3 * one + 2;
  auto plan = sc::Letters::plan_batches(all, {.max_letters = 1000, .max_bytes = three});
  BOOST_TEST(sizes(plan) == (std::vector<std::size_t>{3, 3, 1}), boost::test_tools::per_element());
  BOOST_TEST(plan[0].bytes == three, "a batch that fits exactly is not cut");
  BOOST_TEST(plan[0].body().size() == three);
  BOOST_TEST(plan[2].bytes == 14 + one);
  plan = sc::Letters::plan_batches(all, {.max_letters = 1000, .max_bytes = three - 1});
  BOOST_TEST(sizes(plan) == (std::vector<std::size_t>{2, 2, 2, 1}), boost::test_tools::per_element());
  for (const auto& batch : plan) BOOST_TEST(batch.bytes <= three - 1);
  // Both limits: whichever comes first.
  plan = sc::Letters::plan_batches(all, {.max_letters = 2, .max_bytes = three});
  BOOST_TEST(sizes(plan) == (std::vector<std::size_t>{2, 2, 2, 1}), boost::test_tools::per_element());

  BOOST_CHECK_THROW(sc::BatchPlanner({.max_letters = 0}), sc::UsageError);
  BOOST_CHECK_THROW(sc::BatchPlanner({.max_letters = 1001}), sc::UsageError);
  BOOST_CHECK_THROW(sc::BatchPlanner({.max_letters = 10, .max_bytes = 14}), sc::UsageError);
}

BOOST_AUTO_TEST_CASE(a_letter_too_large_for_any_batch_is_named) {
  ScriptedServer server([](const Seen& s, int n) { return is_token(s) ? token(n) : accept_all(s, n); });
  sc::Client api(server.options());
  sc::Letters mail(api, "0604");
  auto all = letters(3);
  all[1] = letter(1, 5000);
  all[1].client_request_id = "stor-1";
  const sc::BatchLimits limits{.max_letters = 1, .max_bytes = 4096};
  try {
    sc::Letters::plan_batches(all, limits);
    BOOST_FAIL("the second letter fits no batch");
  } catch (const sc::LetterTooLarge& e) {
    BOOST_TEST(e.index() == 1U);
    BOOST_TEST(e.client_request_id() == "stor-1");
    BOOST_TEST(e.bytes() == 14 + sc::Letters::prepare(all[1]).json.size());
    BOOST_TEST(e.limit() == 4096U);
    const std::string what = e.what();
    BOOST_TEST(what.find("index 1") != std::string::npos, what);
    BOOST_TEST(what.find("stor-1") != std::string::npos, what);
    BOOST_TEST(what.find("191212121212") == std::string::npos, "no personnummer in the message: " << what);
  }
  // From a list: found before anything is sent.
  BOOST_CHECK_THROW(mail.send_bulk_all(all, limits), sc::LetterTooLarge);
  BOOST_TEST(server.seen(kBulk).empty());
  // From a source: found when it comes, after the batch before it was sent and reported.
  std::size_t next = 0, reported = 0;
  const sc::LetterSource source = [&]() -> std::optional<sc::Letter> {
    if (next == all.size()) return std::nullopt;
    return all[next++];
  };
  try {
    mail.send_bulk_all(source, all.size(), limits, [&](const sc::BatchSent& sent) { reported = sent.done; });
    BOOST_FAIL("the second letter fits no batch");
  } catch (const sc::LetterTooLarge& e) {
    BOOST_TEST(e.index() == 1U);
  }
  BOOST_TEST(server.seen(kBulk).size() == 1U);
  BOOST_TEST(reported == 1U);
}

BOOST_AUTO_TEST_CASE(each_letter_is_serialised_once_and_each_batch_reported) {
  ScriptedServer server([](const Seen& s, int n) { return is_token(s) ? token(n) : accept_all(s, n); });
  sc::Client api(server.options());
  sc::Letters mail(api, "0604");
  const auto all = letters(5);
  const sc::BatchLimits limits{.max_letters = 2};
  const auto plan = sc::Letters::plan_batches(all, limits);
  std::vector<sc::BatchSent> reports;
  const auto sent = mail.send_bulk_all(all, limits, [&](const sc::BatchSent& batch) { reports.push_back(batch); });

  // The requests are the planned bodies, byte for byte: each letter's JSON made once, sent as it is.
  const auto requests = server.seen(kBulk);
  BOOST_TEST_REQUIRE(requests.size() == 3U);
  std::size_t sent_bytes = 0, planned_bytes = 0;
  for (std::size_t i = 0; i < requests.size(); ++i) {
    BOOST_TEST(requests[i].method == "POST");
    BOOST_TEST(requests[i].content_type == "application/json");
    BOOST_TEST(requests[i].body == plan[i].body());
    BOOST_TEST(!requests[i].idempotency_key.empty());
    sent_bytes += requests[i].body.size();
    planned_bytes += plan[i].bytes;
  }
  BOOST_TEST(sent_bytes == planned_bytes);

  BOOST_TEST_REQUIRE(reports.size() == 3U);
  BOOST_TEST(reports[0].batch_id == "batch-1");
  BOOST_TEST(reports[0].done == 2U);
  BOOST_TEST(reports[1].done == 4U);
  BOOST_TEST(reports[2].done == 5U);
  for (const auto& report : reports) BOOST_TEST(report.total == 5U);
  BOOST_TEST(reports[1].indices == (std::vector<std::size_t>{2, 3}), boost::test_tools::per_element());
  BOOST_TEST(reports[2].indices == (std::vector<std::size_t>{4}), boost::test_tools::per_element());
  BOOST_TEST(reports[1].letters.at(0).id == "m-brev-2");
  BOOST_TEST(reports[1].created == 2U);
  BOOST_TEST(reports[1].bytes == plan[1].bytes);

  BOOST_TEST(sent.batch_ids == (std::vector<std::string>{"batch-1", "batch-2", "batch-3"}),
             boost::test_tools::per_element());
  BOOST_TEST_REQUIRE(sent.letters.size() == 5U);
  for (std::size_t i = 0; i < all.size(); ++i) {
    BOOST_TEST(sent.letters[i].client_request_id == *all[i].client_request_id);
  }
  BOOST_TEST(sent.created == 5U);
  BOOST_TEST(sent.replayed == 0U);

  // A letter without a clientRequestId gets a random one when it is prepared, kept for its batch.
  auto anonymous = letter(9);
  anonymous.client_request_id.reset();
  const auto planned = sc::Letters::plan_batches({anonymous});
  const std::string id = planned.at(0).letters.at(0).client_request_id;
  BOOST_TEST(id.size() == 36U, id);
  mail.send_batch(planned[0]);
  mail.send_batch(planned[0]);
  const auto again = server.seen(kBulk);
  BOOST_TEST_REQUIRE(again.size() == 5U);
  BOOST_TEST(again[3].body == again[4].body);
  BOOST_TEST(again[3].body.find(id) != std::string::npos);
  BOOST_TEST(again[3].idempotency_key != again[4].idempotency_key, "the letter's id is what makes it once");
}

BOOST_AUTO_TEST_CASE(a_refused_letter_of_the_second_batch_is_named_by_its_index_among_all) {
  // The second request of each series is refused, naming its second letter (index 1 in it).
  ScriptedServer server([](const Seen& s, int n) {
    if (is_token(s)) return token(n);
    if (n == 2) {
      return problem(422, "1 letter refused",
                     R"(,"errors":[{"index":1,"clientRequestId":"brev-3","status":400,)"
                     R"("detail":"recipient: no such personnummer"}])");
    }
    if (n == 4) {
      return problem(409, "1 letter refused",
                     R"(,"errors":[{"index":1,"clientRequestId":"brev-3","status":409,)"
                     R"("detail":"clientRequestId brev-3 was already used for another letter"}])");
    }
    return accept_all(s, n);
  });
  sc::Client api(server.options());
  sc::Letters mail(api, "0604");
  const auto all = letters(6);
  std::vector<std::size_t> done;
  const auto report = [&](const sc::BatchSent& batch) { done.push_back(batch.done); };
  try {
    mail.send_bulk_all(all, {.max_letters = 2}, report);
    BOOST_FAIL("the second batch is refused");
  } catch (const sc::InvalidRequest& e) {
    BOOST_TEST(e.status() == 422);
    BOOST_TEST(e.detail() == "1 letter refused");
    BOOST_TEST_REQUIRE(e.field_errors().size() == 1U);
    BOOST_TEST(e.field_errors()[0].index.value_or(99) == 3U, "index 1 of the second batch of two is letter 3");
    BOOST_TEST(e.field_errors()[0].client_request_id.value_or("") == "brev-3");
    BOOST_TEST(e.field_errors()[0].message == "recipient: no such personnummer");
  }
  BOOST_TEST(done == (std::vector<std::size_t>{2}), boost::test_tools::per_element());
  BOOST_TEST(server.seen(kBulk).size() == 2U, "nothing after the refused batch");

  // The same from a source, refused as a conflict: still its class, still the caller's index.
  std::size_t next = 0;
  const sc::LetterSource source = [&]() -> std::optional<sc::Letter> {
    if (next == all.size()) return std::nullopt;
    return all[next++];
  };
  done.clear();
  try {
    mail.send_bulk_all(source, 0, {.max_letters = 2}, report);
    BOOST_FAIL("the second batch is refused");
  } catch (const sc::Conflict& e) {
    BOOST_TEST(e.status() == 409);
    BOOST_TEST_REQUIRE(e.field_errors().size() == 1U);
    BOOST_TEST(e.field_errors()[0].index.value_or(99) == 3U);
  }
  BOOST_TEST(done == (std::vector<std::size_t>{2}), boost::test_tools::per_element());
  BOOST_TEST(next == 4U, "the letters after the refused batch were not even made");
}

BOOST_AUTO_TEST_SUITE_END()
