#pragma once
/// The staff web: one area under /staff/ on which every service hangs its staff pages. The
/// area owns what all pages share; each service adds a section from its own folder (its
/// templates, its texts, its handlers) and declares, for each page, the permission it needs.
///
/// Shared, from here (server-rendered, no JavaScript, Swedish by default and English, WCAG 2.1
/// AA; templates and texts in libcore/templates/staff):
///   GET  /staff/                     → the start page of the member worked for, or the login
///   GET  /staff/static/staff.css        the style sheet;  GET /staff/{kommunkod}/brand.css its colour
///   GET  /staff/logga-in?next=&orsak=   user name, password and code; after a logout or an idle
///                                       timeout it says so (orsak=utloggad|inaktiv|maxtid|slut)
///   POST /staff/logga-in                (rate limited per address; failures and locks audited)
///   POST /staff/logga-in/siths          a SITHS card: the TLS client certificate the server verified
///   GET|POST /staff/nytt-losenord       first login: the one-time password is replaced
///   GET|POST /staff/engangskoder        first login: the authenticator app is enrolled (QR code and
///                                       the secret as text; a first code confirms it)
///   POST /staff/logga-ut                POST /staff/sprak (sv|en)   POST /staff/byt-organisation
///   GET  /staff/{kommunkod}             the member's start page: the user's roles and the sections
///                                       they may use there
///   GET|POST /staff/{kommunkod}/{section}...   the services' pages
///
/// Every request to a page goes through the same gate, so no page can forget a step:
///  1. the session from the database (auth::SessionStore; the __Host- cookie is SameSite=Lax):
///     none → the login page (and back after it); ended by the idle timeout → the login page
///     saying so; half-way through a first login → that step's page;
///  2. the member of the path: not a member, or the user has no role there → 404 page;
///  3. POST: the form's `_csrf` must be the session's token (synchroniser token) → else 403;
///  4. the page's permission in that member (tenancy::Context::require: the refusal is audited,
///     403 page);
///  5. a page that shows personal data (StaffPage::view) writes its audit entry in the page's
///     transaction, before the work;
///  6. the work, with an http::Call's context (routes.hpp: the same as the API routes'); one
///     commit when it returns. Errors become HTML pages in the layout (400, 403, 404, 409, 413,
///     503; 500 with the request id, logged).
/// Every route has its row in the route table (Router::table(): access "session", tenant
/// scope, the permission, checked first).
/// The session remembers the member (the switcher in the header sets it; visiting a member's
/// page does too) and the language. Navigation lists the sections whose permission the user
/// holds in the current member.
///
/// How a service adds its pages (services/<service>/src/staff_pages.cpp; its templates in
/// services/<service>/templates/staff with sv.json and en.json, embedded with
/// samverkan_embed_templates):
///
///   void mount_staff_pages(http::StaffArea& area, Errands& errands) {
///     auto& inbox = area.section({.slug = "arenden", .permission = Permission::kErrandRead,
///                                 .templates = &staff_detail::templates(),
///                                 .title_key = "inbox_title", .summary_key = "inbox_summary", .order = 10});
///     inbox.add({"GET", "", Permission::kErrandRead, http::PageView{"errand.list", "errand"}},
///               [&](http::StaffCall& c) {
///                 auto data = http::mustache::data{http::mustache::data::type::object};
///                 data.set("errands", errand_rows(errands.inbox(c.ctx())));
///                 return c.page(c.text("inbox_title"), c.render("inbox", data));
///               });
///     inbox.add({"POST", "/{reference}/notes", Permission::kErrandHandle}, [&](http::StaffCall& c) {
///       errands.add_note(c.ctx(), c.path("reference"), c.form().value("note"));
///       return c.redirect(c.url("/" + c.path("reference")));
///     });
///   }
///
/// and the composition root calls it once with the area (services/server/src/staff_web.cpp).
/// A section's templates get {{t.key}} (its texts and the shared ones), {{csrf}}, {{section}}
/// (its URL) and the partials {{> csrf_field}} and {{> error_summary}} (a list `errors` of
/// {anchor, message}).

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "samverkan/audit/audit_log.hpp"
#include "samverkan/auth/authenticator.hpp"
#include "samverkan/auth/session_store.hpp"
#include "samverkan/auth/staff_directory.hpp"
#include "samverkan/config/cooperation.hpp"
#include "samverkan/core/clock.hpp"
#include "samverkan/http/page.hpp"
#include "samverkan/http/rate_limiter.hpp"
#include "samverkan/http/router.hpp"
#include "samverkan/http/routes.hpp"
#include "samverkan/log/logger.hpp"
#include "samverkan/security/permission.hpp"
#include "samverkan/storage/database.hpp"
#include "samverkan/tenancy/context.hpp"

