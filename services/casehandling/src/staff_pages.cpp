// Case handling's sections of the staff web. "diarium" is the registrar's: the diary (a case by
// number, a party's cases, a diary's numbers), reservations, registering a case and its
// documents (secrecy with the OSL provision, partial secrecy), moving a case on up to closing
// it, and the public register as anyone sees it. Server-rendered, no JavaScript; each page calls
// the service functions the API routes call (routes.cpp), which check the permissions and write
// the audit entries; a page that shows personal data declares its PageView as well.
#include "samverkan/casehandling/staff_pages.hpp"
#include "samverkan/core/text.hpp"

#include "detail/secretary_pages.hpp"
#include "detail/staff_forms.hpp"

#include <Poco/URI.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "samverkan/calendar/iso_date.hpp"
#include "samverkan/calendar/swedish_time.hpp"
#include "samverkan/casehandling/board_directory.hpp"
#include "samverkan/casehandling/case_service.hpp"
#include "samverkan/casehandling/diary.hpp"
#include "samverkan/casehandling/public_register.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/ids/organisationsnummer.hpp"
#include "samverkan/ids/personnummer.hpp"
#include "samverkan/security/permission.hpp"

namespace samverkan::casehandling {

namespace {

using security::Permission;
using Data = http::mustache::data;
using staff_forms::FormState;
using staff_forms::list;
using staff_forms::object;
using staff_forms::render;
using staff_forms::trimmed;

/// Cases on one page of the public register.
constexpr std::size_t kRegisterPageSize = 50;

/// A case's part of a page's URL: "KS-2026-14" for "KS 2026/14" (a prefix has no '-' nor digit).
std::string case_key(const CaseNumber& number) {
  std::string key;
  Poco::URI::encode(number.prefix, "!#$&'()*+,/:;=?@[]", key);
  return key + "-" + std::to_string(number.year) + "-" + std::to_string(number.number);
}

/// The case a URL names; NotFound for anything that is not a case's part of a URL.
CaseNumber parse_case_key(const std::string& key) {
  const auto last = key.rfind('-');
  const auto middle = last == std::string::npos || last == 0 ? std::string::npos : key.rfind('-', last - 1);
  if (middle == std::string::npos) throw NotFound("no such case");
  try {
    return CaseNumber::parse(key.substr(0, middle) + " " + key.substr(middle + 1, last - middle - 1) + "/" +
                             key.substr(last + 1));
  } catch (const InvalidInput&) {
    throw NotFound("no such case");
  }
}

/// The services the pages call, wired as routes.cpp wires them for the API.
struct Services {
  Services(const config::Cooperation& cooperation, const crypto::Keyring& keyring)
      : boards(BoardDirectory::from_cooperation(cooperation)),
        diary(boards),
        cases(diary, keyring),
        public_register(boards) {}

