#include "samverkan/eservices/routes.hpp"

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <memory>
#include <sstream>

#include "samverkan/core/error.hpp"
#include "samverkan/eservices/catalogue.hpp"
#include "samverkan/eservices/errand_intake.hpp"
#include "samverkan/eservices/errand_work.hpp"
#include "samverkan/eservices/submissions.hpp"
#include "samverkan/http/json.hpp"
#include "samverkan/http/problem.hpp"
#include "samverkan/security/permission.hpp"
#include "samverkan/tenancy/context.hpp"

#include "detail/intake_json.hpp"

namespace samverkan::eservices {
namespace {

using Intent = tenancy::Context::Intent;
// Routes that read a body or a query authorise first: ctx.require with the permission and the
// event the service checks again, so that an outsider gets 404 (a member without the role 403)
// whatever the input holds, and only an authorised caller hears that it is malformed.
using security::Permission;

struct Services {
  Services(storage::Database& database, const config::Cooperation& cooperation_config, const crypto::Keyring& keyring,
           audit::AuditLog& audit, const Clock& time)
      : db(database),
        cooperation(cooperation_config),
        audit_log(audit),
        clock(time),
        catalogue(cooperation_config),
        submissions(catalogue, keyring),
        work(submissions, keyring),
        intake(submissions, catalogue) {}

  storage::Database& db;
  const config::Cooperation& cooperation;
  audit::AuditLog& audit_log;
  const Clock& clock;
  Catalogue catalogue;
  Submissions submissions;
  ErrandWork work;
  ErrandIntake intake;

  // The municipality of the path; an unknown one is 404 like any unknown resource.
  ids::Kommunkod municipality(const http::Request& request) const {
    return cooperation.require_member(request.path_params.at("kommunkod")).code;
  }

