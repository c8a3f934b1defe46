#pragma once
/// The schema migrations of the mailbox service (services/mailbox/migrations, versions 3000-3999).

#include <vector>

#include "samverkan/storage/migrations.hpp"

namespace samverkan::mailbox {

const std::vector<storage::Migration>& migrations();

}  // namespace samverkan::mailbox
