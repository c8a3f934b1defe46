#pragma once
// The publishers' pages of the staff web (publisher_pages.cpp), mounted by mount_staff_pages
// on its "e-tjanster" section. Internal to the e-services library.

#include "samverkan/config/cooperation.hpp"
#include "samverkan/http/staff_area.hpp"

namespace samverkan::eservices::detail {

/// Adds the catalogue, service, version, preview and import pages to `section` (whose
/// permission is eservice.edit). `cooperation` must outlive the router.
void mount_publisher_pages(http::StaffSection& section, const config::Cooperation& cooperation);

}  // namespace samverkan::eservices::detail
