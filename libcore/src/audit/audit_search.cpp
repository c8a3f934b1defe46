#include "samverkan/audit/audit_search.hpp"

#include <soci/soci.h>

#include "audit/detail/stored_entry.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/security/permission.hpp"
#include "samverkan/storage/database_error.hpp"
#include "samverkan/storage/row.hpp"
#include "samverkan/storage/time.hpp"

namespace samverkan::audit {
namespace {

// One text whatever the filters (the dialect only picks how `at` is read back): an empty
// filter is switched off by its bound value (the times by the widest bounds, the action by a
// prefix of length 0). The (municipality, sequence) unique index serves the tenant and the order.
std::string search_statement(const storage::Dialect& dialect) {
  return "SELECT " + store::entry_columns(dialect) +
         " FROM audit_entry WHERE {{tenant}} AND at >= :from AND at < :until "
         "AND (:principal = '' OR principal = :principal) AND substr(action, 1, :action_length) = :action "
         "ORDER BY sequence DESC LIMIT :limit OFFSET :offset";
}

constexpr const char* kEarliest = "0001-01-01T00:00:00.000Z";
constexpr const char* kLatest = "9999-12-31T23:59:59.999Z";

}  // namespace

AuditPage search(tenancy::Context& ctx, const AuditQuery& query) {
  ctx.require(security::Permission::kAuditRead, {"audit.read", "audit-log", ctx.municipality().str()});
  if (query.limit < 1 || query.limit > 500) throw InvalidInput("an audit page holds 1 to 500 entries");
  if (query.from && query.until && *query.from > *query.until) throw InvalidInput("the period ends before it begins");
  const std::string from = query.from ? storage::format_time(*query.from) : kEarliest;
  const std::string until = query.until ? storage::format_time(*query.until) : kLatest;
  const int action_length = static_cast<int>(query.action.size());
  const long long limit = static_cast<long long>(query.limit) + 1;  // one more: are there older ones?
  const long long offset = static_cast<long long>(query.offset);
  AuditPage page;
  try {
    for (const auto& row :
         ctx.sql().rows(search_statement(ctx.sql().dialect()), soci::use(from, "from"), soci::use(until, "until"),
                        soci::use(query.principal, "principal"), soci::use(action_length, "action_length"),
                        soci::use(query.action, "action"), soci::use(limit, "limit"), soci::use(offset, "offset"))) {
      if (page.entries.size() == query.limit) {
        page.more = true;
        break;
      }
      page.entries.push_back(store::read_entry(row));
    }
  } catch (const soci::soci_error& e) {
    storage::database_failure("reading the audit log", e);
  }
  return page;
}

}  // namespace samverkan::audit
