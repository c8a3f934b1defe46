// Every conditional field of every example e-service, through the hosted pages without
// JavaScript, with its condition on and off: on, its answer reaches the review page and the
// stored errand; off, it never does, and an answer typed into it on the same page as its
// condition is not dropped without a word (the step comes back with the answer kept and an
// error). A walker fills each step with valid answers derived from the definition itself.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "samverkan/calendar/iso_date.hpp"
#include "samverkan/eservices/errand_work.hpp"
#include "samverkan/eservices/submissions.hpp"
#include "services/eservices/pages_fixture.hpp"
#include "services/eservices/sample_files.hpp"

using namespace samverkan;
using namespace samverkan::test::pages;
using eservices::Condition;
using eservices::Definition;
using eservices::Field;
using eservices::FieldType;

namespace {

namespace fs = std::filesystem;

const std::string kPng = test::png_bytes();
const std::string kPdf = test::pdf_bytes();

// Sample answers for the patterns the example services use. A pattern without one fails the
// test (add its sample here), and each sample is checked against its pattern.
const std::map<std::string, std::string> kPatternSamples = {
    {"[A-Z]{2}-?[0-9]{3,6}", "GB-12345"},
    {"[0-9]{3} ?[0-9]{2}", "575 80"},
};

// The answers of one walk: field id to the values posted (a checkbox left out is unticked).
using Values = std::map<std::string, std::vector<std::string>>;

bool holds(const Condition& condition, const Values& values) {
  const auto found = values.find(condition.field);
  const bool answered = found != values.end() && !found->second.empty();
  const bool equal =
      answered && std::find(found->second.begin(), found->second.end(), condition.value) != found->second.end();
  switch (condition.test) {
    case Condition::Test::kEquals:
      return equal;
    case Condition::Test::kNotEquals:
      return !equal;
    case Condition::Test::kAnswered:
      return answered;
    case Condition::Test::kNotAnswered:
      return !answered;
  }
  return false;
}

Values merged(Values values, const Values& more) {
  for (const auto& [id, list] : more) values[id] = list;
  return values;
}

bool shown(const Field& field, const Values& values) {
  return std::all_of(field.show_when.begin(), field.show_when.end(),
                     [&](const Condition& c) { return holds(c, values); });
}

std::string iso_in_days(int days) {
  const auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  return calendar::format_iso_date(std::chrono::year_month_day{today + std::chrono::days(days)});
}

// A valid answer for `field` (attachments: the file's bytes).
std::string valid_answer(const Definition& definition, const Field& field) {
  switch (field.type) {
    case FieldType::kText:
    case FieldType::kTextArea: {
      if (field.pattern) {
        const auto sample = kPatternSamples.find(field.pattern->regex);
        BOOST_TEST_REQUIRE((sample != kPatternSamples.end()),
                           "no sample answer for the pattern " + field.pattern->regex);
        BOOST_TEST_REQUIRE(definition.matches_pattern(field, sample->second));
        return sample->second;
      }
      std::string text = "Svar till " + field.id;
      while (field.min_length && text.size() < *field.min_length) text += " och mer";
      return text.substr(0, field.max_length > 0 ? std::min(text.size(), field.max_length) : text.size());
    }
    case FieldType::kNumber: {
      const double value = std::clamp(12.0, field.min.value_or(12.0), field.max.value_or(12.0));
      return std::to_string(static_cast<long long>(value));
    }
    case FieldType::kDate:
      // A week ahead when the field asks for today or later, a week back otherwise.
      return field.earliest ? iso_in_days(7) : iso_in_days(-7);
    case FieldType::kEmail:
      return "anna@example.se";
    case FieldType::kPhone:
      return "070-123 45 67";
    case FieldType::kPersonnummer:
      return "19121212-1212";
    case FieldType::kOrganisationsnummer:
      return "556036-0793";
    case FieldType::kSingleChoice:
    case FieldType::kMultipleChoice:
      return field.options.front().value;
    case FieldType::kCheckbox:
      return "true";
    case FieldType::kAttachment: {
      const bool pdf = std::find(field.accept.begin(), field.accept.end(), "application/pdf") != field.accept.end();
      return pdf || field.accept.empty() ? kPdf : kPng;
    }
  }
  return {};
}

// The value that makes `condition` hold (on) or not (off), for its field.
std::optional<std::vector<std::string>> condition_value(const Field& tested, const Condition& condition, bool on) {
  if (condition.test != Condition::Test::kEquals) {
    BOOST_FAIL("the walker knows only showWhen equals; teach it " + tested.id + "'s test");
  }
  if (tested.type == FieldType::kCheckbox) {
    if ((condition.value == "true") == on) return std::vector<std::string>{"true"};
    return std::nullopt;  // unticked
  }
  if (on) return std::vector<std::string>{condition.value};
  for (const auto& option : tested.options) {
    if (option.value != condition.value) return std::vector<std::string>{option.value};
  }
  BOOST_FAIL("no other option than " + condition.value + " for " + tested.id);
  return std::nullopt;
}

// A POST body for one step: urlencoded, or multipart when the step has an attachment.
struct StepBody {
  std::string body;
  std::string content_type;
};

StepBody step_body(const std::string& csrf, const Values& values, const std::map<std::string, std::string>& files) {
  if (files.empty()) {
    std::string body = "_csrf=" + encode(csrf) + "&_nav=next";
    for (const auto& [id, list] : values) {
      for (const auto& value : list) body += "&" + encode(id) + "=" + encode(value);
    }
    return {body, kForm};
  }
  const std::string boundary = "----samverkanWalker";
  std::string body;
  const auto part = [&](const std::string& name, const std::string& value, const std::string& file_name = {}) {
    body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"";
    if (!file_name.empty()) body += "; filename=\"" + file_name + "\"\r\nContent-Type: application/octet-stream";
    body += "\r\n\r\n" + value + "\r\n";
  };
  part("_csrf", csrf);
  part("_nav", "next");
  for (const auto& [id, list] : values) {
    for (const auto& value : list) part(id, value);
  }
  for (const auto& [id, bytes] : files) part(id, bytes, bytes == kPdf ? "bilaga.pdf" : "bild.png");
  body += "--" + boundary + "--\r\n";
  return {body, "multipart/form-data; boundary=" + boundary};
}

struct Fixture : PagesFixture {
  Fixture() {
    // The third example service: imported by its owner (Vetlanda), published in Eksjö beside
    // the two the pages fixture has, as examples/hoglandet/eservices/publish.txt does.
    eservices::Catalogue catalogue(platform->cooperation());
    const auto owner_code = ids::Kommunkod::parse("0685");
    const auto owner = security::Principal::staff("owner", {{owner_code, {security::Role::kEServiceEditor}}});
    {
      tenancy::Context ctx(platform->database(), owner, owner_code, SystemClock::instance(), &platform->audit_log());
      const auto xml = test::read_file(test::source_dir() / "examples/hoglandet/eservices/livsmedelsanlaggning.xml");
      catalogue.import_definition(ctx, xml, "livsmedelsanlaggning.xml");
      ctx.commit();
    }
    const auto editor = security::Principal::staff("editor", {{kEksjo, {security::Role::kEServiceEditor}}});
    tenancy::Context ctx(platform->database(), editor, kEksjo, SystemClock::instance(), &platform->audit_log());
    eservices::LocalOverrides overrides;
    overrides.handling_unit = "kontaktcenter";
    catalogue.publish(ctx, "livsmedelsanlaggning", 1, overrides);
    ctx.commit();
  }

