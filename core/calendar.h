// Calendar days as the CLI and the search services write them: "YYYY-MM-DD".
#ifndef WINNOW_CORE_CALENDAR_H_
#define WINNOW_CORE_CALENDAR_H_

#include <chrono>
#include <string>
#include <string_view>

namespace core {

// "2024-02-29" (or "2024/02/29") -> the day; false for any other text or a
// day the calendar does not have ("2023-02-29").
bool ParseDay(std::string_view text, std::chrono::sys_days* day);
// The day as "YYYY-MM-DD".
std::string FormatDay(std::chrono::sys_days day);
// Today in UTC, "YYYY-MM-DD".
std::string TodayUtc();

}  // namespace core

#endif  // WINNOW_CORE_CALENDAR_H_
