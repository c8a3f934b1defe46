#include "samverkan/casehandling/case_service.hpp"

#include <cstdio>

#include "detail/content_check.hpp"
#include "detail/sql_util.hpp"
#include "samverkan/audit/audit_log.hpp"
#include "samverkan/calendar/iso_date.hpp"
#include "samverkan/calendar/swedish_time.hpp"
#include "samverkan/casehandling/public_register.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/crypto/digest.hpp"
#include "samverkan/crypto/field_cipher.hpp"
#include "samverkan/ids/organisationsnummer.hpp"
#include "samverkan/ids/personnummer.hpp"
#include "samverkan/security/permission.hpp"

namespace samverkan::casehandling {
namespace {

using detail::row_int;
using detail::row_text;
using detail::sql_guard;
using security::Permission;

constexpr std::string_view kPersonIndexPurpose = "case_party.personnummer";

std::string random_id() { return crypto::random_hex(16); }

// The associated data of "table.column" in this municipality's row `id` (crypto::associated_data,
// as encrypted_columns.cpp registers it).
std::string associated(std::string_view table_column, const tenancy::Context& ctx, const std::string& id) {
  const auto dot = table_column.find('.');
  return crypto::associated_data(table_column.substr(0, dot), table_column.substr(dot + 1),
                                 {ctx.municipality().str(), id});
}

void check_text(std::string_view text, std::string_view what, std::size_t max, bool required) {
  if (required && text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    throw InvalidInput(std::string(what) + " is required");
  }
  if (text.size() > max) throw InvalidInput(std::string(what) + " is longer than " + std::to_string(max) + " bytes");
  if (!detail::is_utf8(text)) throw InvalidInput(std::string(what) + " is not UTF-8");
  for (char c : text) {
    if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') {
      throw InvalidInput(std::string(what) + " holds a control character");
    }
  }
}

void check_secrecy(const Secrecy& secrecy, bool partial_allowed) {
  if (secrecy.level == SecrecyLevel::kPublic) {
    if (!secrecy.legal_reference.empty() || !secrecy.masked_parts.empty()) {
      throw InvalidInput("a public title or document has no secrecy reference");
    }
    return;
  }
  if (secrecy.level == SecrecyLevel::kPartial && !partial_allowed) {
    throw InvalidInput("a case title is public or secret, not partly secret");
  }
  check_text(secrecy.legal_reference, "the secrecy provision (e.g. 'OSL 26 kap. 1 §')", 200, true);
  if (!is_osl_reference(secrecy.legal_reference)) {
    throw InvalidInput("the secrecy provision names no chapter and paragraph of OSL (e.g. 'OSL 26 kap. 1 §')");
  }
  if (secrecy.level == SecrecyLevel::kPartial) {
    check_text(secrecy.masked_parts, "what the public version masks", 500, true);
  } else if (!secrecy.masked_parts.empty()) {
    throw InvalidInput("masked parts belong to partly secret documents");
  }
}

/// What the public sees instead of a secret title.
std::string masked_title(const Secrecy& secrecy) { return "Sekretess (" + secrecy.legal_reference + ")"; }

// A secret case title, and a secret document's title and private counterpart, are for those
// entitled to secret material (registrar, case handler). Anyone else with case.read (an API
// client, a reader) sees them as the public register shows them: the masked title, the person
// as "(privatperson)". The content itself is guarded by document_content.
bool entitled_to_secrets(const tenancy::Context& ctx) {
  return security::allows(ctx.principal(), ctx.municipality(), Permission::kSecretDocumentRead);
}

CaseRecord visible(const tenancy::Context& ctx, CaseRecord record) {
  if (record.title_secrecy.level == SecrecyLevel::kPublic || entitled_to_secrets(ctx)) return record;
  record.title = record.public_title;
  return record;
}

std::vector<DocumentRecord> visible(const tenancy::Context& ctx, std::vector<DocumentRecord> records) {
  if (entitled_to_secrets(ctx)) return records;
  for (auto& record : records) {
    if (record.secrecy.level != SecrecyLevel::kSecret) continue;
    record.title = record.public_title;
    if (record.counterpart_kind == PartyKind::kPerson) record.counterpart = std::string(kMaskedPerson);
  }
  return records;
}

SecrecyLevel parse_secrecy(const std::string& text) {
  if (text == "public") return SecrecyLevel::kPublic;
  if (text == "secret") return SecrecyLevel::kSecret;
  if (text == "partial") return SecrecyLevel::kPartial;
  throw InternalError("unknown secrecy in the database");
}

struct ParsedParty {
  PartyKind kind;
  std::string identity;  ///< normalised digits
  std::string name;
  std::string role;
};

ParsedParty parse_party(const NewParty& party, std::chrono::year_month_day today) {
  check_text(party.name, "a party's name", 300, true);
  check_text(party.role, "a party's role", 100, false);
  ParsedParty out{party.kind, {}, party.name, party.role};
  out.identity = party.kind == PartyKind::kPerson ? ids::Personnummer::parse_any(party.identity, today).digits()
                                                  : ids::Organisationsnummer::parse(party.identity).digits();
  return out;
}

}  // namespace

