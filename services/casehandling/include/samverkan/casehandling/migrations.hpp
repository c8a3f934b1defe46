#pragma once
/// The schema migrations of the casehandling service (services/casehandling/migrations, versions 2000-2999).

#include <vector>

#include "samverkan/storage/migrations.hpp"

namespace samverkan::casehandling {

const std::vector<storage::Migration>& migrations();

}  // namespace samverkan::casehandling
