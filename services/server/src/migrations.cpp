#include "samverkan/server/migrations.hpp"

#include <algorithm>
#include <string>

#include "samverkan/casehandling/migrations.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/eservices/migrations.hpp"
#include "samverkan/hiring/migrations.hpp"
#include "samverkan/mailbox/migrations.hpp"

namespace samverkan::server {
namespace {

std::vector<storage::Migration> join() {
  std::vector<storage::Migration> all;
  for (const auto* module : {&storage::embedded_migrations(), &eservices::migrations(), &casehandling::migrations(),
                             &mailbox::migrations(), &hiring::migrations()}) {
    all.insert(all.end(), module->begin(), module->end());
  }
  std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.version < b.version; });
  const auto duplicate =
      std::adjacent_find(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.version == b.version; });
  if (duplicate != all.end()) {
    throw InternalError("two migrations share version " + std::to_string(duplicate->version) + ": " + duplicate->name +
                        " and " + std::next(duplicate)->name);
  }
  return all;
}

}  // namespace

const std::vector<storage::Migration>& platform_migrations() {
  static const std::vector<storage::Migration> kAll = join();
  return kAll;
}

}  // namespace samverkan::server
