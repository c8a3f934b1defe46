#pragma once
/// The e-services REST API, under /api/v1/municipalities/{kommunkod}/:
///   GET  eservices                              the services published here (anyone)
///   GET  eservices/{id}                         one published service: overrides, steps, fields (anyone)
///   GET  eservices/{id}/definition              its definition, the exact XML (anyone)
///   GET  errands?status=received&assignedTo=me  the inbox (errands:read / errand.read); assignedTo
///                                               is "me" (staff), "none" or a handler's user id
///   GET  errands/{reference}                    one errand with its answers (errand.read)
///   POST errands/{reference}/status             {"status":"in-progress"} (errands:write / errand.handle)
///   GET  errands/{reference}/history            its history: status, assignments, notes, messages
///   PUT  errands/{reference}/assignment         {"handler":"anna"} a case handler here (errand.handle)
///   DELETE errands/{reference}/assignment       unassign (errand.handle)
///   GET, POST errands/{reference}/notes         internal notes, {"body":"..."} (read / handle)
///   GET, POST errands/{reference}/messages      messages with the citizen, {"body":"..."} (read / handle)
/// Errand calls need a principal (bearer token, SITHS, session); a principal of another
/// municipality gets 404, as for an errand that does not exist. Errors are problem+json.

#include "samverkan/audit/audit_log.hpp"
#include "samverkan/auth/authenticator.hpp"
#include "samverkan/config/cooperation.hpp"
#include "samverkan/core/clock.hpp"
#include "samverkan/crypto/keyring.hpp"
#include "samverkan/http/router.hpp"
#include "samverkan/storage/database.hpp"

namespace samverkan::eservices {

/// Mounts the routes above. The catalogue and submissions they use are created here and live
/// as long as the router; every argument must outlive the router.
void mount_routes(http::Router& router, storage::Database& db, const config::Cooperation& cooperation,
                  const crypto::Keyring& keyring, audit::AuditLog& audit_log, const auth::Authenticator& authenticator,
                  const Clock& clock);

}  // namespace samverkan::eservices
