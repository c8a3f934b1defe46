#pragma once
/// The schema migrations of the hiring service (services/hiring/migrations, versions 4000-4999).

#include <vector>

#include "samverkan/storage/migrations.hpp"

namespace samverkan::hiring {

const std::vector<storage::Migration>& migrations();

}  // namespace samverkan::hiring
