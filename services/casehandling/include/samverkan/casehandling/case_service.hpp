#pragma once
/// Cases (ärenden) and their documents: registration in the diary, parties, status, links,
/// history, documents with secrecy. Every function runs in the caller's tenancy::Context: it
/// checks the permission (an outsider gets NotFound, a member without the role Forbidden),
/// writes the audit entry in the same transaction, and leaves the commit to the caller.
///
///   tenancy::Context ctx(db, principal, kommunkod, clock, &audit_log);
///   const auto registered = cases.register_case(ctx, input);  // "KS 2026/142"
///   ctx.commit();
///
/// Private persons' names and personnummer are stored encrypted (crypto/field_cipher.hpp) and
/// found through a blind index; document contents are stored encrypted as well.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "samverkan/casehandling/case_number.hpp"
#include "samverkan/casehandling/diary.hpp"
#include "samverkan/crypto/keyring.hpp"
#include "samverkan/tenancy/context.hpp"

namespace samverkan::casehandling {

/// open → prepared (for decision) → decided → closed; a prepared case can go back to open
/// (more preparation needed). Anything else is a samverkan::Conflict.
enum class CaseStatus { kOpen, kPrepared, kDecided, kClosed };
std::string_view to_string(CaseStatus status) noexcept;
/// "open", "prepared", "decided", "closed"; throws samverkan::InvalidInput.
CaseStatus parse_case_status(std::string_view text);
/// Whether a case may go from `from` to `to`.
bool transition_allowed(CaseStatus from, CaseStatus to) noexcept;

enum class PartyKind { kPerson, kOrganisation };

/// Secrecy under OSL (offentlighets- och sekretesslagen 2009:400).
enum class SecrecyLevel {
  kPublic,   ///< allmän handling, public
  kSecret,   ///< wholly secret
  kPartial,  ///< partly secret: masked_parts says what the public version hides (documents only)
};
std::string_view to_string(SecrecyLevel level) noexcept;

/// Whether `reference` names a provision of OSL (2009:400): "OSL <chapter> kap. <paragraph> §",
/// the chapter 1 to 44 (the law's chapters), the paragraph a number from 1 with an optional
/// letter ("OSL 18 kap. 8 a §"), optionally followed by more ("OSL 26 kap. 1 § första stycket").
/// CaseService refuses secrecy whose reference is not one.
bool is_osl_reference(std::string_view reference);

struct Secrecy {
  SecrecyLevel level = SecrecyLevel::kPublic;
  std::string legal_reference;  ///< required unless public: "OSL 26 kap. 1 §"
  std::string masked_parts;     ///< kPartial only: "namn och adress på den enskilde"
};

/// A party as given at registration: a private person (identity: personnummer or
/// samordningsnummer, any common form) or an organisation (identity: organisationsnummer).
struct NewParty {
  PartyKind kind = PartyKind::kPerson;
  std::string identity;
  std::string name;
  std::string role;  ///< "sökande", "klagande", ... (free text, no personal data)
};

/// A party as stored: identity normalised (12 digits for persons, 10 for organisations).
struct Party {
  PartyKind kind = PartyKind::kPerson;
  std::string identity;
  std::string name;
  std::string role;
};

struct NewCase {
  std::string diary;  ///< the board's prefix, "KS"
  std::string title;
  std::string case_type;      ///< "bygglov", "medborgarförslag", ...
  std::string handling_unit;  ///< optional
  std::string officer;        ///< optional: the handläggare's user id
  Secrecy title_secrecy;      ///< kPublic or kSecret (a title is not partly secret)
  std::vector<NewParty> parties;
  std::optional<CaseNumber> reserved_number;  ///< register under a reservation (Diary::reserve)
};

struct CaseLink {
  CaseNumber other;
  std::string note;
};

struct CaseRecord {
  CaseNumber number;
  std::string title;  ///< the real title
  Secrecy title_secrecy;
  std::string public_title;  ///< what the public register shows
  std::string case_type;
  std::string handling_unit;
  std::string officer;
  CaseStatus status = CaseStatus::kOpen;
  std::string registered_on;  ///< "2026-11-22" (the Swedish calendar day)
  std::string registered_by;
  std::vector<Party> parties;
  std::vector<CaseLink> links;
};

struct HistoryEntry {
  Clock::TimePoint at;
  std::string principal;
  std::string action;  ///< "registered", "status", "linked", "document"
  std::string detail;  ///< "open -> prepared", "KS 2026/3", "document 2"
};

enum class Direction { kIncoming, kOutgoing, kDrawnUp };
std::string_view to_string(Direction direction) noexcept;
/// "incoming", "outgoing", "drawn-up"; throws samverkan::InvalidInput.
Direction parse_direction(std::string_view text);

/// The largest document content accepted (20 MiB).
inline constexpr std::size_t kMaxDocumentBytes = std::size_t{20} * 1024 * 1024;

struct NewDocument {
  Direction direction = Direction::kIncoming;
  std::string title;
  /// The sender (incoming) or recipient (outgoing); none for drawn-up documents.
  std::optional<PartyKind> counterpart_kind;
  std::string counterpart;    ///< a name
  std::string registered_on;  ///< "YYYY-MM-DD"; empty: today (Swedish calendar day)
  /// One of: application/pdf, image/png, image/jpeg, text/plain,
  /// application/vnd.openxmlformats-officedocument.wordprocessingml.document,
  /// application/vnd.oasis.opendocument.text. The content must match it (checked by its
  /// magic bytes; text must be UTF-8 without NUL).
  std::string content_type;
  std::string content;
  Secrecy secrecy;
};

struct DocumentRecord {
  CaseNumber case_number;
  int document_number = 0;  ///< 1, 2, ... within the case
  Direction direction = Direction::kIncoming;
  std::string registered_on;
  std::string title;
  std::string public_title;
  std::optional<PartyKind> counterpart_kind;
  std::string counterpart;
  Secrecy secrecy;
  std::string content_type;
  std::size_t content_size = 0;
  std::string content_sha256;  ///< hex
};

class CaseService {
 public:
  /// `diary` and `keyring` must outlive the service.
  CaseService(Diary& diary, const crypto::Keyring& keyring) : diary_(diary), keyring_(keyring) {}