namespace samverkan::http {

namespace staff_detail {
struct Area;
struct Section;
struct Visit;
}  // namespace staff_detail

/// A page's record of a view of personal data, written in the page's transaction before its
/// work runs, so that the view and its record commit together.
struct PageView {
  std::string action;             ///< "errand.view"
  std::string object_type;        ///< "errand"
  std::string object_param = {};  ///< the path parameter naming the object; empty: the member's list
};

/// One page of a section.
struct StaffPage {
  std::string method;               ///< "GET" or "POST" (a POST's CSRF token is checked before the work)
  std::string path;                 ///< under the section: "" for its first page, "/{reference}", "/{reference}/notes"
  security::Permission permission;  ///< needed in the member; checked before the work
  std::optional<PageView> view = {};  ///< set on every page that shows personal data
};

/// A service's section of the staff area: its place in the navigation and on the start page.
struct StaffSectionInfo {
  std::string slug;                 ///< its path under /staff/{kommunkod}/: "arenden" (a-z, 0-9, -)
  security::Permission permission;  ///< who sees it in the navigation and on the start page
  /// Its templates and texts (sv.json and en.json beside them), as samverkan_embed_templates
  /// generates them; must outlive the area.
  const std::map<std::string, std::string_view>* templates = nullptr;
  std::string title_key = "section_title";      ///< its text naming it in the navigation
  std::string summary_key = "section_summary";  ///< its text saying what it is for, on the start page
  int order = 100;                              ///< place in the navigation, lower first
};

/// Where a section shows one kind of object (e.g. a diary case), so that another section's page
/// can link to it without knowing the other service: StaffSection::shows, StaffCall::object_url.
struct StaffObjectPage {
  std::string kind;                 ///< "case": one section per kind
  security::Permission permission;  ///< the viewer needs it in the member, else no link
  /// The page's path under the section ("/arenden/KS-2026-14") for the object `id` ("KS 2026/14")
  /// of `member`; nullopt when `id` names nothing the section shows there. Must not throw.
  std::function<std::optional<std::string>(const ids::Kommunkod& member, std::string_view id)> path;
};

/// One request to a section's page: who, in which member, in which language; its form (a
/// POST's, CSRF-checked), its context (a transaction; http::Call's, as for the API routes) and
/// what it answers.
class StaffCall {
 public:
  StaffCall(const StaffCall&) = delete;
  StaffCall& operator=(const StaffCall&) = delete;
  ~StaffCall();

  Request& request;

  const security::Principal& principal() const noexcept;
  const config::Municipality& municipality() const;
  Language language() const noexcept;
  /// A text of the section, or a shared one. samverkan::InternalError for an unknown key.
  const std::string& text(std::string_view key) const;
  /// A path parameter. samverkan::InternalError when the page's path has none by that name.
  const std::string& path(const std::string& name) const;
  /// A POST's form (its CSRF token already checked). samverkan::InternalError on a GET.
  const Form& form() const;