  BoardDirectory boards;
  Diary diary;
  CaseService cases;
  PublicRegister public_register;
};

/// The checks of a secrecy's fields that the service makes too (CaseService's check_secrecy),
/// made here first to say in the page's language which field is wrong.
void check_secrecy_fields(FormState& form, const std::string& level, const std::string& reference_id,
                          const std::string& reference, const std::string& masked_id, const std::string& masked) {
  if (level == "public") {
    if (!reference.empty()) form.refuse(reference_id, "refused_reference_public");
    if (!masked.empty()) form.refuse(masked_id, "refused_masked_not_partial");
    return;
  }
  if (reference.empty()) {
    form.refuse(reference_id, "refused_reference_missing");
  } else if (!is_osl_reference(reference)) {
    form.refuse(reference_id, "refused_reference_unknown");
  }
  if (level == "partial" && masked.empty()) form.refuse(masked_id, "refused_masked_missing");
  if (level == "secret" && !masked.empty()) form.refuse(masked_id, "refused_masked_not_partial");
}

SecrecyLevel secrecy_level(const std::string& text) {
  if (text == "secret") return SecrecyLevel::kSecret;
  if (text == "partial") return SecrecyLevel::kPartial;
  if (text == "public" || text.empty()) return SecrecyLevel::kPublic;
  throw InvalidInput("secrecy is public, secret or partial");
}

std::string extension_of(const std::string& content_type) {
  if (content_type == "application/pdf") return ".pdf";
  if (content_type == "image/png") return ".png";
  if (content_type == "image/jpeg") return ".jpg";
  if (content_type == "text/plain") return ".txt";
  if (content_type == "application/vnd.openxmlformats-officedocument.wordprocessingml.document") return ".docx";
  if (content_type == "application/vnd.oasis.opendocument.text") return ".odt";
  return "";
}

constexpr CaseStatus kStatuses[] = {CaseStatus::kOpen, CaseStatus::kPrepared, CaseStatus::kDecided,
                                    CaseStatus::kClosed};

struct Pages {
  Pages(const config::Cooperation& cooperation, const crypto::Keyring& keyring) : s(cooperation, keyring) {}
  Pages(const Pages&) = delete;
  Pages& operator=(const Pages&) = delete;

  Services s;  ///< in place: the diary, the cases and the register keep references to the boards

  std::string case_url(const http::StaffCall& c, const CaseNumber& number) const {
    return c.url("/arenden/" + case_key(number));
  }

  Data board_options(const http::StaffCall& c, const std::string& chosen) const {
    auto options = list();
    for (const auto& board : s.boards.boards(c.municipality().code)) {
      auto option = object();
      option.set("value", board.prefix);
      option.set("label", board.prefix + " – " + board.name);
      if (board.prefix == chosen) option.set("selected", true);
      options.push_back(option);
    }
    return options;
  }

  // --- the diary ------------------------------------------------------------------------------

  http::Response diary(http::StaffCall& c) {
    const auto query = [&](const char* name) { return trimmed(c.request.query_param(name).value_or("")); };
    FormState form{c};
    auto data = object();
    const bool may_register = security::allows(c.principal(), c.municipality().code, Permission::kCaseRegister);
    if (may_register) data.set("may_register", true);

    // A case by its number: straight to its page.
    const std::string number_text = query("nummer");
    data.set("nummer", number_text);
    if (!number_text.empty()) {
      try {
        return c.redirect(case_url(c, CaseNumber::parse(number_text)));
      } catch (const InvalidInput&) {
        form.refuse("nummer", "refused_number");
      }
    }

    // The cases of a party.
    const std::string personnummer = query("personnummer");
    data.set("personnummer", personnummer);
    if (!personnummer.empty()) {
      try {
        auto found = list();
        for (const auto& number : s.cases.find_by_personnummer(c.ctx(), personnummer)) {
          auto row = object();
          row.set("number", number.str());
          row.set("href", case_url(c, number));
          found.push_back(row);
        }
        data.set("party_searched", true);
        if (!found.is_empty_list()) data.set("has_party_cases", true);
        data.set("party_cases", found);
      } catch (const InvalidInput&) {
        form.refuse("personnummer", "refused_personnummer");
      }
    }

    // A diary's numbers of a year: used, reserved, given up.
    const auto boards = s.boards.boards(c.municipality().code);
    std::string prefix = query("diarium");
    if (prefix.empty() && !boards.empty()) prefix = boards.front().prefix;
    const int this_year = static_cast<int>(calendar::swedish_date(c.ctx().now()).year());
    int year = this_year;
    if (const std::string text = query("ar"); !text.empty()) {
      if (const auto number = text::positive_number(text, 4); number && *number >= 1000) {
        year = *number;
      } else {
        form.refuse("ar", "refused_year");
      }
    }
    data.set("boards", board_options(c, prefix));
    data.set("year", std::to_string(year));
    if (!prefix.empty() && form.error("ar").empty()) {
      if (s.boards.find(c.municipality().code, prefix) == nullptr) {
        form.refuse("diarium", "refused_diary");
      } else {
        auto rows = list();
        for (const auto& record : s.diary.numbers(c.ctx(), prefix, year)) {
          auto row = object();
          row.set("number", record.number.str());
          if (record.status == NumberStatus::kUsed) row.set("href", case_url(c, record.number));
          if (record.status == NumberStatus::kReserved && may_register) {
            std::string encoded;
            Poco::URI::encode(record.number.str(), "!#$&'()*+,/:;=?@[]", encoded);
            row.set("register_href", c.url("/nytt?reserverat=" + encoded));
            row.set("give_up_href", c.url("/reservationer/" + case_key(record.number)));
          }
          if (record.status == NumberStatus::kUnused && record.closed_at) {
            row.set("given_up",
                    record.closed_by.value_or("") + ", " + calendar::format_swedish_minute(*record.closed_at));
          }
          row.set("status", c.text("number_" + std::string(to_string(record.status))));
          row.set("by", record.assigned_by);
          row.set("at", calendar::format_swedish_minute(record.assigned_at));
          row.set("note", record.note);
          rows.push_back(row);
        }
        data.set("listed", prefix + " " + std::to_string(year));
        if (!rows.is_empty_list()) data.set("has_numbers", true);
        data.set("numbers", rows);
      }
    }
    if (may_register) data.set("reserve_boards", board_options(c, prefix));
    form.summary(data);
    for (const char* id : {"nummer", "personnummer", "ar", "diarium"}) {
      if (const auto message = form.error(id); !message.empty()) data.set(std::string("error_") + id, message);
    }
    return c.page(form.title(c.text("diary_title")), render(c, "diary", data), form.errors.empty() ? 200 : 400);
  }

