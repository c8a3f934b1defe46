#include "json_reading.hpp"

#include <Poco/Base64Encoder.h>
#include <Poco/Exception.h>

#include <sstream>

namespace samverkan::client::detail {
namespace {

[[noreturn]] void missing(const std::string& name, const char* what) {
  throw ProtocolError("the server's answer has no " + std::string(what) + " member \"" + name + "\"");
}

}  // namespace

std::string text(const Poco::JSON::Object& object, const std::string& name) {
  auto value = optional_text(object, name);
  if (!value) missing(name, "string");
  return std::move(*value);
}

std::optional<std::string> optional_text(const Poco::JSON::Object& object, const std::string& name) {
  if (!object.has(name) || object.isNull(name)) return std::nullopt;
  const auto value = object.get(name);
  if (!value.isString()) missing(name, "string");
  return value.extract<std::string>();
}

long long integer(const Poco::JSON::Object& object, const std::string& name) {
  if (!object.has(name) || object.isNull(name)) missing(name, "number");
  const auto value = object.get(name);
  if (!value.isInteger()) missing(name, "whole-number");
  try {
    return value.convert<long long>();
  } catch (const Poco::Exception&) {
    missing(name, "whole-number");
  }
}

bool boolean(const Poco::JSON::Object& object, const std::string& name, bool fallback) {
  if (!object.has(name) || object.isNull(name)) return fallback;
  const auto value = object.get(name);
  if (!value.isBoolean()) missing(name, "boolean");
  return value.extract<bool>();
}

Poco::JSON::Object::Ptr object(const Poco::JSON::Object& parent, const std::string& name) {
  auto child = parent.getObject(name);
  if (!child) missing(name, "object");
  return child;
}

Poco::JSON::Array::Ptr array(const Poco::JSON::Object& parent, const std::string& name) {
  auto child = parent.getArray(name);
  if (!child) missing(name, "array");
  return child;
}

Poco::JSON::Object::Ptr element(const Poco::JSON::Array& array, std::size_t index) {
  auto item = array.getObject(static_cast<unsigned>(index));
  if (!item) throw ProtocolError("the server's answer has a list item that is not an object");
  return item;
}

LocalizedText localized(const Poco::JSON::Object& parent, const std::string& name) {
  LocalizedText out;
  if (!parent.has(name) || parent.isNull(name)) return out;
  const auto texts = object(parent, name);
  out.sv = optional_text(*texts, "sv").value_or("");
  out.en = optional_text(*texts, "en").value_or("");
  return out;
}

std::string base64(const std::string& bytes) {
  std::ostringstream out;
  Poco::Base64Encoder encoder(out);
  encoder.rdbuf()->setLineLength(0);
  encoder << bytes;
  encoder.close();
  return out.str();
}

std::string text_or_empty(const Poco::JSON::Object& object, const std::string& name) {
  return optional_text(object, name).value_or("");
}

int whole(const Poco::JSON::Object& object, const std::string& name) { return static_cast<int>(integer(object, name)); }

Poco::JSON::Object::Ptr optional_object(const Poco::JSON::Object& parent, const std::string& name) {
  if (!parent.has(name) || parent.isNull(name)) return nullptr;
  return object(parent, name);
}

std::vector<std::string> strings_of(const Poco::JSON::Object& parent, const std::string& name) {
  std::vector<std::string> out;
  if (!parent.has(name) || parent.isNull(name)) return out;
  const auto items = array(parent, name);
  for (std::size_t i = 0; i < items->size(); ++i) {
    const auto value = items->get(static_cast<unsigned>(i));
    if (!value.isString()) throw ProtocolError("the server's answer has a non-text item in \"" + name + "\"");
    out.push_back(value.extract<std::string>());
  }
  return out;
}

void set_if(Poco::JSON::Object& out, const std::string& name, const std::string& value) {
  if (!value.empty()) out.set(name, value);
}

std::string municipality_path(const std::string& kommunkod) {
  return "/api/v1/municipalities/" + url_encode(kommunkod);
}

}  // namespace samverkan::client::detail
