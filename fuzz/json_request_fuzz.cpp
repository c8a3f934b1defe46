// JSON request bodies: a submission by a trusted integration (eservices::detail::parse_intake,
// the richest JSON body the API reads: a personnummer, nested answers, base64 attachments).
// Input: two bytes for the date of submission, then the body.
// Invariants: a body that parses names a valid personnummer and holds no more bytes than it; a body
// that does not is InvalidInput whose message never repeats six or more digits of the body.
#include <cstddef>
#include <cstdint>

#include "detail/intake_json.hpp"
#include "samverkan/core/error.hpp"
#include "support/fuzz_support.hpp"

using namespace samverkan;
using fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const auto today = fuzz::reference_date(data[0], data[1]);
  const std::string body(fuzz::as_text(data + 2, size - 2));
  try {
    const auto request = eservices::detail::parse_intake(body, today);
    check(request.citizen.digits().size() == 12, "the citizen is a valid personnummer");
    check(ids::Personnummer::parse_any(request.citizen.digits(), today) == request.citizen,
          "the citizen's digits parse back");
    // JSON unescaping and base64 decoding only shrink: the request holds no more than the body.
    std::size_t bytes = request.request_id.size();
    for (const auto& [field, values] : request.answers.values) {
      bytes += field.size();
      for (const auto& value : values) bytes += value.size();
    }
    for (const auto& [field, file] : request.answers.attachments) {
      bytes += field.size() + file.file_name.size() + file.bytes.size();
    }
    check(bytes <= body.size(), "the parsed request is no larger than its body");
  } catch (const InvalidInput& e) {
    fuzz::check_no_identifier_echo(e.what(), body);
  }
  return 0;
}
