#pragma once
// A citizen's access to an errand that is not theirs (internal; Submissions::receipt,
// ErrandWork::own_errand and ErrandWork::reply).

#include <soci/soci.h>

#include <string>
#include <string_view>

#include "samverkan/audit/audit_log.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/storage/database_error.hpp"
#include "samverkan/tenancy/context.hpp"

namespace samverkan::eservices::detail {

// Whether `ctx` acts for a logged-in citizen (with a personnummer).
inline bool citizen_principal(const tenancy::Context& ctx) {
  return ctx.principal().kind() == security::PrincipalKind::kCitizen && ctx.principal().personnummer().has_value();
}

// Refuses the citizen of `ctx` the errand `reference`, which is not theirs: NotFound, as for an
// errand that does not exist. When it is another citizen's errand of this municipality, the
// attempt is audited as `action` on it (tenancy::Context::refuse_hidden), like any refusal.
[[noreturn]] inline void refuse_not_own(tenancy::Context& ctx, const std::string& reference, std::string_view action,
                                        const char* what) {
  long long errands = 0;
  try {
    ctx.sql().exec("SELECT COUNT(*) FROM eservice_errand WHERE {{tenant}} AND reference = :reference",
                   soci::use(reference, "reference"), soci::into(errands));
  } catch (const soci::soci_error& e) {
    storage::database_failure("looking up an errand", e);
  }
  if (errands > 0) ctx.refuse_hidden({std::string(action), "errand", reference});
  throw NotFound(std::string("no such ") + what);
}

}  // namespace samverkan::eservices::detail
