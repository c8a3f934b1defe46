#pragma once
/// Swedish public holidays (allmänna helgdagar, lag 1989:253), computed, never looked up.
///
/// Named holidays: nyårsdagen (1 Jan), trettondedag jul (6 Jan), långfredagen, påskdagen,
/// annandag påsk, första maj, Kristi himmelsfärds dag, pingstdagen, nationaldagen (6 Jun),
/// midsommardagen (the Saturday 20-26 Jun), alla helgons dag (the Saturday 31 Oct-6 Nov),
/// juldagen (25 Dec), annandag jul (26 Dec). Every Sunday is a public holiday as well.
/// Before 2005 annandag pingst was a holiday and nationaldagen was not; the functions follow
/// the rules of the year asked. Supported years: 1953 (when midsummer and All Saints' Day
/// moved to Saturdays) to 9999; others throw samverkan::InvalidInput.

#include <chrono>
#include <optional>
#include <string_view>
#include <vector>

namespace samverkan::calendar {

/// The first and last year the rules above cover.
inline constexpr int kFirstYear = 1953;
inline constexpr int kLastYear = 9999;

/// One named public holiday: its date and its Swedish name in lower case as the law writes it
/// ("påskdagen", "Kristi himmelsfärds dag").
struct Holiday {
  std::chrono::year_month_day date;
  std::string_view name;
};

/// Easter Sunday of the Gregorian calendar (the anonymous Gregorian computus, as in Meeus).
/// Throws samverkan::InvalidInput outside kFirstYear..kLastYear.
std::chrono::year_month_day easter_sunday(std::chrono::year year);

/// Midsummer Eve (midsommarafton): the Friday before midsommardagen. Not a public holiday, but
/// counted like one for deadlines (see counts_as_holiday_for_deadlines).
std::chrono::year_month_day midsummer_eve(std::chrono::year year);

/// The named public holidays of `year` in date order (Sundays other than påskdagen and
/// pingstdagen are not listed). Throws samverkan::InvalidInput outside the supported years.
std::vector<Holiday> public_holidays(std::chrono::year year);

/// The name of the named public holiday on `date`, if it is one. Throws
/// samverkan::InvalidInput for an invalid date or one outside the supported years.
std::optional<std::string_view> holiday_name(std::chrono::year_month_day date);

/// True for a named public holiday or any Sunday (both are allmänna helgdagar).
bool is_public_holiday(std::chrono::year_month_day date);

/// True when a deadline falling on `date` moves to the next day under lag (1930:173) om
/// beräkning av lagstadgad tid: a Saturday, a Sunday, a public holiday, midsommarafton,
/// julafton (24 Dec) or nyårsafton (31 Dec).
bool counts_as_holiday_for_deadlines(std::chrono::year_month_day date);

}  // namespace samverkan::calendar
