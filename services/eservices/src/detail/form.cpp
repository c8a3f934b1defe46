#include "detail/form.hpp"

#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/MessageHeader.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/Net/PartHandler.h>
#include <Poco/StreamCopier.h>

#include <sstream>

#include "samverkan/core/error.hpp"

namespace samverkan::eservices::detail {
namespace {

class FilePartHandler : public Poco::Net::PartHandler {
 public:
  explicit FilePartHandler(Form& form) : form_(form) {}
  void handlePart(const Poco::Net::MessageHeader& header, std::istream& stream) override {
    std::string disposition;
    Poco::Net::NameValueCollection parameters;
    Poco::Net::MessageHeader::splitParameters(header.get("Content-Disposition", ""), disposition, parameters);
    Attachment file;
    file.file_name = parameters.get("filename", "");
    Poco::StreamCopier::copyToString(stream, file.bytes);
    const std::string name = parameters.get("name", "");
    if (!name.empty() && !file.bytes.empty()) form_.files[name] = std::move(file);
  }

 private:
  Form& form_;
};

}  // namespace

Form parse_form(const http::Request& request) {
  Form form;
  Poco::Net::HTTPRequest poco_request(Poco::Net::HTTPRequest::HTTP_POST, "/", Poco::Net::HTTPMessage::HTTP_1_1);
  poco_request.setContentType(request.header("Content-Type").value_or(Poco::Net::HTMLForm::ENCODING_URL));
  std::istringstream body(request.body);
  FilePartHandler files(form);
  try {
    Poco::Net::HTMLForm html_form;
    html_form.setFieldLimit(500);
    html_form.load(poco_request, body, files);
    for (const auto& [name, value] : html_form) form.values[name].push_back(value);
  } catch (const Poco::Exception& e) {
    throw InvalidInput("unreadable form: " + e.displayText());
  }
  return form;
}

}  // namespace samverkan::eservices::detail
