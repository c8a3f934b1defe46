#include "samverkan/http/page.hpp"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/MessageHeader.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/Net/PartHandler.h>
#include <Poco/StreamCopier.h>

#include <sstream>

#include "samverkan/core/error.hpp"
#include "samverkan/http/qr_code.hpp"

namespace samverkan::http {
namespace {

std::map<std::string, std::string, std::less<>> text_object(std::string_view json, std::string_view which) {
  Poco::JSON::Object::Ptr object;
  try {
    object = Poco::JSON::Parser().parse(std::string(json)).extract<Poco::JSON::Object::Ptr>();
  } catch (const Poco::Exception& e) {
    throw InternalError("the " + std::string(which) + " texts are not a JSON object: " + e.displayText());
  }
  if (object.isNull()) throw InternalError("the " + std::string(which) + " texts are not a JSON object");
  std::map<std::string, std::string, std::less<>> texts;
  for (const auto& [key, value] : *object) {
    if (!value.isString()) throw InternalError("the " + std::string(which) + " text " + key + " is not a string");
    texts.emplace(key, value.extract<std::string>());
  }
  return texts;
}

class FilePartHandler : public Poco::Net::PartHandler {
 public:
  explicit FilePartHandler(Form& form) : form_(form) {}
  void handlePart(const Poco::Net::MessageHeader& header, std::istream& stream) override {
    std::string disposition;
    Poco::Net::NameValueCollection parameters;
    Poco::Net::MessageHeader::splitParameters(header.get("Content-Disposition", ""), disposition, parameters);
    FormFile file{parameters.get("name", ""), parameters.get("filename", ""), header.get("Content-Type", ""), {}};
    Poco::StreamCopier::copyToString(stream, file.bytes);
    if (!file.field.empty() && !file.bytes.empty()) form_.files.push_back(std::move(file));
  }

 private:
  Form& form_;
};

}  // namespace

std::string_view to_string(Language language) noexcept { return language == Language::kEnglish ? "en" : "sv"; }

std::string Templates::render(const std::string& name, const mustache::data& data) const {
  const auto found = sources_.find(name);
  if (found == sources_.end()) throw InternalError("no page template " + name);
  mustache::mustache tmpl{std::string(found->second)};
  if (!tmpl.is_valid()) throw InternalError("page template " + name + ": " + tmpl.error_message());
  std::string out = tmpl.render(data);
  if (!tmpl.is_valid()) throw InternalError("page template " + name + ": " + tmpl.error_message());
  return out;
}

std::string_view Templates::source(const std::string& name) const {
  const auto found = sources_.find(name);
  if (found == sources_.end()) throw InternalError("no embedded file " + name);
  return found->second;
}

Texts Texts::from_json(std::string_view swedish, std::string_view english) {
  Texts texts;
  texts.swedish_ = text_object(swedish, "Swedish");
  texts.english_ = text_object(english, "English");
  for (const auto& [key, text] : texts.swedish_) {
    if (!texts.english_.contains(key)) throw InternalError("the text " + key + " has no English version");
  }
  for (const auto& [key, text] : texts.english_) {
    if (!texts.swedish_.contains(key)) throw InternalError("the text " + key + " has no Swedish version");
  }
  return texts;
}

bool Texts::has(std::string_view key) const { return swedish_.find(key) != swedish_.end(); }

const std::string& Texts::get(Language language, std::string_view key) const {
  const auto& texts = language == Language::kEnglish ? english_ : swedish_;
  const auto found = texts.find(key);
  if (found == texts.end()) throw InternalError("no text " + std::string(key));
  return found->second;
}

mustache::data Texts::data(Language language) const {
  mustache::data out{mustache::data::type::object};
  for (const auto& [key, text] : language == Language::kEnglish ? english_ : swedish_) out.set(key, text);
  return out;
}

void Texts::merge(const Texts& other) {
  for (const auto& [key, text] : other.swedish_) swedish_[key] = text;
  for (const auto& [key, text] : other.english_) english_[key] = text;
}

std::string Form::value(std::string_view name) const {
  for (const auto& [key, value] : fields) {
    if (key == name) return value;
  }
  return {};
}

std::vector<std::string> Form::values(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto& [key, value] : fields) {
    if (key == name) out.push_back(value);
  }
  return out;
}

const FormFile* Form::file(std::string_view name) const {
  for (const auto& file : files) {
    if (file.field == name) return &file;
  }
  return nullptr;
}

Form parse_form(const Request& request) {
  Form form;
  Poco::Net::HTTPRequest poco_request(Poco::Net::HTTPRequest::HTTP_POST, "/", Poco::Net::HTTPMessage::HTTP_1_1);
  poco_request.setContentType(request.header("Content-Type").value_or(Poco::Net::HTMLForm::ENCODING_URL));
  std::istringstream body(request.body);
  FilePartHandler files(form);
  try {
    Poco::Net::HTMLForm html_form;
    html_form.setFieldLimit(500);
    html_form.load(poco_request, body, files);
    for (const auto& [name, value] : html_form) form.fields.emplace_back(name, value);
  } catch (const Poco::Exception& e) {
    throw InvalidInput("unreadable form: " + e.displayText());
  }
  return form;
}

void set_qr_code(mustache::data& data, std::string_view content) {
  const QrCode code = encode_qr(content);
  constexpr int kQuietZone = 4;
  mustache::list runs;
  for (const QrRun& run : dark_runs(code)) {
    mustache::data item{mustache::data::type::object};
    item.set("x", std::to_string(run.x + kQuietZone));
    item.set("y", std::to_string(run.y + kQuietZone));
    item.set("w", std::to_string(run.length));
    runs.push_back(item);
  }
  data.set("qr_view", std::to_string(code.size + 2 * kQuietZone));
  data.set("qr_runs", runs);
}

Response html_response(int status, std::string body) {
  Response response;
  response.status = status;
  response.content_type = "text/html; charset=utf-8";
  response.body = std::move(body);
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

Response see_other(const std::string& location) {
  Response response;
  response.status = 303;
  response.content_type = "text/plain; charset=utf-8";
  response.headers.emplace_back("Location", location);
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

}  // namespace samverkan::http
