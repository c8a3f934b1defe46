#include "samverkan/client/cases.hpp"

#include <Poco/JSON/Array.h>

#include <utility>

#include "json_reading.hpp"

namespace samverkan::client {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

CaseParty party_of(const Object& item) {
  return {detail::text(item, "kind"), detail::text_or_empty(item, "identity"), detail::text_or_empty(item, "name"),
          detail::text_or_empty(item, "role")};
}

Case case_of(const Object& item) {
  Case out;
  out.number = detail::text(item, "number");
  out.title = detail::text_or_empty(item, "title");
  out.public_title = detail::text_or_empty(item, "publicTitle");
  out.secrecy_reference = detail::text_or_empty(item, "secrecyReference");
  out.case_type = detail::text_or_empty(item, "caseType");
  out.handling_unit = detail::text_or_empty(item, "handlingUnit");
  out.officer = detail::text_or_empty(item, "officer");
  out.status = detail::text(item, "status");
  out.registered_on = detail::text_or_empty(item, "registeredOn");
  if (const auto parties = item.getArray("parties")) {
    for (std::size_t i = 0; i < parties->size(); ++i) out.parties.push_back(party_of(*detail::element(*parties, i)));
  }
  if (const auto links = item.getArray("links")) {
    for (std::size_t i = 0; i < links->size(); ++i) {
      const auto link = detail::element(*links, i);
      out.links.push_back({detail::text(*link, "number"), detail::text_or_empty(*link, "note")});
    }
  }
  return out;
}

Document document_of(const Object& item) {
  Document d;
  d.case_number = detail::text(item, "case");
  d.document_number = static_cast<int>(detail::integer(item, "documentNumber"));
  d.direction = detail::text(item, "direction");
  d.registered_on = detail::text_or_empty(item, "registeredOn");
  d.title = detail::text_or_empty(item, "title");
  d.public_title = detail::text_or_empty(item, "publicTitle");
  d.counterpart_kind = detail::text_or_empty(item, "counterpartKind");
  d.counterpart = detail::text_or_empty(item, "counterpart");
  d.secrecy = detail::text_or_empty(item, "secrecy");
  d.secrecy_reference = detail::text_or_empty(item, "secrecyReference");
  d.masked_parts = detail::text_or_empty(item, "maskedParts");
  d.content_type = detail::text_or_empty(item, "contentType");
  d.content_size = static_cast<std::size_t>(detail::integer(item, "contentSize"));
  d.content_sha256 = detail::text_or_empty(item, "contentSha256");
  return d;
}

PublicCase public_case_of(const Object& item) {
  PublicCase c;
  c.number = detail::text(item, "number");
  c.board = detail::text_or_empty(item, "board");
  c.title = detail::text_or_empty(item, "title");
  c.secrecy_reference = detail::text_or_empty(item, "secrecyReference");
  c.case_type = detail::text_or_empty(item, "caseType");
  c.status = detail::text_or_empty(item, "status");
  c.registered_on = detail::text_or_empty(item, "registeredOn");
  if (const auto parties = item.getArray("parties")) {
    for (std::size_t i = 0; i < parties->size(); ++i) {
      const auto p = detail::element(*parties, i);
      c.parties.push_back(
          {detail::text_or_empty(*p, "kind"), detail::text_or_empty(*p, "name"), detail::text_or_empty(*p, "role")});
    }
  }
  if (const auto documents = item.getArray("documents")) {
    for (std::size_t i = 0; i < documents->size(); ++i) {
      const auto d = detail::element(*documents, i);
      c.documents.push_back({static_cast<int>(detail::integer(*d, "documentNumber")),
                             detail::text_or_empty(*d, "direction"), detail::text_or_empty(*d, "registeredOn"),
                             detail::text_or_empty(*d, "title"), detail::text_or_empty(*d, "counterpart"),
                             detail::text_or_empty(*d, "secrecy"), detail::text_or_empty(*d, "secrecyReference"),
                             detail::text_or_empty(*d, "maskedParts")});
    }
  }
  return c;
}

}  // namespace

