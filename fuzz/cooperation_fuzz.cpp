// Cooperation files (config::load_cooperation): the installation's configuration with every
// member's adapter settings, validated against xsd/cooperation.xsd and checked further.
// Invariants: a file that loads names a host that is a member, members with unique codes and
// organisation numbers that each find() and require_member() find; every failure is a
// ConfigError (InvalidInput) whose problems say file:line.
#include <cstddef>
#include <cstdint>
#include <set>

#include "samverkan/config/cooperation.hpp"
#include "samverkan/config/diagnostics.hpp"
#include "samverkan/core/error.hpp"
#include "support/fuzz_support.hpp"

using namespace samverkan;
using fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto xsd_dir = fuzz::source_dir() / "xsd";
  const auto file = fuzz::write_scratch("cooperation.xml", fuzz::as_text(data, size));
  try {
    const auto cooperation = config::load_cooperation(file, xsd_dir);
    check(cooperation.find(cooperation.host) != nullptr, "the host is a member");
    std::set<std::string> codes;
    for (const auto& member : cooperation.members) {
      check(codes.insert(member.code.str()).second, "member codes are unique", member.code.str());
      check(cooperation.find(member.code) == &member, "find() finds each member", member.code.str());
      check(&cooperation.require_member(member.code.str()) == &member, "require_member() finds each member");
    }
    try {
      (void)cooperation.require_member("not a code");
      fuzz::fail("require_member() accepts malformed text");
    } catch (const NotFound&) {
    }
  } catch (const config::ConfigError& e) {
    check(!e.diagnostics().empty(), "a ConfigError lists its problems");
    check(std::string_view(e.what()).find(file.string()) != std::string_view::npos, "a problem names the file",
          e.what());
  }
  return 0;
}
