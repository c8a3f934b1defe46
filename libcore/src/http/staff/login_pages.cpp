// The staff web's login: password and one-time code (or a SITHS card), the first login's
// password change and enrolment of the authenticator app, logout, the language switch and the
// member switcher. See http/staff_area.hpp.
#include <algorithm>
#include <cctype>
#include <string>

#include "http/staff/detail/area.hpp"
#include "samverkan/core/error.hpp"

namespace samverkan::http::staff_detail {
namespace {

// What a visitor typed as a one-time code: digits, perhaps with spaces as the app shows them.
std::string without_spaces(std::string text) {
  text.erase(std::remove_if(text.begin(), text.end(), [](unsigned char c) { return std::isspace(c) != 0; }),
             text.end());
  return text;
}

// The base32 secret in groups of four, as authenticator apps accept it typed.
std::string grouped(const std::string& secret) {
  std::string out;
  for (std::size_t i = 0; i < secret.size(); ++i) {
    if (i > 0 && i % 4 == 0) out += ' ';
    out += secret[i];
  }
  return out;
}

mustache::list one_error(const std::string& anchor, const std::string& message) {
  mustache::data item{mustache::data::type::object};
  item.set("anchor", anchor);
  item.set("message", message);
  return mustache::list{item};
}

std::string error_title(Area& area, const Visit& visit, const std::string& title, bool failed) {
  return failed ? area.text(visit, "error_prefix") + ": " + title : title;
}

struct LoginView {
  std::string next = {};
  std::string reason = {};  ///< orsak: why the visitor sees the page (utloggad, inaktiv, maxtid, slut)
  std::string username = {};
  std::string error_key = {};  ///< a text key, or empty
  int status = 200;
};

Response login_page(Area& area, const Request& request, const Visit& visit, const LoginView& view) {
  auto data = area.base_data(visit);
  data.set("next", view.next);
  data.set("username", view.username);
  std::string title = area.text(visit, "login_heading");
  const auto& options = area.services.sessions.options();
  mustache::data values{mustache::data::type::object};
  values.set("minutes", std::to_string(options.idle_timeout.count() / 60));
  values.set("hours", std::to_string(options.absolute_timeout.count() / 3600));
  std::string heading_key;
  std::string notice_key;
  if (view.reason == "utloggad") {
    heading_key = "notice_logged_out_heading";
    notice_key = "notice_logged_out";
  } else if (view.reason == "inaktiv") {
    heading_key = "notice_idle_heading";
    notice_key = "notice_idle";
  } else if (view.reason == "maxtid") {
    heading_key = "notice_idle_heading";
    notice_key = "notice_too_old";
  } else if (view.reason == "slut") {
    heading_key = "notice_idle_heading";
    notice_key = "notice_ended";
  }
  if (!notice_key.empty()) {
    title = area.text(visit, heading_key);
    data.set("notice_heading", title);
    data.set("notice", fill(area.text(visit, notice_key), values));
  }
  if (!view.error_key.empty()) {
    data.set("has_errors", true);
    data.set("errors",
             one_error(view.error_key == "siths_failed" ? "siths" : "username", area.text(visit, view.error_key)));
  }
  // SITHS: the server asked for a client certificate and this connection presented one that
  // verified against the staff CA bundle.
  if (request.client_certificate) {
    data.set("siths", request.client_certificate->common_name.empty() ? request.client_certificate->subject
                                                                      : request.client_certificate->common_name);
  }
  return area.page(visit, error_title(area, visit, title, !view.error_key.empty()),
                   area.templates.render("login", data), view.status);
}

struct PasswordErrors {
  std::string new_password;
  std::string repeat;
};

Response password_page(Area& area, const Visit& visit, const PasswordErrors& errors, int status) {
  auto data = area.base_data(visit);
  mustache::data values{mustache::data::type::object};
  values.set("min", std::to_string(area.services.staff.policy().min_password_length));
  data.set("hint", fill(area.text(visit, "new_password_hint"), values));
  mustache::list list;
  if (!errors.new_password.empty()) {
    const auto message = fill(area.text(visit, errors.new_password), values);
    data.set("new_password_error", message);
    list.push_back(one_error("new_password", message)[0]);
  }
  if (!errors.repeat.empty()) {
    const auto& message = area.text(visit, errors.repeat);
    data.set("repeat_error", message);
    list.push_back(one_error("repeat_password", message)[0]);
  }
  data.set("has_errors", !list.empty());
  data.set("errors", list);
  return area.page(visit, error_title(area, visit, area.text(visit, "password_heading"), !list.empty()),
                   area.templates.render("password", data), status);
}

Response enrolment_page(Area& area, const Visit& visit, const auth::StaffUser& user, const auth::TotpEnrolment& totp,
                        const std::string& error_key, int status) {
  auto data = area.base_data(visit);
  set_qr_code(data, totp.uri);
  data.set("secret", grouped(totp.secret));
  data.set("account", user.username);
  if (!error_key.empty()) {
    data.set("code_error", area.text(visit, error_key));
    data.set("has_errors", true);
    data.set("errors", one_error("code", area.text(visit, error_key)));
  }
  return area.page(visit, error_title(area, visit, area.text(visit, "enrol_heading"), !error_key.empty()),
                   area.templates.render("enrol", data), status);
}

// A login form without its session's CSRF token (say, left open past the idle timeout): a
// fresh form rather than an error page.
std::optional<Response> stale_login_form(Area& area, Request& request, Visit& visit) {
  if (area.check_form(request, visit)) return std::nullopt;
  if (!visit.session) visit = area.begin(request, true);
  return login_page(area, request, visit, {.error_key = "form_expired", .status = 403});
}

// The staff user of a session half-way through a first login, at `stage`; nullopt (and the
// page to go to instead) for any other visitor.
std::optional<auth::StaffUser> first_login_user(Area& area, const Request& request, const Visit& visit,
                                                auth::LoginStage stage, Response& elsewhere) {
  if (visit.session && visit.session->principal.kind() == security::PrincipalKind::kStaff &&
      visit.session->stage == stage) {
    if (auto user = area.services.staff.find_by_principal(visit.session->principal)) return user;
  }
  if (visit.staff()) {
    elsewhere = see_other("/staff/");
  } else if (auto gate = area.staff_gate(request, visit)) {
    elsewhere = *gate;
  }
  return std::nullopt;
}

// After the password is right (and changed, when it had to be): the next step of the login.
Response continue_login(Area& area, const Request& request, Visit& visit, const auth::StaffUser& user,
                        const std::string& next) {
  if (user.must_change_password) {
    area.complete_login(request, visit, user.principal(), auth::LoginStage::kPasswordChange);
    return see_other(std::string(kPasswordPath));
  }
  if (!user.totp_enrolled) {
    area.services.staff.renew_totp_secret(user.id);
    area.complete_login(request, visit, user.principal(), auth::LoginStage::kTotpEnrolment);
    return see_other(std::string(kEnrolmentPath));
  }
  area.complete_login(request, visit, user.principal());
  return see_other(next.empty() ? "/staff/" : next);
}

Response login_get(Area& area, Request& request, Visit& visit) {
  visit = area.begin(request, true);
  LoginView view;
  view.next = safe_next(request.query_param("next").value_or(""));
  view.reason = request.query_param("orsak").value_or("");
  if (visit.staff() && view.reason.empty()) return see_other(view.next.empty() ? "/staff/" : view.next);
  return login_page(area, request, visit, view);
}

Response login_post(Area& area, Request& request, Visit& visit) {
  visit = area.begin(request, false);
  if (area.services.login_limiter != nullptr) {
    if (const auto wait = area.services.login_limiter->acquire(request.remote_address)) {
      if (!visit.session) visit = area.begin(request, true);
      mustache::data values{mustache::data::type::object};
      values.set("seconds", std::to_string(wait->count()));
      auto response = area.error_page(visit, 429, "too_many", values);
      response.headers.emplace_back("Retry-After", std::to_string(wait->count()));
      return response;
    }
  }
  if (auto stale = stale_login_form(area, request, visit)) return *stale;
  LoginView view{.next = safe_next(visit.form.value("next")), .username = visit.form.value("username")};
  const auto failed = [&](const char* key) {
    view.error_key = key;
    view.status = 400;
    return login_page(area, request, visit, view);
  };
  const std::string password = visit.form.value("password");
  if (view.username.empty() || password.empty()) return failed("login_missing");
  std::optional<auth::StaffUser> user;
  try {
    user = area.services.staff.web_login(view.username, password, without_spaces(visit.form.value("code")));
  } catch (const Unauthenticated&) {
    return failed("login_failed");
  }
  return continue_login(area, request, visit, *user, view.next);
}

Response siths_post(Area& area, Request& request, Visit& visit) {
  visit = area.begin(request, false);
  if (auto stale = stale_login_form(area, request, visit)) return *stale;
  LoginView view{.next = safe_next(visit.form.value("next"))};
  std::optional<security::Principal> principal;
  try {
    principal = area.services.authenticator.authenticate_certificate(request);
  } catch (const Unauthenticated&) {
  }
  const auto user = principal ? area.services.staff.find_by_principal(*principal) : std::nullopt;
  if (!user) {
    view.error_key = "siths_failed";
    view.status = 400;
    return login_page(area, request, visit, view);
  }
  // The card is two factors by itself: no password, no one-time code.
  area.services.staff.record_login(*user, "SITHS client certificate");
  area.complete_login(request, visit, user->principal());
  return see_other(view.next.empty() ? "/staff/" : view.next);
}

Response password_get(Area& area, Request& request, Visit& visit) {
  visit = area.begin(request, false);
  Response elsewhere;
  if (!first_login_user(area, request, visit, auth::LoginStage::kPasswordChange, elsewhere)) return elsewhere;
  return password_page(area, visit, {}, 200);
}

Response password_post(Area& area, Request& request, Visit& visit) {
  visit = area.begin(request, false);
  Response elsewhere;
  const auto user = first_login_user(area, request, visit, auth::LoginStage::kPasswordChange, elsewhere);
  if (!user) return elsewhere;
  if (!area.check_form(request, visit)) return area.error_page(visit, 403, "csrf");
  const std::string password = visit.form.value("new_password");
  PasswordErrors errors;
  if (password.empty()) {
    errors.new_password = "password_empty";
  } else if (password.size() < area.services.staff.policy().min_password_length) {
    errors.new_password = "password_short";
  } else if (password != visit.form.value("repeat_password")) {
    errors.repeat = "password_mismatch";
  } else {
    try {
      area.services.staff.set_initial_password(user->id, password);
    } catch (const InvalidInput&) {
      errors.new_password = "password_same";
    } catch (const Conflict&) {
      // Changed already (another tab): go on.
    }
  }
  if (!errors.new_password.empty() || !errors.repeat.empty()) return password_page(area, visit, errors, 400);
  auto changed = *user;
  changed.must_change_password = false;
  return continue_login(area, request, visit, changed, "");
}

Response enrolment_get(Area& area, Request& request, Visit& visit) {
  visit = area.begin(request, false);
  Response elsewhere;
  const auto user = first_login_user(area, request, visit, auth::LoginStage::kTotpEnrolment, elsewhere);
  if (!user) return elsewhere;
  const auto totp = area.services.staff.pending_totp(user->id);
  if (!totp) return continue_login(area, request, visit, *user, "");
  return enrolment_page(area, visit, *user, *totp, "", 200);
}

Response enrolment_post(Area& area, Request& request, Visit& visit) {
  visit = area.begin(request, false);
  Response elsewhere;
  const auto user = first_login_user(area, request, visit, auth::LoginStage::kTotpEnrolment, elsewhere);
  if (!user) return elsewhere;
  if (!area.check_form(request, visit)) return area.error_page(visit, 403, "csrf");
  const auto totp = area.services.staff.pending_totp(user->id);
  if (!totp) return continue_login(area, request, visit, *user, "");
  const std::string code = without_spaces(visit.form.value("code"));
  if (code.empty()) return enrolment_page(area, visit, *user, *totp, "enrol_code_empty", 400);
  try {
    area.services.staff.confirm_totp(user->id, code);
  } catch (const InvalidInput&) {
    return enrolment_page(area, visit, *user, *totp, "enrol_code_wrong", 400);
  } catch (const Conflict&) {
    // Enrolled already (another tab): go on.
  }
  auto enrolled = *user;
  enrolled.totp_enrolled = true;
  return continue_login(area, request, visit, enrolled, "");
}

Response logout_post(Area& area, Request& request, Visit& visit) {
  visit = area.begin(request, false);
  if (visit.session) {
    if (!area.check_form(request, visit)) return area.error_page(visit, 403, "csrf");
    area.services.sessions.destroy(*auth::SessionStore::cookie_token(request));
    visit.session.reset();
  }
  visit.set_cookie = auth::SessionStore::clear_cookie();
  return see_other(std::string(kLoginPath) + "?orsak=utloggad");
}

Response language_post(Area& area, Request& request, Visit& visit) {
  visit = area.begin(request, false);
  if (!area.check_form(request, visit)) {
    if (!visit.session) return see_other(std::string(kLoginPath));
    return area.error_page(visit, 403, "csrf");
  }
  const std::string language = visit.form.value("lang");
  if (language != "sv" && language != "en") throw InvalidInput("the language is sv or en");
  area.services.sessions.set_language(*visit.session, language);
  const std::string next = safe_next(visit.form.value("next"));
  return see_other(next.empty() ? "/staff/" : next);
}

Response switch_post(Area& area, Request& request, Visit& visit) {
  visit = area.begin(request, false);
  if (auto gate = area.staff_gate(request, visit)) return *gate;
  if (!area.check_form(request, visit)) return area.error_page(visit, 403, "csrf");
  const auto& member = area.services.cooperation.require_member(visit.form.value("member"));
  area.enter_member(visit, member, "switch");
  return see_other("/staff/" + member.code.str());
}

}  // namespace

void Area::mount_login_pages() {
  const auto add = [this](const char* method, std::string_view path, Response (*step)(Area&, Request&, Visit&)) {
    router.add(method, path, guarded(step), {.access = RouteAccess::kSession});
  };
  add("GET", kLoginPath, login_get);
  add("POST", kLoginPath, login_post);
  add("POST", "/staff/logga-in/siths", siths_post);
  add("GET", kPasswordPath, password_get);
  add("POST", kPasswordPath, password_post);
  add("GET", kEnrolmentPath, enrolment_get);
  add("POST", kEnrolmentPath, enrolment_post);
  add("POST", "/staff/logga-ut", logout_post);
  add("POST", "/staff/sprak", language_post);
  add("POST", "/staff/byt-organisation", switch_post);
}

}  // namespace samverkan::http::staff_detail
