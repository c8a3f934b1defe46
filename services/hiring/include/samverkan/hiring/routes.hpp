#pragma once
/// The hiring REST API, under /api/v1/municipalities/{kommunkod}/:
///   POST hires                    submit the manager's form: 201 with the hire and a Location; its
///                                 orders go out in the background. A form with problems is 400
///                                 problem+json whose "errors" name each field ({field, message})
///   GET  hires                    the hires the principal sees, newest first (status, unit, late,
///                                 startsFrom, startsTo, limit, offset)
///   GET  hires/{id}               one hire: its status, every order (kind, status, due and done
///                                 times), the contract's state and the lead time
///   POST hires/{id}/change        a change of unit, title or roles from a date, or an extension
///   POST hires/{id}/termination   the end of the employment after its last day
///   GET  hiring/lead-times        median lead times over the hires the principal sees
/// Reading needs hire.read (scope hiring:read; staff roles manager and hr), writing hire.write
/// (scope hiring:write). A manager sees only the units HR recorded for them; another
/// municipality's principal, a hire outside what the principal sees and a municipality that is
/// not a member or does not run hiring all answer 404. Every read of a hire is audited; errors
/// are problem+json.

#include <functional>

#include "samverkan/crypto/keyring.hpp"
#include "samverkan/http/openapi.hpp"
#include "samverkan/http/router.hpp"
#include "samverkan/http/routes.hpp"

namespace samverkan::hiring {

/// Mounts the routes above (http::Routes). Every reference must outlive the router.
/// `submitted`, when given, is called after a hire, a change or a termination was committed
/// (e.g. HiringWorkers::wake, so that its orders go out at once).
void mount_routes(http::Router& router, const http::RouteServices& deps, const crypto::Keyring& keyring,
                  const std::function<void()>& submitted = {});

/// Documents the operations, with their JSON schemas, in the API document.
void describe_routes(http::OpenApi& api);

}  // namespace samverkan::hiring
