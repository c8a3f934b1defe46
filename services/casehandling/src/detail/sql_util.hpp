#pragma once
// Small helpers shared by the casehandling repositories: reading soci rows the same way on
// SQLite and PostgreSQL, time stamps, and wrapping SOCI errors at the module boundary.
#include <soci/soci.h>

#include <optional>
#include <string>

#include "samverkan/core/clock.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/storage/row.hpp"
#include "samverkan/storage/sql_guard.hpp"
#include "samverkan/storage/time.hpp"

namespace samverkan::casehandling::detail {

/// Columns read the same way on both databases (storage/row.hpp).
using storage::row_int;
using storage::row_optional_text;
using storage::row_optional_time;
using storage::row_text;
using storage::row_time;
/// "2026-11-22T10:15:30.123Z", the form written to {{timestamp}} columns.
inline std::string time_text(Clock::TimePoint at) { return storage::format_time(at); }
/// "2026-11-22": the Swedish calendar day at `at`.
std::string swedish_day_text(Clock::TimePoint at);

using storage::sql_guard;

/// Lower-case form for the SQLite search fallback: Unicode lower case (Poco::UTF8::toLower, so
/// Å, Ä, Ö, É, ... too), runs of white space collapsed to one space.
std::string normalise_for_search(std::string_view text);

}  // namespace samverkan::casehandling::detail
