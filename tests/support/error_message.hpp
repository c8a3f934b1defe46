#pragma once
// What a call that must fail threw, for tests that check the message or the diagnostics: a
// test failure when it throws nothing (another exception kind propagates and fails the test).
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "samverkan/config/diagnostics.hpp"

namespace samverkan::test {

/// The message of the `Error` that `body()` throws.
template <typename Error, typename Body>
std::string message_of(Body&& body) {
  try {
    body();
  } catch (const Error& error) {
    return error.what();
  }
  BOOST_FAIL("expected an error, nothing was thrown");
  return {};
}

/// The diagnostics of the config::ConfigError that `body()` throws.
template <typename Body>
std::vector<config::Diagnostic> diagnostics_of(Body&& body) {
  try {
    body();
  } catch (const config::ConfigError& error) {
    return error.diagnostics();
  }
  BOOST_FAIL("expected a ConfigError, nothing was thrown");
  return {};
}

}  // namespace samverkan::test
