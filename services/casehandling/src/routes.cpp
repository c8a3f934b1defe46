#include "samverkan/casehandling/routes.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <charconv>
#include <memory>
#include <optional>
#include <sstream>

#include "samverkan/calendar/iso_date.hpp"
#include "samverkan/calendar/swedish_time.hpp"
#include "samverkan/casehandling/board_directory.hpp"
#include "samverkan/casehandling/board_members.hpp"
#include "samverkan/casehandling/case_service.hpp"
#include "samverkan/casehandling/diary.hpp"
#include "samverkan/casehandling/meeting_service.hpp"
#include "samverkan/casehandling/minutes_document.hpp"
#include "samverkan/casehandling/minutes_signing.hpp"
#include "samverkan/casehandling/notice_board.hpp"
#include "samverkan/casehandling/notice_pages.hpp"
#include "samverkan/casehandling/open_data.hpp"
#include "samverkan/casehandling/public_register.hpp"
#include "samverkan/casehandling/vote_json.hpp"
#include "samverkan/core/base64.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/http/json.hpp"
#include "samverkan/http/routes.hpp"
#include "samverkan/jobs/job_queue.hpp"
#include "samverkan/storage/time.hpp"

namespace samverkan::casehandling {
namespace {

using security::Permission;

// The services the routes call, made once per router.
struct Services {
  Services(storage::Database& database, const config::Cooperation& members_of, const crypto::Keyring& keyring,
           const Clock& time, bankid::Client* bankid)
      : cooperation(members_of),
        boards(casehandling::BoardDirectory::from_cooperation(members_of)),
        diary(boards),
        cases(diary, keyring),
        public_register(boards),
        members(boards),
        queue(database, time),
        notices(boards, queue),
        meetings(boards, members, notices),
        signing(meetings, bankid, keyring) {}

