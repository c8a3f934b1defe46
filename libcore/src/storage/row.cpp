#include "samverkan/storage/row.hpp"

#include <charconv>
#include <ctime>
#include <string>
#include <utility>

#include "samverkan/core/error.hpp"
#include "samverkan/storage/time.hpp"

namespace samverkan::storage {
namespace detail {

void integer_out_of_range(std::size_t index, long long value) {
  throw InternalError("the integer " + std::to_string(value) + " in column " + std::to_string(index) +
                      " from the database is out of range");
}

long long row_long_long(const soci::row& row, std::size_t index) {
  if (row.get_indicator(index) == soci::i_null) throw InternalError("unexpected NULL integer from the database");
  switch (row.get_properties(index).get_data_type()) {
    case soci::dt_integer:
      return row.get<int>(index);
    case soci::dt_long_long:
      return row.get<long long>(index);
    case soci::dt_unsigned_long_long: {
      const auto value = row.get<unsigned long long>(index);
      if (!std::in_range<long long>(value)) throw InternalError("the integer from the database is out of range");
      return static_cast<long long>(value);
    }
    case soci::dt_double:
      return static_cast<long long>(row.get<double>(index));
    case soci::dt_string: {
      const auto text = row.get<std::string>(index);
      long long value = 0;
      const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
      if (error != std::errc() || end != text.data() + text.size()) {
        throw InternalError("unexpected integer from the database");
      }
      return value;
    }
    default:
      throw InternalError("unexpected column type for an integer");
  }
}

}  // namespace detail

std::string row_text(const soci::row& row, std::size_t index) {
  if (row.get_indicator(index) == soci::i_null) return {};
  return row.get<std::string>(index);
}

std::optional<std::string> row_optional_text(const soci::row& row, std::size_t index) {
  if (row.get_indicator(index) == soci::i_null) return std::nullopt;
  return row.get<std::string>(index);
}

Clock::TimePoint row_time(const soci::row& row, std::size_t index) {
  if (row.get_indicator(index) == soci::i_null) throw InternalError("unexpected NULL time stamp from the database");
  // PostgreSQL reports timestamptz as a date (std::tm, whole seconds, in the session's time
  // zone, which the Database sets to UTC); SQLite as the text written.
  if (row.get_properties(index).get_data_type() == soci::dt_date) {
    auto tm = row.get<std::tm>(index);
    return Clock::TimePoint(std::chrono::seconds(timegm(&tm)));
  }
  return parse_time(row.get<std::string>(index));
}

std::optional<Clock::TimePoint> row_optional_time(const soci::row& row, std::size_t index) {
  if (row.get_indicator(index) == soci::i_null) return std::nullopt;
  return row_time(row, index);
}

}  // namespace samverkan::storage
