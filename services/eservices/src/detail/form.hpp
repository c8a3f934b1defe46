#pragma once
// A citizen page's form post as the pages read it (internal to the e-services library; the
// multipart fuzz target calls it too).

#include <map>
#include <string>
#include <vector>

#include "samverkan/eservices/answers.hpp"
#include "samverkan/http/message.hpp"

namespace samverkan::eservices::detail {

struct Form {
  std::map<std::string, std::vector<std::string>> values;
  std::map<std::string, Attachment> files;  ///< non-empty file parts by field name

  /// The first value of a field, "" when it has none.
  std::string first(const std::string& name) const {
    const auto found = values.find(name);
    return found == values.end() || found->second.empty() ? std::string() : found->second.front();
  }
};

/// Reads an application/x-www-form-urlencoded or multipart/form-data body (by the request's
/// Content-Type; url-encoded when there is none) with Poco's HTMLForm, at most 500 fields.
/// Throws samverkan::InvalidInput("unreadable form: ...") for a body that cannot be read.
Form parse_form(const http::Request& request);

}  // namespace samverkan::eservices::detail
