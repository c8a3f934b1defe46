#include "http/staff/detail/area.hpp"

#include <Poco/URI.h>

#include <algorithm>
#include <regex>

#include "samverkan/core/error.hpp"
#include "samverkan/http/problem.hpp"

namespace samverkan::http {
namespace staff_detail {
namespace {

const std::regex kSlug("[a-z0-9][a-z0-9-]{0,39}");
const std::regex kColour("#[0-9A-Fa-f]{6}");
// Paths the shared pages use right under /staff/: a section slug is one level deeper, but a
// member code never looks like these and a slug must not either.
const char* const kReserved[] = {"static",       "brand.css", "logga-in", "nytt-losenord",
                                 "engangskoder", "logga-ut",  "sprak",    "byt-organisation"};

std::string member_home(const config::Municipality& member) { return "/staff/" + member.code.str(); }

}  // namespace

bool Visit::staff() const {
  return session && session->principal.kind() == security::PrincipalKind::kStaff &&
         session->stage == auth::LoginStage::kComplete;
}

std::string fill(const std::string& text, const mustache::data& values) {
  mustache::mustache tmpl{text};
  tmpl.set_custom_escape([](const std::string& s) { return s; });
  return tmpl.render(values);
}

std::string safe_next(std::string_view next) {
  // Segments of unreserved characters, none starting with a dot (no "..").
  static const std::regex kLocal("/staff(/[A-Za-z0-9_~-][A-Za-z0-9._~-]*)*/?");
  return std::regex_match(next.begin(), next.end(), kLocal) ? std::string(next) : std::string();
}

Area::Area(Router& router_ref, StaffAreaServices area_services)
    : router(router_ref),
      services(area_services),
      route_services{area_services.db, area_services.cooperation, area_services.audit_log, area_services.authenticator,
                     area_services.clock},
      templates(staff_detail::templates()),
      texts(Texts::from_json(templates.source("sv.json"), templates.source("en.json"))) {}

// --- the gate --------------------------------------------------------------------------------

Visit Area::begin(Request& request, bool create) {
  Visit visit;
  visit.here = request.method == "GET" ? request.path : "/staff/";
  if (const auto token = auth::SessionStore::cookie_token(request)) {
    visit.had_cookie = true;
    auto resumed = services.sessions.resume_or_why(*token);
    visit.session = std::move(resumed.session);
    visit.ended = resumed.end;
  }
  if (!visit.session && create) {
    auto created = services.sessions.create_session(security::Principal::anonymous());
    visit.session = std::move(created.session);
    visit.set_cookie = std::move(created.set_cookie);
  }
  if (visit.session && visit.session->language == "en") visit.language = Language::kEnglish;
  return visit;
}

std::optional<Response> Area::staff_gate(const Request& request, const Visit& visit) const {
  if (visit.staff()) return std::nullopt;
  if (visit.session && visit.session->principal.kind() == security::PrincipalKind::kStaff) {
    return see_other(
        std::string(visit.session->stage == auth::LoginStage::kPasswordChange ? kPasswordPath : kEnrolmentPath));
  }
  // Not logged in: to the login page, saying why when a session has just ended, and back here
  // after it (a GET only: a form's body is gone).
  std::string query;
  if (visit.ended == auth::SessionEnd::kIdle) {
    query = "orsak=inaktiv";
  } else if (visit.ended == auth::SessionEnd::kTooOld) {
    query = "orsak=maxtid";
  } else if (visit.had_cookie && !visit.session) {
    query = "orsak=slut";
  }
  if (request.method == "GET" && request.path != "/staff" && request.path != "/staff/") {
    std::string encoded;
    Poco::URI::encode(request.path, "!#$&'()*+,/:;=?@[]", encoded);
    query += (query.empty() ? "next=" : "&next=") + encoded;
  }
  return see_other(std::string(kLoginPath) + (query.empty() ? "" : "?" + query));
}

bool Area::check_form(const Request& request, Visit& visit) {
  visit.posted = true;
  if (!visit.session) return false;
  visit.form = parse_form(request);
  return services.sessions.check_csrf(*visit.session, visit.form.value("_csrf"));
}

std::vector<const config::Municipality*> Area::members_of(const security::Principal& principal) const {
  std::vector<const config::Municipality*> members;
  for (const auto& member : services.cooperation.members) {
    if (principal.belongs_to(member.code) || principal.is_platform_administrator()) members.push_back(&member);
  }
  return members;
}

void Area::enter_member(Visit& visit, const config::Municipality& member, const std::string& page) {
  const auto& principal = visit.session->principal;
  if (!principal.belongs_to(member.code) && !principal.is_platform_administrator()) {
    // As tenancy::Context::require answers an outsider: audited in that member, and 404.
    services.audit_log.append_separately(services.db, member.code, principal, services.clock.now(),
                                         {"staff-page.open", "staff-page", page}, audit::Outcome::kRefused);
    throw NotFound("no such page");
  }
  if (visit.session->member != member.code) {
    services.sessions.set_member(*visit.session, member.code);
    visit.session->member = member.code;
  }
}

void Area::complete_login(const Request& request, Visit& visit, const security::Principal& principal,
                          auth::LoginStage stage) {
  const auto language = visit.session ? visit.session->language : std::nullopt;
  auto created = services.sessions.rotate(auth::SessionStore::cookie_token(request).value_or(""), principal, stage);
  if (language) services.sessions.set_language(created.session, *language);
  created.session.language = language;
  visit.session = std::move(created.session);
  visit.set_cookie = std::move(created.set_cookie);
}

// --- layout and errors -----------------------------------------------------------------------

void Area::add_shared(const Visit& visit, mustache::data& data) const {
  data.set("lang", std::string(to_string(visit.language)));
  if (visit.session) data.set("csrf", visit.session->csrf_token);
  const auto partial = [this](const char* name) {
    return mustache::partial([source = templates.source(name)] { return std::string(source); });
  };
  data.set("csrf_field", partial("csrf-field"));
  data.set("error_summary", partial("error-summary"));
}

mustache::data Area::base_data(const Visit& visit) const {
  mustache::data data{mustache::data::type::object};
  data.set("t", texts.data(visit.language));
  add_shared(visit, data);
  return data;
}

std::string Area::layout(const Visit& visit, const std::string& title, const std::string& content) const {
  auto data = base_data(visit);
  data.set("title", title);
  data.set("content", content);
  data.set("here", visit.here);
  data.set("site_title", visit.member != nullptr ? visit.member->name : services.cooperation.name);
  if (visit.member != nullptr) {
    data.set("home", member_home(*visit.member));
    data.set("brand_css", member_home(*visit.member) + "/brand.css");
  }
  if (visit.staff()) {
    const auto& principal = visit.session->principal;
    data.set("user", visit.session->display_name);
    const auto members = members_of(principal);
    if (members.size() > 1) {
      mustache::list list;
      for (const auto* member : members) {
        mustache::data item{mustache::data::type::object};
        item.set("code", member->code.str());
        item.set("name", member->name);
        item.set("selected", visit.member != nullptr ? member == visit.member : visit.session->member == member->code);
        list.push_back(item);
      }
      data.set("has_members", true);
      data.set("members", list);
    }
    if (visit.member != nullptr) {
      mustache::list nav;
      mustache::data start{mustache::data::type::object};
      start.set("href", member_home(*visit.member));
      start.set("title", text(visit, "start"));
      start.set("current", visit.section == nullptr && visit.here == member_home(*visit.member));
      nav.push_back(start);
      for (const auto& section : sections) {
        if (!security::allows(principal, visit.member->code, section->info.permission)) continue;
        mustache::data item{mustache::data::type::object};
        item.set("href", member_home(*visit.member) + "/" + section->info.slug);
        item.set("title", section->texts.get(visit.language, section->info.title_key));
        item.set("current", visit.section == section.get());
        nav.push_back(item);
      }
      data.set("has_nav", true);
      data.set("nav", nav);
    }
  }
  return templates.render("layout", data);
}

Response Area::page(const Visit& visit, const std::string& title, const std::string& content, int status) const {
  return html_response(status, layout(visit, title, content));
}

Response Area::error_page(const Visit& visit, int status, const std::string& key, const mustache::data& values) const {
  auto data = base_data(visit);
  const std::string& heading = text(visit, key + "_heading");
  data.set("heading", heading);
  data.set("text", fill(text(visit, key + "_text"), values));
  if (visit.staff()) {
    if (visit.member != nullptr) {
      data.set("home", member_home(*visit.member));
    } else {
      data.set("home", "/staff/");
    }
  }
  return page(visit, heading, templates.render("error", data), status);
}

Handler Area::guarded(Step step) {
  return [self = shared_from_this(), step = std::move(step)](Request& request) -> Response {
    Visit visit;
    Response response;
    try {
      response = step(*self, request, visit);
    } catch (const Error& e) {
      if (e.kind() == ErrorKind::kUnauthenticated) {
        response = *self->staff_gate(request, Visit{});
      } else {
        if (e.kind() == ErrorKind::kNotFound) {
          // The member is not shown (it may be one the user has no role in).
          visit.member = nullptr;
          visit.section = nullptr;
        }
        mustache::data values{mustache::data::type::object};
        if (e.kind() == ErrorKind::kInternal) {
          if (self->services.logger != nullptr) {
            self->services.logger->error("staff page failed",
                                         {{"request_id", request.request_id}, {"error", std::string(e.what())}});
          }
          values.set("request_id", request.request_id);
        }
        // The page's texts are named after the kind: not_found_heading, not_found_text, ...
        std::string key(to_string(e.kind()));
        std::replace(key.begin(), key.end(), '-', '_');
        response = self->error_page(visit, status_for(e.kind()), key, values);
      }
    }
    if (visit.set_cookie) response.headers.emplace_back("Set-Cookie", *visit.set_cookie);
    return response;
  };
}

// --- pages -----------------------------------------------------------------------------------

Response Area::section_page(Request& request, Visit& visit, const Section& section, const StaffPage& page,
                            const StaffWork& work) {
  visit = begin(request, false);
  if (auto gate = staff_gate(request, visit)) return *gate;
  const auto& member = services.cooperation.require_member(request.path_params.at("kommunkod"));
  const std::string name = section.info.slug + page.path;
  enter_member(visit, member, name);
  visit.member = &member;
  visit.section = &section;
  if (page.method == "POST" && !check_form(request, visit)) return error_page(visit, 403, "csrf");

  const bool writes = page.method == "POST" || page.view.has_value();
  StaffCall call(request, *this, section, visit, member,
                 writes ? tenancy::Context::Intent::kWrite : tenancy::Context::Intent::kRead);
  // Refused: audited, and 403 for a member of the municipality (404 for anyone else).
  call.ctx().require(page.permission, {"staff-page.open", "staff-page", name});
  if (page.view) {
    const auto& view = *page.view;
    call.ctx().audit({view.action, view.object_type,
                      view.object_param.empty() ? member.code.str() : request.path_params.at(view.object_param),
                      "staff page " + name});
  }
  auto response = work(call);
  call.commit();
  return response;
}

Response Area::start_page(Request& request, Visit& visit) {
  visit = begin(request, false);
  if (auto gate = staff_gate(request, visit)) return *gate;
  const auto& member = services.cooperation.require_member(request.path_params.at("kommunkod"));
  enter_member(visit, member, "start");
  visit.member = &member;
  visit.here = member_home(member);

  const auto& principal = visit.session->principal;
  auto data = base_data(visit);
  data.set("member_name", member.name);
  mustache::data values{mustache::data::type::object};
  values.set("member", member.name);
  data.set("intro", fill(text(visit, "start_intro"), values));
  mustache::list roles;
  const auto held = principal.roles().find(member.code);
  if (held != principal.roles().end()) {
    for (const auto role : held->second) {
      mustache::data item{mustache::data::type::object};
      item.set("name", text(visit, "role_" + std::string(security::to_string(role))));
      roles.push_back(item);
    }
  }
  if (principal.is_platform_administrator()) {
    mustache::data item{mustache::data::type::object};
    item.set("name", text(visit, "platform_administrator"));
    roles.push_back(item);
  }
  data.set("roles", roles);
  mustache::list list;
  for (const auto& section : sections) {
    if (!security::allows(principal, member.code, section->info.permission)) continue;
    mustache::data item{mustache::data::type::object};
    item.set("href", member_home(member) + "/" + section->info.slug);
    item.set("title", section->texts.get(visit.language, section->info.title_key));
    item.set("summary", section->texts.get(visit.language, section->info.summary_key));
    list.push_back(item);
  }
  data.set("has_sections", !list.empty());
  data.set("sections", list);
  return page(visit, member.name, templates.render("start", data));
}

Response Area::root(Request& request, Visit& visit) {
  visit = begin(request, false);
  if (auto gate = staff_gate(request, visit)) return *gate;
  const auto members = members_of(visit.session->principal);
  if (members.empty()) return error_page(visit, 403, "forbidden");
  const config::Municipality* chosen = members.front();
  for (const auto* member : members) {
    if (visit.session->member == member->code) chosen = member;
  }
  return see_other(member_home(*chosen));
}

void Area::mount() {
  router.add("GET", "/staff/static/staff.css",
             [self = shared_from_this()](Request&) {
               Response response;
               response.content_type = "text/css; charset=utf-8";
               response.body = std::string(self->templates.source("staff.css"));
               response.headers.emplace_back("Cache-Control", "public, max-age=3600");
               return response;
             },
             {.access = RouteAccess::kPublic});
  mount_login_pages();
  router.add("GET", "/staff",
             guarded([](Area& area, Request& request, Visit& visit) { return area.root(request, visit); }),
             {.access = RouteAccess::kSession});
  router.add("GET", "/staff/{kommunkod}",
             guarded([](Area& area, Request& request, Visit& visit) { return area.start_page(request, visit); }),
             {.access = RouteAccess::kSession, .tenant_scoped = true});
  router.add("GET", "/staff/{kommunkod}/brand.css",
             [self = shared_from_this()](Request& request) {
               const auto& member = self->services.cooperation.require_member(request.path_params.at("kommunkod"));
               mustache::data data{mustache::data::type::object};
               const std::string& colour = member.branding.primary_color;
               data.set("colour", std::regex_match(colour, kColour) ? colour : std::string("#0b4a8b"));
               Response response;
               response.content_type = "text/css; charset=utf-8";
               response.body = self->templates.render("brand", data);
               response.headers.emplace_back("Cache-Control", "public, max-age=3600");
               return response;
             },
             {.access = RouteAccess::kPublic, .tenant_scoped = true});
}

}  // namespace staff_detail

// --- StaffCall -------------------------------------------------------------------------------

StaffCall::StaffCall(Request& call_request, staff_detail::Area& area, const staff_detail::Section& section,
                     staff_detail::Visit& visit, const config::Municipality& municipality,
                     tenancy::Context::Intent intent)
    : request(call_request),
      area_(area),
      section_(section),
      visit_(visit),
      call_(call_request, area.route_services, visit.session->principal, &municipality, intent) {}

StaffCall::~StaffCall() = default;

const security::Principal& StaffCall::principal() const noexcept { return call_.principal(); }
const config::Municipality& StaffCall::municipality() const { return call_.municipality(); }
Language StaffCall::language() const noexcept { return visit_.language; }

const std::string& StaffCall::text(std::string_view key) const { return section_.texts.get(visit_.language, key); }

const std::string& StaffCall::path(const std::string& name) const { return call_.path(name); }

const Form& StaffCall::form() const {
  if (!visit_.posted) throw InternalError("a GET page has no form");
  return visit_.form;
}

std::string StaffCall::url(std::string_view rest) const {
  return "/staff/" + municipality().code.str() + "/" + section_.info.slug + std::string(rest);
}

std::optional<std::string> StaffCall::object_url(std::string_view kind, std::string_view id) const {
  const auto found = area_.object_pages.find(kind);
  if (found == area_.object_pages.end()) return std::nullopt;
  const auto& [section, shown] = found->second;
  if (!security::allows(principal(), municipality().code, shown.permission)) return std::nullopt;
  const auto rest = shown.path(municipality().code, id);
  if (!rest) return std::nullopt;
  return "/staff/" + municipality().code.str() + "/" + section->info.slug + *rest;
}

std::string StaffCall::render(const std::string& name, mustache::data data) const {
  data.set("t", section_.texts.data(visit_.language));
  area_.add_shared(visit_, data);
  data.set("section", url());
  return section_.templates.render(name, data);
}

Response StaffCall::page(const std::string& title, const std::string& content, int status) const {
  return area_.page(visit_, title, content, status);
}

Response StaffCall::redirect(const std::string& location) const { return see_other(location); }

// --- StaffSection and StaffArea --------------------------------------------------------------

StaffSection& StaffSection::add(StaffPage page, StaffWork work) {
  if (page.method != "GET" && page.method != "POST") throw InternalError("a staff page is GET or POST: " + page.method);
  if (!page.path.empty() && page.path.front() != '/')
    throw InternalError("a staff page's path starts with '/': " + page.path);
  const std::string pattern = "/staff/{kommunkod}/" + section_.info.slug + page.path;
  if (page.view && !page.view->object_param.empty() &&
      pattern.find("{" + page.view->object_param + "}") == std::string::npos) {
    throw InternalError("the page " + pattern + " has no path parameter " + page.view->object_param);
  }
  area_.router.add(
      page.method, pattern,
      area_.guarded([section = &section_, page, work = std::move(work)](staff_detail::Area& area, Request& request,
                                                                        staff_detail::Visit& visit) {
        return area.section_page(request, visit, *section, page, work);
      }),
      {.access = RouteAccess::kSession, .tenant_scoped = true, .permission = page.permission, .checked_first = true});
  return *this;
}

StaffSection& StaffSection::shows(StaffObjectPage page) {
  if (page.kind.empty() || !page.path) throw InternalError("a shown kind of object needs a name and a path");
  if (const auto taken = area_.object_pages.find(page.kind); taken != area_.object_pages.end()) {
    throw InternalError("the staff sections " + taken->second.first->info.slug + " and " + section_.info.slug +
                        " both show " + page.kind);
  }
  std::string kind = page.kind;
  area_.object_pages.emplace(std::move(kind), std::make_pair(&section_, std::move(page)));
  return *this;
}

StaffSection& StaffSection::add_summary_page() {
  return add({"GET", "", section_.info.permission}, [](StaffCall& call) {
    const auto& info = call.section_.info;
    mustache::data data = call.area_.base_data(call.visit_);
    data.set("title", call.text(info.title_key));
    data.set("summary", call.text(info.summary_key));
    return call.page(call.text(info.title_key), call.area_.templates.render("section-summary", data));
  });
}

const std::string& StaffSection::slug() const noexcept { return section_.info.slug; }

StaffArea::StaffArea(Router& router, StaffAreaServices services)
    : area_(std::make_shared<staff_detail::Area>(router, services)) {
  area_->mount();
}

StaffArea::~StaffArea() = default;

StaffSection& StaffArea::section(const StaffSectionInfo& info) {
  if (!std::regex_match(info.slug, staff_detail::kSlug) ||
      std::find(std::begin(staff_detail::kReserved), std::end(staff_detail::kReserved), info.slug) !=
          std::end(staff_detail::kReserved)) {
    throw InternalError("a staff section's slug is a-z, 0-9 and '-' and not a shared page's: " + info.slug);
  }
  for (const auto& section : area_->sections) {
    if (section->info.slug == info.slug) throw InternalError("two staff sections are called " + info.slug);
  }
  if (info.templates == nullptr) throw InternalError("the staff section " + info.slug + " has no templates");
  Templates own(*info.templates);
  Texts texts = area_->texts;
  texts.merge(Texts::from_json(own.source("sv.json"), own.source("en.json")));
  for (const auto* key : {&info.title_key, &info.summary_key}) {
    if (!texts.has(*key)) throw InternalError("the staff section " + info.slug + " has no text " + *key);
  }
  auto section = std::make_unique<staff_detail::Section>(staff_detail::Section{info, own, std::move(texts), nullptr});
  section->handle.reset(new StaffSection(*area_, *section));
  auto& handle = *section->handle;
  area_->sections.push_back(std::move(section));
  std::stable_sort(area_->sections.begin(), area_->sections.end(),
                   [](const auto& a, const auto& b) { return a->info.order < b->info.order; });
  return handle;
}

}  // namespace samverkan::http
