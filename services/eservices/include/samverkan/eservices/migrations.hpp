#pragma once
/// The schema migrations of the eservices service (services/eservices/migrations, versions 1000-1999).

#include <vector>

#include "samverkan/storage/migrations.hpp"

namespace samverkan::eservices {

const std::vector<storage::Migration>& migrations();

}  // namespace samverkan::eservices
