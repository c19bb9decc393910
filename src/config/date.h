#pragma once
// Calendar dates for mutelist expiry (read and written with base/iso8601.h), and an injectable "today".

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace rolecall::config {

// A valid calendar date.
using Date = std::chrono::year_month_day;

// Source of "today" (UTC); tests inject a fixed one.
using TodayFn = std::function<Date()>;

// Today's date in UTC from the system clock.
Date utc_today();

}  // namespace rolecall::config
