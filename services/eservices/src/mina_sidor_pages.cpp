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

// The citizen's own errand (NotFound for anyone else's: a 404 page), rendered with the reply
// form; `error` is the reply's problem, `value` the reply as typed.
http::Response Pages::render_errand(const Visit& visit, const config::Municipality& municipality,
                                    const std::string& reference, const char* error, const std::string& value,
                                    int status) {
  const Language language = visit.language;
  OwnErrand own;
  {
    const auto ctx = context(visit, municipality, Intent::kWrite);  // reading it is audited
    own = work_.own_errand(*ctx, reference);
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
  data.set("has_errors", error != nullptr);
  if (error != nullptr) data.set("error", ui_text(language, error));
  data.set("value", value);
  data.set("back", "/e/" + municipality.code.str() + "/mina-sidor" + lang_query(language));
  std::string page_title = std::string(ui_text(language, "errand_heading")) + " " + own.reference;
  if (error != nullptr) page_title = std::string(ui_text(language, "error")) + ": " + page_title;
  return html(status,
              page(visit, &municipality, page_title, render("errand", data), errand_path(municipality, reference)));
}

http::Response Pages::errand_page(http::Request& request, Visit& visit, const config::Municipality& municipality) {
  if (!visit.citizen()) return login_redirect(request, visit, municipality);
  return render_errand(visit, municipality, request.path_params.at("reference"), nullptr, {}, 200);
}

http::Response Pages::post_reply(http::Request& request, Visit& visit, const config::Municipality& municipality) {
  if (!visit.citizen()) return login_redirect(request, visit, municipality);
  const std::string reference = request.path_params.at("reference");
  const std::string reply = visit.form.value("reply");
  if (const auto problem = message_problem(reply)) {
    const char* key = *problem == MessageProblem::kEmpty     ? "reply_empty"
                      : *problem == MessageProblem::kTooLong ? "reply_too_long"
                                                             : "reply_not_text";
    // The text as typed is shown again unless it cannot be (too long, or not text).
    return render_errand(visit, municipality, reference, key,
                         *problem == MessageProblem::kEmpty ? reply : std::string(), 422);
  }
  {
    const auto ctx = context(visit, municipality, Intent::kWrite);
    work_.reply(*ctx, reference, reply);
    ctx->commit();
  }
  return redirect(errand_path(municipality, reference) + lang_query(visit.language));
}

}  // namespace samverkan::eservices::detail
