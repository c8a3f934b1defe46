#include "samverkan/adapters/json_answer.hpp"

#include <Poco/Exception.h>
#include <Poco/JSON/Parser.h>

#include <sstream>

#include "samverkan/calendar/iso_date.hpp"
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

void append_card_order(Poco::JSON::Object& json, const AccessCardOrder& order) {
  auto holder = json_object();
  holder->set("name", order.holder_name);
  holder->set("employmentId", order.employment_id);
  json.set("holder", holder);
  Poco::JSON::Array::Ptr zones = new Poco::JSON::Array;
  for (const auto& zone : order.zones) zones->add(zone);
  json.set("zones", zones);
  json.set("validFrom", calendar::format_iso_date(order.valid_from));
  if (order.valid_until) json.set("validUntil", calendar::format_iso_date(*order.valid_until));
  json.set("costCentre", order.cost_centre);
  json.set("pickupLocation", order.pickup_location);
}

}  // namespace samverkan::adapters