  std::unique_ptr<tenancy::Context> context(const security::Principal& principal, const http::Request& request,
                                            Intent intent) {
    return std::make_unique<tenancy::Context>(db, principal, municipality(request), clock, &audit_log, intent);
  }
};

Poco::JSON::Object localized(const LocalizedText& text) {
  Poco::JSON::Object out;
  out.set("sv", text.sv);
  out.set("en", text.en);
  return out;
}

void set_optional(Poco::JSON::Object& out, const std::string& name, const std::optional<LocalizedText>& text) {
  if (text) {
    out.set(name, localized(*text));
  } else {
    out.set(name, Poco::Dynamic::Var());
  }
}

Poco::JSON::Object publication_summary(const Publication& publication) {
  Poco::JSON::Object out;
  out.set("id", publication.service_id);
  out.set("version", publication.version);
  out.set("title", localized(publication.title()));
  out.set("description", localized(publication.definition.description()));
  out.set("category", std::string(to_string(publication.definition.category())));
  out.set("loginRequired", publication.definition.login_required());
  out.set("loginLevel", std::string(to_string(publication.definition.login_level())));
  out.set("contact", publication.overrides.contact);
  out.set("handlingUnit", publication.overrides.handling_unit);
  set_optional(out, "fees", publication.overrides.fees);
  set_optional(out, "information", publication.overrides.information);
  return out;
}

const char* condition_test(Condition::Test test) {
  switch (test) {
    case Condition::Test::kEquals:
      return "equals";
    case Condition::Test::kNotEquals:
      return "notEquals";
    case Condition::Test::kAnswered:
      return "answered";
    case Condition::Test::kNotAnswered:
      return "notAnswered";
  }
  return "equals";
}

Poco::JSON::Array conditions(const std::vector<Condition>& list) {
  Poco::JSON::Array out;
  for (const auto& condition : list) {
    Poco::JSON::Object item;
    item.set("field", condition.field);
    item.set("test", std::string(condition_test(condition.test)));
    if (!condition.value.empty()) item.set("value", condition.value);
    out.add(item);
  }
  return out;
}

Poco::JSON::Object field_json(const Field& field) {
  Poco::JSON::Object out;
  out.set("id", field.id);
  out.set("type", std::string(to_string(field.type)));
  out.set("label", localized(field.label));
  set_optional(out, "help", field.help);
  out.set("required", field.required);
  out.set("showWhen", conditions(field.show_when));
  out.set("requiredWhen", conditions(field.required_when));
  if (field.type == FieldType::kSingleChoice || field.type == FieldType::kMultipleChoice) {
    Poco::JSON::Array options;
    for (const auto& option : field.options) {
      Poco::JSON::Object item;
      item.set("value", option.value);
      item.set("label", localized(option.label));
      options.add(item);
    }
    out.set("options", options);
  }
  if (field.type == FieldType::kAttachment) {
    Poco::JSON::Array accept;
    for (const auto& type : field.accept) accept.add(type);
    out.set("accept", accept);
    out.set("maxBytes", static_cast<Poco::UInt64>(field.max_bytes));
  }
  return out;
}

Poco::JSON::Object publication_json(const Publication& publication) {
  Poco::JSON::Object out = publication_summary(publication);
  Poco::JSON::Array steps;
  for (const auto& step : publication.definition.steps()) {
    Poco::JSON::Object item;
    item.set("id", step.id);
    item.set("title", localized(step.title));
    Poco::JSON::Array fields;
    for (const auto& field : step.fields) fields.add(field_json(field));
    item.set("fields", fields);
    steps.add(item);
  }
  out.set("steps", steps);
  return out;
}

Poco::JSON::Object summary_json(const ErrandSummary& errand) {
  Poco::JSON::Object out;
  out.set("reference", errand.reference);
  out.set("service", errand.service_id);
  out.set("version", errand.version);
  out.set("status", std::string(to_string(errand.status)));
  out.set("handlingUnit", errand.handling_unit);
  if (errand.case_number) {
    out.set("caseNumber", *errand.case_number);
  } else {
    out.set("caseNumber", Poco::Dynamic::Var());
  }
  return out;
}

ErrandStatus parse_status(const std::string& text) {
  for (const auto status : {ErrandStatus::kReceived, ErrandStatus::kInProgress, ErrandStatus::kWaitingForCitizen,
                            ErrandStatus::kDecided, ErrandStatus::kClosed}) {
    if (to_string(status) == text) return status;
  }
  throw InvalidInput("unknown errand status '" + text.substr(0, 40) +
                     "' (received, in-progress, waiting-for-citizen, decided, closed)");
}

// The string member `name` of a JSON object body.
std::string string_member(const std::string& body, const std::string& name) {
  try {
    const auto parsed = Poco::JSON::Parser().parse(body);
    const auto object = parsed.extract<Poco::JSON::Object::Ptr>();
    if (!object.isNull() && object->has(name) && object->get(name).isString()) {
      return object->getValue<std::string>(name);
    }
  } catch (const Poco::Exception&) {
  } catch (const std::bad_cast&) {
  }
  throw InvalidInput("the body must be a JSON object with \"" + name + "\" (a string)");
}

std::string status_member(const std::string& body) { return string_member(body, "status"); }

void set_nullable(Poco::JSON::Object& out, const std::string& name, const std::optional<std::string>& value) {
  if (value) {
    out.set(name, *value);
  } else {
    out.set(name, Poco::Dynamic::Var());
  }
}

Poco::JSON::Object note_json(const ErrandNote& note) {
  Poco::JSON::Object out;
  out.set("id", note.id);
  out.set("at", audit::format_time(note.at));
  out.set("author", note.author);
  out.set("body", note.body);
  return out;
}

Poco::JSON::Object message_json(const ErrandMessage& message) {
  Poco::JSON::Object out;
  out.set("id", message.id);
  out.set("at", audit::format_time(message.at));
  out.set("direction", std::string(to_string(message.direction)));
  out.set("author", message.author);
  out.set("body", message.body);
  return out;
}

// --- submissions by trusted integrations ---------------------------------------------------------

using detail::parse_intake;

// 400 problem+json with each invalid field: {"errors": [{"field", "code", "message": {sv, en}}]}.
http::Response invalid_answers(const http::Request& request, const std::vector<FieldError>& errors) {
  http::Response response =
      http::problem_response(ErrorKind::kInvalidInput, std::to_string(errors.size()) + " answer(s) are not valid",
                             request.path, request.request_id);
  Poco::JSON::Object::Ptr problem = Poco::JSON::Parser().parse(response.body).extract<Poco::JSON::Object::Ptr>();
  Poco::JSON::Array list;
  for (const auto& error : errors) {
    Poco::JSON::Object item;
    item.set("field", error.field);
    item.set("code", error.code);
    item.set("message", localized(error.message));
    list.add(item);
  }
  problem->set("errors", list);
  response.body = http::to_json(*problem);
  return response;
}

// ?assignedTo=me | none | <handler's user id>
InboxFilter inbox_filter(const http::Request& request) {
  InboxFilter filter;
  if (const auto text = request.query_param("status")) filter.status = parse_status(*text);
  if (const auto assigned = request.query_param("assignedTo")) {
    if (*assigned == "me") {
      filter.assignment = InboxFilter::Assignment::kMine;
    } else if (*assigned == "none") {
      filter.assignment = InboxFilter::Assignment::kUnassigned;
    } else if (!assigned->empty() && assigned->size() <= 128) {
      filter.assignment = InboxFilter::Assignment::kHandler;
      filter.handler = *assigned;
    } else {
      throw InvalidInput("assignedTo is \"me\", \"none\" or a handler's user id");
    }
  }
  return filter;
}

}  // namespace

void mount_routes(http::Router& router, storage::Database& db, const config::Cooperation& cooperation,
                  const crypto::Keyring& keyring, audit::AuditLog& audit_log, const auth::Authenticator& authenticator,
                  const Clock& clock) {
  auto services = std::make_shared<Services>(db, cooperation, keyring, audit_log, clock);
  const std::string base = "/api/v1/municipalities/{kommunkod}";

  router.add("GET", base + "/eservices", [services](http::Request& request) {
    auto ctx = services->context(security::Principal::anonymous(), request, Intent::kRead);
    const auto published = services->catalogue.published(*ctx);
    ctx->commit();
    Poco::JSON::Array items;
    for (const auto& publication : published) items.add(publication_summary(publication));
    Poco::JSON::Object out;
    out.set("eservices", items);
    return http::Response::json(200, http::to_json(out));
  });

  // A withdrawn service is gone for the public: 404 like one never published.
  const auto published_one = [services](http::Request& request) {
    auto ctx = services->context(security::Principal::anonymous(), request, Intent::kRead);
    auto publication = services->catalogue.publication(*ctx, request.path_params.at("id"));
    ctx->commit();
    if (publication.status != PublicationStatus::kPublished) throw NotFound("no such e-service");
    return publication;
  };
  router.add("GET", base + "/eservices/{id}", [published_one](http::Request& request) {
    return http::Response::json(200, http::to_json(publication_json(published_one(request))));
  });
  router.add("GET", base + "/eservices/{id}/definition", [published_one](http::Request& request) {
    http::Response response;
    response.content_type = "application/xml";
    response.body = published_one(request).definition.source();
    return response;
  });

  router.add("GET", base + "/errands",
             auth::authenticated(authenticator, [services](http::Request& request, const security::Principal& who) {
               auto ctx = services->context(who, request, Intent::kWrite);  // the listing is audited
               ctx->require(Permission::kErrandRead, {"errand.list", "errand", ""});
               const InboxFilter filter = inbox_filter(request);
               const auto errands = services->work.inbox(*ctx, filter);
               ctx->commit();
               Poco::JSON::Array items;
               for (const auto& errand : errands) {
                 Poco::JSON::Object item = summary_json(errand.summary);
                 set_nullable(item, "assignedTo", errand.assigned_to);
                 item.set("submittedAt", audit::format_time(errand.submitted_at));
                 items.add(item);
               }
               Poco::JSON::Object out;
               out.set("errands", items);
               return http::Response::json(200, http::to_json(out));
             }));

  router.add("GET", base + "/errands/{reference}",
             auth::authenticated(authenticator, [services](http::Request& request, const security::Principal& who) {
               auto ctx = services->context(who, request, Intent::kWrite);
               const auto errand = services->submissions.errand(*ctx, request.path_params.at("reference"));
               const auto assigned_to = services->work.assignee(*ctx, errand.summary.reference);
               ctx->commit();
               Poco::JSON::Object out = summary_json(errand.summary);
               set_nullable(out, "assignedTo", assigned_to);
               Poco::JSON::Object answers;
               for (const auto& [field, values] : errand.answers.values) {
                 Poco::JSON::Array list;
                 for (const auto& value : values) list.add(value);
                 answers.set(field, list);
               }
               out.set("answers", answers);
               Poco::JSON::Object attachments;
               for (const auto& [field, file] : errand.answers.attachments) {
                 Poco::JSON::Object item;
                 item.set("fileName", file.file_name);
                 item.set("mediaType", file.media_type);
                 item.set("size", static_cast<Poco::UInt64>(file.bytes.size()));
                 attachments.set(field, item);
               }
               out.set("attachments", attachments);
               return http::Response::json(200, http::to_json(out));
             }));

  router.add("POST", base + "/errands/{reference}/status",
             auth::authenticated(authenticator, [services](http::Request& request, const security::Principal& who) {
               auto ctx = services->context(who, request, Intent::kWrite);
               const std::string reference = request.path_params.at("reference");
               ctx->require(Permission::kErrandHandle, {"errand.status", "errand", reference});
               const auto status = parse_status(status_member(request.body));
               services->submissions.change_status(*ctx, reference, status);
               ctx->commit();
               Poco::JSON::Object out;
               out.set("reference", reference);
               out.set("status", std::string(to_string(status)));
               return http::Response::json(200, http::to_json(out));
             }));

  router.add("GET", base + "/errands/{reference}/history",
             auth::authenticated(authenticator, [services](http::Request& request, const security::Principal& who) {
               auto ctx = services->context(who, request, Intent::kWrite);
               const auto entries = services->work.history(*ctx, request.path_params.at("reference"));
               ctx->commit();
               Poco::JSON::Array items;
               for (const auto& entry : entries) {
                 Poco::JSON::Object item;
                 item.set("kind", std::string(to_string(entry.kind)));
                 item.set("at", audit::format_time(entry.at));
                 item.set("actor", entry.actor);
                 if (entry.to_status) {
                   set_nullable(
                       item, "from",
                       entry.from_status ? std::optional<std::string>(to_string(*entry.from_status)) : std::nullopt);
                   item.set("to", std::string(to_string(*entry.to_status)));
                 }
                 if (!entry.detail.empty()) item.set("detail", entry.detail);
                 items.add(item);
               }
               Poco::JSON::Object out;
               out.set("history", items);
               return http::Response::json(200, http::to_json(out));
             }));

  router.add("POST", base + "/eservices/{id}/submissions",
             auth::authenticated(authenticator, [services](http::Request& request, const security::Principal& who) {
               const auto today =
                   std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(services->clock.now())};
               auto ctx = services->context(who, request, Intent::kWrite);
               const std::string service_id = request.path_params.at("id");
               ctx->require(Permission::kEServiceSubmit, {"errand.submit-on-behalf", "eservice", service_id});
               const IntakeRequest intake = parse_intake(request.body, today);
               const auto outcome = services->intake.submit(*ctx, service_id, intake);
               if (!outcome.receipt) return invalid_answers(request, outcome.errors);
               ctx->commit();
               const Receipt& receipt = *outcome.receipt;
               Poco::JSON::Object out;
               out.set("reference", receipt.reference);
               out.set("service", receipt.service_id);
               out.set("version", receipt.version);
               out.set("title", localized(receipt.service_title));
               out.set("submittedAt", audit::format_time(receipt.submitted_at));
               out.set("repeated", outcome.replayed);
               auto response = http::Response::json(outcome.replayed ? 200 : 201, http::to_json(out));
               response.headers.emplace_back("Location", "/api/v1/municipalities/" + receipt.municipality.str() +
                                                             "/errands/" + receipt.reference);
               return response;
             }));