  http::Response reserve(http::StaffCall& c) {
    const std::string prefix = c.form().value("diarium");
    const auto number = s.diary.reserve(c.ctx(), prefix, trimmed(c.form().value("note")));
    return c.redirect(numbers_url(c, number));
  }

  /// The diary's list of numbers of `number`'s diary and year.
  std::string numbers_url(const http::StaffCall& c, const CaseNumber& number) const {
    std::string encoded;
    Poco::URI::encode(number.prefix, "!#$&'()*+,/:;=?@[]", encoded);
    return c.url("?diarium=" + encoded + "&ar=" + std::to_string(number.year));
  }

  /// A reservation and the form to give it up; 404 when the number is not reserved here.
  http::Response give_up_page(http::StaffCall& c, const FormState& form, int status = 200) {
    const auto number = parse_case_key(c.path("number"));
    const auto record = s.diary.reservation(c.ctx(), number);
    auto data = object();
    data.set("number", number.str());
    data.set("key", case_key(number));
    data.set("by", record.assigned_by);
    data.set("at", calendar::format_swedish_minute(record.assigned_at));
    data.set("note", record.note);
    data.set("f_reason", form.field("reason", "text", true));
    data.set("back", numbers_url(c, number));
    form.summary(data);
    return c.page(form.title(c.text("give_up_title") + " " + number.str()), render(c, "give-up", data), status);
  }

  /// Gives the reservation up: the number stays in the diary as unused, with who, when and why,
  /// and is never handed out again. A number not reserved here (used, given up already, never
  /// handed out, another member's) is 404, as on the page.
  http::Response give_up(http::StaffCall& c) {
    FormState form{c};
    const auto number = parse_case_key(c.path("number"));
    const std::string reason = trimmed(form.value("reason"));
    if (reason.empty()) form.refuse("reason", "refused_reason_missing");
    if (reason.size() > 1000) form.refuse("reason", "refused_reason_long");
    if (!form.errors.empty()) return give_up_page(c, form, 400);
    try {
      s.diary.release(c.ctx(), number, reason);
    } catch (const Conflict&) {
      throw NotFound("no reservation " + number.str() + " in the diary");
    }
    return c.redirect(numbers_url(c, number));
  }