bool is_osl_reference(std::string_view reference) {
  // A number of 1 to `digits` digits without a leading zero, consumed from `text`.
  const auto number = [](std::string_view& text, std::size_t digits) -> int {
    std::size_t n = 0;
    while (n < text.size() && n < digits + 1 && text[n] >= '0' && text[n] <= '9') ++n;
    if (n == 0 || n > digits || text[0] == '0') return 0;
    int value = 0;
    for (std::size_t i = 0; i < n; ++i) value = value * 10 + (text[i] - '0');
    text.remove_prefix(n);
    return value;
  };
  const auto take = [](std::string_view& text, std::string_view word) {
    if (!text.starts_with(word)) return false;
    text.remove_prefix(word.size());
    return true;
  };
  constexpr int kChapters = 44;  // offentlighets- och sekretesslagen (2009:400) has 44 chapters
  std::string_view rest = reference;
  if (!take(rest, "OSL ")) return false;
  const int chapter = number(rest, 2);
  if (chapter < 1 || chapter > kChapters || !take(rest, " kap. ") || number(rest, 3) < 1) return false;
  if (rest.size() >= 2 && rest[0] == ' ' && rest[1] >= 'a' && rest[1] <= 'z') rest.remove_prefix(2);
  if (!take(rest, " §")) return false;
  return rest.empty() || rest.front() == ' ';
}

std::string_view to_string(CaseStatus status) noexcept {
  switch (status) {
    case CaseStatus::kOpen:
      return "open";
    case CaseStatus::kPrepared:
      return "prepared";
    case CaseStatus::kDecided:
      return "decided";
    case CaseStatus::kClosed:
      return "closed";
  }
  return "unknown";
}

CaseStatus parse_case_status(std::string_view text) {
  for (auto status : {CaseStatus::kOpen, CaseStatus::kPrepared, CaseStatus::kDecided, CaseStatus::kClosed}) {
    if (to_string(status) == text) return status;
  }
  throw InvalidInput("a case status is open, prepared, decided or closed");
}

bool transition_allowed(CaseStatus from, CaseStatus to) noexcept {
  switch (from) {
    case CaseStatus::kOpen:
      return to == CaseStatus::kPrepared;
    case CaseStatus::kPrepared:
      return to == CaseStatus::kDecided || to == CaseStatus::kOpen;
    case CaseStatus::kDecided:
      return to == CaseStatus::kClosed;
    case CaseStatus::kClosed:
      return false;
  }
  return false;
}

std::string_view to_string(SecrecyLevel level) noexcept {
  switch (level) {
    case SecrecyLevel::kPublic:
      return "public";
    case SecrecyLevel::kSecret:
      return "secret";
    case SecrecyLevel::kPartial:
      return "partial";
  }
  return "unknown";
}

