#pragma once
/// The e-services' sections of the staff web (http/staff_area.hpp), with their templates and
/// texts in services/eservices/templates/staff:
///   /staff/{kommunkod}/arenden      handlers: the errands citizens sent (errand.read)
///   /staff/{kommunkod}/e-tjanster   publishers: the shared catalogue (eservice.edit)
/// Each has its first page for now; the handler's and the publisher's pages hang here.

#include "samverkan/http/staff_area.hpp"

namespace samverkan::eservices {

/// Adds the sections above to the staff web.
void mount_staff_pages(http::StaffArea& area);

}  // namespace samverkan::eservices
