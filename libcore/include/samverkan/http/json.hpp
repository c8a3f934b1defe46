#pragma once
/// The compact JSON text of a Poco JSON value, for response bodies and stored documents.
///
///   return http::Response::json(200, http::to_json(object));

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <string>

namespace samverkan::http {

std::string to_json(const Poco::JSON::Object& object);
std::string to_json(const Poco::JSON::Array& array);

}  // namespace samverkan::http