Cases::Cases(Client& client, const std::string& kommunkod)
    : client_(client), base_(detail::municipality_path(kommunkod)) {}

// "KS 2026/14" → .../cases/KS/2026/14
std::string Cases::case_path(const std::string& number, const std::string& tail) const {
  const auto space = number.find(' ');
  const auto slash = number.find('/', space == std::string::npos ? 0 : space);
  if (space == std::string::npos || slash == std::string::npos) {
    throw UsageError("a case number is \"<prefix> <year>/<number>\", e.g. \"KS 2026/14\" (got \"" +
                     number.substr(0, 40) + "\")");
  }
  return base_ + "/cases/" + url_encode(number.substr(0, space)) + "/" +
         url_encode(number.substr(space + 1, slash - space - 1)) + "/" + url_encode(number.substr(slash + 1)) + tail;
}

Case Cases::register_case(const NewCase& input) {
  Object body;
  body.set("diary", input.diary);
  body.set("title", input.title);
  body.set("caseType", input.case_type);
  detail::set_if(body, "handlingUnit", input.handling_unit);
  detail::set_if(body, "officer", input.officer);
  detail::set_if(body, "secrecyReference", input.secrecy_reference);
  detail::set_if(body, "reservedNumber", input.reserved_number);
  if (!input.parties.empty()) {
    Array parties;
    for (const auto& party : input.parties) {
      Object p;
      p.set("kind", party.kind);
      p.set("identity", party.identity);
      p.set("name", party.name);
      detail::set_if(p, "role", party.role);
      parties.add(p);
    }
    body.set("parties", parties);
  }
  return case_of(*client_.send_json("POST", base_ + "/cases", body));
}

Case Cases::get(const std::string& number) { return case_of(*client_.get_json(case_path(number))); }

Case Cases::set_status(const std::string& number, const std::string& status) {
  Object body;
  body.set("status", status);
  return case_of(*client_.send_json("POST", case_path(number, "/status"), body));
}

Document Cases::add_document(const std::string& number, const NewDocument& input) {
  Object body;
  body.set("direction", input.direction);
  body.set("title", input.title);
  detail::set_if(body, "counterpartKind", input.counterpart_kind);
  detail::set_if(body, "counterpart", input.counterpart);
  detail::set_if(body, "registeredOn", input.registered_on);
  body.set("contentType", input.content_type);
  body.set("contentBase64", detail::base64(input.content));
  body.set("secrecy", input.secrecy);
  detail::set_if(body, "secrecyReference", input.secrecy_reference);
  detail::set_if(body, "maskedParts", input.masked_parts);
  return document_of(*client_.send_json("POST", case_path(number, "/documents"), body));
}

std::vector<Document> Cases::documents(const std::string& number) {
  return detail::list_of<Document>(*client_.get_json(case_path(number, "/documents")), "documents", document_of);
}

std::string Cases::document_content(const std::string& number, int document_number) {
  return client_
      .call(Request::to("GET", case_path(number, "/documents/" + std::to_string(document_number) + "/content")))
      .body;
}

std::vector<PublicCase> Cases::search_register(const RegisterQuery& query) {
  std::string target = base_ + "/register?offset=" + std::to_string(query.offset);
  const auto add = [&](const char* name, const std::string& value) {
    if (!value.empty()) target += std::string("&") + name + "=" + url_encode(value);
  };
  add("q", query.words);
  add("board", query.board);
  add("from", query.registered_from);
  add("to", query.registered_to);
  add("number", query.number);
  if (query.limit) target += "&limit=" + std::to_string(*query.limit);
  auto request = Request::to("GET", target);
  request.authenticated = false;
  return detail::list_of<PublicCase>(*client_.call(request).json(), "cases", public_case_of);
}

}  // namespace samverkan::client
