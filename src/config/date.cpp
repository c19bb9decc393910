#include "config/date.h"

namespace rolecall::config {

Date utc_today() { return Date{std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())}; }

}  // namespace rolecall::config