  // --- registering a case ---------------------------------------------------------------------

  http::Response case_form(http::StaffCall& c, const FormState& form, int status = 200) {
    auto data = object();
    const bool posted = c.request.method == "POST";
    const std::string reserved =
        posted ? form.value("reserved_number") : trimmed(c.request.query_param("reserverat").value_or(""));
    std::string board = form.value("diary");
    if (!posted && !reserved.empty()) board = reserved.substr(0, reserved.find(' '));
    data.set("boards", board_options(c, board));
    if (const auto message = form.error("diary"); !message.empty()) data.set("error_diary", message);
    data.set("f_title", form.field("title"));
    data.set("f_case_type", form.field("case_type", "text", true));
    data.set("f_handling_unit", form.field("handling_unit"));
    data.set("f_secrecy", form.choices("secrecy", {"public", "secret"}, form.value("secrecy")));
    data.set("f_secrecy_reference", form.field("secrecy_reference", "text", true));
    data.set("f_reserved_number", form.field("reserved_number", "text", true, reserved));
    data.set("f_party_kind", form.choices("party_kind", {"person", "organisation"}, form.value("party_kind")));
    data.set("f_party_identity", form.field("party_identity", "text", true));
    data.set("f_party_name", form.field("party_name"));
    data.set("f_party_role", form.field("party_role", "text", true));
    form.summary(data);
    return c.page(form.title(c.text("register_title")), render(c, "register", data), status);
  }

  http::Response register_case(http::StaffCall& c) {
    FormState form{c};
    const auto value = [&](const char* id) { return trimmed(form.value(id)); };
    NewCase input;
    input.diary = value("diary");
    input.title = value("title");
    input.case_type = value("case_type");
    input.handling_unit = value("handling_unit");
    const std::string secrecy = value("secrecy");
    const std::string reference = value("secrecy_reference");
    if (secrecy != "public" && secrecy != "secret") form.refuse("secrecy", "refused_secrecy");
    if (s.boards.find(c.municipality().code, input.diary) == nullptr) form.refuse("diary", "refused_diary");
    if (input.title.empty()) form.refuse("title", "refused_title");
    if (input.case_type.empty()) form.refuse("case_type", "refused_case_type");
    if (secrecy == "public" || secrecy == "secret") {
      check_secrecy_fields(form, secrecy, "secrecy_reference", reference, "secrecy_reference", "");
    }
    if (secrecy == "secret") input.title_secrecy = {SecrecyLevel::kSecret, reference, ""};
    if (const std::string reserved = value("reserved_number"); !reserved.empty()) {
      try {
        input.reserved_number = CaseNumber::parse(reserved);
      } catch (const InvalidInput&) {
        form.refuse("reserved_number", "refused_number");
      }
    }
    const std::string identity = value("party_identity");
    const std::string name = value("party_name");
    const std::string role = value("party_role");
    if (!identity.empty() || !name.empty() || !role.empty()) {
      const std::string kind = value("party_kind");
      NewParty party{kind == "organisation" ? PartyKind::kOrganisation : PartyKind::kPerson, identity, name, role};
      if (kind != "person" && kind != "organisation") form.refuse("party_kind", "refused_party_kind");
      // The parse the service makes, to say which field is wrong.
      try {
        if (party.kind == PartyKind::kPerson) {
          ids::Personnummer::parse_any(identity, calendar::swedish_date(c.ctx().now()));
        } else {
          ids::Organisationsnummer::parse(identity);
        }
      } catch (const InvalidInput&) {
        form.refuse("party_identity", party.kind == PartyKind::kPerson ? "refused_personnummer" : "refused_orgnr");
      }
      if (name.empty()) form.refuse("party_name", "refused_party_name");
      input.parties.push_back(std::move(party));
    }
    if (!form.errors.empty()) return case_form(c, form, 400);
    try {
      const auto record = s.cases.register_case(c.ctx(), input);
      return c.redirect(case_url(c, record.number));
    } catch (const InvalidInput& e) {
      form.errors.emplace_back("title", c.text("refused_case") + ": " + e.what());
      return case_form(c, form, 400);
    } catch (const NotFound&) {
      form.refuse("reserved_number", "refused_reservation_unknown");
      return case_form(c, form, 400);
    } catch (const Conflict&) {
      form.refuse("reserved_number", "refused_reservation_taken");
      return case_form(c, form, 409);
    }
  }

