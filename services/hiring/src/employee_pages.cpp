// The new employee's signing pages (employee_pages.hpp).
#include "samverkan/hiring/employee_pages.hpp"

#include "samverkan/calendar/swedish_time.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/http/page.hpp"

namespace samverkan::hiring {
namespace employee_detail {
const std::map<std::string, std::string_view>& templates();
}  // namespace employee_detail

namespace {

namespace mu = http::mustache;
using http::Language;

const http::Templates& templates() {
  static const http::Templates kTemplates(employee_detail::templates());
  return kTemplates;
}

const http::Texts& texts() {
  static const http::Texts kTexts =
      http::Texts::from_json(templates().source("sv.json"), templates().source("en.json"));
  return kTexts;
}

Language language_of(const http::Request& request) {
  return request.query_param("lang").value_or("") == "en" ? Language::kEnglish : Language::kSwedish;
}

std::string lang_query(Language language) { return language == Language::kEnglish ? "?lang=en" : ""; }

std::string contract_url(http::Call& c) { return "/anstallning/" + c.path("kommunkod") + "/avtal/" + c.path("token"); }

http::Response page(http::Call& c, int status, const std::string& title, const std::string& content) {
  const Language language = language_of(c.request);
  mu::data data{mu::data::type::object};
  data.set("lang", std::string(http::to_string(language)));
  data.set("t", texts().data(language));
  data.set("title", title);
  data.set("member", c.municipality().name);
  data.set("content", content);
  const bool english = language == Language::kEnglish;
  data.set("switch_href", c.request.path + (english ? "" : "?lang=en"));
  data.set("switch_lang", english ? "sv" : "en");
  data.set("switch_label", english ? "Svenska" : "English");
  return http::html_response(status, templates().render("layout", data));
}

http::Response error_page(http::Call& c, int status, const char* heading_key, const std::string& text) {
  const Language language = language_of(c.request);
  mu::data data{mu::data::type::object};
  data.set("heading", texts().get(language, heading_key));
  data.set("text", text);
  return page(c, status, texts().get(language, heading_key), templates().render("error", data));
}

// The work of a page, with samverkan's errors as HTML pages in the layout (rolled back).
template <typename Work>
http::Response guarded(http::Call& c, Work&& work) {
  const Language language = language_of(c.request);
  try {
    return work();
  } catch (const NotFound&) {
    return error_page(c, 404, "not_found_heading", texts().get(language, "not_found_text"));
  } catch (const Forbidden& e) {
    return error_page(c, 403, "refused_heading", e.what());
  } catch (const Conflict& e) {
    return error_page(c, 409, "refused_heading", e.what());
  } catch (const Unavailable&) {
    return error_page(c, 503, "busy_heading", texts().get(language, "busy_text"));
  }
}

std::string state_key(ContractState state) {
  switch (state) {
    case ContractState::kSent:
      return "state_sent";
    case ContractState::kSigned:
      return "state_signed";
    case ContractState::kFailed:
      return "state_failed";
    default:
      return "state_waiting";
  }
}

// 429 when the address has started too many BankID orders lately.
std::optional<http::Response> rate_limited(http::Call& c, http::RateLimiter* limiter) {
  if (limiter == nullptr) return std::nullopt;
  const auto wait = limiter->acquire(c.request.remote_address);
  if (!wait) return std::nullopt;
  auto response = error_page(c, 429, "busy_heading", texts().get(language_of(c.request), "too_many_text"));
  response.headers.emplace_back("Retry-After", std::to_string(wait->count()));
  return response;
}

http::Response contract_page(http::Call& c, ContractSigning& signing, const std::string& message, int status) {
  const Language language = language_of(c.request);
  const ContractView view = signing.view(c.ctx(), c.path("token"));
  mu::data data{mu::data::type::object};
  data.set("t", texts().data(language));
  data.set("member", view.member_name);
  data.set("hire_id", view.hire_id);
  data.set("position", view.position);
  data.set("sha256", view.sha256);
  data.set("state_text", texts().get(language, state_key(view.state)));
  data.set("signed", view.state == ContractState::kSigned);
  if (view.signed_at) data.set("signed_at", calendar::format_swedish_minute(*view.signed_at));
  data.set("can_sign", view.state == ContractState::kSent);
  data.set("waiting", view.state != ContractState::kSent && view.state != ContractState::kSigned &&
                          view.state != ContractState::kFailed);
  data.set("start_action", contract_url(c) + "/underskrift" + lang_query(language));
  if (!message.empty()) data.set("message", message);
  return page(c, status, view.title + " " + view.hire_id, templates().render("contract", data));
}

// A running BankID order: the QR code, BankID's message, "Kontrollera" and "Avbryt".
http::Response bankid_page(http::Call& c, const char* heading_key, const SignProgress& progress,
                           const std::string& collect_url, const std::string& cancel_url, const std::string& sha256) {
  const Language language = language_of(c.request);
  mu::data data{mu::data::type::object};
  data.set("t", texts().data(language));
  data.set("heading", texts().get(language, heading_key));
  data.set("message", progress.message);
  data.set("qr", progress.qr);
  if (!sha256.empty()) data.set("sha256", sha256);
  http::set_qr_code(data, progress.qr);  // drawn as an inline SVG
  data.set("autostart", "bankid:///?autostarttoken=" + progress.auto_start_token + "&redirect=null");
  data.set("collect_action", collect_url);
  if (!cancel_url.empty()) data.set("cancel_action", cancel_url + lang_query(language));
  return page(c, 200, texts().get(language, heading_key), templates().render("bankid", data));
}

std::string welcome_url(http::Call& c) { return "/anstallning/" + c.path("kommunkod") + "/start/" + c.path("token"); }

http::Response welcome_page(http::Call& c, EmployeeWelcome& welcome, const std::string& message, int status) {
  const Language language = language_of(c.request);
  const WelcomeView view = welcome.view(c.ctx(), c.path("token"));
  mu::data data{mu::data::type::object};
  data.set("t", texts().data(language));
  data.set("used", view.used);
  data.set("start_action", welcome_url(c) + "/inloggning" + lang_query(language));
  if (!message.empty()) data.set("message", message);
  return page(c, status, texts().get(language, "welcome_heading"), templates().render("welcome", data));
}

http::Response overview_page(http::Call& c, const WelcomeOverview& overview, const std::string& message) {
  const Language language = language_of(c.request);
  const auto text = [&](const std::string& key) { return texts().get(language, key); };
  mu::data data{mu::data::type::object};
  data.set("t", texts().data(language));
  data.set("given_name", overview.given_name);
  data.set("member", overview.member_name);
  data.set("title", overview.title);
  data.set("unit", overview.unit_name);
  data.set("workplace", overview.workplace);
  data.set("start_date", overview.start_date);
  if (!overview.manager_name.empty()) data.set("manager", overview.manager_name);
  data.set("account", overview.account);
  data.set("contract", text("contract_state_" + std::string(to_string(overview.contract))));
  if (!overview.intranet_url.empty()) data.set("intranet", overview.intranet_url);
  mu::list orders;
  for (const auto& order : overview.orders) {
    mu::data row{mu::data::type::object};
    const std::string what = order.purpose == "activation" ? text("kind_activation") + ": " : std::string();
    row.set("what", what + text("kind_" + std::string(to_string(order.kind))));
    row.set("state", text("order_" + std::string(to_string(order.status))));
    orders.push_back(row);
  }
  data.set("orders", orders);
  data.set("can_activate", !overview.activated && !overview.activation_code.empty());
  data.set("code", overview.activation_code);
  data.set("activate_action", welcome_url(c) + "/aktivera" + lang_query(language));
  data.set("activated", overview.activated);
  if (!message.empty()) data.set("message", message);
  return page(c, 200, text("welcome_heading"), templates().render("overview", data));
}

}  // namespace

void mount_employee_pages(http::Router& router, const http::RouteServices& deps, ContractSigning& signing,
                          EmployeeWelcome& welcome, http::RateLimiter* limiter) {
  router.add(
      "GET", "/anstallning/static/employee.css",
      [](http::Request&) {
        http::Response response{200, "text/css; charset=utf-8", std::string(templates().source("employee.css")), {}};
        response.headers.emplace_back("Cache-Control", "public, max-age=3600");
        return response;
      },
      http::RouteInfo{.access = http::RouteAccess::kPublic});

  http::Routes pages(router, deps, "/anstallning/{kommunkod}/avtal/{token}");
  pages.add({"GET", ""},
            [&signing](http::Call& c) { return guarded(c, [&] { return contract_page(c, signing, {}, 200); }); });
  pages.add({"POST", "/underskrift"}, [&signing, limiter](http::Call& c) {
    return guarded(c, [&] {
      const Language language = language_of(c.request);
      if (auto refused = rate_limited(c, limiter)) return std::move(*refused);
      const SignStarted started = signing.start(c.ctx(), c.path("token"), c.request.remote_address);
      return http::see_other(contract_url(c) + "/underskrift/" + started.signing_id + lang_query(language));
    });
  });
  // Collecting writes (the order ends, the signature is stored): a writing GET.
  pages.add({"GET", "/underskrift/{signing}", std::nullopt, std::nullopt, /*audited_read=*/true},
            [&signing](http::Call& c) {
              return guarded(c, [&] {
                const Language language = language_of(c.request);
                const std::string signing_id = c.path("signing");
                const SignProgress progress = signing.poll(c.ctx(), c.path("token"), signing_id);
                if (progress.state == SignState::kComplete) {
                  c.commit();
                  return http::see_other(contract_url(c) + lang_query(language));
                }
                if (progress.state == SignState::kFailed) {
                  return contract_page(c, signing, texts().get(language, "failed") + ": " + progress.message, 200);
                }
                const ContractView view = signing.view(c.ctx(), c.path("token"));
                const std::string base = contract_url(c) + "/underskrift/" + signing_id;
                return bankid_page(c, "signing_heading", progress, base, base + "/avbryt", view.sha256);
              });
            });
  pages.add({"POST", "/underskrift/{signing}/avbryt"}, [&signing](http::Call& c) {
    return guarded(c, [&] {
      signing.cancel(c.ctx(), c.path("token"), c.path("signing"));
      return contract_page(c, signing, texts().get(language_of(c.request), "cancelled"), 200);
    });
  });

  http::Routes start(router, deps, "/anstallning/{kommunkod}/start/{token}");
  start.add({"GET", ""},
            [&welcome](http::Call& c) { return guarded(c, [&] { return welcome_page(c, welcome, {}, 200); }); });
  start.add({"POST", "/inloggning"}, [&welcome, limiter](http::Call& c) {
    return guarded(c, [&] {
      if (auto refused = rate_limited(c, limiter)) return std::move(*refused);
      const SignStarted started = welcome.start_login(c.ctx(), c.path("token"), c.request.remote_address);
      return http::see_other(welcome_url(c) + "/inloggning/" + started.signing_id + lang_query(language_of(c.request)));
    });
  });
  // Collecting writes (the link is used up when the login completes): a writing GET. The
  // overview is the answer itself, not a redirect: nothing of it is kept for a later request.
  start.add({"GET", "/inloggning/{login}", std::nullopt, std::nullopt, /*audited_read=*/true}, [&welcome](
                                                                                                   http::Call& c) {
    return guarded(c, [&] {
      const Language language = language_of(c.request);
      const WelcomeProgress progress = welcome.poll_login(c.ctx(), c.path("token"), c.path("login"));
      if (progress.overview) return overview_page(c, *progress.overview, {});
      if (progress.login.state == SignState::kFailed) {
        return welcome_page(c, welcome, texts().get(language, "failed") + ": " + progress.login.message, 200);
      }
      return bankid_page(c, "login_heading", progress.login, welcome_url(c) + "/inloggning/" + c.path("login"), {}, {});
    });
  });
  start.add({"POST", "/aktivera"}, [&welcome](http::Call& c) {
    return guarded(c, [&] {
      const http::Form form = http::parse_form(c.request);
      const WelcomeOverview overview = welcome.activate(c.ctx(), c.path("token"), form.value("code"));
      return overview_page(c, overview, texts().get(language_of(c.request), "activation_started"));
    });
  });
}

}  // namespace samverkan::hiring
