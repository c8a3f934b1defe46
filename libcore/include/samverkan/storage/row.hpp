#pragma once
/// Reading soci::row columns the same way on SQLite and PostgreSQL, whose backends report
/// the same column with different C++ types (an INTEGER as int or long long, a timestamp as
/// text or std::tm, an aggregate without a declared type as text).

#include <soci/soci.h>

#include <cstddef>
#include <optional>
#include <string>

#include "samverkan/core/clock.hpp"

namespace samverkan::storage {

/// An integer column whatever width or type the backend reports. Throws
/// samverkan::InternalError for NULL or a value that is not an integer.
long long row_int(const soci::row& row, std::size_t index);

/// A text column; "" for NULL.
std::string row_text(const soci::row& row, std::size_t index);
std::optional<std::string> row_optional_text(const soci::row& row, std::size_t index);

/// A {{timestamp}} column (storage/time.hpp). Throws samverkan::InternalError for NULL.
Clock::TimePoint row_time(const soci::row& row, std::size_t index);
std::optional<Clock::TimePoint> row_optional_time(const soci::row& row, std::size_t index);

}  // namespace samverkan::storage