std::string_view to_string(Direction direction) noexcept {
  switch (direction) {
    case Direction::kIncoming:
      return "incoming";
    case Direction::kOutgoing:
      return "outgoing";
    case Direction::kDrawnUp:
      return "drawn-up";
  }
  return "unknown";
}

Direction parse_direction(std::string_view text) {
  for (auto direction : {Direction::kIncoming, Direction::kOutgoing, Direction::kDrawnUp}) {
    if (to_string(direction) == text) return direction;
  }
  throw InvalidInput("a document's direction is incoming, outgoing or drawn-up");
}

CaseRecord CaseService::register_case(tenancy::Context& ctx, const NewCase& input) {
  ctx.require(Permission::kCaseRegister, {"case.register", "diary", input.diary.substr(0, 16)});
  check_text(input.title, "the title", 500, true);
  check_text(input.case_type, "the case type", 100, true);
  check_text(input.handling_unit, "the handling unit", 100, false);
  check_text(input.officer, "the officer", 100, false);
  check_secrecy(input.title_secrecy, false);
  if (input.parties.size() > 100) throw InvalidInput("at most 100 parties");
  const auto today = calendar::swedish_date(ctx.now());
  std::vector<ParsedParty> parties;
  for (const auto& party : input.parties) parties.push_back(parse_party(party, today));

  // The number first (counter row lock), the audit entry last: the order every registration
  // takes locks in (see diary.hpp).
  CaseNumber number;
  if (input.reserved_number) {
    if (input.reserved_number->prefix != input.diary) {
      throw InvalidInput("the reserved number " + input.reserved_number->str() + " is not in diary " + input.diary);
    }
    diary_.use_reservation(ctx, *input.reserved_number);
    number = *input.reserved_number;
  } else {
    number = diary_.take_number(ctx, input.diary, NumberStatus::kUsed);
  }

  const long long id = sql_guard("registering a case", [&] {
    const std::string secrecy(to_string(input.title_secrecy.level));
    const std::string public_title =
        input.title_secrecy.level == SecrecyLevel::kPublic ? input.title : masked_title(input.title_secrecy);
    const std::string search_text = detail::normalise_for_search(public_title);
    const std::string status(to_string(CaseStatus::kOpen));
    const std::string registered_on = calendar::format_iso_date(today);
    const std::string now = detail::time_text(ctx.now());
    const std::string by = ctx.principal().id();
    long long new_id = 0;
    for (const auto& row : ctx.sql().rows(
             "INSERT INTO diary_case (municipality, prefix, year, number, title, title_secrecy, secrecy_reference, "
             "public_title, search_text, case_type, handling_unit, officer, status, registered_on, registered_at, "
             "registered_by, updated_at) VALUES (:tenant, :prefix, :year, :number, :title, :secrecy, :reference, "
             ":public_title, :search_text, :case_type, :unit, :officer, :status, :registered_on, :now, :by, :now) "
             "RETURNING id",
             soci::use(number.prefix, "prefix"), soci::use(number.year, "year"), soci::use(number.number, "number"),
             soci::use(input.title, "title"), soci::use(secrecy, "secrecy"),
             soci::use(input.title_secrecy.legal_reference, "reference"), soci::use(public_title, "public_title"),
             soci::use(search_text, "search_text"), soci::use(input.case_type, "case_type"),
             soci::use(input.handling_unit, "unit"), soci::use(input.officer, "officer"), soci::use(status, "status"),
             soci::use(registered_on, "registered_on"), soci::use(now, "now"), soci::use(by, "by"))) {
      new_id = row_int(row, 0);
    }
    if (new_id == 0) throw InternalError("the case insert returned no id");

    int ordinal = 0;
    for (const auto& party : parties) {
      ++ordinal;
      const std::string party_id = random_id();
      const std::string kind = party.kind == PartyKind::kPerson ? "person" : "organisation";
      soci::indicator person_null = party.kind == PartyKind::kPerson ? soci::i_ok : soci::i_null;
      soci::indicator org_null = party.kind == PartyKind::kPerson ? soci::i_null : soci::i_ok;
      std::string person_name, person_identity, person_index, org_name, org_number;
      if (party.kind == PartyKind::kPerson) {
        person_name = crypto::encrypt(keyring_, party.name, associated("case_party.person_name", ctx, party_id));
        person_identity =
            crypto::encrypt(keyring_, party.identity, associated("case_party.person_identity", ctx, party_id));
        person_index = keyring_.blind_index(kPersonIndexPurpose, party.identity);
      } else {
        org_name = party.name;
        org_number = party.identity;
      }
      ctx.sql().exec(
          "INSERT INTO case_party (id, municipality, case_id, ordinal, kind, role, person_name, person_identity, "
          "person_index, organisation_name, organisation_number) VALUES (:id, :tenant, :case_id, :ordinal, :kind, "
          ":role, :person_name, :person_identity, :person_index, :org_name, :org_number)",
          soci::use(party_id, "id"), soci::use(new_id, "case_id"), soci::use(ordinal, "ordinal"),
          soci::use(kind, "kind"), soci::use(party.role, "role"), soci::use(person_name, person_null, "person_name"),
          soci::use(person_identity, person_null, "person_identity"),
          soci::use(person_index, person_null, "person_index"), soci::use(org_name, org_null, "org_name"),
          soci::use(org_number, org_null, "org_number"));
    }
    return new_id;
  });
  add_event(ctx, id, "registered", number.str());
  ctx.audit({"case.register", "case", number.str()});
  return load(ctx, id, number);
}

