#pragma once
/// The paper route of the outbox: a letter whose recipient has no usable digital mailbox (or
/// whose delivery failed for good) is handed to the municipality's PrintVendor adapter, in the
/// municipality's print batch of the day. A recipient with protected identity (skyddad
/// identitet) is never printed: such a letter goes to the ForwardingRoute when there is one,
/// and otherwise fails with the reason.

#include <string>

#include "samverkan/adapters/print_vendor.hpp"
#include "samverkan/core/clock.hpp"
#include "samverkan/ids/kommunkod.hpp"
#include "samverkan/mailbox/outbox.hpp"

namespace samverkan::mailbox {

/// The forwarding route for recipients with protected identity (the mailbox operator's or the
/// tax agency's forwarding service): the letter is passed on without its address ever being
/// printed by us. Implementations must be idempotent per message id and thread-safe.
class ForwardingRoute {
 public:
  virtual ~ForwardingRoute() = default;
  /// Hands the letter on; returns the route's reference. Throws samverkan::Unavailable when the
  /// route cannot be reached (the job is retried).
  virtual std::string forward(const ids::Kommunkod& municipality, const std::string& message_id,
                              const LetterRequest& letter) = 0;
};

/// The print batch of a municipality for a day (UTC date of `at`): "0604-2026-11-22".
std::string print_batch_id(const ids::Kommunkod& municipality, Clock::TimePoint at);

/// The print job of a letter: the letter's first PDF attachment is what is printed (the letter
/// itself; the platform does not lay out PDFs), the postal address from the request, the
/// idempotency key "mailbox-<message id>", a title without personal data and the letter's
/// reference. Throws samverkan::InvalidInput when there is no postal address, no PDF, or the
/// job is not one a vendor accepts (adapters::validate), and samverkan::Forbidden for a
/// recipient with protected identity.
adapters::PrintJob print_job_for(const std::string& message_id, const LetterRequest& letter);

}  // namespace samverkan::mailbox
