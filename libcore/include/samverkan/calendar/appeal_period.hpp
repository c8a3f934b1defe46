#pragma once
/// The appeal period of a municipal decision (laglighetsprövning).
///
/// Kommunallagen (2017:725) 13 kap. 5 §: an appeal must reach the court within three weeks from
/// the day the notice that the minutes have been adjusted was posted on the municipality's
/// notice board. Three weeks from day D ends on D + 21 days; when that day is a Saturday,
/// Sunday, public holiday, midsommarafton, julafton or nyårsafton, the period runs to the next
/// day that is none of these (lag 1930:173 om beräkning av lagstadgad tid).
///
///   appeal_deadline(2026-12-03) == 2026-12-28   (24 Dec: julafton, 25-26: juldagen and
///                                                annandag jul, 27: Sunday)

#include <chrono>

namespace samverkan::calendar {

/// The period in days from the day of posting to the nominal last day (three weeks).
inline constexpr int kAppealPeriodDays = 21;

/// `date` itself when it is not a day that counts as a holiday for deadlines, otherwise the
/// first following day that is not. Throws samverkan::InvalidInput for an invalid date or one
/// outside the supported years (calendar/holidays.hpp).
std::chrono::year_month_day next_deadline_day(std::chrono::year_month_day date);

/// The last day to appeal when the notice was posted on `posted`: posted + 21 days, moved by
/// next_deadline_day(). Throws samverkan::InvalidInput as next_deadline_day().
std::chrono::year_month_day appeal_deadline(std::chrono::year_month_day posted);

}  // namespace samverkan::calendar
