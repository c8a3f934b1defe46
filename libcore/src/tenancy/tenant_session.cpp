#include "samverkan/tenancy/tenant_session.hpp"

#include <algorithm>

#include "samverkan/core/error.hpp"

namespace samverkan::tenancy {
namespace {

bool is_identifier_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// True when ":tenant" appears as a whole bind name (not ":tenant_id").
bool binds_tenant(std::string_view sql) {
  constexpr std::string_view kBind = ":tenant";
  for (auto pos = sql.find(kBind); pos != std::string_view::npos; pos = sql.find(kBind, pos + 1)) {
    const auto end = pos + kBind.size();
    if (end == sql.size() || !is_identifier_char(sql[end])) return true;
  }
  return false;
}

}  // namespace

std::string TenantSession::scoped(std::string_view sql) const {
  std::string out;
  out.reserve(sql.size() + 32);
  std::size_t pos = 0;
  bool named = false;
  while (true) {
    const auto open = sql.find("{{tenant", pos);
    if (open == std::string_view::npos) break;
    const auto close = sql.find("}}", open);
    if (close == std::string_view::npos) throw InternalError("unterminated {{tenant in SQL");
    const auto inner = sql.substr(open + 2, close - open - 2);  // "tenant" or "tenant:alias"
    out.append(sql.substr(pos, open - pos));
    if (inner == "tenant") {
      out.append("municipality = :tenant");
    } else if (inner.starts_with("tenant:") && inner.size() > 7 &&
               std::all_of(inner.begin() + 7, inner.end(), is_identifier_char)) {
      out.append(inner.substr(7)).append(".municipality = :tenant");
    } else {
      throw InternalError("malformed tenant placeholder {{" + std::string(inner) + "}}");
    }
    named = true;
    pos = close + 2;
  }
  out.append(sql.substr(pos));
  if (!named && !binds_tenant(out)) {
    throw InternalError("SQL statement is not scoped to the municipality (use {{tenant}} or :tenant): " +
                        std::string(sql.substr(0, 80)));
  }
  return dialect_.expand(out);
}

}  // namespace samverkan::tenancy
