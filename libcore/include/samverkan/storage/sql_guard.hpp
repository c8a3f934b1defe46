#pragma once
/// Runs a piece of database work and reports a SOCI error as samverkan::InternalError naming
/// what was being done; samverkan errors thrown inside pass through unchanged.
///
///   const auto n = storage::sql_guard("counting letters", [&] { ... return n; });

#include <soci/soci-backend.h>

#include <string>

#include "samverkan/core/error.hpp"

namespace samverkan::storage {

template <typename Body>
auto sql_guard(const char* what, Body&& body) -> decltype(body()) {
  try {
    return body();
  } catch (const Error&) {
    throw;
  } catch (const soci::soci_error& e) {
    throw InternalError(std::string("database error while ") + what + ": " + e.what());
  }
}

}  // namespace samverkan::storage
