#pragma once
/// Time stamps in {{timestamp}} columns (TEXT on SQLite, TIMESTAMPTZ on PostgreSQL): written
/// as one fixed-width UTC text both databases read and order correctly, read back from either.

#include <string>
#include <string_view>

#include "samverkan/core/clock.hpp"

namespace samverkan::storage {

/// "2026-03-01T12:00:00.000Z": milliseconds, UTC (the format of the SQLite dialect's {{now}};
/// PostgreSQL parses it too). Bind it as text.
std::string format_time(Clock::TimePoint at);

/// Parses what either database gives back for a {{timestamp}} column: the format above, or
/// PostgreSQL's "2026-03-01 12:00:00.123+00". Throws samverkan::InternalError otherwise.
Clock::TimePoint parse_time(std::string_view text);

}  // namespace samverkan::storage