long long CaseService::case_id(tenancy::Context& ctx, const CaseNumber& number) {
  return sql_guard("finding a case", [&] {
    long long id = 0;
    for (const auto& row : ctx.sql().rows(
             "SELECT id FROM diary_case WHERE {{tenant}} AND prefix = :prefix AND year = :year AND number = :number",
             soci::use(number.prefix, "prefix"), soci::use(number.year, "year"), soci::use(number.number, "number"))) {
      id = row_int(row, 0);
    }
    if (id == 0) throw NotFound("no such case");
    return id;
  });
}

CaseRecord CaseService::load(tenancy::Context& ctx, long long id, const CaseNumber& number) {
  return sql_guard("reading a case", [&] {
    CaseRecord out;
    out.number = number;
    bool found = false;
    for (const auto& row : ctx.sql().rows(
             "SELECT title, title_secrecy, secrecy_reference, public_title, case_type, handling_unit, officer, "
             "status, registered_on, registered_by FROM diary_case WHERE {{tenant}} AND id = :id",
             soci::use(id, "id"))) {
      out.title = row_text(row, 0);
      out.title_secrecy.level = parse_secrecy(row_text(row, 1));
      out.title_secrecy.legal_reference = row_text(row, 2);
      out.public_title = row_text(row, 3);
      out.case_type = row_text(row, 4);
      out.handling_unit = row_text(row, 5);
      out.officer = row_text(row, 6);
      out.status = parse_case_status(row_text(row, 7));
      out.registered_on = row_text(row, 8);
      out.registered_by = row_text(row, 9);
      found = true;
    }
    if (!found) throw NotFound("no such case");
    for (const auto& row :
         ctx.sql().rows("SELECT id, kind, role, person_name, person_identity, organisation_name, organisation_number "
                        "FROM case_party WHERE {{tenant}} AND case_id = :id ORDER BY ordinal",
                        soci::use(id, "id"))) {
      Party party;
      const std::string party_id = row_text(row, 0);
      party.kind = row_text(row, 1) == "person" ? PartyKind::kPerson : PartyKind::kOrganisation;
      party.role = row_text(row, 2);
      if (party.kind == PartyKind::kPerson) {
        party.name = crypto::decrypt(keyring_, row_text(row, 3), associated("case_party.person_name", ctx, party_id));
        party.identity =
            crypto::decrypt(keyring_, row_text(row, 4), associated("case_party.person_identity", ctx, party_id));
      } else {
        party.name = row_text(row, 5);
        party.identity = row_text(row, 6);
      }
      out.parties.push_back(std::move(party));
    }
    for (const auto& row : ctx.sql().rows(
             "SELECT c.prefix, c.year, c.number, l.note FROM case_link l JOIN diary_case c "
             "ON c.id = CASE WHEN l.from_case = :id THEN l.to_case ELSE l.from_case END "
             "WHERE {{tenant:l}} AND (l.from_case = :id OR l.to_case = :id) ORDER BY c.year, c.prefix, c.number",
             soci::use(id, "id"))) {
      out.links.push_back({{row_text(row, 0), row_int<int>(row, 1), row_int<int>(row, 2)}, row_text(row, 3)});
    }
    return out;
  });
}

