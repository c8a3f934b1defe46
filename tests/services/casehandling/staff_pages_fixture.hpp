#pragma once
// Case handling's staff pages on libcore's staff area with the Höglandet cooperation, for the
// *_staff_pages_alonetest.cpp: the registrar's (casehandling_staff_pages_alonetest) and the
// committee secretary's (secretary_staff_pages_alonetest).
#include <soci/soci.h>

#include <functional>
#include <string>

#include "samverkan/casehandling/migrations.hpp"
#include "samverkan/casehandling/staff_pages.hpp"
#include "samverkan/config/cooperation.hpp"
#include "samverkan/http/staff_area.hpp"
#include "support/staff_browser.hpp"

namespace samverkan::test {

inline config::Cooperation hoglandet_cooperation() {
  return config::load_cooperation(source_dir() / "examples/hoglandet/cooperation.xml", source_dir() / "xsd");
}

struct CasehandlingStaffPages : BareServer {
  /// `more` adds a test's own sections to the area after case handling's.
  explicit CasehandlingStaffPages(const std::function<void(http::StaffArea&)>& more = {})
      : BareServer(casehandling::migrations(), hoglandet_cooperation()) {
    const http::StaffAreaServices services{
        *db, cooperation, audit, auth.staff(), auth.sessions(), auth.authenticator(), clock};
    http::StaffArea area(*router, services);
    casehandling::mount_staff_pages(area, services, &keyring);
    if (more) more(area);
  }

  auth::NewStaffUser user(const std::string& name, const ids::Kommunkod& municipality, security::Role role) {
    return new_staff_user(*this, name, municipality, role);
  }

  int audit_count(const std::string& action, const std::string& outcome = "success") {
    return test::audit_count(*this, action, outcome);
  }

  /// The rows of `table` (a name from the test, never input).
  int count(const std::string& table) {
    int n = 0;
    auto session = db->acquire();
    *session << "SELECT COUNT(*) FROM " + table, soci::into(n);
    return n;
  }
};

}  // namespace samverkan::test
