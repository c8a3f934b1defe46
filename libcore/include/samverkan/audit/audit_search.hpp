#pragma once
/// Reading a municipality's audit trail, newest first, a page at a time, for its
/// administrator (the staff web's audit log page). Writing and verifying are audit_log.hpp's.
///
///   audit::AuditQuery query;
///   query.action = "staff.";                 // every staff.* action
///   query.from = calendar::swedish_midnight(day);
///   const auto page = audit::search(ctx, query);   // requires Permission::kAuditRead

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "samverkan/audit/audit_log.hpp"
#include "samverkan/core/clock.hpp"
#include "samverkan/tenancy/context.hpp"

namespace samverkan::audit {

/// Which entries of ctx.municipality()'s chain: every filter left empty matches all.
struct AuditQuery {
  std::optional<Clock::TimePoint> from = {};   ///< at or after (UTC)
  std::optional<Clock::TimePoint> until = {};  ///< before (UTC)
  std::string principal = {};                  ///< exactly as recorded ("staff:anna"); empty: anyone
  std::string action = {};                     ///< the action or its beginning ("staff." or "staff.create"); empty: any
  std::size_t offset = 0;                      ///< entries to skip (newest first)
  std::size_t limit = 50;                      ///< at most this many (1 to 500)
};

struct AuditPage {
  std::vector<AuditEntry> entries;  ///< newest (highest sequence) first
  bool more = false;                ///< older entries match beyond this page
};

/// The entries of ctx.municipality()'s chain that match, newest first. Requires
/// Permission::kAuditRead (the refusal is audited); the caller records the view. Throws
/// samverkan::InvalidInput for a limit outside 1..500 or `from` after `until`.
AuditPage search(tenancy::Context& ctx, const AuditQuery& query);

}  // namespace samverkan::audit