  // --- a case ---------------------------------------------------------------------------------

  http::Response case_page(http::StaffCall& c, const FormState& form, int status = 200) {
    const auto number = parse_case_key(c.path("case"));
    const auto record = s.cases.get_case(c.ctx(), number);
    const auto documents = s.cases.documents(c.ctx(), number);
    const auto history = s.cases.history(c.ctx(), number);
    const std::string key = case_key(number);
    auto data = object();
    data.set("number", record.number.str());
    data.set("key", key);
    data.set("title", record.title);
    if (record.title_secrecy.level != SecrecyLevel::kPublic) {
      data.set("title_secret", true);
      data.set("title_reference", record.title_secrecy.legal_reference);
      data.set("public_title", record.public_title);
    }
    data.set("case_type", record.case_type);
    data.set("handling_unit", record.handling_unit.empty() ? c.text("none") : record.handling_unit);
    data.set("status", c.text("status_" + std::string(to_string(record.status))));
    data.set("registered_on", record.registered_on);
    data.set("registered_by", record.registered_by);

    auto parties = list();
    for (const auto& party : record.parties) {
      auto row = object();
      row.set("kind", c.text(party.kind == PartyKind::kPerson ? "party_kind_person" : "party_kind_organisation"));
      row.set("identity", party.identity);
      row.set("name", party.name);
      row.set("role", party.role);
      parties.push_back(row);
    }
    if (!parties.is_empty_list()) data.set("has_parties", true);
    data.set("parties", parties);

    auto rows = list();
    for (const auto& document : documents) {
      auto row = object();
      row.set("number", std::to_string(document.document_number));
      row.set("href", case_url(c, number) + "/handlingar/" + std::to_string(document.document_number));
      row.set("direction", c.text("direction_" + std::string(to_string(document.direction))));
      row.set("registered_on", document.registered_on);
      row.set("title", document.title);
      row.set("counterpart", document.counterpart);
      std::string secrecy = c.text("doc_secrecy_" + std::string(to_string(document.secrecy.level)));
      if (document.secrecy.level != SecrecyLevel::kPublic) secrecy += " (" + document.secrecy.legal_reference + ")";
      if (document.secrecy.level == SecrecyLevel::kPartial) {
        secrecy += ": " + c.text("masks") + " " + document.secrecy.masked_parts;
      }
      row.set("secrecy", secrecy);
      row.set("size", std::to_string((document.content_size + 1023) / 1024) + " kB");
      rows.push_back(row);
    }
    if (!rows.is_empty_list()) data.set("has_documents", true);
    data.set("documents", rows);

    auto events = list();
    for (const auto& entry : history) {
      auto row = object();
      row.set("at", calendar::format_swedish_minute(entry.at));
      row.set("who", entry.principal);
      row.set("action", entry.action);
      row.set("detail", entry.detail);
      events.push_back(row);
    }
    data.set("history", events);

    const auto& code = c.municipality().code;
    if (record.status != CaseStatus::kClosed && security::allows(c.principal(), code, Permission::kCaseRegister)) {
      data.set("may_register", true);
      auto directions = list();
      for (const auto direction : {Direction::kIncoming, Direction::kOutgoing, Direction::kDrawnUp}) {
        auto option = object();
        const std::string value(to_string(direction));
        option.set("value", value);
        option.set("label", c.text("direction_" + value));
        if (form.value("direction") == value) option.set("selected", true);
        directions.push_back(option);
      }
      data.set("directions", directions);
      data.set("f_doc_title", form.field("doc_title"));
      data.set("f_counterpart_kind",
               form.choices("counterpart_kind", {"none", "person", "organisation"}, form.value("counterpart_kind")));
      data.set("f_counterpart", form.field("counterpart", "text", true));
      data.set("f_registered_on", form.field("registered_on", "date", true));
      if (const auto message = form.error("file"); !message.empty()) data.set("error_file", message);
      data.set("f_doc_secrecy",
               form.choices("doc_secrecy", {"public", "secret", "partial"}, form.value("doc_secrecy")));
      data.set("f_doc_reference", form.field("doc_reference", "text", true));
      data.set("f_masked_parts", form.field("masked_parts", "text", true));
    }
    if (security::allows(c.principal(), code, Permission::kCaseHandle)) {
      auto next = list();
      for (const auto candidate : kStatuses) {
        if (!transition_allowed(record.status, candidate)) continue;
        auto option = object();
        option.set("value", std::string(to_string(candidate)));
        option.set("label", c.text("to_status_" + std::string(to_string(candidate))));
        next.push_back(option);
      }
      if (!next.is_empty_list()) data.set("may_handle", true);
      data.set("next_statuses", next);
      if (const auto message = form.error("status"); !message.empty()) data.set("error_status", message);
    }
    form.summary(data);
    return c.page(form.title(record.number.str() + " – " + record.title), render(c, "case", data), status);
  }

