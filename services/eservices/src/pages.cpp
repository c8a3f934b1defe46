#include "samverkan/eservices/pages.hpp"

#include <string>

#include "detail/pages.hpp"
#include "samverkan/calendar/swedish_time.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/http/citizen_site.hpp"

namespace samverkan::eservices::detail {

void Pages::mount(http::Router& router) {
  // The same files for every member and visitor.
  const auto asset = [&router](std::string_view path, const char* content_type, std::string_view body) {
    router.add(
        "GET", std::string(path),
        [content_type, body](http::Request&) {
          http::Response response;
          response.content_type = content_type;
          response.body = std::string(body);
          response.headers.emplace_back("Cache-Control", "public, max-age=3600");
          return response;
        },
        http::RouteInfo{.access = http::RouteAccess::kPublic});
  };
  asset(http::kCitizenStylesheetPath, "text/css; charset=utf-8", http::citizen_stylesheet());
  asset(http::kBankIdScriptPath, "text/javascript; charset=utf-8", http::citizen_bankid_script());
  router.add(
      "GET", "/e/{kommunkod}/brand.css",
      [self = shared_from_this()](http::Request& request) { return self->brand_css(request); },
      http::RouteInfo{.access = http::RouteAccess::kPublic, .tenant_scoped = true});
  add(router, "GET", "/e/{kommunkod}", &Pages::start_page);
  add(router, "GET", "/e/{kommunkod}/tjanst/{service}", &Pages::resume_service);
  add(router, "GET", "/e/{kommunkod}/tjanst/{service}/steg/{step}", &Pages::step_page);
  add(router, "POST", "/e/{kommunkod}/tjanst/{service}/steg/{step}", &Pages::post_step);
  add(router, "GET", "/e/{kommunkod}/tjanst/{service}/granska", &Pages::review_page);
  add(router, "POST", "/e/{kommunkod}/tjanst/{service}/granska", &Pages::post_submit);
  add(router, "GET", "/e/{kommunkod}/kvitto/{reference}", &Pages::receipt_page);
  add(router, "GET", "/e/{kommunkod}/kvitto/{reference}/text", &Pages::receipt_text);
  add(router, "GET", "/e/{kommunkod}/logga-in", &Pages::login_page);
  add(router, "POST", "/e/{kommunkod}/logga-in", &Pages::login_start);
  add(router, "GET", "/e/{kommunkod}/logga-in/{login}", &Pages::login_pending);
  add(router, "GET", "/e/{kommunkod}/logga-in/{login}/qr.svg", &Pages::login_qr);
  add(router, "GET", "/e/{kommunkod}/logga-in/{login}/status", &Pages::login_status);
  add(router, "POST", "/e/{kommunkod}/logga-in/{login}/avbryt", &Pages::login_cancel);
  add(router, "GET", "/e/{kommunkod}/mina-sidor", &Pages::my_pages);
  add(router, "POST", "/e/{kommunkod}/mina-sidor/aviseringar", &Pages::post_notices);
  add(router, "GET", "/e/{kommunkod}/mina-sidor/arende/{reference}", &Pages::errand_page);
  add(router, "POST", "/e/{kommunkod}/mina-sidor/arende/{reference}", &Pages::post_reply);
  add(router, "POST", "/e/{kommunkod}/mina-sidor/arende/{reference}/enkat", &Pages::post_survey);
  add(router, "POST", "/e/{kommunkod}/logga-ut", &Pages::logout);
  // The cooperation's landing page and each member's statements: no session, nothing personal.
  router.add(
      "GET", "/", [self = shared_from_this()](http::Request& request) { return self->landing_page(request); },
      http::RouteInfo{.access = http::RouteAccess::kPublic});
  add(router, "GET", "/e/{kommunkod}/tillganglighet", &Pages::accessibility_page, false);
  add(router, "GET", "/e/{kommunkod}/personuppgifter", &Pages::privacy_page, false);
  add(router, "GET", "/e/{kommunkod}/kakor", &Pages::cookies_page, false);
}

// Every page: a session (created for a new visitor), the CSRF check on POST, and the error
// kinds turned into HTML pages rather than problem+json. A page without a session (GET only)
// is the same for everyone and creates nothing.
void Pages::add(http::Router& router, const char* method, const char* pattern, Page handler, bool with_session) {
  const bool post = std::string_view(method) == "POST";
  const auto page_route = [this, self = shared_from_this(), handler, post, with_session](http::Request& request) {
    Visit visit;
    visit.language = language_of(request);
    visit.path = request.path;
    const config::Municipality* municipality = nullptr;
    try {
      municipality = find_municipality(request);
      if (!with_session) {
        // nothing to resume or create
      } else if (auto session = sessions_.resume(request)) {
        visit.session = std::move(*session);
      } else if (post) {
        return forbidden(visit, municipality);
      } else {
        auto created = sessions_.create_session(security::Principal::anonymous());
        visit.session = std::move(created.session);
        visit.set_cookie = std::move(created.set_cookie);
      }
      if (post && !visit.citizen()) {
        if (const auto wait = anonymous_posts_.acquire(request.remote_address)) {
          auto response = error_page(429, visit, municipality, "too_many_heading", "too_many_text");
          response.headers.emplace_back("Retry-After", std::to_string(wait->count()));
          return response;
        }
      }
      if (post) {
        visit.form = http::parse_form(request);
        if (!sessions_.check_csrf(visit.session, visit.form.value("_csrf"))) return forbidden(visit, municipality);
      }
      auto response = (this->*handler)(request, visit, *municipality);
      if (visit.set_cookie) response.headers.emplace_back("Set-Cookie", *visit.set_cookie);
      return response;
    } catch (const NotFound&) {
      return error_page(404, visit, municipality, "not_found_heading", "not_found_text");
    } catch (const Conflict&) {
      return error_page(409, visit, municipality, "conflict_heading", "conflict_text");
    } catch (const Forbidden&) {
      return forbidden(visit, municipality);
    } catch (const Unavailable&) {
      return error_page(503, visit, municipality, "unavailable_heading", "login_unavailable");
    } catch (const Unauthenticated&) {
      return forbidden(visit, municipality);
    } catch (const TooLarge&) {
      return error_page(413, visit, municipality, "too_large_heading", "too_large_text");
    } catch (const InvalidInput&) {
      return error_page(400, visit, municipality, "bad_request_heading", "bad_request_text");
    }
  };
  router.add(method, pattern, page_route,
             http::RouteInfo{.access = with_session ? http::RouteAccess::kSession : http::RouteAccess::kPublic,
                             .tenant_scoped = true});
}

const config::Municipality* Pages::find_municipality(const http::Request& request) const {
  return &cooperation_.require_member(request.path_params.at("kommunkod"));
}

std::string Pages::home(const config::Municipality& municipality, Language language) const {
  return "/e/" + municipality.code.str() + lang_query(language);
}

// The whole page: the shared citizen frame around `content`, which another template rendered.
std::string Pages::page(const Visit& visit, const config::Municipality* municipality, const std::string& title,
                        const std::string& content, const std::string& current_path, const PageExtras& extras) const {
  http::CitizenPage frame{cooperation_, municipality, http_language(visit.language)};
  frame.title = title;
  frame.content = content;
  frame.path = current_path;
  frame.scripts = extras.scripts;
  frame.refresh_seconds = extras.refresh_seconds;
  return http::render_citizen_page(frame);
}

mu::data Pages::base_data(const Visit& visit) const {
  mu::data data{mu::data::type::object};
  data.set("t", ui_texts(visit.language));
  data.set("csrf", visit.session.csrf_token);
  return data;
}

http::Response Pages::error_page(int status, const Visit& visit, const config::Municipality* municipality,
                                 const char* heading, const char* body) const {
  auto data = base_data(visit);
  data.set("heading", ui_text(visit.language, heading));
  data.set("text", ui_text(visit.language, body));
  if (municipality != nullptr) data.set("home", home(*municipality, visit.language));
  const std::string path = municipality != nullptr ? "/e/" + municipality->code.str() : visit.path;
  return html(status, page(visit, municipality, ui_text(visit.language, heading), render("error", data), path));
}

http::Response Pages::forbidden(const Visit& visit, const config::Municipality* municipality) const {
  return error_page(403, visit, municipality, "forbidden_heading", "forbidden_text");
}

std::unique_ptr<tenancy::Context> Pages::context(const Visit& visit, const config::Municipality& municipality,
                                                 Intent intent) const {
  return std::make_unique<tenancy::Context>(db_, visit.session.principal, municipality.code, clock_, &audit_log_,
                                            intent);
}

std::chrono::year_month_day Pages::today() const { return calendar::swedish_date(clock_.now()); }

http::Response Pages::brand_css(http::Request& request) const {
  http::Response response;
  response.content_type = "text/css; charset=utf-8";
  response.body = http::citizen_brand_stylesheet(*find_municipality(request));
  response.headers.emplace_back("Cache-Control", "public, max-age=3600");
  return response;
}

http::Response Pages::start_page(http::Request&, Visit& visit, const config::Municipality& municipality) {
  std::vector<Publication> published;
  {
    const auto ctx = context(visit, municipality, Intent::kRead);
    published = catalogue_.published(*ctx);
  }
  auto data = base_data(visit);
  mu::list services;
  for (const auto& publication : published) {
    mu::data item{mu::data::type::object};
    item.set("title", publication.title().in(visit.language));
    item.set("description", publication.definition.description().in(visit.language));
    item.set("href", service_base(municipality, publication.service_id) + lang_query(visit.language));
    item.set("login_required", publication.definition.login_required());
    services.push_back(item);
  }
  data.set("has_services", !services.empty());
  data.set("services", services);
  const std::string path = "/e/" + municipality.code.str();
  return html(200, page(visit, &municipality, ui_text(visit.language, "start_heading"), render("start", data), path));
}

std::string Pages::service_base(const config::Municipality& municipality, const std::string& service) {
  return "/e/" + municipality.code.str() + "/tjanst/" + service;
}

}  // namespace samverkan::eservices::detail

namespace samverkan::eservices {

void mount_pages(http::Router& router, storage::Database& db, const config::Cooperation& cooperation,
                 const crypto::Keyring& keyring, audit::AuditLog& audit_log, auth::SessionStore& sessions,
                 auth::CitizenLogin* citizen_login, const Clock& clock, http::RateLimiter* login_limiter,
                 const PagesOptions& options) {
  // The pages live as long as the router's handlers (each holds a share).
  auto pages = std::make_shared<detail::Pages>(db, cooperation, keyring, audit_log, sessions, citizen_login, clock,
                                               login_limiter, options);
  pages->mount(router);
}

}  // namespace samverkan::eservices
