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
/// municipality gets 404, as for an errand that does not exist. A call with a body or a query
/// is authorised before its input is read, so an outsider hears 404 whatever it holds. The
/// submissions of trusted integrations:
///   POST eservices/{id}/submissions             a citizen's answers (eservices:submit); invalid
///                                               answers are 400 with "errors" field by field
/// Errors are problem+json.

#include "samverkan/crypto/keyring.hpp"
#include "samverkan/http/openapi.hpp"
#include "samverkan/http/router.hpp"
#include "samverkan/http/routes.hpp"

namespace samverkan::eservices {

/// Mounts the routes above (http::Routes). The catalogue and submissions they use are created
/// here and live as long as the router; `router`, `deps`' references and `keyring` must
/// outlive it.
void mount_routes(http::Router& router, const http::RouteServices& deps, const crypto::Keyring& keyring);

/// Describes the routes above in the API document.
void describe_routes(http::OpenApi& api);

}  // namespace samverkan::eservices