  http::Response add_document(http::StaffCall& c) {
    FormState form{c};
    const auto value = [&](const char* id) { return trimmed(form.value(id)); };
    const auto number = parse_case_key(c.path("case"));
    NewDocument input;
    try {
      input.direction = parse_direction(value("direction"));
    } catch (const InvalidInput&) {
      form.refuse("direction", "refused_direction");
    }
    input.title = value("doc_title");
    if (input.title.empty()) form.refuse("doc_title", "refused_title");
    const std::string kind = value("counterpart_kind");
    input.counterpart = value("counterpart");
    if (kind == "person") {
      input.counterpart_kind = PartyKind::kPerson;
    } else if (kind == "organisation") {
      input.counterpart_kind = PartyKind::kOrganisation;
    } else if (kind != "none" && !kind.empty()) {
      form.refuse("counterpart_kind", "refused_party_kind");
    }
    if (input.counterpart_kind && input.counterpart.empty()) form.refuse("counterpart", "refused_counterpart");
    input.registered_on = value("registered_on");
    if (!input.registered_on.empty() && !calendar::try_parse_iso_date(input.registered_on)) {
      form.refuse("registered_on", "refused_date");
    }
    const auto* file = c.form().file("file");
    if (file == nullptr) {
      form.refuse("file", "refused_file");
    } else {
      input.content_type = file->content_type;
      input.content = file->bytes;
    }
    const std::string level = value("doc_secrecy");
    try {
      input.secrecy = {secrecy_level(level), value("doc_reference"), value("masked_parts")};
      check_secrecy_fields(form, level.empty() ? "public" : level, "doc_reference", input.secrecy.legal_reference,
                           "masked_parts", input.secrecy.masked_parts);
    } catch (const InvalidInput&) {
      form.refuse("doc_secrecy", "refused_secrecy");
    }
    if (!form.errors.empty()) return case_page(c, form, 400);
    try {
      s.cases.add_document(c.ctx(), number, input);
    } catch (const InvalidInput& e) {
      form.errors.emplace_back("file", c.text("refused_document") + ": " + e.what());
      return case_page(c, form, 400);
    } catch (const Conflict&) {
      form.refuse("doc_title", "refused_closed");
      return case_page(c, form, 409);
    }
    return c.redirect(case_url(c, number));
  }

