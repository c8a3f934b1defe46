#pragma once
/// JSON in handlers: the compact text of a Poco JSON value, JSON responses, and reading a
/// request body's members with errors a caller can act on.
///
///   const auto body = http::parse_object(request.body);       // 400 unless a JSON object
///   const std::string handler = http::string_member(*body, "handler");
///   return http::json_response(200, object);

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <optional>
#include <string>
#include <string_view>

#include "samverkan/http/message.hpp"

namespace samverkan::http {

std::string to_json(const Poco::JSON::Object& object);
std::string to_json(const Poco::JSON::Array& array);

/// An application/json response with `object` as its body.
Response json_response(int status, const Poco::JSON::Object& object);

/// 204 No Content.
Response no_content();

/// `body` parsed as a JSON object. Throws samverkan::InvalidInput("the body must be a JSON
/// object") for anything else (not JSON, an array, a number, empty).
Poco::JSON::Object::Ptr parse_object(std::string_view body);

/// The string member `name`. Throws samverkan::InvalidInput naming the member when it is
/// missing or null ("the body needs \"name\" (a string)") or not a string.
std::string string_member(const Poco::JSON::Object& object, const std::string& name);

/// The string member `name`, or nullopt when it is missing or null. Throws
/// samverkan::InvalidInput when it is there but not a string.
std::optional<std::string> optional_string_member(const Poco::JSON::Object& object, const std::string& name);

/// {key: [to_json(item), ...]}: a list answer.
template <typename List, typename ToJson>
Poco::JSON::Object list_json(const std::string& key, const List& list, const ToJson& to_json) {
  Poco::JSON::Array items;
  for (const auto& item : list) items.add(to_json(item));
  Poco::JSON::Object out;
  out.set(key, items);
  return out;
}

}  // namespace samverkan::http
