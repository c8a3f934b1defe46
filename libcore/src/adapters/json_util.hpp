#pragma once
// Private JSON helpers of the generic adapters (Poco::JSON underneath).

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <optional>
#include <string>
#include <string_view>

namespace samverkan::adapters::detail {

// An object that keeps members in insertion order, so the same order gives the same bytes.
Poco::JSON::Object::Ptr new_object();

// Parses a backend's answer as a JSON object. Throws Unavailable "<backend> answered with
// malformed JSON" otherwise: a backend that breaks its contract is down as far as we can tell.
Poco::JSON::Object::Ptr parse_object(const std::string& text, std::string_view backend);

// A string member; throws Unavailable "<backend> answered without <name>" when absent or not a
// non-empty string.
std::string required_string(const Poco::JSON::Object::Ptr& object, const std::string& name, std::string_view backend);

// A string member if present and a string.
std::optional<std::string> optional_string(const Poco::JSON::Object::Ptr& object, const std::string& name);

}  // namespace samverkan::adapters::detail
