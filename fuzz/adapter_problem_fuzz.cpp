// Error answers of adapter backends (adapters::RestClient::raise_for_status): a status and a
// body that may be problem+json ({"type", "title", "detail"}), another JSON error shape, or an
// HTML page of a proxy. Input: two bytes of status (100..599), then the body.
// Invariants: 2xx never throws; every other status throws the error kind its documentation
// maps it to; the message names the backend, quotes at most 200 bytes of the backend's
// explanation, and is valid UTF-8 whenever the body is.
#include <cstddef>
#include <cstdint>

#include "samverkan/adapters/rest_client.hpp"
#include "samverkan/core/error.hpp"
#include "support/fuzz_support.hpp"

using namespace samverkan;
using fuzz::check;

namespace {

ErrorKind expected_kind(int status) {
  switch (status) {
    case 400:
    case 422:
      return ErrorKind::kInvalidInput;
    case 404:
      return ErrorKind::kNotFound;
    case 409:
      return ErrorKind::kConflict;
    case 413:
      return ErrorKind::kTooLarge;
    default:
      return ErrorKind::kUnavailable;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  static const adapters::RestClient client({.base_url = "https://backend.invalid/api"}, "Fuzz backend");
  adapters::RestResponse response;
  response.status = 100 + (data[0] << 8 | data[1]) % 500;
  response.content_type = "application/problem+json";
  response.body = std::string(fuzz::as_text(data + 2, size - 2));
  try {
    client.raise_for_status(response);
    check(response.status >= 200 && response.status < 300, "only 2xx passes");
  } catch (const Error& e) {
    check(response.status < 200 || response.status >= 300, "2xx never throws");
    check(e.kind() == expected_kind(response.status), "the status maps to its error kind",
          std::to_string(response.status));
    const std::string_view message = e.what();
    check(message.rfind("Fuzz backend ", 0) == 0, "the message names the backend", message);
    check(message.size() <= 120 + 200 + 3, "at most 200 bytes of the backend's explanation", message);
    if (fuzz::valid_utf8(response.body)) check(fuzz::valid_utf8(message), "the message is UTF-8", message);
  }
  return 0;
}
