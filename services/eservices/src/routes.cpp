#include "samverkan/eservices/routes.hpp"

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <memory>
#include <sstream>

#include "samverkan/calendar/swedish_time.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/eservices/catalogue.hpp"
#include "samverkan/eservices/errand_intake.hpp"
#include "samverkan/eservices/errand_work.hpp"
#include "samverkan/eservices/satisfaction.hpp"
#include "samverkan/eservices/submissions.hpp"
#include "samverkan/http/json.hpp"
#include "samverkan/http/metrics_text.hpp"
#include "samverkan/http/routes.hpp"
#include "samverkan/security/permission.hpp"

#include "detail/attachment_response.hpp"
#include "detail/intake_json.hpp"
#include "samverkan/storage/time.hpp"

namespace samverkan::eservices {
namespace {

using security::Permission;

// The services the routes call, made once per router.
struct Services {
  Services(const config::Cooperation& cooperation, const crypto::Keyring& keyring)
      : catalogue(cooperation),
        submissions(catalogue, keyring),
        work(submissions, keyring),
        intake(submissions, catalogue),
        satisfaction(submissions, keyring) {}

  Catalogue catalogue;
  Submissions submissions;
  ErrandWork work;
  ErrandIntake intake;
  Satisfaction satisfaction;
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
  out.set("at", storage::format_time(note.at));
  out.set("author", note.author);
  out.set("body", note.body);
  return out;
}

Poco::JSON::Object message_json(const ErrandMessage& message) {
  Poco::JSON::Object out;
  out.set("id", message.id);
  out.set("at", storage::format_time(message.at));
  out.set("direction", std::string(to_string(message.direction)));
  out.set("author", message.author);
  out.set("body", message.body);
  return out;
}

// --- submissions by trusted integrations ---------------------------------------------------------

using detail::parse_intake;

// The problem's extension for invalid answers: {"errors": [{"field", "code", "message": {sv, en}}]}.
Poco::JSON::Object invalid_answers(const std::vector<FieldError>& errors) {
  Poco::JSON::Array list;
  for (const auto& error : errors) {
    Poco::JSON::Object item;
    item.set("field", error.field);
    item.set("code", error.code);
    item.set("message", localized(error.message));
    list.add(item);
  }
  Poco::JSON::Object extensions;
  extensions.set("errors", list);
  return extensions;
}

Poco::JSON::Object history_entry_json(const ErrandHistoryEntry& entry) {
  Poco::JSON::Object item;
  item.set("kind", std::string(to_string(entry.kind)));
  item.set("at", storage::format_time(entry.at));
  item.set("actor", entry.actor);
  if (entry.to_status) {
    set_nullable(item, "from",
                 entry.from_status ? std::optional<std::string>(to_string(*entry.from_status)) : std::nullopt);
    item.set("to", std::string(to_string(*entry.to_status)));
  }
  if (!entry.detail.empty()) item.set("detail", entry.detail);
  return item;
}

// ?assignedTo=me | none | <handler's user id>
// A non-negative whole number from a query parameter, or a clear 400.
std::size_t parse_count(const std::string& text, const char* name) {
  if (text.empty() || text.size() > 9 || text.find_first_not_of("0123456789") != std::string::npos) {
    throw InvalidInput(std::string(name) + " is a whole number, 0 or more");
  }
  return static_cast<std::size_t>(std::stoul(text));
}

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
  // A page of the inbox, newest first: `limit` rows (100 unless asked, at most 1,000) after
  // skipping `offset`.
  filter.limit = 100;
  if (const auto text = request.query_param("limit")) {
    const auto limit = parse_count(*text, "limit");
    if (limit < 1 || limit > 1000) throw InvalidInput("limit is a number from 1 to 1000");
    filter.limit = limit;
  }
  if (const auto text = request.query_param("offset")) filter.offset = parse_count(*text, "offset");
  return filter;
}

// The figures' year: ?year=, else this year in Swedish time.
int statistics_year(const http::Call& c, Clock::TimePoint now) {
  const auto text = c.request.query_param("year");
  if (!text) return static_cast<int>(calendar::swedish_date(now).year());
  const auto year = parse_count(*text, "year");
  if (year > 9999) throw InvalidInput("year is a year such as 2026");
  return static_cast<int>(year);
}

Poco::JSON::Object figures_json(const ServiceFigures& figures) {
  Poco::JSON::Object out(Poco::JSON_PRESERVE_KEY_ORDER);
  if (!figures.service_id.empty()) {
    out.set("id", figures.service_id);
    out.set("title", localized(figures.title));
  }
  out.set("resolved", figures.resolved);
  out.set("firstContact", figures.first_contact);
  const auto share = figures.first_contact_share();
  out.set("firstContactShare", share ? Poco::Dynamic::Var(*share) : Poco::Dynamic::Var());
  out.set("answers", figures.answers);
  const auto index = figures.index();
  out.set("satisfactionIndex", index ? Poco::Dynamic::Var(*index) : Poco::Dynamic::Var());
  return out;
}

Poco::JSON::Object statistics_json(const SatisfactionFigures& figures) {
  Poco::JSON::Object out(Poco::JSON_PRESERVE_KEY_ORDER);
  out.set("year", figures.year);
  out.set("minimumAnswersShown", kMinimumAnswersShown);
  Poco::JSON::Array services;
  for (const auto& service : figures.services) services.add(figures_json(service));
  out.set("services", services);
  out.set("total", figures_json(figures.total));
  return out;
}

// This year's figures in the Prometheus text format: one sample per e-service and the
// member's total (service=""), the index only where it may be shown.
std::string statistics_metrics(const SatisfactionFigures& figures, const std::string& municipality) {
  using Type = http::MetricsText::Type;
  http::MetricsText out;
  std::vector<const ServiceFigures*> rows;
  for (const auto& service : figures.services) rows.push_back(&service);
  rows.push_back(&figures.total);
  const auto each = [&](const char* name, const char* help, auto value) {
    out.family(name, help, Type::kGauge);
    for (const auto* row : rows) {
      if (const std::optional<double> v = value(*row)) {
        out.sample({{"municipality", municipality}, {"service", row->service_id}}, *v);
      }
    }
  };
  each("samverkan_eservice_errands_resolved",
       "Errands first decided or closed this calendar year (Swedish time); service=\"\" is every e-service",
       [](const ServiceFigures& f) { return std::optional<double>(static_cast<double>(f.resolved)); });
  each("samverkan_eservice_errands_first_contact",
       "Of those, errands resolved without a second round: never waiting for the citizen, no message from them",
       [](const ServiceFigures& f) { return std::optional<double>(static_cast<double>(f.first_contact)); });
  each("samverkan_eservice_first_contact_ratio", "Errands resolved at first contact over errands resolved (0-1)",
       [](const ServiceFigures& f) { return f.first_contact_share(); });
  each("samverkan_eservice_survey_answers", "Satisfaction survey answers given this calendar year",
       [](const ServiceFigures& f) { return std::optional<double>(static_cast<double>(f.answers)); });
  each("samverkan_eservice_satisfaction_index",
       "Customer satisfaction index (NKI, 0-100, three questions with equal weights); only from 5 answers on",
       [](const ServiceFigures& f) { return f.index(); });
  return out.text();
}

}  // namespace