void CaseService::add_event(tenancy::Context& ctx, long long id, std::string_view action, std::string_view detail) {
  sql_guard("recording case history", [&] {
    const std::string now = detail::time_text(ctx.now());
    const std::string by = ctx.principal().id();
    const std::string what(action);
    const std::string text(detail);
    ctx.sql().exec(
        "INSERT INTO case_event (municipality, case_id, at, principal, action, detail) "
        "VALUES (:tenant, :case_id, :at, :by, :action, :detail)",
        soci::use(id, "case_id"), soci::use(now, "at"), soci::use(by, "by"), soci::use(what, "action"),
        soci::use(text, "detail"));
  });
}

CaseRecord CaseService::get_case(tenancy::Context& ctx, const CaseNumber& number) {
  ctx.require(Permission::kCaseRead, {"case.read", "case", number.str()});
  const long long id = case_id(ctx, number);
  auto out = visible(ctx, load(ctx, id, number));
  ctx.audit({"case.read", "case", number.str()});
  return out;
}

std::vector<CaseNumber> CaseService::find_by_personnummer(tenancy::Context& ctx, std::string_view personnummer) {
  ctx.require(Permission::kCaseRead, {"case.find-party", "case", ""});
  const auto digits = ids::Personnummer::parse_any(personnummer, calendar::swedish_date(ctx.now())).digits();
  const std::string index = keyring_.blind_index(kPersonIndexPurpose, digits);
  auto out = sql_guard("finding cases by party", [&] {
    std::vector<CaseNumber> numbers;
    for (const auto& row : ctx.sql().rows(
             "SELECT DISTINCT c.id, c.prefix, c.year, c.number FROM case_party p JOIN diary_case c ON c.id = p.case_id "
             "WHERE {{tenant:p}} AND p.person_index = :index ORDER BY c.id",
             soci::use(index, "index"))) {
      numbers.push_back({row_text(row, 1), row_int<int>(row, 2), row_int<int>(row, 3)});
    }
    return numbers;
  });
  ctx.audit({"case.find-party", "case", "", std::to_string(out.size()) + " cases"});
  return out;
}