  /// The page's context in the member: principal, municipality, transaction, audit.
  tenancy::Context& ctx() { return call_.ctx(); }
  /// Commits now (before slow rendering); the area commits when the work returns otherwise.
  void commit() { call_.commit(); }

  /// The URL of the section, with `rest` appended: url("/" + reference).
  std::string url(std::string_view rest = {}) const;
  /// The URL of the page where the section registered for `kind` (StaffSection::shows) shows
  /// the object `id` of this member; nullopt when no section shows that kind, the viewer lacks
  /// its permission here, or the section shows no such object: then show the id as plain text.
  std::optional<std::string> object_url(std::string_view kind, std::string_view id) const;
  /// Renders the section's template `name` with `data` and: t (texts), csrf, section (url()),
  /// lang, and the partials csrf_field and error_summary.
  std::string render(const std::string& name, mustache::data data) const;
  /// The whole page: `content` (rendered HTML) in the shared layout, titled `title`.
  Response page(const std::string& title, const std::string& content, int status = 200) const;
  /// 303 to a local path (after a POST).
  Response redirect(const std::string& location) const;

 private:
  friend struct staff_detail::Area;
  friend class StaffSection;
  StaffCall(Request& request, staff_detail::Area& area, const staff_detail::Section& section,
            staff_detail::Visit& visit, const config::Municipality& municipality, tenancy::Context::Intent intent);

  staff_detail::Area& area_;
  const staff_detail::Section& section_;
  staff_detail::Visit& visit_;
  Call call_;
};

using StaffWork = std::function<Response(StaffCall&)>;

/// A section, as StaffArea::section() returns it: add its pages.
class StaffSection {
 public:
  /// Mounts the page at /staff/{kommunkod}/<slug><page.path>. Throws samverkan::InternalError
  /// for a method other than GET or POST, a path not starting with '/' (or empty), a view
  /// naming a path parameter the path lacks, and what Router::add throws.
  StaffSection& add(StaffPage page, StaffWork work);

  /// Declares where this section shows objects of `page.kind`, for StaffCall::object_url.
  /// Throws samverkan::InternalError for an empty kind or path function, or a kind another
  /// section shows already.
  StaffSection& shows(StaffObjectPage page);

  /// A first page for a section whose service has none of its own yet: its title and its
  /// summary, for whoever holds the section's permission.
  StaffSection& add_summary_page();

  const std::string& slug() const noexcept;

 private:
  friend struct staff_detail::Area;
  friend class StaffArea;
  StaffSection(staff_detail::Area& area, staff_detail::Section& section) : area_(area), section_(section) {}
  staff_detail::Area& area_;
  staff_detail::Section& section_;
};

/// What the area is built of; everything must outlive the router.
struct StaffAreaServices {
  storage::Database& db;
  const config::Cooperation& cooperation;
  audit::AuditLog& audit_log;
  auth::StaffDirectory& staff;
  auth::SessionStore& sessions;
  const auth::Authenticator& authenticator;  ///< SITHS: the verified client certificate's user
  const Clock& clock;
  RateLimiter* login_limiter = nullptr;  ///< password logins per client address; none: unlimited
  log::Logger* logger = nullptr;         ///< internal errors of pages; none: not logged
};

class StaffArea {
 public:
  /// Mounts the shared pages above on `router`. The router keeps what the pages need alive;
  /// this object may go once every section is added.
  StaffArea(Router& router, StaffAreaServices services);
  ~StaffArea();
  StaffArea(const StaffArea&) = delete;
  StaffArea& operator=(const StaffArea&) = delete;

  /// Adds a service's section; add its pages to the result. Add every section before serving.
  /// Throws samverkan::InternalError for a malformed or taken slug, no templates, texts that
  /// are not the same keys in sv.json and en.json, or a missing title or summary text.
  StaffSection& section(const StaffSectionInfo& info);

 private:
  std::shared_ptr<staff_detail::Area> area_;
};

}  // namespace samverkan::http
