#pragma once
/// A refused staff form's error summary (the area's {{> error_summary}} partial, staff_area.hpp):
/// one list for every section's pages, so that each marks a refused form the same way.

#include <string>
#include <utility>
#include <vector>

#include "samverkan/http/page.hpp"

namespace samverkan::http {

/// A refused form's errors, in the order of its fields: {field id, message}.
using FormErrors = std::vector<std::pair<std::string, std::string>>;

/// Sets, when `errors` is not empty: has_errors, errors (a list of {anchor, message} for the
/// error_summary partial, the anchor being the field's id) and error_<id> (the field's own
/// message) for each field.
void set_error_summary(mustache::data& data, const FormErrors& errors);

}  // namespace samverkan::http
