#pragma once
// Calendar dates for mutelist expiry (read and written with base/iso8601.h), and "today" on a clock.

#include <chrono>

#include "base/clock.h"

namespace rolecall::config {

// A valid calendar date.
using Date = std::chrono::year_month_day;

// Today's date in UTC on `clock`.
Date utc_today(const base::Clock& clock);

}  // namespace rolecall::config
