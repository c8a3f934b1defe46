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
  static const http::Templates instance(employee_detail::templates());
  return instance;
}

const http::Texts& texts() {
  static const http::Texts instance =
      http::Texts::from_json(templates().source("sv.json"), templates().source("en.json"));
  return instance;
}

Language language_of(const http::Request& request) {
  return request.query_param("lang").value_or("") == "en" ? Language::kEnglish : Language::kSwedish;
}

std::string lang_query(Language language) { return language == Language::kEnglish ? "?lang=en" : ""; }

std::string contract_url(http::Call& c) {
  return "/anstallning/" + c.path("kommunkod") + "/avtal/" + c.path("token");
}

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

http::Response signing_page(http::Call& c, const SignProgress& progress, const std::string& signing_id,
                            const std::string& sha256) {
  const Language language = language_of(c.request);
  const std::string base = contract_url(c) + "/underskrift/" + signing_id;
  mu::data data{mu::data::type::object};
  data.set("t", texts().data(language));
  data.set("message", progress.message);
  data.set("qr", progress.qr);
  data.set("sha256", sha256);
  http::set_qr_code(data, progress.qr);  // drawn as an inline SVG
  data.set("autostart", "bankid:///?autostarttoken=" + progress.auto_start_token + "&redirect=null");
  data.set("collect_action", base);
  data.set("cancel_action", base + "/avbryt" + lang_query(language));
  return page(c, 200, texts().get(language, "signing_heading"), templates().render("signing", data));
}

}  // namespace

void mount_employee_pages(http::Router& router, const http::RouteServices& deps, ContractSigning& signing,
                          http::RateLimiter* limiter) {
  router.add(
      "GET", "/anstallning/static/employee.css",
      [](http::Request&) {
        http::Response response{200, "text/css; charset=utf-8", std::string(templates().source("employee.css")), {}};
        response.headers.emplace_back("Cache-Control", "public, max-age=3600");
        return response;
      },
      http::RouteInfo{.access = http::RouteAccess::kPublic});

  http::Routes pages(router, deps, "/anstallning/{kommunkod}/avtal/{token}");
  pages.add({"GET", ""}, [&signing](http::Call& c) {
    return guarded(c, [&] { return contract_page(c, signing, {}, 200); });
  });
  pages.add({"POST", "/underskrift"}, [&signing, limiter](http::Call& c) {
    return guarded(c, [&] {
      const Language language = language_of(c.request);
      if (limiter != nullptr) {
        if (const auto wait = limiter->acquire(c.request.remote_address)) {
          auto response = error_page(c, 429, "busy_heading", texts().get(language, "too_many_text"));
          response.headers.emplace_back("Retry-After", std::to_string(wait->count()));
          return response;
        }
      }
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
                return signing_page(c, progress, signing_id, view.sha256);
              });
            });
  pages.add({"POST", "/underskrift/{signing}/avbryt"}, [&signing](http::Call& c) {
    return guarded(c, [&] {
      signing.cancel(c.ctx(), c.path("token"), c.path("signing"));
      return contract_page(c, signing, texts().get(language_of(c.request), "cancelled"), 200);
    });
  });
}

}  // namespace samverkan::hiring
