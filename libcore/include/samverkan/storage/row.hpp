#pragma once
/// Reading soci::row columns the same way on SQLite and PostgreSQL, whose backends report
/// the same column with different C++ types (an INTEGER as int or long long, a timestamp as
/// text or std::tm, an aggregate without a declared type as text).

#include <soci/soci.h>

#include <concepts>
#include <cstddef>
#include <optional>
#include <string>
#include <utility>

#include "samverkan/core/clock.hpp"

namespace samverkan::storage {

namespace detail {
/// row_int's reading: the column as long long.
long long row_long_long(const soci::row& row, std::size_t index);
/// Throws samverkan::InternalError: the column's value does not fit the type asked for.
[[noreturn]] void integer_out_of_range(std::size_t index, long long value);
}  // namespace detail

/// An integer column whatever width or type the backend reports, as `Integer` (long long unless
/// asked for another): `row_int<int>(row, 2)` for a version or a number. Throws
/// samverkan::InternalError for NULL, a value that is not an integer, or one that `Integer`
/// cannot hold (never a silent narrowing). On SQLite, SOCI reads a column declared INTEGER as
/// int (sqlite3_column_int): a column whose values may pass 32 bits is declared BIGINT.
template <std::integral Integer = long long>
Integer row_int(const soci::row& row, std::size_t index) {
  const long long value = detail::row_long_long(row, index);
  if (!std::in_range<Integer>(value)) detail::integer_out_of_range(index, value);
  return static_cast<Integer>(value);
}

/// A text column; "" for NULL.
std::string row_text(const soci::row& row, std::size_t index);
std::optional<std::string> row_optional_text(const soci::row& row, std::size_t index);

/// A {{timestamp}} column (storage/time.hpp). Throws samverkan::InternalError for NULL.
Clock::TimePoint row_time(const soci::row& row, std::size_t index);
std::optional<Clock::TimePoint> row_optional_time(const soci::row& row, std::size_t index);

}  // namespace samverkan::storage