  /// Registers a case (Permission::kCaseRegister) with the next number of its diary, or under
  /// a reservation. Throws samverkan::InvalidInput for a missing title or case type, an
  /// unknown diary, a malformed identity number, secrecy without a legal reference;
  /// samverkan::Conflict for a reservation already used or given up.
  CaseRecord register_case(tenancy::Context& ctx, const NewCase& input);

  /// A case with its parties decrypted (Permission::kCaseRead). samverkan::NotFound when there
  /// is no such case in ctx's municipality.
  CaseRecord get_case(tenancy::Context& ctx, const CaseNumber& number);

  /// The cases in which a private person is a party (Permission::kCaseRead), found by blind
  /// index; numbers in registration order.
  std::vector<CaseNumber> find_by_personnummer(tenancy::Context& ctx, std::string_view personnummer);

  /// Moves a case to `to` (Permission::kCaseHandle). samverkan::Conflict for a transition
  /// transition_allowed() refuses.
  CaseRecord change_status(tenancy::Context& ctx, const CaseNumber& number, CaseStatus to);

  /// Links two cases of ctx's municipality (Permission::kCaseHandle). samverkan::Conflict when
  /// they are already linked or the same case; samverkan::NotFound for an unknown case.
  void link(tenancy::Context& ctx, const CaseNumber& from, const CaseNumber& to, std::string_view note);

  /// What happened to a case, oldest first (Permission::kCaseRead).
  std::vector<HistoryEntry> history(tenancy::Context& ctx, const CaseNumber& number);

  /// Registers a document on a case (Permission::kCaseRegister). Throws samverkan::InvalidInput
  /// for an unknown content type, content not matching it, a missing legal reference,
  /// a bad date; samverkan::TooLarge above kMaxDocumentBytes; samverkan::Conflict on a closed case.
  DocumentRecord add_document(tenancy::Context& ctx, const CaseNumber& number, const NewDocument& input);

  /// The documents of a case (Permission::kCaseRead), in document order.
  std::vector<DocumentRecord> documents(tenancy::Context& ctx, const CaseNumber& number);

  /// The content of one document (Permission::kCaseRead, and kSecretDocumentRead when the
  /// document is secret or partly secret). Audited "document.read".
  std::string document_content(tenancy::Context& ctx, const CaseNumber& number, int document_number);

 private:
  long long case_id(tenancy::Context& ctx, const CaseNumber& number);
  CaseRecord load(tenancy::Context& ctx, long long id, const CaseNumber& number);
  void add_event(tenancy::Context& ctx, long long case_id, std::string_view action, std::string_view detail);

  Diary& diary_;
  const crypto::Keyring& keyring_;
};

}  // namespace samverkan::casehandling
