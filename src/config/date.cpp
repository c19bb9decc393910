#include "config/date.h"

namespace rolecall::config {

Date utc_today(const base::Clock& clock) { return Date{std::chrono::floor<std::chrono::days>(clock.now())}; }

}  // namespace rolecall::config
