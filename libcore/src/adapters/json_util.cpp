#include "adapters/json_util.hpp"

#include <Poco/Exception.h>
#include <Poco/JSON/Parser.h>


#include "samverkan/core/error.hpp"

namespace samverkan::adapters::detail {

Poco::JSON::Object::Ptr new_object() { return new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER); }

Poco::JSON::Object::Ptr parse_object(const std::string& text, std::string_view backend) {
  try {
    Poco::JSON::Parser parser;
    const auto result = parser.parse(text);
    if (result.type() == typeid(Poco::JSON::Object::Ptr)) {
      auto object = result.extract<Poco::JSON::Object::Ptr>();
      if (object) return object;
    }
  } catch (const Poco::Exception&) {
    // reported below
  }
  throw Unavailable(std::string(backend) + " answered with malformed JSON");
}

std::string required_string(const Poco::JSON::Object::Ptr& object, const std::string& name, std::string_view backend) {
  auto value = optional_string(object, name);
  if (!value || value->empty()) throw Unavailable(std::string(backend) + " answered without " + name);
  return *value;
}

std::optional<std::string> optional_string(const Poco::JSON::Object::Ptr& object, const std::string& name) {
  if (!object->has(name)) return std::nullopt;
  const auto value = object->get(name);
  if (!value.isString()) return std::nullopt;
  return value.convert<std::string>();
}

}  // namespace samverkan::adapters::detail
