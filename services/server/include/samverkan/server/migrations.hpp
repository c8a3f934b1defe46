#pragma once
/// Every schema migration of the platform: libcore's and each linked service's, joined in
/// version order. Each module owns a version range (libcore 1-999, eservices 1000-1999,
/// casehandling 2000-2999, mailbox 3000-3999), so a module's migrations never interleave
/// with another's.

#include <vector>

#include "samverkan/storage/migrations.hpp"

namespace samverkan::server {

/// Throws samverkan::InternalError when two modules ship the same version (a build defect).
const std::vector<storage::Migration>& platform_migrations();

}  // namespace samverkan::server
