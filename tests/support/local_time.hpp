#pragma once
// Swedish local time as the C library computes it from the same tz database (TZ set to
// Europe/Stockholm for the call): an independent yardstick for what pages and receipts show.
#include <chrono>
#include <string>

namespace samverkan::test {

/// "2026-11-22 11:15": `at` in Europe/Stockholm, to the minute.
std::string stockholm_minute(std::chrono::system_clock::time_point at);

}  // namespace samverkan::test
