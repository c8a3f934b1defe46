#include "casehandling_routes.hpp"

#include <Poco/Base64Decoder.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <charconv>
#include <functional>
#include <memory>
#include <optional>
#include <sstream>

#include "samverkan/adapters/iso_date.hpp"
#include "samverkan/calendar/swedish_time.hpp"
#include "samverkan/casehandling/board_directory.hpp"
#include "samverkan/casehandling/board_members.hpp"
#include "samverkan/casehandling/case_service.hpp"
#include "samverkan/casehandling/diary.hpp"
#include "samverkan/casehandling/meeting_service.hpp"
#include "samverkan/casehandling/minutes_document.hpp"
#include "samverkan/casehandling/minutes_signing.hpp"
#include "samverkan/casehandling/notice_pages.hpp"
#include "samverkan/casehandling/notice_board.hpp"
#include "samverkan/casehandling/open_data.hpp"
#include "samverkan/casehandling/public_register.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/http/json.hpp"
#include "samverkan/jobs/job_queue.hpp"
#include "samverkan/tenancy/context.hpp"

namespace samverkan::server {
namespace {

using casehandling::CaseNumber;
using Intent = tenancy::Context::Intent;

struct Services {
  Services(storage::Database& database, const config::Cooperation& cooperation_config, const crypto::Keyring& keyring,
           audit::AuditLog& audit, const Clock& time, bankid::Client* bankid)
      : db(database),
        cooperation(cooperation_config),
        audit_log(audit),
        clock(time),
        boards(casehandling::BoardDirectory::from_cooperation(cooperation_config)),
        diary(boards),
        cases(diary, keyring),
        public_register(boards),
        members(boards),
        queue(database, time),
        notices(boards, queue),
        meetings(boards, members, notices),
        signing(meetings, bankid, keyring) {}

  storage::Database& db;
  const config::Cooperation& cooperation;
  audit::AuditLog& audit_log;
  const Clock& clock;
  casehandling::BoardDirectory boards;
  casehandling::Diary diary;
  casehandling::CaseService cases;
  casehandling::PublicRegister public_register;
  casehandling::BoardMembers members;
  jobs::JobQueue queue;
  casehandling::NoticeBoard notices;
  casehandling::MeetingService meetings;
  casehandling::MinutesSigning signing;

  /// The municipality of the path; an unknown one is 404 like any unknown resource.
  ids::Kommunkod municipality(const http::Request& request) const {
    return cooperation.require_member(request.path_params.at("kommunkod")).code;
  }

