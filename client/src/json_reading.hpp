#pragma once
// Reading the platform's JSON answers into the typed results: a member the API documents as
// required and missing (or of another type) is a ProtocolError naming it.

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "samverkan/client/errands.hpp"
#include "samverkan/client/errors.hpp"

namespace samverkan::client::detail {

/// The required string member `name`.
std::string text(const Poco::JSON::Object& object, const std::string& name);
/// The string member `name`; nullopt when absent or null.
std::optional<std::string> optional_text(const Poco::JSON::Object& object, const std::string& name);
/// The required whole-number member `name`.
long long integer(const Poco::JSON::Object& object, const std::string& name);
/// The boolean member `name`; `fallback` when absent.
bool boolean(const Poco::JSON::Object& object, const std::string& name, bool fallback);
/// The required object member `name`.
Poco::JSON::Object::Ptr object(const Poco::JSON::Object& object, const std::string& name);
/// The required array member `name`.
Poco::JSON::Array::Ptr array(const Poco::JSON::Object& object, const std::string& name);
/// The required object at `index` of `array`.
Poco::JSON::Object::Ptr element(const Poco::JSON::Array& array, std::size_t index);
/// {"sv": ..., "en": ...}
LocalizedText localized(const Poco::JSON::Object& object, const std::string& name);
/// The string member `name`; "" when absent or null.
std::string text_or_empty(const Poco::JSON::Object& object, const std::string& name);
/// The required whole-number member `name` as an int.
int whole(const Poco::JSON::Object& object, const std::string& name);
/// The object member `name`; null when absent or null.
Poco::JSON::Object::Ptr optional_object(const Poco::JSON::Object& parent, const std::string& name);
/// The array member `name` of strings; empty when absent or null.
std::vector<std::string> strings_of(const Poco::JSON::Object& parent, const std::string& name);
/// Sets `name` to `value` unless `value` is empty.
void set_if(Poco::JSON::Object& out, const std::string& name, const std::string& value);

/// "/api/v1/municipalities/<kommunkod>", the base of a municipality's operations.
std::string municipality_path(const std::string& kommunkod);

/// The array member `name` of `answer`, each object read by `read`.
template <typename T, typename Read>
std::vector<T> list_of(const Poco::JSON::Object& answer, const std::string& name, Read read) {
  const auto items = array(answer, name);
  std::vector<T> out;
  out.reserve(items->size());
  for (std::size_t i = 0; i < items->size(); ++i) out.push_back(read(*element(*items, i)));
  return out;
}

/// `bytes` in base64 (RFC 4648, no line breaks).
std::string base64(const std::string& bytes);

}  // namespace samverkan::client::detail
