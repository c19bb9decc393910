#pragma once
// Calendar dates for mutelist expiry, and an injectable "today".

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace rolecall::config {

// A valid calendar date.
using Date = std::chrono::year_month_day;

// Parses exactly "YYYY-MM-DD" (a real calendar date); nullopt otherwise.
std::optional<Date> parse_date(std::string_view text);

// "YYYY-MM-DD".
std::string format_date(const Date& date);

// Source of "today" (UTC); tests inject a fixed one.
using TodayFn = std::function<Date()>;

// Today's date in UTC from the system clock.
Date utc_today();

}  // namespace rolecall::config
