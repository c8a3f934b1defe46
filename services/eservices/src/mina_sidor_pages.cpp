#include <algorithm>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "detail/pages.hpp"
#include "samverkan/core/error.hpp"

namespace samverkan::eservices::detail {

http::Response Pages::my_pages(http::Request& request, Visit& visit, const config::Municipality& municipality) {
  if (!visit.citizen()) return login_redirect(request, visit, municipality);
  const bool saved = request.query_param("sparat").value_or("") == "1";
  return render_my_pages(visit, municipality, std::nullopt, {}, saved, 200);
}

namespace {

// Whether the member offers notices by SMS: it binds an SMS gateway.
bool sms_offered(const config::Municipality& municipality) {
  return municipality.adapters.find(adapters::AdapterKind::kSmsGateway) != nullptr;
}

const char* problem_key(PreferenceProblem problem) {
  switch (problem) {
    case PreferenceProblem::kEmailMissing:
      return "notices_email_missing";
    case PreferenceProblem::kEmailInvalid:
      return "notices_email_invalid";
    case PreferenceProblem::kMobileMissing:
      return "notices_mobile_missing";
    case PreferenceProblem::kMobileInvalid:
      return "notices_mobile_invalid";
    case PreferenceProblem::kMobileNotMobile:
      return "notices_mobile_not_mobile";
    case PreferenceProblem::kSmsUnavailable:
      return "notices_sms_unavailable";
  }
  return "notices_email_invalid";
}

}  // namespace

http::Response Pages::render_my_pages(const Visit& visit, const config::Municipality& municipality,
                                      std::optional<NoticePreference> choice,
                                      const std::vector<PreferenceError>& errors, bool saved, int status) {
  const Language language = visit.language;
  std::vector<OwnErrandSummary> own;
  {
    const auto ctx = context(visit, municipality, Intent::kWrite);  // the listing and the choice's read are audited
    own = work_.own_errands(*ctx);
    if (!choice) choice = notice_preferences_.read(*ctx);
    ctx->commit();
  }
  mu::list errands;
  for (const auto& errand : own) {
    mu::data item{mu::data::type::object};
    item.set("reference", errand.reference);
    item.set("href", errand_path(municipality, errand.reference) + lang_query(language));
    item.set("service", errand.title.in(language));
    item.set("status", status_text(errand.status, language));
    item.set("submitted", format_time(errand.submitted_at));
    errands.push_back(item);
  }
  auto data = base_data(visit);
  data.set("has_errands", !errands.empty());
  data.set("errands", errands);
  const std::string base = "/e/" + municipality.code.str();
  data.set("logout_action", base + "/logga-ut" + lang_query(language));
  data.set("notices_action", base + "/mina-sidor/aviseringar" + lang_query(language));
  data.set("sms_offered", sms_offered(municipality));
  const NoticePreference shown = choice.value_or(NoticePreference{});
  data.set("by_email", shown.by_email);
  data.set("by_sms", shown.by_sms);
  data.set("email", shown.email);
  data.set("mobile", shown.mobile);
  data.set("saved", saved && errors.empty());
  mu::list summary;
  for (const auto& error : errors) {
    const bool email = error.field == "email";
    const char* message = ui_text(language, problem_key(error.problem));
    mu::data item{mu::data::type::object};
    item.set("anchor", email ? "notice-email" : sms_offered(municipality) ? "notice-mobile" : "notice-channels");
    item.set("label", ui_text(language, email ? "notices_email" : "notices_mobile"));
    item.set("message", message);
    summary.push_back(item);
    data.set(email ? "email_error" : "mobile_error", message);
  }
  data.set("has_errors", !errors.empty());
  data.set("errors", summary);
  std::string title = ui_text(language, "my_pages");
  if (!errors.empty()) title = std::string(ui_text(language, "error")) + ": " + title;
  return html(status, page(visit, &municipality, title, render("mina-sidor", data), base + "/mina-sidor"));
}

http::Response Pages::post_notices(http::Request& request, Visit& visit, const config::Municipality& municipality) {
  if (!visit.citizen()) return login_redirect(request, visit, municipality);
  NoticePreference choice;
  choice.by_email = visit.form.value("by_email") == "true";
  choice.by_sms = visit.form.value("by_sms") == "true";
  choice.email = visit.form.value("email");
  choice.mobile = visit.form.value("mobile");
  choice.language = visit.language;
  NoticePreference checked = choice;
  const auto errors = check_preference(checked, sms_offered(municipality));
  if (!errors.empty()) return render_my_pages(visit, municipality, choice, errors, false, 422);
  {
    const auto ctx = context(visit, municipality, Intent::kWrite);
    notice_preferences_.save(*ctx, checked, sms_offered(municipality));
    ctx->commit();
  }
  const std::string query = visit.language == Language::kEnglish ? "?lang=en&sparat=1" : "?sparat=1";
  return redirect("/e/" + municipality.code.str() + "/mina-sidor" + query);
}

std::string Pages::errand_path(const config::Municipality& municipality, const std::string& reference) {
  return "/e/" + municipality.code.str() + "/mina-sidor/arende/" + reference;
}

http::Response Pages::login_redirect(const http::Request& request, const Visit& visit,
                                     const config::Municipality& municipality) const {
  return redirect("/e/" + municipality.code.str() +
                  "/logga-in?next=" + encode(request.path + lang_query(visit.language)) +
                  (visit.language == Language::kEnglish ? "&lang=en" : ""));
}

namespace {

// The survey's questions: the form's name of each, its text key, and its scale's hint.
struct Question {
  const char* name;
  const char* text_key;
  const char* hint_key;
};
constexpr Question kQuestions[] = {
    {"overall", "survey_overall", "survey_overall_hint"},
    {"expectations", "survey_expectations", "survey_expectations_hint"},
    {"ideal", "survey_ideal", "survey_ideal_hint"},
};

// A survey answer as posted: 1-10, else nullopt.
std::optional<int> scale_value(const std::string& text) {
  for (int value = kSurveyLowest; value <= kSurveyHighest; ++value) {
    if (text == std::to_string(value)) return value;
  }
  return std::nullopt;
}

}  // namespace

http::Response Pages::render_errand(const Visit& visit, const config::Municipality& municipality,
                                    const std::string& reference, const ErrandForms& forms, int status) {
  const Language language = visit.language;
  OwnErrand own;
  SurveyState survey = SurveyState::kNotYet;
  {
    const auto ctx = context(visit, municipality, Intent::kWrite);  // reading it is audited
    own = work_.own_errand(*ctx, reference);
    survey = satisfaction_.state(*ctx, reference);
    ctx->commit();
  }
  auto data = base_data(visit);
  data.set("reference", own.reference);
  data.set("service_title", own.title.in(language));
  data.set("status", status_text(own.status, language));
  data.set("submitted", format_time(own.submitted_at));
  mu::list messages;
  for (const auto& message : own.messages) {
    mu::data item{mu::data::type::object};
    const bool from_citizen = message.direction == MessageDirection::kFromCitizen;
    item.set("from_citizen", from_citizen);
    item.set("sender", from_citizen ? std::string(ui_text(language, "you")) : municipality.name);
    item.set("time", format_time(message.at));
    item.set("body", message.body);
    messages.push_back(item);
  }
  data.set("has_messages", !messages.empty());
  data.set("messages", messages);
  data.set("can_reply", own.status != ErrandStatus::kClosed);
  data.set("action", errand_path(municipality, reference) + lang_query(language));
  data.set("has_errors", forms.reply_error != nullptr);
  if (forms.reply_error != nullptr) data.set("error", ui_text(language, forms.reply_error));
  data.set("value", forms.reply);

  // The survey, once the errand is closed and until it is answered.
  data.set("survey_open", survey == SurveyState::kOpen);
  data.set("survey_answered", survey == SurveyState::kAnswered);
  data.set("survey_action", errand_path(municipality, reference) + "/enkat" + lang_query(language));
  mu::list questions;
  mu::list survey_errors;
  for (const auto& question : kQuestions) {
    const bool missing = std::find(forms.survey_missing.begin(), forms.survey_missing.end(), question.name) !=
                         forms.survey_missing.end();
    const auto posted = forms.survey.find(question.name);
    const std::string chosen = posted == forms.survey.end() ? std::string() : posted->second;
    mu::data item{mu::data::type::object};
    item.set("name", question.name);
    item.set("text", ui_text(language, question.text_key));
    item.set("hint", ui_text(language, question.hint_key));
    mu::list options;
    for (int value = kSurveyLowest; value <= kSurveyHighest; ++value) {
      mu::data option{mu::data::type::object};
      option.set("id", std::string("survey-") + question.name + "-" + std::to_string(value));
      option.set("value", std::to_string(value));
      option.set("checked", chosen == std::to_string(value));
      options.push_back(option);
    }
    item.set("options", options);
    if (missing) {
      item.set("error", ui_text(language, "survey_missing"));
      mu::data error{mu::data::type::object};
      error.set("anchor", std::string("survey-") + question.name + "-1");
      error.set("message",
                std::string(ui_text(language, question.text_key)) + " " + ui_text(language, "survey_missing"));
      survey_errors.push_back(error);
    }
    questions.push_back(item);
  }
  data.set("questions", questions);
  data.set("has_survey_errors", !survey_errors.empty());
  data.set("survey_errors", survey_errors);

  data.set("back", "/e/" + municipality.code.str() + "/mina-sidor" + lang_query(language));
  std::string page_title = std::string(ui_text(language, "errand_heading")) + " " + own.reference;
  if (forms.reply_error != nullptr || !survey_errors.empty()) {
    page_title = std::string(ui_text(language, "error")) + ": " + page_title;
  }
  return html(status,
              page(visit, &municipality, page_title, render("errand", data), errand_path(municipality, reference)));
}

http::Response Pages::errand_page(http::Request& request, Visit& visit, const config::Municipality& municipality) {
  if (!visit.citizen()) return login_redirect(request, visit, municipality);
  return render_errand(visit, municipality, request.path_params.at("reference"), {}, 200);
}

http::Response Pages::post_reply(http::Request& request, Visit& visit, const config::Municipality& municipality) {
  if (!visit.citizen()) return login_redirect(request, visit, municipality);
  const std::string reference = request.path_params.at("reference");
  const std::string reply = visit.form.value("reply");
  if (const auto problem = message_problem(reply)) {
    ErrandForms forms;
    forms.reply_error = *problem == MessageProblem::kEmpty     ? "reply_empty"
                        : *problem == MessageProblem::kTooLong ? "reply_too_long"
                                                               : "reply_not_text";
    // The text as typed is shown again unless it cannot be (too long, or not text).
    if (*problem == MessageProblem::kEmpty) forms.reply = reply;
    return render_errand(visit, municipality, reference, forms, 422);
  }
  {
    const auto ctx = context(visit, municipality, Intent::kWrite);
    work_.reply(*ctx, reference, reply);
    ctx->commit();
  }
  return redirect(errand_path(municipality, reference) + lang_query(visit.language));
}

http::Response Pages::post_survey(http::Request& request, Visit& visit, const config::Municipality& municipality) {
  if (!visit.citizen()) return login_redirect(request, visit, municipality);
  const std::string reference = request.path_params.at("reference");
  ErrandForms forms;
  int values[std::size(kQuestions)] = {};
  for (std::size_t i = 0; i < std::size(kQuestions); ++i) {
    const std::string posted = visit.form.value(kQuestions[i].name);
    forms.survey[kQuestions[i].name] = posted;
    if (const auto value = scale_value(posted)) {
      values[i] = *value;
    } else {
      forms.survey_missing.emplace_back(kQuestions[i].name);
    }
  }
  if (!forms.survey_missing.empty()) return render_errand(visit, municipality, reference, forms, 422);
  try {
    const auto ctx = context(visit, municipality, Intent::kWrite);
    satisfaction_.answer(*ctx, reference, {.overall = values[0], .expectations = values[1], .ideal = values[2]});
    ctx->commit();
  } catch (const Conflict&) {
    // Answered already (another tab), or not closed: the errand's page shows which.
  }
  return redirect(errand_path(municipality, reference) + lang_query(visit.language) + "#survey-heading");
}

}  // namespace samverkan::eservices::detail
