#include "detail/templates.hpp"

#include "samverkan/core/error.hpp"

namespace samverkan::casehandling {

std::string render_template(const std::string& name, const kainjow::mustache::data& data) {
  const auto& all = templates_detail::templates();
  const auto found = all.find(name);
  if (found == all.end()) throw InternalError("no template " + name);
  kainjow::mustache::mustache tmpl{std::string(found->second)};
  if (!tmpl.is_valid()) throw InternalError("template " + name + ": " + tmpl.error_message());
  std::string out = tmpl.render(data);
  if (!tmpl.is_valid()) throw InternalError("template " + name + ": " + tmpl.error_message());
  return out;
}

}  // namespace samverkan::casehandling