  router.add("PUT", base + "/errands/{reference}/assignment",
             auth::authenticated(authenticator, [services](http::Request& request, const security::Principal& who) {
               auto ctx = services->context(who, request, Intent::kWrite);
               const std::string reference = request.path_params.at("reference");
               ctx->require(Permission::kErrandHandle, {"errand.assign", "errand", reference});
               const std::string handler = string_member(request.body, "handler");
               const std::string assigned = services->work.assign(*ctx, reference, handler);
               ctx->commit();
               Poco::JSON::Object out;
               out.set("reference", reference);
               out.set("assignedTo", assigned);
               return http::Response::json(200, http::to_json(out));
             }));

  router.add("DELETE", base + "/errands/{reference}/assignment",
             auth::authenticated(authenticator, [services](http::Request& request, const security::Principal& who) {
               auto ctx = services->context(who, request, Intent::kWrite);
               const std::string reference = request.path_params.at("reference");
               services->work.unassign(*ctx, reference);
               ctx->commit();
               Poco::JSON::Object out;
               out.set("reference", reference);
               out.set("assignedTo", Poco::Dynamic::Var());
               return http::Response::json(200, http::to_json(out));
             }));

  router.add("GET", base + "/errands/{reference}/notes",
             auth::authenticated(authenticator, [services](http::Request& request, const security::Principal& who) {
               auto ctx = services->context(who, request, Intent::kWrite);  // reading notes is audited
               const auto notes = services->work.notes(*ctx, request.path_params.at("reference"));
               ctx->commit();
               Poco::JSON::Array items;
               for (const auto& note : notes) items.add(note_json(note));
               Poco::JSON::Object out;
               out.set("notes", items);
               return http::Response::json(200, http::to_json(out));
             }));

