// Form posts of the citizen and staff pages (http::parse_form, Poco's HTMLForm underneath):
// multipart/form-data with files and application/x-www-form-urlencoded. Input: the first line
// is the Content-Type header ("-" for none), the rest the body.
// Invariants: the fields and files read never add up to more bytes than the body (no
// amplification), files have a name and bytes, at most 500 fields are read, reading is
// deterministic; a body that cannot be read is InvalidInput "unreadable form: ...".
#include <cstddef>
#include <cstdint>

#include "samverkan/core/error.hpp"
#include "samverkan/http/page.hpp"
#include "support/fuzz_support.hpp"

using namespace samverkan;
using fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto text = fuzz::as_text(data, size);
  const auto newline = text.find('\n');
  if (newline == std::string_view::npos) return 0;
  http::Request request;
  request.method = "POST";
  request.path = "/e/0604/fuzz";
  const auto content_type = text.substr(0, newline);
  if (content_type != "-") request.headers.emplace_back("Content-Type", std::string(content_type));
  request.body = std::string(text.substr(newline + 1));
  try {
    const auto form = http::parse_form(request);
    std::size_t bytes = 0;
    for (const auto& [name, value] : form.fields) {
      check(!form.values(name).empty() && form.value(name) == form.values(name).front(), "value() is the first value");
      bytes += value.size();
    }
    for (const auto& file : form.files) {
      check(!file.field.empty() && !file.bytes.empty(), "a file has a name and bytes");
      check(form.file(file.field) != nullptr, "file() finds a file sent");
      bytes += file.bytes.size();
    }
    check(bytes <= request.body.size(), "a form holds no more bytes than its body");
    check(form.fields.size() <= 500, "at most 500 fields are read");
    const auto again = http::parse_form(request);
    check(again.fields == form.fields && again.files.size() == form.files.size(), "reading a form is deterministic");
  } catch (const InvalidInput& e) {
    check(std::string_view(e.what()).rfind("unreadable form: ", 0) == 0, "a refusal says the form is unreadable",
          e.what());
  }
  return 0;
}
