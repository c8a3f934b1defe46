#include "samverkan/eservices/routes.hpp"

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <memory>
#include <sstream>

#include "samverkan/core/error.hpp"
#include "samverkan/eservices/catalogue.hpp"
#include "samverkan/eservices/submissions.hpp"
#include "samverkan/tenancy/context.hpp"

namespace samverkan::eservices {
namespace {

using Intent = tenancy::Context::Intent;

struct Services {
  Services(storage::Database& database, const config::Cooperation& cooperation_config, const crypto::Keyring& keyring,
           audit::AuditLog& audit, const Clock& time)
      : db(database),
        cooperation(cooperation_config),
        audit_log(audit),
        clock(time),
        catalogue(cooperation_config),
        submissions(catalogue, keyring) {}

  storage::Database& db;
  const config::Cooperation& cooperation;
  audit::AuditLog& audit_log;
  const Clock& clock;
  Catalogue catalogue;
  Submissions submissions;

  // The municipality of the path; an unknown one is 404 like any unknown resource.
  ids::Kommunkod municipality(const http::Request& request) const {
    return cooperation.require_member(request.path_params.at("kommunkod")).code;
  }

  std::unique_ptr<tenancy::Context> context(const security::Principal& principal, const http::Request& request,
                                            Intent intent) {
    return std::make_unique<tenancy::Context>(db, principal, municipality(request), clock, &audit_log, intent);
  }
};

std::string stringify(const Poco::JSON::Object& object) {
  std::ostringstream out;
  object.stringify(out);
  return out.str();
}

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

std::string status_member(const std::string& body) {
  try {
    const auto parsed = Poco::JSON::Parser().parse(body);
    const auto object = parsed.extract<Poco::JSON::Object::Ptr>();
    if (!object.isNull() && object->has("status") && object->get("status").isString()) {
      return object->getValue<std::string>("status");
    }
  } catch (const Poco::Exception&) {
  } catch (const std::bad_cast&) {
  }
  throw InvalidInput("the body must be a JSON object with \"status\" (a string)");
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
    return http::Response::json(200, stringify(out));
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
    return http::Response::json(200, stringify(publication_json(published_one(request))));
  });
  router.add("GET", base + "/eservices/{id}/definition", [published_one](http::Request& request) {
    http::Response response;
    response.content_type = "application/xml";
    response.body = published_one(request).definition.source();
    return response;
  });

  router.add("GET", base + "/errands",
             auth::authenticated(authenticator, [services](http::Request& request, const security::Principal& who) {
               std::optional<ErrandStatus> status;
               if (const auto text = request.query_param("status")) status = parse_status(*text);
               auto ctx = services->context(who, request, Intent::kWrite);  // the listing is audited
               const auto errands = services->submissions.inbox(*ctx, status);
               ctx->commit();
               Poco::JSON::Array items;
               for (const auto& errand : errands) items.add(summary_json(errand));
               Poco::JSON::Object out;
               out.set("errands", items);
               return http::Response::json(200, stringify(out));
             }));

  router.add("GET", base + "/errands/{reference}",
             auth::authenticated(authenticator, [services](http::Request& request, const security::Principal& who) {
               auto ctx = services->context(who, request, Intent::kWrite);
               const auto errand = services->submissions.errand(*ctx, request.path_params.at("reference"));
               ctx->commit();
               Poco::JSON::Object out = summary_json(errand.summary);
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
               return http::Response::json(200, stringify(out));
             }));

  router.add("POST", base + "/errands/{reference}/status",
             auth::authenticated(authenticator, [services](http::Request& request, const security::Principal& who) {
               const auto status = parse_status(status_member(request.body));
               auto ctx = services->context(who, request, Intent::kWrite);
               const std::string reference = request.path_params.at("reference");
               services->submissions.change_status(*ctx, reference, status);
               ctx->commit();
               Poco::JSON::Object out;
               out.set("reference", reference);
               out.set("status", std::string(to_string(status)));
               return http::Response::json(200, stringify(out));
             }));

  router.add("GET", base + "/errands/{reference}/history",
             auth::authenticated(authenticator, [services](http::Request& request, const security::Principal& who) {
               auto ctx = services->context(who, request, Intent::kWrite);
               const auto events = services->submissions.history(*ctx, request.path_params.at("reference"));
               ctx->commit();
               Poco::JSON::Array items;
               for (const auto& event : events) {
                 Poco::JSON::Object item;
                 item.set("at", audit::format_time(event.at));
                 item.set("actor", event.actor);
                 if (event.from_status) {
                   item.set("from", std::string(to_string(*event.from_status)));
                 } else {
                   item.set("from", Poco::Dynamic::Var());
                 }
                 item.set("to", std::string(to_string(event.to_status)));
                 items.add(item);
               }
               Poco::JSON::Object out;
               out.set("history", items);
               return http::Response::json(200, stringify(out));
             }));
}

}  // namespace samverkan::eservices
