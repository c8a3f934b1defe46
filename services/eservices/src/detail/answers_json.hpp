#pragma once
// Answers' values as stored (encrypted) in drafts and errands: a JSON object of field id to an
// array of strings. Internal to the e-services library.

#include <map>
#include <string>
#include <vector>

namespace samverkan::eservices::detail {

std::string values_to_json(const std::map<std::string, std::vector<std::string>>& values);
// Throws InternalError when `json` is not such an object.
std::map<std::string, std::vector<std::string>> values_from_json(const std::string& json);

}  // namespace samverkan::eservices::detail
