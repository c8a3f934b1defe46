#include "samverkan/adapters/json_answer.hpp"

#include <Poco/Base64Encoder.h>
#include <Poco/Exception.h>
#include <Poco/JSON/Parser.h>

#include <sstream>

#include "samverkan/core/error.hpp"

namespace samverkan::adapters {

Poco::JSON::Object::Ptr json_object() { return new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER); }

Poco::JSON::Object::Ptr parse_json_object(const std::string& text, std::string_view backend) {
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
  if (!object || !object->has(name)) return std::nullopt;
  const auto value = object->get(name);
  if (!value.isString()) return std::nullopt;
  return value.convert<std::string>();
}

std::string base64(std::string_view bytes) {
  std::ostringstream out;
  Poco::Base64Encoder encoder(out);
  encoder.rdbuf()->setLineLength(0);
  encoder.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  encoder.close();
  return out.str();
}

}  // namespace samverkan::adapters
