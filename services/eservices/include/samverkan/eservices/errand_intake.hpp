#pragma once
/// Submissions by trusted integrations: an API client holding the scope "eservices:submit"
/// (security::Permission::kEServiceSubmit) submits an e-service on behalf of a citizen
/// identified by personnummer, for example a municipality's own contact-centre system.
///
///   eservices::ErrandIntake intake(submissions, catalogue);
///   tenancy::Context ctx(db, client, member, clock, &audit);
///   const auto outcome = intake.submit(ctx, "felanmalan-gata-park", request);
///   if (outcome.receipt) ctx.commit();          // outcome.replayed: the same request again
///
/// The answers are validated exactly as a citizen's in the form (Submissions::submit); the
/// errand belongs to the citizen (it is on their Mina sidor) and its history names the client.
/// Idempotent by the client's request id: the same request id with the same content returns
/// the first receipt and stores nothing; with other content it is a Conflict. Audited in the
/// caller's transaction; the caller commits.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "samverkan/eservices/answers.hpp"
#include "samverkan/eservices/catalogue.hpp"
#include "samverkan/eservices/submissions.hpp"
#include "samverkan/ids/personnummer.hpp"
#include "samverkan/tenancy/context.hpp"

namespace samverkan::eservices {

/// One submission by an integration.
struct IntakeRequest {
  std::string request_id;  ///< the client's idempotency key: 1-100 of [A-Za-z0-9._:-]
  ids::Personnummer citizen;
  int version = 0;  ///< the definition version the answers were made for
  Answers answers;
};

/// The outcome: a receipt (new, or the first one again), or the answers' errors.
struct IntakeOutcome {
  std::optional<Receipt> receipt;
  bool replayed = false;  ///< the request id was seen before with the same content
  std::vector<FieldError> errors;
};

/// True for a usable request id (1-100 characters of [A-Za-z0-9._:-]).
bool valid_request_id(std::string_view request_id) noexcept;

class ErrandIntake {
 public:
  /// `submissions` and `catalogue` must outlive this object.
  ErrandIntake(Submissions& submissions, Catalogue& catalogue);

  /// Submits `request` for the citizen. Requires kEServiceSubmit (an outsider gets NotFound, a
  /// client of this municipality without the scope Forbidden). Throws InvalidInput for a bad
  /// request id, Conflict for a request id used before with other content (or being submitted
  /// concurrently), and what Submissions::submit throws (NotFound for a service not published
  /// here, Conflict for a withdrawn one or another version).
  IntakeOutcome submit(tenancy::Context& ctx, std::string_view service_id, const IntakeRequest& request);

 private:
  Submissions& submissions_;
  Catalogue& catalogue_;
};

}  // namespace samverkan::eservices
