#pragma once
/// Citizens' drafts and submissions, and the errands they become in the municipality's inbox.
///
///   eservices::Submissions submissions(catalogue, keyring);
///   tenancy::Context ctx(db, citizen, member, clock, &audit);
///   const auto outcome = submissions.submit(ctx, "felanmalan-gata-park", 1, answers);
///   if (outcome.receipt) { ctx.commit(); show(outcome.receipt->reference); }  // "ET-2026-000042"
///   else show_errors(outcome.errors);
///
/// A submission is validated on the server against the exact version the citizen answered
/// (eservices::validate_answers); a withdrawn service or another version is refused with
/// Conflict. Accepted answers and attachments are stored encrypted (crypto::encrypt with
/// associated data that binds them to their municipality and errand); the citizen is stored
/// as a blind index, never as a personnummer. Each errand gets a receipt reference unique per
/// municipality: "ET-<year>-<six digits>", numbered per municipality and year (gaps can occur
/// only if a transaction rolls back after numbering). Every write and every read of answers
/// is audited in the caller's transaction; the caller commits.

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "samverkan/core/clock.hpp"
#include "samverkan/crypto/keyring.hpp"
#include "samverkan/eservices/answers.hpp"
#include "samverkan/eservices/catalogue.hpp"
#include "samverkan/tenancy/context.hpp"

namespace samverkan::eservices {

/// An errand's state in the handler inbox.
enum class ErrandStatus { kReceived, kInProgress, kWaitingForCitizen, kDecided, kClosed };

/// "received", "in-progress", "waiting-for-citizen", "decided", "closed".
std::string_view to_string(ErrandStatus status) noexcept;

/// What the citizen gets after a successful submission.
struct Receipt {
  std::string reference;  ///< "ET-2026-000042"
  std::string service_id;
  int version = 0;
  LocalizedText service_title;  ///< as the municipality publishes it
  ids::Kommunkod municipality;
  Clock::TimePoint submitted_at;
};

/// The result of submit(): a receipt, or the answers' errors (nothing stored).
struct SubmitOutcome {
  std::optional<Receipt> receipt;
  std::vector<FieldError> errors;
};

/// A saved draft: answers as typed (not validated), and the step to resume at. Attachments
/// are not kept in drafts; they are attached when submitting.
struct Draft {
  std::string service_id;
  int version = 0;
  std::string step;
  Answers answers;
};

/// An errand as the handler inbox lists it (no personal data).
struct ErrandSummary {
  std::string reference;
  std::string service_id;
  int version = 0;
  ErrandStatus status = ErrandStatus::kReceived;
  std::string handling_unit;
  /// The case in the municipality's diary, once the e-service's on-submit job registered it
  /// ("BUN 2026/17"; see on_submit_jobs.hpp).
  std::optional<std::string> case_number{};
};

/// One entry of an errand's history: its submission (from_status empty) or a status change.
struct ErrandEvent {
  Clock::TimePoint at;
  std::string actor;  ///< "staff:<user>", "client:<id>", or "citizen" / "anonymous" for the submission
  std::optional<ErrandStatus> from_status;
  ErrandStatus to_status = ErrandStatus::kReceived;
  /// Set for an entry that is not a status change (from_status == to_status): "diary BUN 2026/17"
  /// when the errand was registered as a case.
  std::string note{};
};

/// True when an errand may go from `from` to `to`: received → in progress or closed;
/// in progress → waiting for the citizen or decided; waiting for the citizen → in progress;
/// decided → closed (or back to in progress, e.g. after an appeal).
bool allowed_transition(ErrandStatus from, ErrandStatus to) noexcept;

/// An errand with its answers, for a handler.
struct Errand {
  ErrandSummary summary;
  AcceptedAnswers answers;
};

class Submissions {
 public:
  /// `catalogue` and `keyring` must outlive this object.
  Submissions(Catalogue& catalogue, const crypto::Keyring& keyring,
              const ContentTypeDetector& detector = ContentTypeDetector::shared());

  /// Saves (replaces) the logged-in citizen's draft of a published service. Throws
  /// Unauthenticated for anyone but a citizen; NotFound/Conflict as definition_for_submission;
  /// InvalidInput for a step the definition does not have; TooLarge over 1 MiB of answers.
  void save_draft(tenancy::Context& ctx, std::string_view service_id, int version, std::string_view step,
                  const Answers& answers);