  http::Response change_status(http::StaffCall& c) {
    FormState form{c};
    const auto number = parse_case_key(c.path("case"));
    try {
      s.cases.change_status(c.ctx(), number, parse_case_status(c.form().value("status")));
    } catch (const InvalidInput&) {
      form.refuse("status", "refused_status");
      return case_page(c, form, 400);
    } catch (const Conflict&) {
      form.refuse("status", "refused_transition");
      return case_page(c, form, 409);
    }
    return c.redirect(case_url(c, number));
  }

  http::Response download(http::StaffCall& c) {
    const auto number = parse_case_key(c.path("case"));
    const auto parsed = text::positive_number(c.path("document"), 6);
    if (!parsed) throw NotFound("no such document");
    const int document = *parsed;
    std::string content_type = "application/octet-stream";
    for (const auto& d : s.cases.documents(c.ctx(), number)) {
      if (d.document_number == document) content_type = d.content_type;
    }
    std::string content = s.cases.document_content(c.ctx(), number, document);
    c.commit();
    http::Response response;
    response.content_type = content_type;
    response.body = std::move(content);
    response.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + case_key(number) + "-" +
                                                             std::to_string(document) + extension_of(content_type) +
                                                             "\"");
    response.headers.emplace_back("Cache-Control", "no-store");
    return response;
  }

  // --- the public register --------------------------------------------------------------------

