#pragma once
// The admin API under /_emulator/: GET state, GET truth, POST reset, POST load, POST scale (an Auto
// Scaling replacement, docs/emulator.md); every call needs the X-Emulator-Token header matching
// --admin-token (the API is off without a configured token).

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
  // {"account", "region", "group"} -> {"terminated", "launched", ...}: one group replaces an instance.
  std::function<Result<nlohmann::json>(const nlohmann::json&)> scale;
};

// Answers one /_emulator/<name> request: 404 when disabled or unknown, 401 on a missing or wrong
// token, 400 for a bad estate on load or a bad scale request (404 for an unknown group).
void handle_admin(const std::string& token, const AdminHooks& hooks, const httplib::Request& request,
                  httplib::Response& response);

}  // namespace rolecall::emulator
