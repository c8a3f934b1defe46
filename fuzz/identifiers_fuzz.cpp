// Swedish identifiers: personnummer, samordningsnummer, organisationsnummer, HSA-id, kommunkod,
// and the check_identifier entry point (`samverkan id check`). Every parser gets the same input;
// the first two bytes choose the reference date that resolves 10-digit centuries.
// Invariants: a parse that succeeds yields a valid value that survives a round trip through
// each of its written forms with the same reference date; the parse_* variants agree on the
// kind; failures are samverkan::InvalidInput and never repeat six or more digits of the input.
#include <cstddef>
#include <cstdint>

#include "samverkan/core/error.hpp"
#include "samverkan/ids/hsa_id.hpp"
#include "samverkan/ids/identifier_check.hpp"
#include "samverkan/ids/kommunkod.hpp"
#include "samverkan/ids/organisationsnummer.hpp"
#include "samverkan/ids/personnummer.hpp"
#include "support/fuzz_support.hpp"

using namespace samverkan;
using fuzz::check;

namespace {

bool all_digits(std::string_view text) { return text.find_first_not_of("0123456789") == std::string_view::npos; }

template <typename Parse>
bool refused(Parse&& parse) {
  try {
    parse();
    return false;
  } catch (const InvalidInput&) {
    return true;
  }
}

void personnummer(std::string_view text, std::chrono::year_month_day reference) {
  try {
    const auto p = ids::Personnummer::parse_any(text, reference);
    check(p.digits().size() == 12 && all_digits(p.digits()), "a personnummer is 12 digits", p.digits());
    check(p.birth_date().ok(), "the birth date is a real date");
    check(ids::Personnummer::parse_any(p.digits(), reference) == p, "the 12 digits parse back", p.digits());
    const std::string written = p.formatted(reference);
    try {
      check(ids::Personnummer::parse_any(written, reference) == p, "formatted() parses back to the same number",
            p.digits() + " -> " + written);
    } catch (const InvalidInput& e) {
      fuzz::fail("formatted() does not parse", p.digits() + " -> " + written + ": " + e.what());
    }
    if (p.is_samordningsnummer()) {
      check(refused([&] { (void)ids::Personnummer::parse(text, reference); }), "parse() refuses a samordningsnummer");
      check(ids::Personnummer::parse_samordningsnummer(text, reference) == p, "parse_samordningsnummer agrees");
    } else {
      check(ids::Personnummer::parse(text, reference) == p, "parse() agrees with parse_any()");
      check(refused([&] { (void)ids::Personnummer::parse_samordningsnummer(text, reference); }),
            "parse_samordningsnummer() refuses a personnummer");
    }
  } catch (const InvalidInput& e) {
    fuzz::check_no_identifier_echo(e.what(), text);
  }
}

void organisationsnummer(std::string_view text) {
  try {
    const auto o = ids::Organisationsnummer::parse(text);
    check(o.digits().size() == 10 && all_digits(o.digits()), "an organisation number is 10 digits", o.digits());
    check(ids::Organisationsnummer::parse(o.formatted()) == o, "formatted() parses back", o.formatted());
    check(ids::Organisationsnummer::parse(o.with_prefix()) == o, "with_prefix() parses back", o.with_prefix());
    check(ids::Organisationsnummer::parse(o.digits()) == o, "the digits parse back", o.digits());
  } catch (const InvalidInput& e) {
    fuzz::check_no_identifier_echo(e.what(), text);
  }
}

void hsa_id(std::string_view text) {
  try {
    const auto h = ids::HsaId::parse(text);
    check(h.str().size() <= ids::HsaId::kMaxLength, "an HSA-id is at most 31 characters", h.str());
    check(h.str().rfind("SE", 0) == 0, "an HSA-id starts with SE", h.str());
    check(ids::HsaId::parse(h.str()) == h, "str() parses back", h.str());
    check(!h.local_part().empty(), "an HSA-id has a local part", h.str());
    check(ids::Organisationsnummer::parse(h.organisation().digits()) == h.organisation(),
          "the organisation part is an organisation number", h.str());
  } catch (const InvalidInput& e) {
    fuzz::check_no_identifier_echo(e.what(), text);
  }
}

void kommunkod(std::string_view text) {
  try {
    const auto k = ids::Kommunkod::parse(text);
    check(k.str().size() == 4 && all_digits(k.str()), "a kommunkod is 4 digits", k.str());
    check(ids::Kommunkod::parse(k.str()) == k, "str() parses back", k.str());
    check(!k.county_name().empty(), "a kommunkod names its county", k.str());
  } catch (const InvalidInput&) {
    // Four digits at most: nothing to leak.
  }
}

void any_identifier(std::string_view text, std::chrono::year_month_day reference) {
  try {
    const auto found = ids::check_identifier(text, reference);
    using Kind = ids::IdentifierKind;
    switch (found.kind) {
      case Kind::kPersonnummer:
      case Kind::kSamordningsnummer: {
        const auto p = ids::Personnummer::parse_any(found.normalised, reference);
        check(p.is_samordningsnummer() == (found.kind == Kind::kSamordningsnummer), "check_identifier's kind");
        check(found.birth_date.has_value() && found.gender.has_value(), "a personnummer has a birth date and gender");
        break;
      }
      case Kind::kOrganisationsnummer:
        check(ids::Organisationsnummer::parse(found.normalised).digits() == found.normalised,
              "check_identifier's organisation number");
        break;
      case Kind::kHsaId:
        check(ids::HsaId::parse(found.normalised).str() == found.normalised, "check_identifier's HSA-id");
        break;
      case Kind::kKommunkod:
        check(ids::Kommunkod::parse(found.normalised).str() == found.normalised, "check_identifier's kommunkod");
        break;
    }
  } catch (const InvalidInput& e) {
    fuzz::check_no_identifier_echo(e.what(), text);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2 || size > 256) return 0;
  const auto reference = fuzz::reference_date(data[0], data[1]);
  const auto text = fuzz::as_text(data + 2, size - 2);
  personnummer(text, reference);
  organisationsnummer(text);
  hsa_id(text);
  kommunkod(text);
  any_identifier(text, reference);
  return 0;
}
