#include "detail/intake_json.hpp"

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <iterator>
#include <sstream>
#include <typeinfo>

#include "samverkan/core/base64.hpp"
#include "samverkan/core/error.hpp"

namespace samverkan::eservices::detail {
namespace {

// A field name (a JSON key the client chose) as an error message may repeat it: a key of the
// definitions' syntax (lower-case ASCII letters, digits and '-', at most 64) with no six digits
// in a row, which could be a personnummer or another identifier sent where a key belongs and
// must not reach a log. Anything else is described, not repeated.
std::string field_label(const std::string& name) {
  constexpr std::size_t kMaxKey = 64;
  constexpr int kIdentifierDigits = 6;
  bool key = !name.empty() && name.size() <= kMaxKey;
  int digits_in_a_row = 0;
  for (const char c : name) {
    const bool digit = c >= '0' && c <= '9';
    digits_in_a_row = digit ? digits_in_a_row + 1 : 0;
    if (!(digit || (c >= 'a' && c <= 'z') || c == '-') || digits_in_a_row >= kIdentifierDigits) key = false;
  }
  return key ? name : "(a field name that is not a key)";
}

// Line breaks may wrap the text (as MIME encoders do); nothing else but the alphabet.
std::string decode_base64(const std::string& text, const std::string& field) {
  auto bytes = text.find_first_of(" \t") == std::string::npos ? base64::decode(text, base64::Whitespace::kSkipped)
                                                              : std::nullopt;
  if (!bytes) throw InvalidInput("attachments." + field_label(field) + ".contentBase64 must be base64");
  return std::move(*bytes);
}

}  // namespace

IntakeRequest parse_intake(const std::string& body, std::chrono::year_month_day today) {
  Poco::JSON::Object::Ptr object;
  try {
    object = Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
  } catch (const Poco::Exception&) {
  } catch (const std::bad_cast&) {
  }
  if (object.isNull()) throw InvalidInput("the body must be a JSON object");
  const auto text = [&](const char* name) {
    if (!object->has(name) || !object->get(name).isString()) {
      throw InvalidInput(std::string("\"") + name + "\" (a string) is required");
    }
    return object->getValue<std::string>(name);
  };
  IntakeRequest request{text("requestId"), ids::Personnummer::parse_any(text("personnummer"), today), 0, {}};
  if (!object->has("version") || !object->get("version").isInteger()) {
    throw InvalidInput("\"version\" (an integer) is required");
  }
  try {
    request.version = object->getValue<int>("version");
  } catch (const Poco::RangeException&) {
    throw InvalidInput("\"version\" is out of range");
  }
  const auto answers = object->getObject("answers");
  if (answers.isNull()) throw InvalidInput("\"answers\" (an object) is required");
  for (const auto& name : answers->getNames()) {
    const auto value = answers->get(name);
    auto& list = request.answers.values[name];
    if (value.isString()) {
      list.push_back(value.extract<std::string>());
    } else if (const auto array = answers->getArray(name); !array.isNull()) {
      for (std::size_t i = 0; i < array->size(); ++i) {
        const auto element = array->get(static_cast<unsigned>(i));
        if (!element.isString()) throw InvalidInput("answers." + field_label(name) + " holds strings only");
        list.push_back(element.extract<std::string>());
      }
    } else {
      throw InvalidInput("answers." + field_label(name) + " must be a string or an array of strings");
    }
  }
  if (object->has("attachments")) {
    const auto files = object->getObject("attachments");
    if (files.isNull()) throw InvalidInput("\"attachments\" must be an object");
    for (const auto& name : files->getNames()) {
      const auto file = files->getObject(name);
      if (file.isNull() || !file->has("fileName") || !file->get("fileName").isString() || !file->has("contentBase64") ||
          !file->get("contentBase64").isString()) {
        throw InvalidInput("attachments." + field_label(name) + " needs \"fileName\" and \"contentBase64\" (strings)");
      }
      request.answers.attachments[name] = Attachment{file->getValue<std::string>("fileName"),
                                                     decode_base64(file->getValue<std::string>("contentBase64"), name)};
    }
  }
  return request;
}

}  // namespace samverkan::eservices::detail