  // Walks `definition` with every shown field answered, `target`'s condition on or off; off,
  // `target` is answered anyway where the page shows it. Returns the review page and the
  // stored errand's answers.
  void walk(const Definition& definition, const Field& target, bool on) {
    BOOST_TEST_CONTEXT(definition.id() << " / " << target.id << " with its condition " << (on ? "on" : "off")) {
      auto b = browser();
      const std::string base = "/e/0686/tjanst/" + definition.id();
      if (definition.login_required()) log_in(b, base);
      const Condition& condition = target.show_when.front();
      const Field* tested = definition.find_field(condition.field);
      BOOST_TEST_REQUIRE(tested != nullptr);
      Values values;
      for (const auto& step : definition.steps()) {
        const std::string path = base + "/steg/" + step.id;
        const auto page = b.get(path);
        BOOST_TEST_REQUIRE(page.status == 200, page.body);
        const Html html(page.body);
        Values posted;
        std::map<std::string, std::string> files;
        bool typed_into_target = false;
        for (const auto& field : step.fields) {
          std::optional<std::vector<std::string>> answer;
          if (&field == tested) {
            answer = condition_value(field, condition, on);
          } else if (shown(field, merged(values, posted))) {
            answer = std::vector<std::string>{valid_answer(definition, field)};
          } else if (&field == &target) {
            // Off: answered anyway, if the page has a control for it.
            const bool on_page = html.count("//*[@id='" + field.id + "' or @id='" + field.id + "-0']") > 0;
            const bool condition_on_page =
                std::any_of(step.fields.begin(), step.fields.end(), [&](const Field& f) { return &f == tested; });
            BOOST_TEST(on_page == condition_on_page, "the control is on the page exactly when its condition is");
            if (on_page) {
              answer = std::vector<std::string>{valid_answer(definition, field)};
              typed_into_target = true;
            }
          }
          if (!answer) continue;
          if (field.type == FieldType::kAttachment) {
            files[field.id] = answer->front();
          } else {
            posted[field.id] = *answer;
          }
        }
        auto body = step_body(Browser::csrf(page.body), posted, files);
        auto r = b.post(path, body.body, body.content_type);
        if (typed_into_target) {
          // Refused with the answer kept and the error on the field; then cleared, it passes.
          BOOST_TEST_REQUIRE(r.status == 422, r.body);
          const Html refused(r.body);
          BOOST_TEST(refused.count("//div[@class='error-summary']//a[starts-with(@href, '#" + target.id + "')]") == 1);
          BOOST_TEST(refused.value("string(//*[@id='" + target.id + "-error'])").find(tested->label.sv) !=
                     std::string::npos);
          if (target.type != FieldType::kAttachment) {
            const auto kept = posted.at(target.id).front();
            BOOST_TEST(refused.count("//input[@value='" + kept + "'] | //textarea[.='" + kept + "']") >= 1);
          }
          posted.erase(target.id);
          files.erase(target.id);
          body = step_body(Browser::csrf(r.body), posted, files);
          r = b.post(path, body.body, body.content_type);
        }
        BOOST_TEST_REQUIRE(r.status == 303, r.body);
        for (const auto& [id, list] : posted) values[id] = list;
        for (const auto& [id, bytes] : files) values[id] = {"attached"};
      }
      const auto review = b.get(base + "/granska");
      BOOST_TEST_REQUIRE(review.status == 200, review.body);
      const Html review_page(review.body);
      BOOST_TEST(review_page.count("//dt[.='" + target.label.sv + "']") == (on ? 1 : 0));
      const auto r = b.post(base + "/granska", "_csrf=" + encode(Browser::csrf(review.body)));
      BOOST_TEST_REQUIRE(r.status == 303, r.body);
      const std::string location = r.headers.at("location");
      const std::string reference = location.substr(location.rfind('/') + 1);
      eservices::Catalogue catalogue(platform->cooperation());
      eservices::Submissions submissions(catalogue, platform->keyring());
      const auto handler = security::Principal::staff("handler", {{kEksjo, {security::Role::kCaseHandler}}});
      tenancy::Context ctx(platform->database(), handler, kEksjo, SystemClock::instance(), &platform->audit_log());
      const auto errand = submissions.errand(ctx, reference);
      ctx.commit();
      const bool stored = errand.answers.values.count(target.id) > 0 || errand.answers.attachments.count(target.id) > 0;
      BOOST_TEST(stored == on);
    }
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(conditional_fields_test)

BOOST_FIXTURE_TEST_CASE(every_conditional_field_of_every_example_service_on_and_off, Fixture) {
  int walked = 0;
  for (const char* file : {"felanmalan-gata-park.xml", "skolskjuts.xml", "livsmedelsanlaggning.xml"}) {
    const auto definition = eservices::load_definition_file(test::source_dir() / "examples/hoglandet/eservices" / file);
    for (const Field* field : definition.fields()) {
      if (field->show_when.empty()) continue;
      walk(definition, *field, true);
      walk(definition, *field, false);
      walked += 2;
    }
  }
  // 5 + 4 + 4 conditional fields in the three services.
  BOOST_TEST(walked == 26);
}

BOOST_AUTO_TEST_SUITE_END()
