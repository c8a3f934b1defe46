#pragma once
/// The e-services' sections of the staff web (http/staff_area.hpp), with their templates and
/// texts in services/eservices/templates/staff:
///   /staff/{kommunkod}/arenden      handlers: the errands citizens sent (errand.read to read,
///                                   errand.handle for the forms)
///     GET  ?status=&tjanst=&tilldelad=mig|ingen&ordning=nyast|aldst&sida=N   the inbox, 50 a page
///     GET  /{reference}                        the errand: answers, attachments, history, notes,
///                                              messages, and the forms below
///     GET  /{reference}/bilagor/{field}        an attachment, as a download (audited)
///     POST /{reference}/anteckningar (note)    an internal note
///     POST /{reference}/meddelanden (message)  a message to the citizen
///     POST /{reference}/status (status)        a status change
///     POST /{reference}/tilldelning (action=mig|ingen)   assign to oneself, or unassign
///   /staff/{kommunkod}/e-tjanster   publishers (eservice.edit on every page):
///     GET                                      the cooperation's catalogue: each service, its
///                                              pilot, its newest version, who adopted it, its
///                                              state here
///     GET|POST /importera (definition: a file)  import a definition version (the member must
///                                              own it); then its version's page
///     GET  /{service}                          versions, members offering it, this member's
///                                              publication and the forms below
///     POST /{service}/publicering (version, title_sv, title_en, unit, contact, fees_sv,
///          fees_en, information_sv, information_en)   adopt or re-publish with local overrides
///     POST /{service}/tillbakadragning         withdraw it here
///     GET  /{service}/versioner/{version}      what changed since the version before
///     GET  /{service}/versioner/{version}/forhandsgranskning?steg=ID   a step of the form as
///                                              citizens see it (the citizen page's template)
/// What a publisher changes at run time is the member's publication row (eservice_publication:
/// version, status and overrides), written by Catalogue::publish and withdraw in the page's
/// transaction and audited there; the cooperation file keeps the members, units and boards.
/// A refused form comes back as its page (the errand's, the service's, the import's) with its
/// error summary (400 for a bad value, 409 for a change the state does not allow), what was
/// typed kept, nothing saved.

#include "samverkan/config/cooperation.hpp"
#include "samverkan/crypto/keyring.hpp"
#include "samverkan/http/staff_area.hpp"

namespace samverkan::eservices {

/// Adds the sections above to the staff web. `keyring` (the errands are encrypted with it)
/// must outlive the router; without one the errands' section has its summary page only.
void mount_staff_pages(http::StaffArea& area, const config::Cooperation& cooperation, const crypto::Keyring* keyring);

}  // namespace samverkan::eservices
