#pragma once
// The admin API under /_emulator/: GET state, GET truth, POST reset, POST load; every call needs the
// X-Emulator-Token header matching --admin-token (the API is off without a configured token).

#include <functional>
#include <string>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "rolecall/error.h"

namespace rolecall::emulator {

// What the admin API can do to the running emulator.
struct AdminHooks {
  std::function<nlohmann::json()> dump;
  std::function<Result<void>(const nlohmann::json&)> load;
  std::function<void()> reset;
  std::function<nlohmann::json()> truth;  // the current estate's ground truth
};

// Answers one /_emulator/<name> request: 404 when disabled or unknown, 401 on a missing or wrong
// token, 400 for a bad estate on load.
void handle_admin(const std::string& token, const AdminHooks& hooks, const httplib::Request& request,
                  httplib::Response& response);

}  // namespace rolecall::emulator
