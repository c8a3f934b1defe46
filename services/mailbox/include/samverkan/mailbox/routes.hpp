#pragma once
/// The digital mail REST API, under /api/v1/municipalities/{kommunkod}/:
///   POST messages         accept a letter into the outbox: 202 {"id", ...} and a Location
///   GET  messages/{id}    the letter's status (queued, delivered, paper, failed)
///   POST messages/bulk    up to 1,000 letters in one transaction (bulk.hpp): 202 {"batchId",
///                         "letters":[{"index","id","created",...}]}; a refused batch is 400/409/413
///                         problem+json whose "errors" name each refused letter by index
///   GET  messages/bulk/{id}  the batch: counts per state and each letter's status
/// All need a principal holding mailbox.send (scope mailbox:send) in the municipality (checked
/// before a letter is read); another municipality's principal gets 404, as for a message that
/// does not exist, and so does a municipality that is not a member. Audited; errors are
/// problem+json.

#include <functional>

#include "samverkan/crypto/keyring.hpp"
#include "samverkan/http/openapi.hpp"
#include "samverkan/http/router.hpp"
#include "samverkan/http/routes.hpp"
#include "samverkan/jobs/job_queue.hpp"

namespace samverkan::mailbox {

/// Mounts the routes above (http::Routes). Every reference must outlive the router. `accepted`,
/// when given, is called after a new letter was committed (e.g. to wake the delivery Worker).
void mount_routes(http::Router& router, const http::RouteServices& deps, const crypto::Keyring& keyring,
                  jobs::JobQueue& queue, const std::function<void()>& accepted = {});

/// Documents the operations (with their JSON schemas) in the API document.
void describe_routes(http::OpenApi& api);

}  // namespace samverkan::mailbox
