#pragma once
// The HTML templates of this service (services/casehandling/templates, compiled in by
// cmake/EmbedTemplates.cmake) and a renderer. kainjow mustache escapes {{x}} for HTML.
#include <kainjow/mustache.hpp>

#include <map>
#include <string>
#include <string_view>

namespace samverkan::casehandling {
namespace templates_detail {
/// Generated: template name -> text.
const std::map<std::string, std::string_view>& templates();
}  // namespace templates_detail

/// Renders template `name` with `data`; InternalError for an unknown or broken template.
std::string render_template(const std::string& name, const kainjow::mustache::data& data);

}  // namespace samverkan::casehandling