  std::unique_ptr<tenancy::Context> context(const security::Principal& principal, const http::Request& request,
                                            Intent intent) {
    return std::make_unique<tenancy::Context>(db, principal, municipality(request), clock, &audit_log, intent);
  }
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

Poco::JSON::Object::Ptr object_body(const http::Request& request) {
  try {
    const auto parsed = Poco::JSON::Parser().parse(request.body);
    if (const auto object = parsed.extract<Poco::JSON::Object::Ptr>(); !object.isNull()) return object;
  } catch (const Poco::Exception&) {
  }
  throw InvalidInput("the body must be a JSON object");
}

std::string text_member(const Poco::JSON::Object& object, const std::string& name, bool required) {
  if (!object.has(name) || object.isNull(name)) {
    if (required) throw InvalidInput("the body needs \"" + name + "\" (a string)");
    return {};
  }
  const auto value = object.get(name);
  if (!value.isString()) throw InvalidInput("\"" + name + "\" must be a string");
  return value.extract<std::string>();
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
  if (text.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=") !=
      std::string::npos) {
    throw InvalidInput("\"contentBase64\" must be base64");
  }
  try {
    std::istringstream in(text);
    Poco::Base64Decoder decoder(in);
    return std::string(std::istreambuf_iterator<char>(decoder), std::istreambuf_iterator<char>());
  } catch (const Poco::Exception&) {
    throw InvalidInput("\"contentBase64\" must be base64");
  }
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
    o.set("signedAt", s.signed_at ? audit::format_time(*s.signed_at) : "");
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
    Poco::JSON::Object vote;
    vote.set("yesMeans", p.vote_yes_means);
    vote.set("noMeans", p.vote_no_means);
    vote.set("yes", p.tally->yes);
    vote.set("no", p.tally->no);
    vote.set("abstain", p.tally->abstain);
    vote.set("result", p.tally->result);
    Poco::JSON::Object votes;
    for (const auto& [user, v] : p.votes) votes.set(user, std::string(casehandling::to_string(v)));
    vote.set("votes", votes);
    out.set("vote", vote);
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

template <typename Add, typename Json>
void mount_bankid_signing_routes(const Add& add, const Json& json) {
  add("POST", "/boards/{prefix}/members/{member}/personnummer",
      [](http::Request& request, const security::Principal& who, Services& s) {
        auto ctx = s.context(who, request, Intent::kWrite);
        s.signing.bind_personnummer(*ctx, path_id(request, "member"),
                                    text_member(*object_body(request), "personnummer", true));
        ctx->commit();
        return http::Response{204, "application/json", "", {}};
      });

  add("POST", "/minutes/{minutes}/signatures/bankid",
      [json](http::Request& request, const security::Principal& who, Services& s) {
        auto ctx = s.context(who, request, Intent::kWrite);
        const auto order = s.signing.start(*ctx, path_id(request, "minutes"), request.remote_address);
        ctx->commit();
        Poco::JSON::Object out;
        out.set("orderRef", order.order_ref);
        out.set("autoStartToken", order.auto_start_token);
        out.set("qrStartToken", order.qr_start_token);
        return json(201, out);
      });

  add("POST", "/minutes/{minutes}/signatures/bankid/{order}/collect",
      [json](http::Request& request, const security::Principal& who, Services& s) {
        auto ctx = s.context(who, request, Intent::kWrite);
        const auto progress = s.signing.collect(*ctx, path_id(request, "minutes"), request.path_params.at("order"));
        ctx->commit();
        Poco::JSON::Object out;
        out.set("status", std::string(bankid::to_string(progress.status)));
        out.set("hintCode", progress.hint_code);
        if (progress.minutes) out.set("minutes", minutes_json(*progress.minutes));
        return json(200, out);
      });
}

using Authenticated = std::function<http::Response(http::Request&, const security::Principal&, Services&)>;

void mount_meeting_routes(http::Router& router, const std::shared_ptr<Services>& services,
                          const auth::Authenticator& authenticator, bool with_bankid) {
  const std::string base = "/api/v1/municipalities/{kommunkod}";
  const auto add = [&](const char* method, const std::string& path, Authenticated handler) {
    router.add(
        method, base + path,
        auth::authenticated(authenticator, [services, handler](http::Request& request, const security::Principal& who) {
          return handler(request, who, *services);
        }));
  };
  const auto json = [](int status, const Poco::JSON::Object& object) {
    return http::Response::json(status, http::to_json(object));
  };

  add("GET", "/boards/{prefix}/members", [json](http::Request& request, const security::Principal& who, Services& s) {
    auto ctx = s.context(who, request, Intent::kRead);
    const std::string day =
        request.query_param("day").value_or(adapters::format_iso_date(calendar::swedish_date(ctx->now())));
    const auto list = s.members.on_day(*ctx, request.path_params.at("prefix"), day);
    ctx->commit();
    Poco::JSON::Array items;
    for (const auto& m : list) items.add(member_json(m));
    Poco::JSON::Object out;
    out.set("day", day);
    out.set("members", items);
    return json(200, out);
  });

  add("POST", "/boards/{prefix}/members", [json](http::Request& request, const security::Principal& who, Services& s) {
    auto ctx = s.context(who, request, Intent::kWrite);
    const auto body = object_body(request);
    casehandling::NewBoardMember input;
    input.prefix = request.path_params.at("prefix");
    input.term = text_member(*body, "term", true);
    input.user_id = text_member(*body, "userId", true);
    input.name = text_member(*body, "name", true);
    input.kind = casehandling::parse_member_kind(text_member(*body, "kind", true));
    const std::string function = text_member(*body, "function", false);
    input.function =
        function.empty() ? casehandling::BoardFunction::kNone : casehandling::parse_board_function(function);
    input.valid_from = text_member(*body, "validFrom", true);
    const auto member = s.members.add(*ctx, input);
    ctx->commit();
    return json(201, member_json(member));
  });

  add("POST", "/boards/{prefix}/members/{member}/end",
      [json](http::Request& request, const security::Principal& who, Services& s) {
        auto ctx = s.context(who, request, Intent::kWrite);
        const auto member =
            s.members.end(*ctx, path_id(request, "member"), text_member(*object_body(request), "validTo", true));
        if (member.prefix != request.path_params.at("prefix")) throw NotFound("no such member");
        ctx->commit();
        return json(200, member_json(member));
      });

  add("GET", "/boards/{prefix}/meetings", [json](http::Request& request, const security::Principal& who, Services& s) {
    auto ctx = s.context(who, request, Intent::kRead);
    const auto list = s.meetings.meetings(*ctx, request.path_params.at("prefix"));
    ctx->commit();
    Poco::JSON::Array items;
    for (const auto& m : list) items.add(meeting_json(m));
    Poco::JSON::Object out;
    out.set("meetings", items);
    return json(200, out);
  });

  add("POST", "/boards/{prefix}/meetings", [json](http::Request& request, const security::Principal& who, Services& s) {
    auto ctx = s.context(who, request, Intent::kWrite);
    const auto body = object_body(request);
    const auto meeting =
        s.meetings.create_meeting(*ctx, {request.path_params.at("prefix"), text_member(*body, "date", true),
                                         text_member(*body, "startsAt", false), text_member(*body, "place", true)});
    ctx->commit();
    return json(201, meeting_json(meeting));
  });

  add("GET", "/meetings/{meeting}", [json](http::Request& request, const security::Principal& who, Services& s) {
    auto ctx = s.context(who, request, Intent::kRead);
    const auto meeting = s.meetings.meeting(*ctx, path_id(request, "meeting"));
    ctx->commit();
    return json(200, meeting_json(meeting));
  });

  add("GET", "/meetings/{meeting}/agenda", [json](http::Request& request, const security::Principal& who, Services& s) {
    auto ctx = s.context(who, request, Intent::kRead);
    const auto items = s.meetings.agenda(*ctx, path_id(request, "meeting"));
    ctx->commit();
    return json(200, agenda_json(items));
  });

  add("POST", "/meetings/{meeting}/agenda",
      [json](http::Request& request, const security::Principal& who, Services& s) {
        auto ctx = s.context(who, request, Intent::kWrite);
        const auto items = s.meetings.build_agenda(*ctx, path_id(request, "meeting"));
        ctx->commit();
        return json(200, agenda_json(items));
      });

  add("POST", "/meetings/{meeting}/agenda/items",
      [json](http::Request& request, const security::Principal& who, Services& s) {
        auto ctx = s.context(who, request, Intent::kWrite);
        const auto item = s.meetings.add_information_item(*ctx, path_id(request, "meeting"),
                                                          text_member(*object_body(request), "heading", true));
        ctx->commit();
        return json(201, agenda_json({item}));
      });

  add("GET", "/meetings/{meeting}/attendance",
      [json](http::Request& request, const security::Principal& who, Services& s) {
        auto ctx = s.context(who, request, Intent::kRead);
        const auto attendance = s.meetings.attendance(*ctx, path_id(request, "meeting"));
        ctx->commit();
        return json(200, attendance_json(attendance));
      });

  add("PUT", "/meetings/{meeting}/attendance",
      [json](http::Request& request, const security::Principal& who, Services& s) {
        auto ctx = s.context(who, request, Intent::kWrite);
        const auto body = object_body(request);
        const auto array = body->getArray("attendance");
        if (array.isNull()) throw InvalidInput("the body needs \"attendance\" (an array)");
        std::vector<casehandling::AttendanceInput> input;
        for (std::size_t i = 0; i < array->size(); ++i) {
          const auto entry = array->getObject(static_cast<unsigned int>(i));
          if (entry.isNull()) throw InvalidInput("each attendance entry is an object");
          input.push_back({text_member(*entry, "userId", true),
                           casehandling::parse_presence(text_member(*entry, "presence", true)),
                           text_member(*entry, "servingFor", false)});
        }
        const auto attendance = s.meetings.set_attendance(*ctx, path_id(request, "meeting"), input);
        ctx->commit();
        return json(200, attendance_json(attendance));
      });

  add("POST", "/meetings/{meeting}/minutes",
      [json](http::Request& request, const security::Principal& who, Services& s) {
        auto ctx = s.context(who, request, Intent::kWrite);
        const auto body = object_body(request);
        const auto minutes = s.meetings.open_minutes(
            *ctx, path_id(request, "meeting"), text_member(*body, "keptAt", true), text_array(*body, "adjusters"));
        ctx->commit();
        return json(201, minutes_json(minutes));
      });

  add("GET", "/meetings/{meeting}/minutes",
      [json](http::Request& request, const security::Principal& who, Services& s) {
        auto ctx = s.context(who, request, Intent::kRead);
        const auto minutes = s.meetings.minutes_of(*ctx, path_id(request, "meeting"));
        ctx->commit();
        if (!minutes) throw NotFound("the meeting has no minutes yet");
        return json(200, minutes_json(*minutes));
      });

  add("GET", "/minutes/{minutes}", [json](http::Request& request, const security::Principal& who, Services& s) {
    auto ctx = s.context(who, request, Intent::kRead);
    const auto minutes = s.meetings.minutes(*ctx, path_id(request, "minutes"));
    ctx->commit();
    return json(200, minutes_json(minutes));
  });

  add("GET", "/minutes/{minutes}/paragraphs",
      [json](http::Request& request, const security::Principal& who, Services& s) {
        auto ctx = s.context(who, request, Intent::kRead);
        const auto list = s.meetings.paragraphs(*ctx, path_id(request, "minutes"));
        ctx->commit();
        Poco::JSON::Array items;
        for (const auto& p : list) items.add(paragraph_json(p));
        Poco::JSON::Object out;
        out.set("paragraphs", items);
        return json(200, out);
      });

  add("POST", "/minutes/{minutes}/paragraphs",
      [json](http::Request& request, const security::Principal& who, Services& s) {
        auto ctx = s.context(who, request, Intent::kWrite);
        const auto body = object_body(request);
        long long item = 0;
        if (body->has("agendaItem")) {
          const auto value = body->get("agendaItem");
          if (!value.isInteger()) throw InvalidInput("\"agendaItem\" must be an agenda item id");
          item = value.convert<Poco::Int64>();
        }
        const auto paragraph =
            s.meetings.add_paragraph(*ctx, path_id(request, "minutes"), item, text_member(*body, "heading", false));
        ctx->commit();
        return json(201, paragraph_json(paragraph));
      });

  add("POST", "/minutes/{minutes}/signatures",
      [json](http::Request& request, const security::Principal& who, Services& s) {
        auto ctx = s.context(who, request, Intent::kWrite);
        const auto minutes =
            s.meetings.sign(*ctx, path_id(request, "minutes"), text_member(*object_body(request), "signature", true));
        ctx->commit();
        return json(200, minutes_json(minutes));
      });

  add("GET", "/paragraphs/{paragraph}", [json](http::Request& request, const security::Principal& who, Services& s) {
    auto ctx = s.context(who, request, Intent::kRead);
    const auto paragraph = s.meetings.paragraph(*ctx, path_id(request, "paragraph"));
    ctx->commit();
    return json(200, paragraph_json(paragraph));
  });

  add("PATCH", "/paragraphs/{paragraph}", [json](http::Request& request, const security::Principal& who, Services& s) {
    auto ctx = s.context(who, request, Intent::kWrite);
    const auto body = object_body(request);
    const casehandling::ParagraphText text{optional_text(*body, "heading"), optional_text(*body, "secrecyReference"),
                                           optional_text(*body, "proposal"), optional_text(*body, "procedure"),
                                           optional_text(*body, "decision")};
    const auto paragraph = s.meetings.update_paragraph(*ctx, path_id(request, "paragraph"), text);
    ctx->commit();
    return json(200, paragraph_json(paragraph));
  });

  add("POST", "/paragraphs/{paragraph}/entries",
      [json](http::Request& request, const security::Principal& who, Services& s) {
        auto ctx = s.context(who, request, Intent::kWrite);
        const auto body = object_body(request);
        const auto paragraph =
            s.meetings.add_entry(*ctx, path_id(request, "paragraph"), text_member(*body, "kind", true),
                                 text_member(*body, "userId", true), text_member(*body, "text", true));
        ctx->commit();
        return json(201, paragraph_json(paragraph));
      });

  add("POST", "/paragraphs/{paragraph}/conflicts-of-interest",
      [json](http::Request& request, const security::Principal& who, Services& s) {
        auto ctx = s.context(who, request, Intent::kWrite);
        const auto paragraph = s.meetings.declare_conflict(*ctx, path_id(request, "paragraph"),
                                                           text_member(*object_body(request), "userId", true));
        ctx->commit();
        return json(200, paragraph_json(paragraph));
      });

  add("POST", "/paragraphs/{paragraph}/votes",
      [json](http::Request& request, const security::Principal& who, Services& s) {
        auto ctx = s.context(who, request, Intent::kWrite);
        const auto body = object_body(request);
        const auto votes_object = body->getObject("votes");
        if (votes_object.isNull()) throw InvalidInput("the body needs \"votes\" ({\"userId\": \"ja|nej|avstår\"})");
        std::map<std::string, casehandling::Vote> votes;
        for (const auto& name : votes_object->getNames()) {
          votes[name] = casehandling::parse_vote(text_member(*votes_object, name, true));
        }
        const auto paragraph =
            s.meetings.record_vote(*ctx, path_id(request, "paragraph"), votes, text_member(*body, "yesMeans", true),
                                   text_member(*body, "noMeans", true));
        ctx->commit();
        return json(200, paragraph_json(paragraph));
      });

  add("POST", "/paragraphs/{paragraph}/immediate-adjustment",
      [json](http::Request& request, const security::Principal& who, Services& s) {
        auto ctx = s.context(who, request, Intent::kWrite);
        const auto paragraph = s.meetings.adjust_immediately(*ctx, path_id(request, "paragraph"));
        ctx->commit();
        return json(200, paragraph_json(paragraph));
      });

  // Adjustment with BankID, only where the platform has a BankID client (the API document
  // lists them then: describe_casehandling_routes(api, true)).
  if (with_bankid) mount_bankid_signing_routes(add, json);

  router.add("GET", base + "/notice-board", [services](http::Request& request) {
    auto ctx = services->context(security::Principal::anonymous(), request, Intent::kRead);
    const auto list = services->notices.posted(*ctx);
    ctx->commit();
    Poco::JSON::Array items;
    for (const auto& n : list) items.add(notice_json(n));
    Poco::JSON::Object out;
    out.set("municipality", request.path_params.at("kommunkod"));
    out.set("notices", items);
    return http::Response::json(200, http::to_json(out));
  });

  add("GET", "/notices/{notice}", [json](http::Request& request, const security::Principal& who, Services& s) {
    auto ctx = s.context(who, request, Intent::kRead);
    const auto notice = s.notices.notice(*ctx, path_id(request, "notice"));
    ctx->commit();
    return json(200, notice_json(notice));
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
                                DocumentFormat format, const Services& s) {
  view.municipality_name = s.cooperation.require_member(view.municipality).name;
  http::Response response;
  response.headers.emplace_back("Cache-Control", "no-store");
  if (format == DocumentFormat::kPdf) {
    response.content_type = "application/pdf";
    response.body = casehandling::render_minutes_pdf(view, version);
    response.headers.emplace_back("Content-Disposition", "inline; filename=\"protokoll-" + view.prefix + "-" +
                                                             view.meeting_date +
                                                             (version == casehandling::MinutesVersion::kPublic
                                                                  ? std::string("-offentlig")
                                                                  : std::string()) +
                                                             ".pdf\"");
  } else {
    response.content_type = "text/html; charset=utf-8";
    response.body = casehandling::render_minutes_html(view, version);
  }
  return response;
}

void mount_minutes_document_routes(http::Router& router, const std::shared_ptr<Services>& services,
                                   const auth::Authenticator& authenticator) {
  const std::string base = "/api/v1/municipalities/{kommunkod}";

  router.add("GET", base + "/minutes/{minutes}/document",
             auth::authenticated(authenticator, [services](http::Request& request, const security::Principal& who) {
               const auto format = document_format(request);
               auto ctx = services->context(who, request, Intent::kRead);
               auto view =
                   casehandling::full_minutes(*ctx, services->meetings, services->boards, path_id(request, "minutes"));
               ctx->commit();
               return minutes_response(std::move(view), casehandling::MinutesVersion::kFull, format, *services);
             }));

  router.add("GET", base + "/minutes/{minutes}/public", [services](http::Request& request) {
    const auto format = document_format(request);
    auto ctx = services->context(security::Principal::anonymous(), request, Intent::kRead);
    auto view = casehandling::public_minutes(*ctx, services->boards, path_id(request, "minutes"));
    ctx->commit();
    return minutes_response(std::move(view), casehandling::MinutesVersion::kPublic, format, *services);
  });

  router.add("GET", base + "/open-data/meetings", [services](http::Request& request) {
    auto ctx = services->context(security::Principal::anonymous(), request, Intent::kRead);
    const auto list = casehandling::published_minutes(*ctx, services->boards);
    ctx->commit();
    return http::Response::json(200, casehandling::open_data_index_json(ctx->municipality().str(), list));
  });

  const auto meeting_view = [services](http::Request& request) {
    auto ctx = services->context(security::Principal::anonymous(), request, Intent::kRead);
    const long long minutes_id = casehandling::published_minutes_of_meeting(*ctx, path_id(request, "meeting"));
    auto view = casehandling::public_minutes(*ctx, services->boards, minutes_id);
    ctx->commit();
    return view;
  };

  router.add("GET", base + "/open-data/meetings/{meeting}/decisions", [meeting_view](http::Request& request) {
    const std::string format = request.query_param("format").value_or("json");
    if (format != "json" && format != "csv") throw InvalidInput("format must be json or csv");
    const auto view = meeting_view(request);
    if (format == "json") return http::Response::json(200, casehandling::open_data_json(view));
    return http::Response{200, "text/csv; charset=utf-8", casehandling::open_data_decisions_csv(view), {}};
  });

  router.add("GET", base + "/open-data/meetings/{meeting}/votes", [meeting_view](http::Request& request) {
    const auto view = meeting_view(request);
    return http::Response{200, "text/csv; charset=utf-8", casehandling::open_data_votes_csv(view), {}};
  });

  router.add("GET", std::string(casehandling::kStylesheetPath), [](http::Request&) {
    http::Response response{200, "text/css; charset=utf-8", std::string(casehandling::stylesheet()), {}};
    response.headers.emplace_back("Cache-Control", "public, max-age=3600");
    return response;
  });

  router.add("GET", "/anslagstavla/{kommunkod}", [services](http::Request& request) {
    auto ctx = services->context(security::Principal::anonymous(), request, Intent::kRead);
    const auto notices = services->notices.posted(*ctx);
    ctx->commit();
    casehandling::NoticePage page;
    page.kommunkod = ctx->municipality().str();
    page.municipality_name = services->cooperation.require_member(page.kommunkod).name;
    page.lang = casehandling::notice_page_language(request.query_param("lang").value_or("sv"));
    http::Response response{200, "text/html; charset=utf-8", casehandling::render_notice_page(page, notices), {}};
    response.headers.emplace_back("Content-Language", page.lang);
    return response;
  });
}

}  // namespace

void mount_casehandling_routes(http::Router& router, storage::Database& db, const config::Cooperation& cooperation,
                               const crypto::Keyring& keyring, audit::AuditLog& audit_log,
                               const auth::Authenticator& authenticator, const Clock& clock, bankid::Client* bankid) {
  auto services = std::make_shared<Services>(db, cooperation, keyring, audit_log, clock, bankid);
  const std::string base = "/api/v1/municipalities/{kommunkod}";

  mount_meeting_routes(router, services, authenticator, bankid != nullptr);
  mount_minutes_document_routes(router, services, authenticator);

  router.add("GET", base + "/register", [services](http::Request& request) {
    casehandling::RegisterQuery query;
    query.words = request.query_param("q").value_or("");
    query.board = request.query_param("board").value_or("");
    query.registered_from = request.query_param("from").value_or("");
    query.registered_to = request.query_param("to").value_or("");
    if (const auto number = request.query_param("number")) query.number = CaseNumber::parse(*number);
    if (const auto limit = request.query_param("limit")) {
      query.limit = static_cast<std::size_t>(parse_int(*limit, "limit"));
    }
    if (const auto offset = request.query_param("offset")) {
      query.offset = static_cast<std::size_t>(parse_int(*offset, "offset"));
    }
    auto ctx = services->context(security::Principal::anonymous(), request, Intent::kRead);
    const auto results = services->public_register.search(*ctx, query);
    ctx->commit();
    Poco::JSON::Array items;
    for (const auto& c : results) items.add(public_case_json(c));
    Poco::JSON::Object out;
    out.set("cases", items);
    return http::Response::json(200, http::to_json(out));
  });

  router.add("POST", base + "/cases",
             auth::authenticated(authenticator, [services](http::Request& request, const security::Principal& who) {
               auto ctx = services->context(who, request, Intent::kWrite);
               const auto input = parse_new_case(*object_body(request));
               const auto record = services->cases.register_case(*ctx, input);
               ctx->commit();
               return http::Response::json(201, http::to_json(case_json(record)));
             }));

  router.add("GET", base + "/cases/{prefix}/{year}/{number}",
             auth::authenticated(authenticator, [services](http::Request& request, const security::Principal& who) {
               auto ctx = services->context(who, request, Intent::kRead);
               const auto record = services->cases.get_case(*ctx, path_number(request));
               ctx->commit();
               return http::Response::json(200, http::to_json(case_json(record)));
             }));

  router.add("POST", base + "/cases/{prefix}/{year}/{number}/status",
             auth::authenticated(authenticator, [services](http::Request& request, const security::Principal& who) {
               auto ctx = services->context(who, request, Intent::kWrite);
               const auto status = casehandling::parse_case_status(text_member(*object_body(request), "status", true));
               const auto record = services->cases.change_status(*ctx, path_number(request), status);
               ctx->commit();
               return http::Response::json(200, http::to_json(case_json(record)));
             }));

  router.add("GET", base + "/cases/{prefix}/{year}/{number}/history",
             auth::authenticated(authenticator, [services](http::Request& request, const security::Principal& who) {
               auto ctx = services->context(who, request, Intent::kRead);
               const auto history = services->cases.history(*ctx, path_number(request));
               ctx->commit();
               Poco::JSON::Array items;
               for (const auto& entry : history) {
                 Poco::JSON::Object e;
                 e.set("at", audit::format_time(entry.at));
                 e.set("principal", entry.principal);
                 e.set("action", entry.action);
                 e.set("detail", entry.detail);
                 items.add(e);
               }
               Poco::JSON::Object out;
               out.set("history", items);
               return http::Response::json(200, http::to_json(out));
             }));

  router.add("POST", base + "/cases/{prefix}/{year}/{number}/links",
             auth::authenticated(authenticator, [services](http::Request& request, const security::Principal& who) {
               auto ctx = services->context(who, request, Intent::kWrite);
               const auto body = object_body(request);
               const auto other = CaseNumber::parse(text_member(*body, "to", true));
               services->cases.link(*ctx, path_number(request), other, text_member(*body, "note", false));
               ctx->commit();
               return http::Response{204, "application/json", "", {}};
             }));

  router.add("POST", base + "/cases/{prefix}/{year}/{number}/documents",
             auth::authenticated(authenticator, [services](http::Request& request, const security::Principal& who) {
               auto ctx = services->context(who, request, Intent::kWrite);
               const auto input = parse_new_document(*object_body(request));
               const auto record = services->cases.add_document(*ctx, path_number(request), input);
               ctx->commit();
               return http::Response::json(201, http::to_json(document_json(record)));
             }));

  router.add("GET", base + "/cases/{prefix}/{year}/{number}/documents",
             auth::authenticated(authenticator, [services](http::Request& request, const security::Principal& who) {
               auto ctx = services->context(who, request, Intent::kRead);
               const auto documents = services->cases.documents(*ctx, path_number(request));
               ctx->commit();
               Poco::JSON::Array items;
               for (const auto& d : documents) items.add(document_json(d));
               Poco::JSON::Object out;
               out.set("documents", items);
               return http::Response::json(200, http::to_json(out));
             }));

  router.add("GET", base + "/cases/{prefix}/{year}/{number}/documents/{document}/content",
             auth::authenticated(authenticator, [services](http::Request& request, const security::Principal& who) {
               int document = 0;
               try {
                 document = parse_int(request.path_params.at("document"), "document");
               } catch (const InvalidInput&) {
                 throw NotFound("no such document");
               }
               auto ctx = services->context(who, request, Intent::kRead);
               const auto number = path_number(request);
               std::string content_type = "application/octet-stream";
               for (const auto& d : services->cases.documents(*ctx, number)) {
                 if (d.document_number == document) content_type = d.content_type;
               }
               auto content = services->cases.document_content(*ctx, number, document);
               ctx->commit();
               http::Response response{200, content_type, std::move(content), {}};
               response.headers.emplace_back("Content-Disposition", "attachment");
               return response;
             }));

  router.add("POST", base + "/diaries/{prefix}/reservations",
             auth::authenticated(authenticator, [services](http::Request& request, const security::Principal& who) {
               auto ctx = services->context(who, request, Intent::kWrite);
               const std::string note =
                   request.body.empty() ? std::string() : text_member(*object_body(request), "note", false);
               const auto number = services->diary.reserve(*ctx, request.path_params.at("prefix"), note);
               ctx->commit();
               Poco::JSON::Object out;
               out.set("number", number.str());
               out.set("status", "reserved");
               return http::Response::json(201, http::to_json(out));
             }));

  router.add("POST", base + "/reservations/{prefix}/{year}/{number}/release",
             auth::authenticated(authenticator, [services](http::Request& request, const security::Principal& who) {
               auto ctx = services->context(who, request, Intent::kWrite);
               const auto reason = text_member(*object_body(request), "reason", true);
               CaseNumber number;
               try {
                 number = CaseNumber::parse(request.path_params.at("prefix") + " " + request.path_params.at("year") +
                                            "/" + request.path_params.at("number"));
               } catch (const InvalidInput&) {
                 throw NotFound("no such number");
               }
               services->diary.release(*ctx, number, reason);
               ctx->commit();
               Poco::JSON::Object out;
               out.set("number", number.str());
               out.set("status", "unused");
               return http::Response::json(200, http::to_json(out));
             }));
}

NoticeRemovalWorker::NoticeRemovalWorker(storage::Database& db, audit::AuditLog& audit_log, const Clock& clock,
                                         log::Logger* logger)
    : queue_(db, clock),
      worker_(
          queue_, std::string(casehandling::NoticeBoard::kRemovalQueue),
          [&db, &audit_log, &clock](const jobs::Job& job) {
            casehandling::NoticeBoard::remove(db, audit_log, clock, job);
          },
          {}, logger) {}

NoticeRemovalWorker::~NoticeRemovalWorker() { worker_.stop(); }

}  // namespace samverkan::server
