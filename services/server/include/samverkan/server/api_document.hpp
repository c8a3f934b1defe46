#pragma once
/// The API document's entries for the reference services' routes, one table per service,
/// kept beside the composition root that mounts them. openapi_test fails when a mounted route
/// has no entry here (or an entry has no route), so the two cannot drift apart.

#include "samverkan/http/openapi.hpp"

namespace samverkan::server {

void describe_eservices_routes(http::OpenApi& api);
/// `with_bankid_signing`: the routes that sign minutes with BankID are mounted (BankID is
/// configured).
void describe_casehandling_routes(http::OpenApi& api, bool with_bankid_signing);

}  // namespace samverkan::server
