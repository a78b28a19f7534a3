#include "core/calendar.h"

#include <cstdio>

namespace core {
namespace {

unsigned Digits(std::string_view text, size_t pos, size_t n) {
  unsigned v = 0;
  for (size_t i = pos; i < pos + n; ++i) v = v * 10 + static_cast<unsigned>(text[i] - '0');
  return v;
}

}  // namespace

bool ParseDay(std::string_view text, std::chrono::sys_days* day) {
  if (text.size() != 10 || (text[4] != '-' && text[4] != '/') || text[7] != text[4]) return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  std::chrono::year_month_day ymd{std::chrono::year{static_cast<int>(Digits(text, 0, 4))},
                                  std::chrono::month{Digits(text, 5, 2)},
                                  std::chrono::day{Digits(text, 8, 2)}};
  if (!ymd.ok()) return false;
  *day = std::chrono::sys_days(ymd);
  return true;
}

std::string FormatDay(std::chrono::sys_days day) {
  std::chrono::year_month_day ymd(day);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

std::string TodayUtc() {
  return FormatDay(std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()));
}

}  // namespace core