void mount_routes(http::Router& router, const http::RouteServices& deps, const crypto::Keyring& keyring) {
  auto s = std::make_shared<Services>(deps.cooperation, keyring);
  http::Routes api(router, deps, "/api/v1/municipalities/{kommunkod}");

  api.add({"GET", "/eservices"}, [s](http::Call& c) {
    return http::json_response(200, http::list_json("eservices", s->catalogue.published(c.ctx()), publication_summary));
  });

  // A withdrawn service is gone for the public: 404 like one never published.
  const auto published_one = [s](http::Call& c) {
    auto publication = s->catalogue.publication(c.ctx(), c.path("id"));
    if (publication.status != PublicationStatus::kPublished) throw NotFound("no such e-service");
    return publication;
  };
  api.add({"GET", "/eservices/{id}"},
          [published_one](http::Call& c) { return http::json_response(200, publication_json(published_one(c))); });
  api.add({"GET", "/eservices/{id}/definition"}, [published_one](http::Call& c) {
    return http::Response{200, "application/xml", published_one(c).definition.source(), {}};
  });

  // Routes that read a body or a query check the permission first (CheckFirst, with the event
  // the service uses), so that an outsider gets 404 (a member without the role 403) whatever
  // the input holds, and only an authorised caller hears that it is malformed.
  api.add({"GET", "/errands", Permission::kErrandRead, http::CheckFirst{"errand.list", "errand"}, true},
          [s](http::Call& c) {
            const InboxFilter filter = inbox_filter(c.request);
            Poco::JSON::Array items;
            for (const auto& errand : s->work.inbox(c.ctx(), filter)) {
              Poco::JSON::Object item = summary_json(errand.summary);
              set_nullable(item, "assignedTo", errand.assigned_to);
              item.set("submittedAt", storage::format_time(errand.submitted_at));
              items.add(item);
            }
            Poco::JSON::Object out;
            out.set("errands", items);
            return http::json_response(200, out);
          });

  api.add({"GET", "/errands/{reference}", Permission::kErrandRead, {}, true}, [s](http::Call& c) {
    const auto errand = s->submissions.errand(c.ctx(), c.path("reference"));
    Poco::JSON::Object out = summary_json(errand.summary);
    set_nullable(out, "assignedTo", s->work.assignee(c.ctx(), errand.summary.reference));
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
    return http::json_response(200, out);
  });

  api.add({"GET", "/errands/{reference}/attachments/{field}", Permission::kErrandRead, {}, true}, [s](http::Call& c) {
    return detail::attachment_response(s->submissions.attachment(c.ctx(), c.path("reference"), c.path("field")));
  });

  api.add({"POST", "/errands/{reference}/status", Permission::kErrandHandle,
           http::CheckFirst{"errand.status", "errand", "{reference}"}},
          [s](http::Call& c) {
            const auto status = parse_status(http::string_member(*c.body(), "status"));
            s->submissions.change_status(c.ctx(), c.path("reference"), status);
            Poco::JSON::Object out;
            out.set("reference", c.path("reference"));
            out.set("status", std::string(to_string(status)));
            return http::json_response(200, out);
          });

  api.add({"GET", "/errands/{reference}/history", Permission::kErrandRead, {}, true}, [s](http::Call& c) {
    return http::json_response(
        200, http::list_json("history", s->work.history(c.ctx(), c.path("reference")), history_entry_json));
  });

  api.add({"POST", "/eservices/{id}/submissions", Permission::kEServiceSubmit,
           http::CheckFirst{"errand.submit-on-behalf", "eservice", "{id}"}},
          [s](http::Call& c) {
            const auto today = calendar::swedish_date(c.ctx().now());
            const IntakeRequest intake = parse_intake(c.request.body, today);
            const auto outcome = s->intake.submit(c.ctx(), c.path("id"), intake);
            if (!outcome.receipt) {
              return c.problem(ErrorKind::kInvalidInput,
                               std::to_string(outcome.errors.size()) + " answer(s) are not valid",
                               invalid_answers(outcome.errors));
            }
            const Receipt& receipt = *outcome.receipt;
            Poco::JSON::Object out;
            out.set("reference", receipt.reference);
            out.set("service", receipt.service_id);
            out.set("version", receipt.version);
            out.set("title", localized(receipt.service_title));
            out.set("submittedAt", storage::format_time(receipt.submitted_at));
            out.set("repeated", outcome.replayed);
            auto response = http::json_response(outcome.replayed ? 200 : 201, out);
            response.headers.emplace_back(
                "Location", "/api/v1/municipalities/" + receipt.municipality.str() + "/errands/" + receipt.reference);
            return response;
          });

  api.add({"PUT", "/errands/{reference}/assignment", Permission::kErrandHandle,
           http::CheckFirst{"errand.assign", "errand", "{reference}"}},
          [s](http::Call& c) {
            const std::string handler = http::string_member(*c.body(), "handler");
            Poco::JSON::Object out;
            out.set("reference", c.path("reference"));
            out.set("assignedTo", s->work.assign(c.ctx(), c.path("reference"), handler));
            return http::json_response(200, out);
          });

  api.add({"DELETE", "/errands/{reference}/assignment", Permission::kErrandHandle}, [s](http::Call& c) {
    s->work.unassign(c.ctx(), c.path("reference"));
    Poco::JSON::Object out;
    out.set("reference", c.path("reference"));
    out.set("assignedTo", Poco::Dynamic::Var());
    return http::json_response(200, out);
  });

  api.add({"GET", "/errands/{reference}/notes", Permission::kErrandRead, {}, true}, [s](http::Call& c) {
    return http::json_response(200, http::list_json("notes", s->work.notes(c.ctx(), c.path("reference")), note_json));
  });

  api.add({"POST", "/errands/{reference}/notes", Permission::kErrandHandle,
           http::CheckFirst{"errand.note.add", "errand", "{reference}"}},
          [s](http::Call& c) {
            const std::string body = http::string_member(*c.body(), "body");
            return http::json_response(201, note_json(s->work.add_note(c.ctx(), c.path("reference"), body)));
          });

  api.add({"GET", "/errands/{reference}/messages", Permission::kErrandRead, {}, true}, [s](http::Call& c) {
    return http::json_response(
        200, http::list_json("messages", s->work.messages(c.ctx(), c.path("reference")), message_json));
  });

  api.add({"POST", "/errands/{reference}/messages", Permission::kErrandHandle,
           http::CheckFirst{"errand.message.send", "errand", "{reference}"}},
          [s](http::Call& c) {
            const std::string body = http::string_member(*c.body(), "body");
            return http::json_response(201, message_json(s->work.post_message(c.ctx(), c.path("reference"), body)));
          });

  // Satisfaction and first contact (no personal data): as JSON for a year, and this year's as
  // metrics for a monitoring system.
  api.add({"GET", "/statistics/eservices", Permission::kStatisticsRead,
           http::CheckFirst{"statistics.read", "eservice-statistics"}},
          [s](http::Call& c) {
            const int year = statistics_year(c, c.ctx().now());
            return http::json_response(200, statistics_json(s->satisfaction.figures(c.ctx(), year)));
          });
  api.add({"GET", "/metrics", Permission::kStatisticsRead}, [s](http::Call& c) {
    const int year = static_cast<int>(calendar::swedish_date(c.ctx().now()).year());
    const auto figures = s->satisfaction.figures(c.ctx(), year);
    http::Response response{200,
                            std::string(http::MetricsText::kContentType),
                            statistics_metrics(figures, c.ctx().municipality().str()),
                            {}};
    response.headers.emplace_back("Cache-Control", "no-store");
    return response;
  });
}

}  // namespace samverkan::eservices
