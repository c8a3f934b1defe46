#pragma once
/// The ISO date helpers moved to calendar/iso_date.hpp, the one place for them; these names stay
/// for code not yet moved over (the hiring service). New code uses calendar:: directly.

#include "samverkan/calendar/iso_date.hpp"

namespace samverkan::adapters {

using calendar::format_iso_date;
using calendar::parse_iso_date;
using calendar::utc_date;

}  // namespace samverkan::adapters