  router.add("POST", base + "/errands/{reference}/notes",
             auth::authenticated(authenticator, [services](http::Request& request, const security::Principal& who) {
               auto ctx = services->context(who, request, Intent::kWrite);
               const std::string reference = request.path_params.at("reference");
               ctx->require(Permission::kErrandHandle, {"errand.note.add", "errand", reference});
               const std::string body = string_member(request.body, "body");
               const auto note = services->work.add_note(*ctx, reference, body);
               ctx->commit();
               return http::Response::json(201, http::to_json(note_json(note)));
             }));

  router.add("GET", base + "/errands/{reference}/messages",
             auth::authenticated(authenticator, [services](http::Request& request, const security::Principal& who) {
               auto ctx = services->context(who, request, Intent::kWrite);
               const auto messages = services->work.messages(*ctx, request.path_params.at("reference"));
               ctx->commit();
               Poco::JSON::Array items;
               for (const auto& message : messages) items.add(message_json(message));
               Poco::JSON::Object out;
               out.set("messages", items);
               return http::Response::json(200, http::to_json(out));
             }));

  router.add("POST", base + "/errands/{reference}/messages",
             auth::authenticated(authenticator, [services](http::Request& request, const security::Principal& who) {
               auto ctx = services->context(who, request, Intent::kWrite);
               const std::string reference = request.path_params.at("reference");
               ctx->require(Permission::kErrandHandle, {"errand.message.send", "errand", reference});
               const std::string body = string_member(request.body, "body");
               const auto message = services->work.post_message(*ctx, reference, body);
               ctx->commit();
               return http::Response::json(201, http::to_json(message_json(message)));
             }));
}

}  // namespace samverkan::eservices