  const config::Cooperation& cooperation;  // the router's, which outlives it
  casehandling::BoardDirectory boards;
  casehandling::Diary diary;
  casehandling::CaseService cases;
  casehandling::PublicRegister public_register;
  casehandling::BoardMembers members;
  jobs::JobQueue queue;
  casehandling::NoticeBoard notices;
  casehandling::MeetingService meetings;
  casehandling::MinutesSigning signing;
};

int parse_int(const std::string& text, const char* what) {
  int value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() || value < 0) {
    throw InvalidInput(std::string(what) + " must be a non-negative number");
  }
  return value;
}

CaseNumber path_number(const http::Request& request) {
  try {
    return CaseNumber::parse(request.path_params.at("prefix") + " " + request.path_params.at("year") + "/" +
                             request.path_params.at("number"));
  } catch (const InvalidInput&) {
    throw NotFound("no such case");
  }
}

std::string text_member(const Poco::JSON::Object& object, const std::string& name, bool required) {
  return required ? http::string_member(object, name) : http::optional_string_member(object, name).value_or("");
}

casehandling::NewCase parse_new_case(const Poco::JSON::Object& body) {
  casehandling::NewCase input;
  input.diary = text_member(body, "diary", true);
  input.title = text_member(body, "title", true);
  input.case_type = text_member(body, "caseType", true);
  input.handling_unit = text_member(body, "handlingUnit", false);
  input.officer = text_member(body, "officer", false);
  const std::string secrecy = text_member(body, "secrecyReference", false);
  if (!secrecy.empty()) input.title_secrecy = {casehandling::SecrecyLevel::kSecret, secrecy, ""};
  const std::string reserved = text_member(body, "reservedNumber", false);
  if (!reserved.empty()) input.reserved_number = CaseNumber::parse(reserved);
  if (body.has("parties")) {
    const auto parties = body.getArray("parties");
    if (parties.isNull()) throw InvalidInput("\"parties\" must be an array");
    for (std::size_t i = 0; i < parties->size(); ++i) {
      const auto party = parties->getObject(static_cast<unsigned int>(i));
      if (party.isNull()) throw InvalidInput("each party must be an object");
      const std::string kind = text_member(*party, "kind", true);
      if (kind != "person" && kind != "organisation") throw InvalidInput("a party's kind is person or organisation");
      input.parties.push_back(
          {kind == "person" ? casehandling::PartyKind::kPerson : casehandling::PartyKind::kOrganisation,
           text_member(*party, "identity", true), text_member(*party, "name", true),
           text_member(*party, "role", false)});
    }
  }
  return input;
}

Poco::JSON::Object case_json(const casehandling::CaseRecord& record) {
  Poco::JSON::Object out;
  out.set("number", record.number.str());
  out.set("title", record.title);
  out.set("publicTitle", record.public_title);
  out.set("secrecyReference", record.title_secrecy.legal_reference);
  out.set("caseType", record.case_type);
  out.set("handlingUnit", record.handling_unit);
  out.set("officer", record.officer);
  out.set("status", std::string(casehandling::to_string(record.status)));
  out.set("registeredOn", record.registered_on);
  Poco::JSON::Array parties;
  for (const auto& party : record.parties) {
    Poco::JSON::Object p;
    p.set("kind", party.kind == casehandling::PartyKind::kPerson ? "person" : "organisation");
    p.set("identity", party.identity);
    p.set("name", party.name);
    p.set("role", party.role);
    parties.add(p);
  }
  out.set("parties", parties);
  Poco::JSON::Array links;
  for (const auto& link : record.links) {
    Poco::JSON::Object l;
    l.set("number", link.other.str());
    l.set("note", link.note);
    links.add(l);
  }
  out.set("links", links);
  return out;
}

Poco::JSON::Object public_case_json(const casehandling::PublicCase& c) {
  Poco::JSON::Object out;
  out.set("number", c.number.str());
  out.set("board", c.board_name);
  out.set("title", c.title);
  out.set("secrecyReference", c.secrecy_reference);
  out.set("caseType", c.case_type);
  out.set("status", c.status);
  out.set("registeredOn", c.registered_on);
  Poco::JSON::Array parties;
  for (const auto& party : c.parties) {
    Poco::JSON::Object p;
    p.set("kind", party.kind);
    p.set("name", party.name);
    p.set("role", party.role);
    parties.add(p);
  }
  out.set("parties", parties);
  Poco::JSON::Array documents;
  for (const auto& d : c.documents) {
    Poco::JSON::Object o;
    o.set("documentNumber", d.document_number);
    o.set("direction", d.direction);
    o.set("registeredOn", d.registered_on);
    o.set("title", d.title);
    o.set("counterpart", d.counterpart);
    o.set("secrecy", d.secrecy);
    o.set("secrecyReference", d.secrecy_reference);
    o.set("maskedParts", d.masked_parts);
    documents.add(o);
  }
  out.set("documents", documents);
  return out;
}

Poco::JSON::Object document_json(const casehandling::DocumentRecord& d) {
  Poco::JSON::Object out;
  out.set("case", d.case_number.str());
  out.set("documentNumber", d.document_number);
  out.set("direction", std::string(casehandling::to_string(d.direction)));
  out.set("registeredOn", d.registered_on);
  out.set("title", d.title);
  out.set("publicTitle", d.public_title);
  out.set("counterpartKind", !d.counterpart_kind                                       ? ""
                             : *d.counterpart_kind == casehandling::PartyKind::kPerson ? "person"
                                                                                       : "organisation");
  out.set("counterpart", d.counterpart);
  out.set("secrecy", std::string(casehandling::to_string(d.secrecy.level)));
  out.set("secrecyReference", d.secrecy.legal_reference);
  out.set("maskedParts", d.secrecy.masked_parts);
  out.set("contentType", d.content_type);
  out.set("contentSize", static_cast<Poco::UInt64>(d.content_size));
  out.set("contentSha256", d.content_sha256);
  return out;
}

std::string decode_base64(const std::string& text) {
  auto bytes = base64::decode(text);
  if (!bytes) throw InvalidInput("\"contentBase64\" must be base64");
  return std::move(*bytes);
}

casehandling::NewDocument parse_new_document(const Poco::JSON::Object& body) {
  casehandling::NewDocument input;
  input.direction = casehandling::parse_direction(text_member(body, "direction", true));
  input.title = text_member(body, "title", true);
  const std::string kind = text_member(body, "counterpartKind", false);
  if (kind == "person") {
    input.counterpart_kind = casehandling::PartyKind::kPerson;
  } else if (kind == "organisation") {
    input.counterpart_kind = casehandling::PartyKind::kOrganisation;
  } else if (!kind.empty()) {
    throw InvalidInput("\"counterpartKind\" is person or organisation");
  }
  input.counterpart = text_member(body, "counterpart", false);
  input.registered_on = text_member(body, "registeredOn", false);
  input.content_type = text_member(body, "contentType", true);
  input.content = decode_base64(text_member(body, "contentBase64", true));
  const std::string secrecy = text_member(body, "secrecy", false);
  if (secrecy == "secret") {
    input.secrecy.level = casehandling::SecrecyLevel::kSecret;
  } else if (secrecy == "partial") {
    input.secrecy.level = casehandling::SecrecyLevel::kPartial;
  } else if (!secrecy.empty() && secrecy != "public") {
    throw InvalidInput("\"secrecy\" is public, secret or partial");
  }
  input.secrecy.legal_reference = text_member(body, "secrecyReference", false);
  input.secrecy.masked_parts = text_member(body, "maskedParts", false);
  return input;
}

// --- boards' composition, meetings, minutes, notice board ---------------------------------

long long path_id(const http::Request& request, const char* name) {
  try {
    const int value = parse_int(request.path_params.at(name), name);
    if (value <= 0) throw InvalidInput("not an id");
    return value;
  } catch (const InvalidInput&) {
    throw NotFound(std::string("no such ") + name);
  }
}

Poco::JSON::Object member_json(const casehandling::BoardMember& m) {
  Poco::JSON::Object out;
  out.set("id", static_cast<Poco::Int64>(m.id));
  out.set("board", m.prefix);
  out.set("term", m.term);
  out.set("userId", m.user_id);
  out.set("name", m.name);
  out.set("kind", std::string(casehandling::to_string(m.kind)));
  out.set("function", std::string(casehandling::to_string(m.function)));
  out.set("validFrom", m.valid_from);
  out.set("validTo", m.valid_to.value_or(""));
  return out;
}

Poco::JSON::Object meeting_json(const casehandling::Meeting& m) {
  Poco::JSON::Object out;
  out.set("id", static_cast<Poco::Int64>(m.id));
  out.set("board", m.prefix);
  out.set("date", m.date);
  out.set("startsAt", m.starts_at);
  out.set("place", m.place);
  return out;
}

Poco::JSON::Object agenda_json(const std::vector<casehandling::AgendaItem>& items) {
  Poco::JSON::Array list;
  for (const auto& item : items) {
    Poco::JSON::Object o;
    o.set("id", static_cast<Poco::Int64>(item.id));
    o.set("ordinal", item.ordinal);
    o.set("kind", std::string(casehandling::to_string(item.kind)));
    o.set("case", item.case_number ? item.case_number->str() : "");
    o.set("heading", item.heading);
    o.set("secrecyReference", item.secrecy_reference);
    list.add(o);
  }
  Poco::JSON::Object out;
  out.set("items", list);
  return out;
}

Poco::JSON::Object attendance_json(const casehandling::Attendance& a) {
  Poco::JSON::Array list;
  for (const auto& e : a.entries) {
    Poco::JSON::Object o;
    o.set("userId", e.user_id);
    o.set("name", e.name);
    o.set("kind", std::string(casehandling::to_string(e.kind)));
    o.set("presence", std::string(casehandling::to_string(e.presence)));
    o.set("servingFor", e.serving_for);
    list.add(o);
  }
  Poco::JSON::Object out;
  out.set("attendance", list);
  out.set("seats", a.seats);
  out.set("voting", a.voting);
  out.set("quorum", a.quorum);
  return out;
}

Poco::JSON::Object minutes_json(const casehandling::MinutesInfo& m) {
  Poco::JSON::Object out;
  out.set("id", static_cast<Poco::Int64>(m.id));
  out.set("meeting", static_cast<Poco::Int64>(m.meeting_id));
  out.set("board", m.prefix);
  out.set("keptAt", m.kept_at);
  out.set("status", std::string(casehandling::to_string(m.status)));
  Poco::JSON::Array signers;
  for (const auto& s : m.signers) {
    Poco::JSON::Object o;
    o.set("userId", s.user_id);
    o.set("role", s.role);
    o.set("signedAt", s.signed_at ? storage::format_time(*s.signed_at) : "");
    signers.add(o);
  }
  out.set("signers", signers);
  if (m.notice_id) out.set("notice", static_cast<Poco::Int64>(*m.notice_id));
  return out;
}

Poco::JSON::Object paragraph_json(const casehandling::Paragraph& p) {
  Poco::JSON::Object out;
  out.set("id", static_cast<Poco::Int64>(p.id));
  out.set("minutes", static_cast<Poco::Int64>(p.minutes_id));
  out.set("board", p.prefix);
  out.set("year", p.year);
  out.set("number", p.number);
  out.set("case", p.case_number ? p.case_number->str() : "");
  out.set("heading", p.heading);
  out.set("secrecyReference", p.secrecy_reference);
  out.set("proposal", p.proposal);
  out.set("procedure", p.procedure);
  out.set("decision", p.decision);
  out.set("immediatelyAdjusted", p.immediately_adjusted);
  out.set("textsWithheld", p.texts_withheld);
  Poco::JSON::Array entries;
  for (const auto& e : p.entries) {
    Poco::JSON::Object o;
    o.set("kind", e.kind);
    o.set("userId", e.user_id);
    o.set("text", e.text);
    entries.add(o);
  }
  out.set("entries", entries);
  Poco::JSON::Array recused;
  for (const auto& r : p.recused) recused.add(r);
  out.set("conflictsOfInterest", recused);
  Poco::JSON::Array substitutes;  // substitutes stepping in for a member with jäv, this paragraph only
  for (const auto& [substitute, serving_for] : p.substitutes) {
    Poco::JSON::Object o;
    o.set("userId", substitute);
    o.set("servingFor", serving_for);
    substitutes.add(o);
  }
  out.set("substitutes", substitutes);
  if (p.tally) {
    Poco::JSON::Object votes;
    for (const auto& [user, v] : p.votes) votes.set(user, std::string(casehandling::to_string(v)));
    out.set("vote", casehandling::vote_json(p.vote_yes_means, p.vote_no_means, *p.tally, votes));
  }
  return out;
}

Poco::JSON::Object notice_json(const casehandling::Notice& n) {
  Poco::JSON::Object out;
  out.set("id", static_cast<Poco::Int64>(n.id));
  out.set("board", n.prefix);
  out.set("boardName", n.board_name);
  out.set("meetingDate", n.meeting_date);
  out.set("postedOn", n.posted_on);
  out.set("appealDeadline", n.appeal_deadline);
  out.set("removeOn", n.remove_on);
  out.set("keptAt", n.kept_at);
  out.set("status", n.status);
  Poco::JSON::Array paragraphs;
  for (const auto& p : n.paragraphs) {
    Poco::JSON::Object o;
    o.set("number", p.number);
    o.set("heading", p.heading);
    if (p.secrecy_reference.empty()) {
      o.set("decision", p.decision);
    } else {
      o.set("secrecyReference", p.secrecy_reference);
    }
    paragraphs.add(o);
  }
  out.set("paragraphs", paragraphs);
  return out;
}

std::optional<std::string> optional_text(const Poco::JSON::Object& body, const std::string& name) {
  if (!body.has(name)) return std::nullopt;
  return text_member(body, name, true);
}

std::vector<std::string> text_array(const Poco::JSON::Object& body, const std::string& name) {
  std::vector<std::string> out;
  const auto array = body.has(name) ? body.getArray(name) : nullptr;
  if (array.isNull()) throw InvalidInput("the body needs \"" + name + "\" (an array of strings)");
  for (std::size_t i = 0; i < array->size(); ++i) {
    const auto value = array->get(static_cast<unsigned int>(i));
    if (!value.isString()) throw InvalidInput("\"" + name + "\" holds strings only");
    out.push_back(value.extract<std::string>());
  }
  return out;
}

// --- the route table ------------------------------------------------------------------------
// Every route below is one declaration (http::Routes): its method, path and permission, and
// the part that is its own (read the input, call the service, shape the answer). The Call
// does the rest: the principal, the municipality of the path, the context and its commit.

// --- cases and the diary --------------------------------------------------------------------

casehandling::RegisterQuery register_query(const http::Request& request) {
  casehandling::RegisterQuery query;
  query.words = request.query_param("q").value_or("");
  query.board = request.query_param("board").value_or("");
  query.registered_from = request.query_param("from").value_or("");
  query.registered_to = request.query_param("to").value_or("");
  if (const auto number = request.query_param("number")) query.number = CaseNumber::parse(*number);
  if (const auto limit = request.query_param("limit"))
    query.limit = static_cast<std::size_t>(parse_int(*limit, "limit"));
  if (const auto offset = request.query_param("offset")) {
    query.offset = static_cast<std::size_t>(parse_int(*offset, "offset"));
  }
  return query;
}

Poco::JSON::Object history_entry_json(const casehandling::HistoryEntry& entry) {
  Poco::JSON::Object e;
  e.set("at", storage::format_time(entry.at));
  e.set("principal", entry.principal);
  e.set("action", entry.action);
  e.set("detail", entry.detail);
  return e;
}

http::Response reservation_json(int status, const CaseNumber& number, const char* state) {
  Poco::JSON::Object out;
  out.set("number", number.str());
  out.set("status", state);
  return http::json_response(status, out);
}

// Routes that read a body or a query check the permission first (http::CheckFirst, with the
// event the service's own check uses): another municipality's principal hears 404, audited,
// whatever the input holds, and only an authorised caller hears that it is malformed.
void mount_case_routes(http::Routes& api, const std::shared_ptr<Services>& s) {
  api.add({"GET", "/register"}, [s](http::Call& c) {
    const auto query = register_query(c.request);  // a bad query is 400 before the municipality is looked up
    const auto results = s->public_register.search(c.ctx(), query);
    return http::json_response(200, http::list_json("cases", results, public_case_json));
  });

  api.add({"POST", "/cases", Permission::kCaseRegister, http::CheckFirst{"case.register", "diary"}},
          [s](http::Call& c) {
            return http::json_response(201, case_json(s->cases.register_case(c.ctx(), parse_new_case(*c.body()))));
          });

  api.add({"GET", "/cases/{prefix}/{year}/{number}", Permission::kCaseRead}, [s](http::Call& c) {
    return http::json_response(200, case_json(s->cases.get_case(c.ctx(), path_number(c.request))));
  });

  api.add({"POST", "/cases/{prefix}/{year}/{number}/status", Permission::kCaseHandle,
           http::CheckFirst{"case.status", "case", "{prefix} {year}/{number}"}},
          [s](http::Call& c) {
            const auto status = casehandling::parse_case_status(text_member(*c.body(), "status", true));
            return http::json_response(200, case_json(s->cases.change_status(c.ctx(), path_number(c.request), status)));
          });

  api.add({"GET", "/cases/{prefix}/{year}/{number}/history", Permission::kCaseRead}, [s](http::Call& c) {
    return http::json_response(
        200, http::list_json("history", s->cases.history(c.ctx(), path_number(c.request)), history_entry_json));
  });

  api.add({"POST", "/cases/{prefix}/{year}/{number}/links", Permission::kCaseHandle,
           http::CheckFirst{"case.link", "case", "{prefix} {year}/{number}"}},
          [s](http::Call& c) {
            const auto body = c.body();
            const auto other = CaseNumber::parse(text_member(*body, "to", true));
            s->cases.link(c.ctx(), path_number(c.request), other, text_member(*body, "note", false));
            return http::no_content();
          });

  api.add({"POST", "/cases/{prefix}/{year}/{number}/documents", Permission::kCaseRegister,
           http::CheckFirst{"document.register", "case", "{prefix} {year}/{number}"}},
          [s](http::Call& c) {
            const auto input = parse_new_document(*c.body());
            return http::json_response(201,
                                       document_json(s->cases.add_document(c.ctx(), path_number(c.request), input)));
          });

  api.add({"GET", "/cases/{prefix}/{year}/{number}/documents", Permission::kCaseRead}, [s](http::Call& c) {
    return http::json_response(
        200, http::list_json("documents", s->cases.documents(c.ctx(), path_number(c.request)), document_json));
  });

  api.add({"GET", "/cases/{prefix}/{year}/{number}/documents/{document}/content", Permission::kCaseRead},
          [s](http::Call& c) {
            int document = 0;
            try {
              document = parse_int(c.path("document"), "document");
            } catch (const InvalidInput&) {
              throw NotFound("no such document");
            }
            auto& ctx = c.ctx();
            const auto number = path_number(c.request);
            std::string content_type = "application/octet-stream";
            for (const auto& d : s->cases.documents(ctx, number)) {
              if (d.document_number == document) content_type = d.content_type;
            }
            http::Response response{200, content_type, s->cases.document_content(ctx, number, document), {}};
            response.headers.emplace_back("Content-Disposition", "attachment");
            return response;
          });

  api.add({"POST", "/diaries/{prefix}/reservations", Permission::kCaseRegister,
           http::CheckFirst{"diary.reserve", "diary", "{prefix}"}},
          [s](http::Call& c) {
            const std::string note = c.request.body.empty() ? std::string() : text_member(*c.body(), "note", false);
            return reservation_json(201, s->diary.reserve(c.ctx(), c.path("prefix"), note), "reserved");
          });

  api.add({"POST", "/reservations/{prefix}/{year}/{number}/release", Permission::kCaseRegister,
           http::CheckFirst{"diary.release", "case-number", "{prefix} {year}/{number}"}},
          [s](http::Call& c) {
            const auto reason = text_member(*c.body(), "reason", true);
            CaseNumber number;
            try {
              number = CaseNumber::parse(c.path("prefix") + " " + c.path("year") + "/" + c.path("number"));
            } catch (const InvalidInput&) {
              throw NotFound("no such number");
            }
            s->diary.release(c.ctx(), number, reason);
            return reservation_json(200, number, "unused");
          });
}

// --- boards' composition, meetings, minutes, notice board -----------------------------------

casehandling::NewBoardMember parse_new_member(const std::string& prefix, const Poco::JSON::Object& body) {
  casehandling::NewBoardMember input;
  input.prefix = prefix;
  input.term = text_member(body, "term", true);
  input.user_id = text_member(body, "userId", true);
  input.name = text_member(body, "name", true);
  input.kind = casehandling::parse_member_kind(text_member(body, "kind", true));
  const std::string function = text_member(body, "function", false);
  input.function = function.empty() ? casehandling::BoardFunction::kNone : casehandling::parse_board_function(function);
  input.valid_from = text_member(body, "validFrom", true);
  return input;
}

std::vector<casehandling::AttendanceInput> parse_attendance(const Poco::JSON::Object& body) {
  const auto array = body.getArray("attendance");
  if (array.isNull()) throw InvalidInput("the body needs \"attendance\" (an array)");
  std::vector<casehandling::AttendanceInput> input;
  for (std::size_t i = 0; i < array->size(); ++i) {
    const auto entry = array->getObject(static_cast<unsigned int>(i));
    if (entry.isNull()) throw InvalidInput("each attendance entry is an object");
    input.push_back({text_member(*entry, "userId", true),
                     casehandling::parse_presence(text_member(*entry, "presence", true)),
                     text_member(*entry, "servingFor", false)});
  }
  return input;
}

std::map<std::string, casehandling::Vote> parse_votes(const Poco::JSON::Object& body) {
  const auto votes_object = body.getObject("votes");
  if (votes_object.isNull()) throw InvalidInput("the body needs \"votes\" ({\"userId\": \"ja|nej|avstår\"})");
  std::map<std::string, casehandling::Vote> votes;
  for (const auto& name : votes_object->getNames()) {
    votes[name] = casehandling::parse_vote(text_member(*votes_object, name, true));
  }
  return votes;
}

long long agenda_item_member(const Poco::JSON::Object& body) {
  if (!body.has("agendaItem")) return 0;
  const auto value = body.get("agendaItem");
  if (!value.isInteger()) throw InvalidInput("\"agendaItem\" must be an agenda item id");
  return value.convert<Poco::Int64>();
}

// Adjustment with BankID, only where the platform has a BankID client (the API document
// lists them then: describe_casehandling_routes(api, true)).
void mount_bankid_signing_routes(http::Routes& api, const std::shared_ptr<Services>& s) {
  api.add({"POST", "/boards/{prefix}/members/{member}/personnummer", Permission::kMeetingManage,
           http::CheckFirst{"board-member.bind", "board-member", "{member}"}},
          [s](http::Call& c) {
            s->signing.bind_personnummer(c.ctx(), path_id(c.request, "member"),
                                         text_member(*c.body(), "personnummer", true));
            return http::no_content();
          });

  api.add({"POST", "/minutes/{minutes}/signatures/bankid", Permission::kMinutesSign}, [s](http::Call& c) {
    const auto order = s->signing.start(c.ctx(), path_id(c.request, "minutes"), c.request.remote_address);
    Poco::JSON::Object out;
    out.set("orderRef", order.order_ref);
    out.set("autoStartToken", order.auto_start_token);
    out.set("qrStartToken", order.qr_start_token);
    return http::json_response(201, out);
  });

  api.add({"POST", "/minutes/{minutes}/signatures/bankid/{order}/collect", Permission::kMinutesSign},
          [s](http::Call& c) {
            const auto progress = s->signing.collect(c.ctx(), path_id(c.request, "minutes"), c.path("order"));
            Poco::JSON::Object out;
            out.set("status", std::string(bankid::to_string(progress.status)));
            out.set("hintCode", progress.hint_code);
            if (progress.minutes) out.set("minutes", minutes_json(*progress.minutes));
            return http::json_response(200, out);
          });
}

void mount_meeting_routes(http::Routes& api, const std::shared_ptr<Services>& s, bool with_bankid) {
  api.add({"GET", "/boards/{prefix}/members", Permission::kMeetingRead}, [s](http::Call& c) {
    auto& ctx = c.ctx();
    const std::string day =
        c.request.query_param("day").value_or(calendar::format_iso_date(calendar::swedish_date(ctx.now())));
    auto out = http::list_json("members", s->members.on_day(ctx, c.path("prefix"), day), member_json);
    out.set("day", day);
    return http::json_response(200, out);
  });

  api.add({"POST", "/boards/{prefix}/members", Permission::kMeetingManage,
           http::CheckFirst{"board-member.add", "board", "{prefix}"}},
          [s](http::Call& c) {
            const auto input = parse_new_member(c.path("prefix"), *c.body());
            return http::json_response(201, member_json(s->members.add(c.ctx(), input)));
          });

  api.add({"POST", "/boards/{prefix}/members/{member}/end", Permission::kMeetingManage,
           http::CheckFirst{"board-member.end", "board-member", "{member}"}},
          [s](http::Call& c) {
            const auto member =
                s->members.end(c.ctx(), path_id(c.request, "member"), text_member(*c.body(), "validTo", true));
            if (member.prefix != c.path("prefix")) throw NotFound("no such member");
            return http::json_response(200, member_json(member));
          });

  api.add({"GET", "/boards/{prefix}/meetings", Permission::kMeetingRead}, [s](http::Call& c) {
    return http::json_response(
        200, http::list_json("meetings", s->meetings.meetings(c.ctx(), c.path("prefix")), meeting_json));
  });

  api.add({"POST", "/boards/{prefix}/meetings", Permission::kMeetingManage,
           http::CheckFirst{"meeting.create", "board", "{prefix}"}},
          [s](http::Call& c) {
            const auto body = c.body();
            const casehandling::NewMeeting input{c.path("prefix"), text_member(*body, "date", true),
                                                 text_member(*body, "startsAt", false),
                                                 text_member(*body, "place", true)};
            return http::json_response(201, meeting_json(s->meetings.create_meeting(c.ctx(), input)));
          });

  api.add({"GET", "/meetings/{meeting}", Permission::kMeetingRead}, [s](http::Call& c) {
    return http::json_response(200, meeting_json(s->meetings.meeting(c.ctx(), path_id(c.request, "meeting"))));
  });

  api.add({"GET", "/meetings/{meeting}/agenda", Permission::kMeetingRead}, [s](http::Call& c) {
    return http::json_response(200, agenda_json(s->meetings.agenda(c.ctx(), path_id(c.request, "meeting"))));
  });

  api.add({"POST", "/meetings/{meeting}/agenda", Permission::kMeetingManage}, [s](http::Call& c) {
    return http::json_response(200, agenda_json(s->meetings.build_agenda(c.ctx(), path_id(c.request, "meeting"))));
  });

  api.add({"POST", "/meetings/{meeting}/agenda/items", Permission::kMeetingManage,
           http::CheckFirst{"agenda.add", "meeting", "{meeting}"}},
          [s](http::Call& c) {
            const auto item = s->meetings.add_information_item(c.ctx(), path_id(c.request, "meeting"),
                                                               text_member(*c.body(), "heading", true));
            return http::json_response(201, agenda_json({item}));
          });

  api.add({"GET", "/meetings/{meeting}/attendance", Permission::kMeetingRead}, [s](http::Call& c) {
    return http::json_response(200, attendance_json(s->meetings.attendance(c.ctx(), path_id(c.request, "meeting"))));
  });

  api.add({"PUT", "/meetings/{meeting}/attendance", Permission::kMeetingManage,
           http::CheckFirst{"attendance.set", "meeting", "{meeting}"}},
          [s](http::Call& c) {
            const auto input = parse_attendance(*c.body());
            return http::json_response(
                200, attendance_json(s->meetings.set_attendance(c.ctx(), path_id(c.request, "meeting"), input)));
          });

  api.add({"POST", "/meetings/{meeting}/minutes", Permission::kMeetingManage,
           http::CheckFirst{"minutes.open", "meeting", "{meeting}"}},
          [s](http::Call& c) {
            const auto body = c.body();
            const auto minutes =
                s->meetings.open_minutes(c.ctx(), path_id(c.request, "meeting"), text_member(*body, "keptAt", true),
                                         text_array(*body, "adjusters"));
            return http::json_response(201, minutes_json(minutes));
          });

  api.add({"GET", "/meetings/{meeting}/minutes", Permission::kMeetingRead}, [s](http::Call& c) {
    const auto minutes = s->meetings.minutes_of(c.ctx(), path_id(c.request, "meeting"));
    if (!minutes) throw NotFound("the meeting has no minutes yet");
    return http::json_response(200, minutes_json(*minutes));
  });

  api.add({"GET", "/minutes/{minutes}", Permission::kMeetingRead}, [s](http::Call& c) {
    return http::json_response(200, minutes_json(s->meetings.minutes(c.ctx(), path_id(c.request, "minutes"))));
  });

  api.add({"GET", "/minutes/{minutes}/paragraphs", Permission::kMeetingRead}, [s](http::Call& c) {
    return http::json_response(
        200,
        http::list_json("paragraphs", s->meetings.paragraphs(c.ctx(), path_id(c.request, "minutes")), paragraph_json));
  });

  api.add({"POST", "/minutes/{minutes}/paragraphs", Permission::kMeetingManage,
           http::CheckFirst{"paragraph.add", "minutes", "{minutes}"}},
          [s](http::Call& c) {
            const auto body = c.body();
            const long long item = agenda_item_member(*body);
            const auto paragraph = s->meetings.add_paragraph(c.ctx(), path_id(c.request, "minutes"), item,
                                                             text_member(*body, "heading", false));
            return http::json_response(201, paragraph_json(paragraph));
          });

  api.add({"POST", "/minutes/{minutes}/signatures", Permission::kMinutesSign,
           http::CheckFirst{"minutes.sign", "minutes", "{minutes}"}},
          [s](http::Call& c) {
            return http::json_response(200, minutes_json(s->meetings.sign(c.ctx(), path_id(c.request, "minutes"),
                                                                          text_member(*c.body(), "signature", true))));
          });

  api.add({"GET", "/paragraphs/{paragraph}", Permission::kMeetingRead}, [s](http::Call& c) {
    return http::json_response(200, paragraph_json(s->meetings.paragraph(c.ctx(), path_id(c.request, "paragraph"))));
  });

  api.add({"PATCH", "/paragraphs/{paragraph}", Permission::kMeetingManage,
           http::CheckFirst{"paragraph.update", "paragraph", "{paragraph}"}},
          [s](http::Call& c) {
            const auto body = c.body();
            const casehandling::ParagraphText text{
                optional_text(*body, "heading"), optional_text(*body, "secrecyReference"),
                optional_text(*body, "proposal"), optional_text(*body, "procedure"), optional_text(*body, "decision")};
            return http::json_response(
                200, paragraph_json(s->meetings.update_paragraph(c.ctx(), path_id(c.request, "paragraph"), text)));
          });

  api.add({"POST", "/paragraphs/{paragraph}/entries", Permission::kMeetingManage,
           http::CheckFirst{"paragraph.entry", "paragraph", "{paragraph}"}},
          [s](http::Call& c) {
            const auto body = c.body();
            const auto paragraph =
                s->meetings.add_entry(c.ctx(), path_id(c.request, "paragraph"), text_member(*body, "kind", true),
                                      text_member(*body, "userId", true), text_member(*body, "text", true));
            return http::json_response(201, paragraph_json(paragraph));
          });

  api.add({"POST", "/paragraphs/{paragraph}/conflicts-of-interest", Permission::kMeetingManage,
           http::CheckFirst{"paragraph.recusal", "paragraph", "{paragraph}"}},
          [s](http::Call& c) {
            return http::json_response(
                200, paragraph_json(s->meetings.declare_conflict(c.ctx(), path_id(c.request, "paragraph"),
                                                                 text_member(*c.body(), "userId", true))));
          });

  api.add({"POST", "/paragraphs/{paragraph}/votes", Permission::kMeetingManage,
           http::CheckFirst{"paragraph.vote", "paragraph", "{paragraph}"}},
          [s](http::Call& c) {
            const auto body = c.body();
            const auto votes = parse_votes(*body);
            const auto paragraph =
                s->meetings.record_vote(c.ctx(), path_id(c.request, "paragraph"), votes,
                                        text_member(*body, "yesMeans", true), text_member(*body, "noMeans", true));
            return http::json_response(200, paragraph_json(paragraph));
          });

  api.add({"POST", "/paragraphs/{paragraph}/immediate-adjustment", Permission::kMeetingManage}, [s](http::Call& c) {
    return http::json_response(
        200, paragraph_json(s->meetings.adjust_immediately(c.ctx(), path_id(c.request, "paragraph"))));
  });

  if (with_bankid) mount_bankid_signing_routes(api, s);

  api.add({"GET", "/notice-board"}, [s](http::Call& c) {
    auto out = http::list_json("notices", s->notices.posted(c.ctx()), notice_json);
    out.set("municipality", c.path("kommunkod"));
    return http::json_response(200, out);
  });

  api.add({"GET", "/notices/{notice}", Permission::kMeetingRead}, [s](http::Call& c) {
    return http::json_response(200, notice_json(s->notices.notice(c.ctx(), path_id(c.request, "notice"))));
  });
}

// Minutes as documents, open data and the notice-board page:
//   GET minutes/{id}/document?format=html|pdf   the full minutes (meeting.read; audited)
//   GET minutes/{id}/public?format=html|pdf     the public version of adjusted minutes (anyone)
//   GET open-data/meetings                      meetings with adjusted minutes (anyone)
//   GET open-data/meetings/{id}/decisions?format=json|csv   public paragraphs' decisions and votes
//   GET open-data/meetings/{id}/votes           one CSV row per vote in the public paragraphs
//   GET /anslagstavla/{kommunkod}?lang=sv|en    the notice-board page (HTML)
//   GET /anslagstavla/static/casehandling.css   its stylesheet (and the minutes pages')
enum class DocumentFormat { kHtml, kPdf };

DocumentFormat document_format(const http::Request& request) {
  const std::string format = request.query_param("format").value_or("html");
  if (format == "html") return DocumentFormat::kHtml;
  if (format == "pdf") return DocumentFormat::kPdf;
  throw InvalidInput("format must be html or pdf");
}

http::Response minutes_response(casehandling::MinutesView view, casehandling::MinutesVersion version,
                                DocumentFormat format, const config::Municipality& municipality) {
  view.municipality_name = municipality.name;
  http::Response response;
  response.headers.emplace_back("Cache-Control", "no-store");
  if (format == DocumentFormat::kPdf) {
    response.content_type = "application/pdf";
    response.body = casehandling::render_minutes_pdf(view, version);
    response.headers.emplace_back(
        "Content-Disposition",
        "inline; filename=\"protokoll-" + view.prefix + "-" + view.meeting_date +
            (version == casehandling::MinutesVersion::kPublic ? std::string("-offentlig") : std::string()) + ".pdf\"");
  } else {
    response.content_type = "text/html; charset=utf-8";
    response.body = casehandling::render_minutes_html(view, version);
  }
  return response;
}

void mount_minutes_document_routes(http::Routes& api, http::Routes& site, const std::shared_ptr<Services>& s) {
  api.add({"GET", "/minutes/{minutes}/document", Permission::kMeetingRead,
           http::CheckFirst{"minutes.read", "minutes", "{minutes}"}},
          [s](http::Call& c) {
            const auto format = document_format(c.request);
            auto& ctx = c.ctx();
            auto view = casehandling::full_minutes(ctx, s->meetings, s->boards, path_id(c.request, "minutes"));
            c.commit();  // the rendering needs no transaction
            return minutes_response(std::move(view), casehandling::MinutesVersion::kFull, format, c.municipality());
          });

  api.add({"GET", "/minutes/{minutes}/public"}, [s](http::Call& c) {
    const auto format = document_format(c.request);
    auto& ctx = c.ctx();
    auto view = casehandling::public_minutes(ctx, s->boards, path_id(c.request, "minutes"));
    c.commit();
    return minutes_response(std::move(view), casehandling::MinutesVersion::kPublic, format, c.municipality());
  });

  api.add({"GET", "/open-data/meetings"}, [s](http::Call& c) {
    const auto list = casehandling::published_minutes(c.ctx(), s->boards);
    return http::Response::json(200, casehandling::open_data_index_json(c.municipality().code.str(), list));
  });

  // The public view of a meeting's adjusted minutes, found by the meeting.
  const auto meeting_view = [s](http::Call& c) {
    auto& ctx = c.ctx();
    const long long minutes_id = casehandling::published_minutes_of_meeting(ctx, path_id(c.request, "meeting"));
    auto view = casehandling::public_minutes(ctx, s->boards, minutes_id);
    c.commit();
    return view;
  };

  api.add({"GET", "/open-data/meetings/{meeting}/decisions"}, [s, meeting_view](http::Call& c) {
    const std::string format = c.request.query_param("format").value_or("json");
    if (format != "json" && format != "csv") throw InvalidInput("format must be json or csv");
    const auto view = meeting_view(c);
    if (format == "json") return http::Response::json(200, casehandling::open_data_json(view));
    return http::Response{200, "text/csv; charset=utf-8", casehandling::open_data_decisions_csv(view), {}};
  });

  api.add({"GET", "/open-data/meetings/{meeting}/votes"}, [s, meeting_view](http::Call& c) {
    const auto view = meeting_view(c);
    return http::Response{200, "text/csv; charset=utf-8", casehandling::open_data_votes_csv(view), {}};
  });

  site.add({"GET", std::string(casehandling::kStylesheetPath)}, [](http::Call&) {
    http::Response response{200, "text/css; charset=utf-8", std::string(casehandling::stylesheet()), {}};
    response.headers.emplace_back("Cache-Control", "public, max-age=3600");
    return response;
  });

  site.add({"GET", "/anslagstavla/{kommunkod}"}, [s](http::Call& c) {
    const auto notices = s->notices.posted(c.ctx());
    c.commit();
    const casehandling::NoticePage page{
        s->cooperation, c.municipality(),
        casehandling::notice_page_language(c.request.query_param("lang").value_or("sv"))};
    http::Response response{200, "text/html; charset=utf-8", casehandling::render_notice_page(page, notices), {}};
    response.headers.emplace_back("Content-Language", page.lang);
    return response;
  });
}

}  // namespace

void mount_routes(http::Router& router, const http::RouteServices& deps, const crypto::Keyring& keyring,
                  bankid::Client* bankid) {
  auto services = std::make_shared<Services>(deps.db, deps.cooperation, keyring, deps.clock, bankid);
  http::Routes api(router, deps, "/api/v1/municipalities/{kommunkod}");
  http::Routes site(router, deps);

  mount_meeting_routes(api, services, bankid != nullptr);
  mount_minutes_document_routes(api, site, services);
  mount_case_routes(api, services);
}

}  // namespace samverkan::casehandling