CaseRecord CaseService::change_status(tenancy::Context& ctx, const CaseNumber& number, CaseStatus to) {
  ctx.require(Permission::kCaseHandle, {"case.status", "case", number.str()});
  const long long id = case_id(ctx, number);
  const CaseStatus from = load(ctx, id, number).status;
  if (!transition_allowed(from, to)) {
    throw Conflict("a case cannot go from " + std::string(to_string(from)) + " to " + std::string(to_string(to)));
  }
  sql_guard("changing a case's status", [&] {
    const std::string from_text(to_string(from));
    const std::string to_text(to_string(to));
    const std::string now = detail::time_text(ctx.now());
    bool changed = false;
    // Compare-and-set: a concurrent change in between makes this one a conflict.
    for (const auto& row : ctx.sql().rows("UPDATE diary_case SET status = :to, updated_at = :now "
                                          "WHERE {{tenant}} AND id = :id AND status = :from RETURNING id",
                                          soci::use(to_text, "to"), soci::use(now, "now"), soci::use(id, "id"),
                                          soci::use(from_text, "from"))) {
      (void)row;
      changed = true;
    }
    if (!changed) throw Conflict("the case changed meanwhile; reload it");
  });
  add_event(ctx, id, "status", std::string(to_string(from)) + " -> " + std::string(to_string(to)));
  ctx.audit({"case.status", "case", number.str(), std::string(to_string(from)) + " -> " + std::string(to_string(to))});
  return visible(ctx, load(ctx, id, number));
}

void CaseService::link(tenancy::Context& ctx, const CaseNumber& from, const CaseNumber& to, std::string_view note) {
  ctx.require(Permission::kCaseHandle, {"case.link", "case", from.str()});
  check_text(note, "the note", 500, false);
  const long long from_id = case_id(ctx, from);
  const long long to_id = case_id(ctx, to);
  if (from_id == to_id) throw Conflict("a case cannot be linked to itself");
  sql_guard("linking cases", [&] {
    long long existing = 0;
    for (const auto& row :
         ctx.sql().rows("SELECT COUNT(*) FROM case_link WHERE {{tenant}} AND ((from_case = :a AND to_case = :b) OR "
                        "(from_case = :b AND to_case = :a))",
                        soci::use(from_id, "a"), soci::use(to_id, "b"))) {
      existing = row_int(row, 0);
    }
    if (existing != 0) throw Conflict(from.str() + " and " + to.str() + " are already linked");
    const std::string now = detail::time_text(ctx.now());
    const std::string by = ctx.principal().id();
    const std::string text(note);
    ctx.sql().exec(
        "INSERT INTO case_link (municipality, from_case, to_case, note, created_by, created_at) "
        "VALUES (:tenant, :a, :b, :note, :by, :now)",
        soci::use(from_id, "a"), soci::use(to_id, "b"), soci::use(text, "note"), soci::use(by, "by"),
        soci::use(now, "now"));
  });
  add_event(ctx, from_id, "linked", to.str());
  add_event(ctx, to_id, "linked", from.str());
  ctx.audit({"case.link", "case", from.str(), to.str()});
}

std::vector<HistoryEntry> CaseService::history(tenancy::Context& ctx, const CaseNumber& number) {
  ctx.require(Permission::kCaseRead, {"case.history", "case", number.str()});
  const long long id = case_id(ctx, number);
  auto out = sql_guard("reading case history", [&] {
    std::vector<HistoryEntry> entries;
    for (const auto& row : ctx.sql().rows(
             "SELECT at, principal, action, detail FROM case_event WHERE {{tenant}} AND case_id = :id ORDER BY id",
             soci::use(id, "id"))) {
      entries.push_back({detail::row_time(row, 0), row_text(row, 1), row_text(row, 2), row_text(row, 3)});
    }
    return entries;
  });
  ctx.audit({"case.history", "case", number.str()});
  return out;
}

