#include "samverkan/http/json.hpp"

#include <Poco/Exception.h>
#include <Poco/JSON/Parser.h>

#include <sstream>

#include "samverkan/core/error.hpp"

namespace samverkan::http {

std::string to_json(const Poco::JSON::Object& object) {
  std::ostringstream out;
  object.stringify(out);
  return out.str();
}

std::string to_json(const Poco::JSON::Array& array) {
  std::ostringstream out;
  array.stringify(out);
  return out.str();
}

Response json_response(int status, const Poco::JSON::Object& object) { return Response::json(status, to_json(object)); }

Response no_content() { return Response{204, "application/json", "", {}}; }

Poco::JSON::Object::Ptr parse_object(std::string_view body) {
  try {
    const auto parsed = Poco::JSON::Parser().parse(std::string(body));
    if (parsed.type() == typeid(Poco::JSON::Object::Ptr)) {
      if (auto object = parsed.extract<Poco::JSON::Object::Ptr>(); !object.isNull()) return object;
    }
  } catch (const Poco::Exception&) {
  } catch (const std::exception&) {
  }
  throw InvalidInput("the body must be a JSON object");
}

std::optional<std::string> optional_string_member(const Poco::JSON::Object& object, const std::string& name) {
  if (!object.has(name) || object.isNull(name)) return std::nullopt;
  const auto value = object.get(name);
  if (!value.isString()) throw InvalidInput("\"" + name + "\" must be a string");
  return value.extract<std::string>();
}

std::string string_member(const Poco::JSON::Object& object, const std::string& name) {
  auto value = optional_string_member(object, name);
  if (!value) throw InvalidInput("the body needs \"" + name + "\" (a string)");
  return std::move(*value);
}

}  // namespace samverkan::http
