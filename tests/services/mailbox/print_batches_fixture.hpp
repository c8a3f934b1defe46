#pragma once
// The outbox fixture with a print vendor for both municipalities, for the print batch tests
// (print_batches_test, print_batches_pgtest; header-only).
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "outbox_fixture.hpp"
#include "samverkan/mailbox/print_batches.hpp"

namespace samverkan::mailbox::test {

struct TestForwardingRoute final : ForwardingRoute {
  std::string forward(const ids::Kommunkod&, const std::string& message_id, const LetterRequest&) override {
    return "fwd-" + message_id;
  }
};

// The outbox fixture with a print vendor for both municipalities (the neighbour sends no digital
// mail: its letters go straight to paper) and a forwarding route for protected identities.
struct PrintBatchFixture : OutboxFixture {
  explicit PrintBatchFixture(bool postgresql = false) : OutboxFixture(postgresql) {
    auto aneby = std::make_unique<RecordingPrintVendor>();
    auto eksjo = std::make_unique<RecordingPrintVendor>();
    aneby_printer = aneby.get();
    eksjo_printer = eksjo.get();
    vendors.register_print_vendor(kSender, "aneby.print.test", std::move(aneby));
    vendors.register_print_vendor(kNeighbour, "eksjo.print.test", std::move(eksjo));
    vendors.freeze();
    delivery = std::make_unique<OutboxDelivery>(*db, keyring, audit, vendors, settings, clock, &forwarding);
  }
  ~PrintBatchFixture() { delivery.reset(); }  // it refers to vendors and forwarding
  PrintBatchFixture(const PrintBatchFixture&) = delete;
  PrintBatchFixture& operator=(const PrintBatchFixture&) = delete;

  /// Sends a letter (its recipient has no mailbox) and works the queue: the letter goes on paper.
  std::string on_paper(const std::string& request_id, const ids::Kommunkod& where, bool protected_identity = false) {
    auto letter = test_letter(request_id);
    letter.protected_identity = protected_identity;
    const auto accepted = send(letter, where == kSender ? clerk : neighbour, where);
    auto w = worker();
    BOOST_TEST_REQUIRE(w.run_once() == 1U);
    const auto state = status(accepted.id, where == kSender ? clerk : neighbour, where);
    BOOST_TEST_REQUIRE((state.status == LetterStatus::kPaper), request_id << ": " << state.failure_reason.value_or(""));
    return accepted.id;
  }

  PrintBatchRun close() { return PrintBatchCloser(*db, audit, vendors, clock).close_due(clock.now()); }

  adapters::Registry vendors;
  TestForwardingRoute forwarding;
  RecordingPrintVendor* aneby_printer = nullptr;
  RecordingPrintVendor* eksjo_printer = nullptr;
};

inline std::set<std::string> letter_ids(const adapters::PrintBatchManifest& manifest) {
  std::set<std::string> ids;
  for (const auto& letter : manifest.letters) ids.insert(letter.letter_id);
  return ids;
}

inline const adapters::PrintBatchManifest* find_manifest(const std::vector<adapters::PrintBatchManifest>& manifests,
                                                         const std::string& batch) {
  const auto found = std::find_if(manifests.begin(), manifests.end(),
                                  [&](const adapters::PrintBatchManifest& m) { return m.batch_id == batch; });
  return found == manifests.end() ? nullptr : &*found;
}

}  // namespace samverkan::mailbox::test
