#include <catch2/catch.hpp>

#include <string>

#include "core/calendar.h"

TEST_CASE("calendar days: parse, format, reject what the calendar lacks", "[core]") {
  struct Case {
    const char* text;
    bool ok;
  };
  const Case cases[] = {{"2024-02-29", true}, {"2024/02/29", true}, {"2023-02-29", false},
                        {"2024-13-01", false}, {"2024-1-01", false}, {"2024-01-01x", false},
                        {"2024/01-01", false}, {"yesterday", false}, {"", false}};
  for (const Case& c : cases) {
    INFO(c.text);
    std::chrono::sys_days day;
    REQUIRE(core::ParseDay(c.text, &day) == c.ok);
    if (c.ok) CHECK(core::FormatDay(day) == "2024-02-29");
  }
  std::chrono::sys_days a, b;
  REQUIRE(core::ParseDay("2024-12-31", &a));
  REQUIRE(core::ParseDay("2025-01-01", &b));
  CHECK(b - a == std::chrono::days(1));
  std::chrono::sys_days today;
  CHECK(core::ParseDay(core::TodayUtc(), &today));
}
