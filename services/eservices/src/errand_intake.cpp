#include "samverkan/eservices/errand_intake.hpp"

#include <soci/soci.h>

#include "samverkan/audit/audit_log.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/crypto/digest.hpp"
#include "samverkan/storage/database_error.hpp"
#include "samverkan/storage/row.hpp"
#include "samverkan/storage/time.hpp"

namespace samverkan::eservices {
namespace {

using security::Permission;

// Each part length-prefixed, so that no two different requests give the same text.
void append(std::string& out, std::string_view part) {
  out += std::to_string(part.size());
  out += ':';
  out += part;
}

// What identifies the request's content: service, version, citizen, answers, attachments.
std::string content_digest(std::string_view service_id, const IntakeRequest& request) {
  std::string text;
  append(text, service_id);
  append(text, std::to_string(request.version));
  append(text, request.citizen.digits());
  for (const auto& [field, values] : request.answers.values) {
    append(text, field);
    append(text, std::to_string(values.size()));
    for (const auto& value : values) append(text, value);
  }
  for (const auto& [field, file] : request.answers.attachments) {
    append(text, field);
    append(text, file.file_name);
    append(text, crypto::sha256_hex(file.bytes));
  }
  return crypto::sha256_hex(text);
}

}  // namespace

bool valid_request_id(std::string_view request_id) noexcept {
  if (request_id.empty() || request_id.size() > 100) return false;
  for (const char c : request_id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                    c == '_' || c == ':' || c == '-';
    if (!ok) return false;
  }
  return true;
}

ErrandIntake::ErrandIntake(Submissions& submissions, Catalogue& catalogue)
    : submissions_(submissions), catalogue_(catalogue) {}

IntakeOutcome ErrandIntake::submit(tenancy::Context& ctx, std::string_view service_id, const IntakeRequest& request) {
  const std::string id(service_id);
  ctx.require(Permission::kEServiceSubmit, {"errand.submit-on-behalf", "eservice", id});
  if (!valid_request_id(request.request_id)) {
    throw InvalidInput("requestId must be 1-100 characters of A-Z, a-z, 0-9, '.', '_', ':' and '-'");
  }
  const std::string client = ctx.principal().id();
  const std::string digest = content_digest(id, request);

  // The same request id again: the first receipt, if the content is the same.
  std::optional<Receipt> earlier;
  std::string earlier_digest;
  try {
    // Usually the request id is new: one single-round-trip look-up, and the full row only if
    // it is there.
    std::string found;
    soci::indicator found_indicator = soci::i_null;
    ctx.sql().exec(
        "SELECT digest FROM eservice_intake_request WHERE {{tenant}} AND client = :client AND request_id = :request",
        soci::use(client, "client"), soci::use(request.request_id, "request"), soci::into(found, found_indicator));
    if (found_indicator == soci::i_ok) {
      const auto rows = ctx.sql().rows(
          "SELECT digest, reference, service_id, version, submitted_at FROM eservice_intake_request "
          "WHERE {{tenant}} AND client = :client AND request_id = :request",
          soci::use(client, "client"), soci::use(request.request_id, "request"));
      for (const auto& row : rows) {
        earlier_digest = storage::row_text(row, 0);
        earlier = Receipt{storage::row_text(row, 1), storage::row_text(row, 2), storage::row_int<int>(row, 3), {},
                          ctx.municipality(),        storage::row_time(row, 4)};
      }
    }
  } catch (const soci::soci_error& e) {
    storage::database_failure("reading a submission request", e);
  }
  if (earlier) {
    if (earlier_digest != digest) {
      throw Conflict("requestId " + request.request_id + " was used before for another submission");
    }
    try {
      earlier->service_title = catalogue_.publication(ctx, earlier->service_id).title();
    } catch (const NotFound&) {
      earlier->service_title = catalogue_.definition(ctx, earlier->service_id, earlier->version).title();
    }
    ctx.audit({"errand.submit-on-behalf", "errand", earlier->reference, "repeated request " + request.request_id});
    return IntakeOutcome{earlier, true, {}};
  }

  // The idempotency row goes in after the errand and before the audit entry, the last
  // statement (Submissions::submit_on_behalf).
  const auto store_request = [&](const std::string& reference) {
    const std::string at = storage::format_time(ctx.now());
    try {
      // A concurrent submission with the same request id fails here on the primary key (on
      // PostgreSQL after the other commits), and its whole transaction rolls back.
      ctx.sql().exec(
          "INSERT INTO eservice_intake_request (municipality, client, request_id, digest, reference, service_id, "
          "version, submitted_at) VALUES (:tenant, :client, :request, :digest, :reference, :service, :version, :at)",
          soci::use(client, "client"), soci::use(request.request_id, "request"), soci::use(digest, "digest"),
          soci::use(reference, "reference"), soci::use(id, "service"), soci::use(request.version, "version"),
          soci::use(at, "at"));
    } catch (const soci::soci_error&) {
      throw Conflict("requestId " + request.request_id + " is being submitted by another request; try again");
    }
  };
  auto outcome = submissions_.submit_on_behalf(ctx, request.citizen, id, request.version, request.answers,
                                               "request " + request.request_id, store_request);
  if (!outcome.receipt) return IntakeOutcome{std::nullopt, false, std::move(outcome.errors)};
  return IntakeOutcome{outcome.receipt, false, {}};
}

}  // namespace samverkan::eservices
