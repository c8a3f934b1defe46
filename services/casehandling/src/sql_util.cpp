#include "detail/sql_util.hpp"

#include <Poco/UTF8String.h>

#include "samverkan/calendar/iso_date.hpp"
#include "samverkan/calendar/swedish_time.hpp"
#include "samverkan/core/text.hpp"

namespace samverkan::casehandling::detail {

std::string swedish_day_text(Clock::TimePoint at) { return calendar::format_iso_date(calendar::swedish_date(at)); }

std::string normalise_for_search(std::string_view text) {
  return Poco::UTF8::toLower(samverkan::text::collapse_whitespace(text));
}

}  // namespace samverkan::casehandling::detail