DocumentRecord CaseService::add_document(tenancy::Context& ctx, const CaseNumber& number, const NewDocument& input) {
  ctx.require(Permission::kCaseRegister, {"document.register", "case", number.str()});
  check_text(input.title, "the document title", 500, true);
  check_secrecy(input.secrecy, true);
  if (input.content.size() > kMaxDocumentBytes) throw TooLarge("a document may be at most 20 MiB");
  detail::check_content(input.content_type, input.content);
  if (input.direction == Direction::kDrawnUp && input.counterpart_kind) {
    throw InvalidInput("a drawn-up document has no sender or recipient");
  }
  if (input.counterpart_kind) {
    check_text(input.counterpart, "the sender or recipient", 300, true);
  } else if (!input.counterpart.empty()) {
    throw InvalidInput("say whether the sender or recipient is a person or an organisation");
  }
  const std::string registered_on =
      input.registered_on.empty()
          ? detail::swedish_day_text(ctx.now())
          : calendar::format_iso_date(calendar::parse_iso_date(input.registered_on, "the registration date"));

  const long long id = case_id(ctx, number);
  DocumentRecord out;
  out.case_number = number;
  out.direction = input.direction;
  out.registered_on = registered_on;
  out.title = input.title;
  out.public_title = input.secrecy.level == SecrecyLevel::kSecret ? masked_title(input.secrecy) : input.title;
  out.counterpart_kind = input.counterpart_kind;
  out.counterpart = input.counterpart;
  out.secrecy = input.secrecy;
  out.content_type = input.content_type;
  out.content_size = input.content.size();
  out.content_sha256 = crypto::sha256_hex(input.content);

  sql_guard("registering a document", [&] {
    // Touching the case row locks it on PostgreSQL until commit, so two documents registered on
    // one case at once get consecutive numbers.
    std::string status;
    const std::string now = detail::time_text(ctx.now());
    for (const auto& row :
         ctx.sql().rows("UPDATE diary_case SET updated_at = :now WHERE {{tenant}} AND id = :id RETURNING status",
                        soci::use(now, "now"), soci::use(id, "id"))) {
      status = row_text(row, 0);
    }
    if (status == "closed") throw Conflict(number.str() + " is closed; no documents can be added");
    for (const auto& row : ctx.sql().rows(
             "SELECT COALESCE(MAX(document_number), 0) FROM case_document WHERE {{tenant}} AND case_id = :id",
             soci::use(id, "id"))) {
      out.document_number = row_int<int>(row, 0) + 1;
    }
    const std::string document_id = random_id();
    const std::string direction(to_string(input.direction));
    const std::string counterpart_kind = !input.counterpart_kind                         ? "none"
                                         : *input.counterpart_kind == PartyKind::kPerson ? "person"
                                                                                         : "organisation";
    std::string person, organisation;
    soci::indicator person_null = soci::i_null;
    soci::indicator organisation_null = soci::i_null;
    if (input.counterpart_kind == PartyKind::kPerson) {
      person = crypto::encrypt(keyring_, input.counterpart,
                               associated("case_document.counterpart_person", ctx, document_id));
      person_null = soci::i_ok;
    } else if (input.counterpart_kind == PartyKind::kOrganisation) {
      organisation = input.counterpart;
      organisation_null = soci::i_ok;
    }
    const std::string search_text = detail::normalise_for_search(out.public_title);
    const std::string secrecy(to_string(input.secrecy.level));
    const std::string content =
        crypto::encrypt(keyring_, input.content, associated("case_document.content", ctx, document_id));
    const long long size = static_cast<long long>(out.content_size);
    const std::string by = ctx.principal().id();
    ctx.sql().exec(
        "INSERT INTO case_document (id, municipality, case_id, document_number, direction, registered_on, title, "
        "public_title, search_text, counterpart_kind, counterpart_person, counterpart_organisation, secrecy, "
        "secrecy_reference, masked_parts, content_type, content_size, content_sha256, content, registered_by, "
        "registered_at) VALUES (:id, :tenant, :case_id, :document_number, :direction, :registered_on, :title, "
        ":public_title, :search_text, :counterpart_kind, :person, :organisation, :secrecy, :reference, :masked, "
        ":content_type, :size, :sha256, :content, :by, :now)",
        soci::use(document_id, "id"), soci::use(id, "case_id"), soci::use(out.document_number, "document_number"),
        soci::use(direction, "direction"), soci::use(registered_on, "registered_on"), soci::use(out.title, "title"),
        soci::use(out.public_title, "public_title"), soci::use(search_text, "search_text"),
        soci::use(counterpart_kind, "counterpart_kind"), soci::use(person, person_null, "person"),
        soci::use(organisation, organisation_null, "organisation"), soci::use(secrecy, "secrecy"),
        soci::use(input.secrecy.legal_reference, "reference"), soci::use(input.secrecy.masked_parts, "masked"),
        soci::use(input.content_type, "content_type"), soci::use(size, "size"), soci::use(out.content_sha256, "sha256"),
        soci::use(content, "content"), soci::use(by, "by"), soci::use(now, "now"));
  });
  add_event(ctx, id, "document", "document " + std::to_string(out.document_number));
  ctx.audit({"document.register", "case-document", number.str() + " #" + std::to_string(out.document_number)});
  return out;
}

