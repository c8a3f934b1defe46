#pragma once
/// The platform's own diary (this service's CaseService and Diary) as an adapters::CaseSystem,
/// for the members that run no external diary (Public 360, Ciceron, ...): the product
/// samverkan-diary, which the composition root registers (services/server/src/products.cpp) and
/// binds to every member that binds no other caseSystem; e-services then register cases the
/// same way whichever diary a municipality uses.
///
///   casehandling::DiaryCaseSystem diary(db, keyring, audit_log, boards, member, clock);
///   const auto r = diary.register_document(document);  // {"KS 2026/142", "KS 2026/142-1"}
///
/// - Incoming without a case: a new case (board, title, case type, handling unit, secrecy of
///   the title) with the document; into an existing case: a document on it. Outgoing: a
///   document (direction outgoing, the recipient as counterpart) on an existing case.
/// - Each file becomes one document of the case (the first carries the registration number,
///   the others are titled "<title> – bilaga N"); a document without files is registered with
///   a short plain-text registration note, since the diary stores no empty documents.
/// - Idempotent by the key: a row per (municipality, key) is written in the registering
///   transaction, with a fingerprint of the content; a replay returns the same numbers
///   (replayed = true), another document under the same key is a samverkan::Conflict.
///   Concurrent calls with one key register once (the second waits for the first's row).
/// - Acts as principal(municipality) (an API client of that municipality with the scopes
///   cases:write and cases:read), so the permission checks and the audit trail (case.register,
///   document.register) are those of every other registration, written in the same transaction.
/// - The sender or recipient is stored as a private person's name (encrypted).
///
/// Errors as adapters::CaseSystem: InvalidInput (adapters::validate, an unknown board, a new
/// case without case type, a file type the diary does not store: PDF, PNG, JPEG, plain text,
/// .docx and .odt are stored), NotFound (no such case), Conflict (closed case, key reused),
/// TooLarge (a file over 20 MiB), InternalError (database).

#include <string>

#include "samverkan/adapters/case_system.hpp"
#include "samverkan/audit/audit_log.hpp"
#include "samverkan/casehandling/board_directory.hpp"
#include "samverkan/casehandling/case_service.hpp"
#include "samverkan/casehandling/diary.hpp"
#include "samverkan/core/clock.hpp"
#include "samverkan/crypto/keyring.hpp"
#include "samverkan/security/principal.hpp"
#include "samverkan/storage/database.hpp"

namespace samverkan::casehandling {

class DiaryCaseSystem final : public adapters::CaseSystem {
 public:
  /// The diary of `municipality`. `db`, `keyring`, `audit_log` and `clock` must outlive it.
  DiaryCaseSystem(storage::Database& db, const crypto::Keyring& keyring, audit::AuditLog& audit_log,
                  BoardDirectory boards, ids::Kommunkod municipality, const Clock& clock);

  /// Registers in one transaction of its own (committed before returning).
  adapters::CaseRegistration register_document(const adapters::IncomingDocument& document) override;

  /// Who registers: "client:casehandling.diary" of `municipality`, scopes cases:write, cases:read.
  static security::Principal principal(const ids::Kommunkod& municipality);

 private:
  storage::Database& db_;
  audit::AuditLog& audit_log_;
  BoardDirectory boards_;
  Diary diary_;
  CaseService cases_;
  ids::Kommunkod municipality_;
  const Clock& clock_;
};

}  // namespace samverkan::casehandling
