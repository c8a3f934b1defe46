#pragma once
// A cooperation of Aneby (0604, the host) and Eksjö (0686) made in code, for tests that mount
// routes without a cooperation file.
#include "samverkan/config/cooperation.hpp"
#include "samverkan/ids/kommunkod.hpp"
#include "samverkan/ids/organisationsnummer.hpp"

namespace samverkan::test {

inline config::Municipality test_member(const char* code, const char* organisation_number, const char* name) {
  const auto kommunkod = ids::Kommunkod::parse(code);
  config::Municipality member{kommunkod,
                              ids::Organisationsnummer::parse(organisation_number),
                              name,
                              name,
                              {},
                              {},
                              {},
                              {},
                              adapters::AdapterSettings{kommunkod}};
  return member;
}

inline config::Cooperation test_cooperation() {
  return config::Cooperation{
      "test",
      "Testsamverkan",
      ids::Kommunkod::parse("0604"),
      {test_member("0604", "212000-0043", "Aneby kommun"), test_member("0686", "212000-0860", "Eksjö kommun")},
      {}};
}

}  // namespace samverkan::test
