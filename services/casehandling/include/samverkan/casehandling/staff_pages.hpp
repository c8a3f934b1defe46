#pragma once
/// Case handling's sections of the staff web (http/staff_area.hpp), with their templates and
/// texts in services/casehandling/templates/staff:
///   /staff/{kommunkod}/diarium        registrars: the diary and the public register (case.read)
///   /staff/{kommunkod}/sammantraden   committee secretaries: boards, meetings, minutes (meeting.read)
/// Each has its first page for now; the registrar's and the secretary's pages hang here.

#include "samverkan/http/staff_area.hpp"

namespace samverkan::casehandling {

/// Adds the sections above to the staff web.
void mount_staff_pages(http::StaffArea& area);

}  // namespace samverkan::casehandling