  http::Response public_register(http::StaffCall& c) {
    const auto query = [&](const char* name) { return trimmed(c.request.query_param(name).value_or("")); };
    FormState form{c};
    RegisterQuery search;
    search.words = query("ord");
    search.board = query("diarium");
    search.registered_from = query("fran");
    search.registered_to = query("till");
    search.limit = kRegisterPageSize;
    auto data = object();
    data.set("ord", search.words);
    data.set("fran", search.registered_from);
    data.set("till", search.registered_to);
    data.set("boards", board_options(c, search.board));
    if (!search.registered_from.empty() && !calendar::try_parse_iso_date(search.registered_from)) {
      form.refuse("fran", "refused_date");
    }
    if (!search.registered_to.empty() && !calendar::try_parse_iso_date(search.registered_to)) {
      form.refuse("till", "refused_date");
    }
    if (form.errors.empty()) {
      try {
        auto rows = list();
        for (const auto& found : s.public_register.search(c.ctx(), search)) {
          auto row = object();
          row.set("number", found.number.str());
          row.set("board", found.board_name);
          row.set("title", found.title);
          row.set("case_type", found.case_type);
          row.set("status", c.text("status_" + found.status));
          row.set("registered_on", found.registered_on);
          std::string parties;
          for (const auto& party : found.parties) parties += (parties.empty() ? "" : ", ") + party.name;
          row.set("parties", parties);
          auto documents = list();
          for (const auto& d : found.documents) {
            auto item = object();
            item.set("number", std::to_string(d.document_number));
            item.set("title", d.title);
            item.set("direction", c.text("direction_" + d.direction));
            item.set("registered_on", d.registered_on);
            item.set("counterpart", d.counterpart);
            std::string secrecy = c.text("doc_secrecy_" + d.secrecy);
            if (!d.secrecy_reference.empty()) secrecy += " (" + d.secrecy_reference + ")";
            item.set("secrecy", secrecy);
            documents.push_back(item);
          }
          if (!documents.is_empty_list()) row.set("has_documents", true);
          row.set("documents", documents);
          rows.push_back(row);
        }
        if (!rows.is_empty_list()) data.set("has_cases", true);
        data.set("cases", rows);
      } catch (const InvalidInput&) {
        form.refuse("ord", "refused_search");
      }
    }
    form.summary(data);
    for (const char* id : {"ord", "fran", "till"}) {
      if (const auto message = form.error(id); !message.empty()) data.set(std::string("error_") + id, message);
    }
    return c.page(form.title(c.text("register_heading")), render(c, "public-register", data),
                  form.errors.empty() ? 200 : 400);
  }
};

void mount_diary_pages(http::StaffSection& diary, const config::Cooperation& cooperation,
                       const crypto::Keyring& keyring) {
  // The router's handlers keep the pages alive.
  auto pages = std::make_shared<Pages>(cooperation, keyring);
  diary.add({"GET", "", Permission::kCaseRead, http::PageView{"diary.search.view", "diary"}},
            [pages](http::StaffCall& c) { return pages->diary(c); });
  diary.add({"POST", "/reservationer", Permission::kCaseRegister},
            [pages](http::StaffCall& c) { return pages->reserve(c); });
  // The reservation's note may name someone (why the number was reserved): a view to audit.
  diary.add({"GET", "/reservationer/{number}", Permission::kCaseRegister,
             http::PageView{"diary.reservation.view", "case-number", "number"}},
            [pages](http::StaffCall& c) { return pages->give_up_page(c, FormState{c}); });
  diary.add({"POST", "/reservationer/{number}/ge-upp", Permission::kCaseRegister},
            [pages](http::StaffCall& c) { return pages->give_up(c); });
  diary.add({"GET", "/nytt", Permission::kCaseRegister},
            [pages](http::StaffCall& c) { return pages->case_form(c, FormState{c}); });
  diary.add({"POST", "/nytt", Permission::kCaseRegister},
            [pages](http::StaffCall& c) { return pages->register_case(c); });
  diary.add({"GET", "/arenden/{case}", Permission::kCaseRead, http::PageView{"case.view", "case", "case"}},
            [pages](http::StaffCall& c) { return pages->case_page(c, FormState{c}); });
  diary.add({"POST", "/arenden/{case}/handlingar", Permission::kCaseRegister},
            [pages](http::StaffCall& c) { return pages->add_document(c); });
  diary.add({"GET", "/arenden/{case}/handlingar/{document}", Permission::kCaseRead,
             http::PageView{"document.download", "case", "case"}},
            [pages](http::StaffCall& c) { return pages->download(c); });
  diary.add({"POST", "/arenden/{case}/status", Permission::kCaseHandle},
            [pages](http::StaffCall& c) { return pages->change_status(c); });
  diary.add({"GET", "/allmanna-registret", Permission::kCaseRead},
            [pages](http::StaffCall& c) { return pages->public_register(c); });
  // Other sections (the handler's errand pages) link a case number to its page here.
  diary.shows({"case", Permission::kCaseRead,
               [pages](const ids::Kommunkod& member, std::string_view id) -> std::optional<std::string> {
                 try {
                   const auto number = CaseNumber::parse(id);
                   if (pages->s.boards.find(member, number.prefix) == nullptr) return std::nullopt;
                   return "/arenden/" + case_key(number);
                 } catch (const InvalidInput&) {
                   return std::nullopt;  // not one of this diary's numbers (e.g. another case system's)
                 }
               }});
}

}  // namespace

void mount_staff_pages(http::StaffArea& area, const http::StaffAreaServices& services, const crypto::Keyring* keyring,
                       bankid::Client* bankid) {
  const auto& cooperation = services.cooperation;
  auto& diary = area.section({.slug = "diarium",
                              .permission = security::Permission::kCaseRead,
                              .templates = &staff_detail::templates(),
                              .title_key = "diary_title",
                              .summary_key = "diary_summary",
                              .order = 20});
  if (keyring == nullptr) {
    diary.add_summary_page();
  } else {
    mount_diary_pages(diary, cooperation, *keyring);
  }
  auto& meetings = area.section({.slug = "sammantraden",
                                 .permission = security::Permission::kMeetingRead,
                                 .templates = &staff_detail::templates(),
                                 .title_key = "meetings_title",
                                 .summary_key = "meetings_summary",
                                 .order = 30});
  if (keyring == nullptr) {
    meetings.add_summary_page();
  } else {
    detail::mount_secretary_pages(meetings, services.db, services.clock, cooperation, *keyring, bankid);
  }
}

}  // namespace samverkan::casehandling