  /// The citizen's draft, if any (only their own). Throws Unauthenticated for a non-citizen.
  std::optional<Draft> draft(tenancy::Context& ctx, std::string_view service_id);

  /// Deletes the citizen's draft, if any.
  void discard_draft(tenancy::Context& ctx, std::string_view service_id);

  /// Validates and, when valid, stores the submission as an errand with status received, routed
  /// to the publication's handling unit, and deletes the citizen's draft. In the same
  /// transaction it enqueues what the definition's <onSubmit> asks for (registering the case,
  /// the e-mail receipt: eservices::enqueue_on_submit). A service that
  /// requires login accepts only citizens (Unauthenticated otherwise). Throws NotFound when the
  /// service is not published here, Conflict when it was withdrawn or `version` is not the
  /// published version.
  SubmitOutcome submit(tenancy::Context& ctx, std::string_view service_id, int version, const Answers& answers);

  /// As submit(), by a trusted integration for the citizen `citizen`: the errand is the
  /// citizen's (on their Mina sidor), its history names the client. Requires
  /// security::Permission::kEServiceSubmit (see eservices::ErrandIntake for idempotency).
  /// Audited as one entry "errand.submit-on-behalf" (instead of submit()'s "errand.create"):
  /// the principal is the client, the detail "<service>@<version> for citizen:<pseudonym>"
  /// (audit::citizen_pseudonym) followed by ", " + `note` when `note` is not empty.
  /// `before_audit(reference)`, when given, runs in the transaction after the errand is stored
  /// and before that entry, which is the last statement (so the chain's head is locked
  /// briefly): e.g. ErrandIntake's idempotency row.
  SubmitOutcome submit_on_behalf(tenancy::Context& ctx, const ids::Personnummer& citizen, std::string_view service_id,
                                 int version, const Answers& answers, std::string_view note = {},
                                 const std::function<void(const std::string& reference)>& before_audit = {});

  /// The receipt of one of the citizen's own errands; NotFound for anyone else's (another
  /// citizen's errand of this municipality: the refusal audited as "errand.receipt").
  Receipt receipt(tenancy::Context& ctx, std::string_view reference);

  /// The municipality's errands, newest first, optionally only those with `status`. Requires
  /// security::Permission::kErrandRead; audited.
  std::vector<ErrandSummary> inbox(tenancy::Context& ctx, std::optional<ErrandStatus> status = std::nullopt);

  /// One errand with its decrypted answers. Requires kErrandRead (an outsider gets NotFound);
  /// audited.
  Errand errand(tenancy::Context& ctx, std::string_view reference);

  /// One attachment of an errand, decrypted: the file the citizen sent for field `field`.
  /// Requires kErrandRead (an outsider gets NotFound); NotFound for an unknown errand or an
  /// errand without that attachment. Audited as "errand.attachment.read" with the field.
  AcceptedAttachment attachment(tenancy::Context& ctx, std::string_view reference, std::string_view field);

  /// Moves an errand to `status` (see allowed_transition). Requires kErrandHandle (an outsider
  /// gets NotFound); audited and kept in the errand's history. Throws NotFound for an unknown
  /// reference, Conflict for a transition that is not allowed.
  void change_status(tenancy::Context& ctx, std::string_view reference, ErrandStatus status);

  /// The errand's history, oldest first. Requires kErrandRead; audited.
  std::vector<ErrandEvent> history(tenancy::Context& ctx, std::string_view reference);

  /// The catalogue the submissions are checked against.
  Catalogue& catalogue() const noexcept { return catalogue_; }

 private:
  std::string citizen_index(const tenancy::Context& ctx) const;
  SubmitOutcome submit_for(tenancy::Context& ctx, const ids::Personnummer* on_behalf, std::string_view service_id,
                           int version, const Answers& answers, std::string_view note,
                           const std::function<void(const std::string& reference)>& before_audit);
  std::string next_reference(tenancy::Context& ctx);
  void record_event(tenancy::Context& ctx, const std::string& reference, const std::string& actor,
                    const std::optional<ErrandStatus>& from, ErrandStatus to);

  Catalogue& catalogue_;
  const crypto::Keyring& keyring_;
  const ContentTypeDetector& detector_;
};

}  // namespace samverkan::eservices
