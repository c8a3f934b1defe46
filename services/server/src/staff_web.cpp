#include "samverkan/server/staff_web.hpp"

#include <algorithm>
#include <utility>

#include "samverkan/casehandling/staff_pages.hpp"
#include "samverkan/eservices/staff_pages.hpp"
#include "samverkan/hiring/staff_pages.hpp"

namespace samverkan::server {
void mount_staff_web(http::Router& router, const http::StaffAreaServices& services, auth::ApiClientRegistry& clients,
                     const crypto::Keyring* keyring, std::function<void()> hires_submitted, bankid::Client* bankid) {
  http::StaffArea area(router, services);
  eservices::mount_staff_pages(area, services.cooperation, keyring);
  casehandling::mount_staff_pages(area, services, keyring, bankid);
  if (keyring != nullptr && std::any_of(services.cooperation.members.begin(), services.cooperation.members.end(),
                                        [](const config::Municipality& m) { return m.hiring.has_value(); })) {
    hiring::mount_staff_pages(area, services.cooperation, *keyring, std::move(hires_submitted));
  }
  mount_admin_pages(area, services.db, services.staff, clients);
}

}  // namespace samverkan::server
