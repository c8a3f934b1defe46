// E-service definitions (eservices::parse_definition): what an owner uploads, schema-checked
// against xsd/eservice.xsd, then checked for what a schema cannot say.
// Invariants: a definition that parses keeps its bytes and their digest, parses again to the
// same definition, has unique field ids that find_field finds, and its patterns can be used;
// failures are DefinitionError (InvalidInput) naming the input.
#include <cstddef>
#include <cstdint>
#include <set>

#include "samverkan/core/error.hpp"
#include "samverkan/crypto/digest.hpp"
#include "samverkan/eservices/definition.hpp"
#include "support/fuzz_support.hpp"

using namespace samverkan;
using fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto xsd_dir = fuzz::source_dir() / "xsd";
  const auto text = fuzz::as_text(data, size);
  try {
    const auto definition = eservices::parse_definition(text, "fuzz.xml", xsd_dir);
    check(definition.source() == text, "source() is the bytes loaded");
    check(definition.digest() == crypto::sha256_hex(text), "digest() is the SHA-256 of the bytes");
    std::set<std::string> ids;
    for (const auto* field : definition.fields()) {
      check(ids.insert(field->id).second, "field ids are unique", field->id);
      check(definition.find_field(field->id) == field, "find_field finds each field", field->id);
      if (field->pattern) {
        (void)definition.matches_pattern(*field, "");
        (void)definition.matches_pattern(*field, "ABC123");
      }
    }
    const auto again = eservices::parse_definition(definition.source(), "again.xml", xsd_dir);
    check(again.digest() == definition.digest() && again.id() == definition.id() &&
              again.version() == definition.version() && again.fields().size() == definition.fields().size(),
          "a definition parses again to the same definition");
  } catch (const InvalidInput& e) {
    check(std::string_view(e.what()).find("fuzz.xml") != std::string_view::npos, "a problem names the input", e.what());
  }
  return 0;
}
