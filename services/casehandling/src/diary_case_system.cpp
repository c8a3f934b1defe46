#include "samverkan/casehandling/diary_case_system.hpp"

#include <soci/soci.h>

#include <optional>
#include <utility>

#include "detail/sql_util.hpp"
#include "samverkan/calendar/iso_date.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/tenancy/context.hpp"

namespace samverkan::casehandling {
namespace {

using adapters::DocumentDirection;
using adapters::IncomingDocument;

struct Recorded {
  std::string fingerprint;
  std::optional<std::string> case_number;
  std::optional<std::string> registration_number;
};

std::optional<Recorded> recorded(tenancy::Context& ctx, const std::string& key) {
  return detail::sql_guard("reading a diary registration", [&] {
    std::optional<Recorded> found;
    for (const auto& row :
         ctx.sql().rows("SELECT fingerprint, case_number, registration_number FROM diary_registration "
                        "WHERE {{tenant}} AND idempotency_key = :key",
                        soci::use(key, "key"))) {
      found = Recorded{detail::row_text(row, 0), detail::row_optional_text(row, 1), detail::row_optional_text(row, 2)};
    }
    return found;
  });
}

// The documents to register: one per file, or a registration note when there is none.
std::vector<NewDocument> documents_of(const IncomingDocument& d) {
  const bool outgoing = d.direction == DocumentDirection::kOutgoing;
  NewDocument base;
  base.direction = outgoing ? Direction::kOutgoing : Direction::kIncoming;
  base.counterpart_kind = PartyKind::kPerson;
  base.counterpart = d.sender;
  base.registered_on = calendar::format_iso_date(d.received);
  if (d.secret) base.secrecy = Secrecy{SecrecyLevel::kSecret, d.secrecy_reference, ""};
  std::vector<NewDocument> out;
  if (d.files.empty()) {
    NewDocument note = base;
    note.title = d.title;
    note.content_type = "text/plain";
    note.content = "Registrerad handling utan bifogade filer.\nRubrik: " + d.title + "\n" +
                   (outgoing ? "Mottagare: " : "Avsändare: ") + d.sender + "\n" + (outgoing ? "Skickad: " : "Inkom: ") +
                   base.registered_on + "\n";
    out.push_back(std::move(note));
    return out;
  }
  for (std::size_t i = 0; i < d.files.size(); ++i) {
    NewDocument document = base;
    document.title = i == 0 ? d.title : d.title + " – bilaga " + std::to_string(i) + " (" + d.files[i].file_name + ")";
    document.content_type = d.files[i].content_type;
    document.content = d.files[i].content;
    out.push_back(std::move(document));
  }
  return out;
}

}  // namespace

DiaryCaseSystem::DiaryCaseSystem(storage::Database& db, const crypto::Keyring& keyring, audit::AuditLog& audit_log,
                                 BoardDirectory boards, ids::Kommunkod municipality, const Clock& clock)
    : db_(db),
      audit_log_(audit_log),
      boards_(std::move(boards)),
      diary_(boards_),
      cases_(diary_, keyring),
      municipality_(std::move(municipality)),
      clock_(clock) {}

security::Principal DiaryCaseSystem::principal(const ids::Kommunkod& municipality) {
  return security::Principal::api_client("casehandling.diary", municipality, {"cases:write", "cases:read"});
}

adapters::CaseRegistration DiaryCaseSystem::register_document(const IncomingDocument& document) {
  adapters::validate(document);
  const std::string key = document.idempotency_key.str();
  const std::string print = adapters::content_fingerprint(document);
  const auto replay = [&](const Recorded& r) {
    if (r.fingerprint != print) {
      throw Conflict("the idempotency key " + key + " was already used for a different document");
    }
    return adapters::CaseRegistration{*r.case_number, *r.registration_number, true};
  };

  tenancy::Context ctx(db_, principal(municipality_), municipality_, clock_, &audit_log_);
  // Known already (the common replay): answer without taking any lock.
  if (auto before = recorded(ctx, key); before && before->case_number) return replay(*before);
  // Claim the key: a concurrent registration of the same key waits here until the first
  // commits, and then finds its numbers.
  detail::sql_guard("recording a diary registration", [&] {
    const std::string at = detail::time_text(ctx.now());
    ctx.sql().exec(
        "INSERT INTO diary_registration (municipality, idempotency_key, fingerprint, registered_at) "
        "VALUES (:tenant, :key, :fingerprint, :at) ON CONFLICT (municipality, idempotency_key) DO NOTHING",
        soci::use(key, "key"), soci::use(print, "fingerprint"), soci::use(at, "at"));
  });
  const auto claimed = recorded(ctx, key);
  if (!claimed) throw InternalError("a diary registration row vanished");
  if (claimed->case_number) return replay(*claimed);
  if (claimed->fingerprint != print) throw InternalError("a diary registration row holds another fingerprint");

  CaseNumber number;
  if (document.existing_case) {
    number = CaseNumber::parse(*document.existing_case);
  } else {
    if (document.case_type.empty()) throw InvalidInput("the diary needs a case type for a new case");
    NewCase input;
    input.diary = document.board;
    input.title = document.title;
    input.case_type = document.case_type;
    input.handling_unit = document.handling_unit;
    if (document.secret) input.title_secrecy = Secrecy{SecrecyLevel::kSecret, document.secrecy_reference, ""};
    number = cases_.register_case(ctx, input).number;
  }
  int first_document = 0;
  for (const auto& input : documents_of(document)) {
    const int n = cases_.add_document(ctx, number, input).document_number;
    if (first_document == 0) first_document = n;
  }
  adapters::CaseRegistration registration{number.str(), number.str() + "-" + std::to_string(first_document), false};
  detail::sql_guard("recording a diary registration", [&] {
    ctx.sql().exec(
        "UPDATE diary_registration SET case_number = :case_number, registration_number = :registration "
        "WHERE {{tenant}} AND idempotency_key = :key",
        soci::use(registration.case_number, "case_number"), soci::use(registration.registration_number, "registration"),
        soci::use(key, "key"));
  });
  ctx.commit();
  return registration;
}

}  // namespace samverkan::casehandling
