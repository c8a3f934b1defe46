#pragma once
// What the e-services' staff pages (staff_pages.cpp, publisher_pages.cpp) share: template data
// helpers, the page's language, the error summary of a refused form. Internal to the library.

#include <string>

#include "samverkan/eservices/definition.hpp"
#include "samverkan/http/error_summary.hpp"
#include "samverkan/http/staff_area.hpp"

namespace samverkan::eservices::detail {

using StaffData = http::mustache::data;

inline StaffData staff_object() { return StaffData{StaffData::type::object}; }
inline StaffData staff_list() { return StaffData{StaffData::type::list}; }

/// The staff page's language as the definitions' texts name it.
inline Language language_of(const http::StaffCall& c) {
  return c.language() == http::Language::kEnglish ? Language::kEnglish : Language::kSwedish;
}

/// Marks `data` as a refused form: the error summary ({{> error_summary}}) with one entry
/// linking to the control `anchor`, and error_<anchor> for the control's own message.
inline void set_refusal(StaffData& data, const std::string& anchor, const std::string& message) {
  http::set_error_summary(data, {{anchor, message}});
}

}  // namespace samverkan::eservices::detail
