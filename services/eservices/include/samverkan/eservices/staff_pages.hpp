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
///   /staff/{kommunkod}/e-tjanster   publishers: the shared catalogue (eservice.edit); its
///                                   first page for now
/// A refused form comes back as the errand's page with its error summary (400 for a bad value,
/// 409 for a change the errand's state does not allow), what was typed kept.

#include "samverkan/config/cooperation.hpp"
#include "samverkan/crypto/keyring.hpp"
#include "samverkan/http/staff_area.hpp"

namespace samverkan::eservices {

/// Adds the sections above to the staff web. `keyring` (the errands are encrypted with it)
/// must outlive the router; without one the errands' section has its summary page only.
void mount_staff_pages(http::StaffArea& area, const config::Cooperation& cooperation, const crypto::Keyring* keyring);

}  // namespace samverkan::eservices