std::vector<DocumentRecord> CaseService::documents(tenancy::Context& ctx, const CaseNumber& number) {
  ctx.require(Permission::kCaseRead, {"document.list", "case", number.str()});
  const long long id = case_id(ctx, number);
  auto out = sql_guard("listing documents", [&] {
    std::vector<DocumentRecord> records;
    for (const auto& row : ctx.sql().rows(
             "SELECT id, document_number, direction, registered_on, title, public_title, counterpart_kind, "
             "counterpart_person, counterpart_organisation, secrecy, secrecy_reference, masked_parts, content_type, "
             "content_size, content_sha256 FROM case_document WHERE {{tenant}} AND case_id = :id "
             "ORDER BY document_number",
             soci::use(id, "id"))) {
      DocumentRecord record;
      const std::string document_id = row_text(row, 0);
      record.case_number = number;
      record.document_number = row_int<int>(row, 1);
      record.direction = parse_direction(row_text(row, 2));
      record.registered_on = row_text(row, 3);
      record.title = row_text(row, 4);
      record.public_title = row_text(row, 5);
      const std::string kind = row_text(row, 6);
      if (kind == "person") {
        record.counterpart_kind = PartyKind::kPerson;
        record.counterpart = crypto::decrypt(keyring_, row_text(row, 7),
                                             associated("case_document.counterpart_person", ctx, document_id));
      } else if (kind == "organisation") {
        record.counterpart_kind = PartyKind::kOrganisation;
        record.counterpart = row_text(row, 8);
      }
      record.secrecy = {parse_secrecy(row_text(row, 9)), row_text(row, 10), row_text(row, 11)};
      record.content_type = row_text(row, 12);
      record.content_size = row_int<std::size_t>(row, 13);
      record.content_sha256 = row_text(row, 14);
      records.push_back(std::move(record));
    }
    return records;
  });
  ctx.audit({"document.list", "case", number.str()});
  return visible(ctx, std::move(out));
}

std::string CaseService::document_content(tenancy::Context& ctx, const CaseNumber& number, int document_number) {
  const std::string object = number.str() + " #" + std::to_string(document_number);
  ctx.require(Permission::kCaseRead, {"document.read", "case-document", object});
  const long long id = case_id(ctx, number);
  std::string document_id, secrecy, token;
  sql_guard("reading a document", [&] {
    for (const auto& row :
         ctx.sql().rows("SELECT id, secrecy, content FROM case_document WHERE {{tenant}} AND case_id = :id "
                        "AND document_number = :document_number",
                        soci::use(id, "id"), soci::use(document_number, "document_number"))) {
      document_id = row_text(row, 0);
      secrecy = row_text(row, 1);
      token = row_text(row, 2);
    }
  });
  if (document_id.empty()) throw NotFound("no such document");
  if (secrecy != "public") {
    ctx.require(Permission::kSecretDocumentRead, {"document.read-secret", "case-document", object});
  }
  auto content = crypto::decrypt(keyring_, token, associated("case_document.content", ctx, document_id));
  ctx.audit({"document.read", "case-document", object});
  return content;
}

}  // namespace samverkan::casehandling
