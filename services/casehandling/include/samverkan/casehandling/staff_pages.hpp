#pragma once
/// Case handling's sections of the staff web (http/staff_area.hpp), with their templates and
/// texts in services/casehandling/templates/staff:
///   /staff/{kommunkod}/diarium        registrars: the diary and the public register (case.read)
///   /staff/{kommunkod}/sammantraden   committee secretaries: boards, meetings, minutes (meeting.read)
///
/// The registrar's pages (issue 14.3), each calling the service functions the API routes call
/// (routes.cpp), with their permissions and audit entries:
///   GET  /diarium                                 the diary: a case by number, the cases of a party
///                                                 (personnummer), a diary's numbers of a year, and the
///                                                 form that reserves a number (case.read; the view audited)
///   POST /diarium/reservationer                   reserves a number (case.register)
///   GET  /diarium/nytt   POST /diarium/nytt       registers a case (case.register); ?reserverat= fills
///                                                 in a reserved number
///   GET  /diarium/arenden/{case}                  a case: facts, parties, documents, history, the forms
///                                                 (case.read; the view audited). {case} is "KS-2026-14"
///   POST /diarium/arenden/{case}/handlingar       registers a document: upload, secrecy with its OSL
///                                                 provision, partial secrecy (case.register; multipart)
///   GET  /diarium/arenden/{case}/handlingar/{document}   a document's content (case.read, and
///                                                 secret-document.read when secret; audited)
///   POST /diarium/arenden/{case}/status           moves the case on, up to closing it (case.handle)
///   GET  /diarium/allmanna-registret              the public register as anyone sees it (case.read)
/// A refused form comes back with the error summary, its fields marked and what was typed kept.

#include "samverkan/config/cooperation.hpp"
#include "samverkan/crypto/keyring.hpp"
#include "samverkan/http/staff_area.hpp"

namespace samverkan::casehandling {

/// Adds the sections above to the staff web. Without `keyring` (parties and documents are
/// encrypted at rest) the diary's section shows its summary only. `cooperation` must outlive
/// the area's router.
void mount_staff_pages(http::StaffArea& area, const config::Cooperation& cooperation, const crypto::Keyring* keyring);

}  // namespace samverkan::casehandling
