#include "emulator/server/admin.h"

#include <openssl/crypto.h>

#include "base/json_text.h"

namespace rolecall::emulator {
namespace {

void reply(httplib::Response& response, int status, const nlohmann::json& body) {
  response.status = status;
  response.set_content(base::json_text(body), "application/json");
}

bool token_matches(const std::string& expected, const std::string& given) {
  return expected.size() == given.size() && CRYPTO_memcmp(expected.data(), given.data(), expected.size()) == 0;
}

}  // namespace

void handle_admin(const std::string& token, const AdminHooks& hooks, const httplib::Request& request,
                  httplib::Response& response) {
  if (token.empty()) return reply(response, 404, {{"error", "the admin API is disabled (no --admin-token)"}});
  if (!request.has_header("X-Emulator-Token") || !token_matches(token, request.get_header_value("X-Emulator-Token"))) {
    return reply(response, 401, {{"error", "missing or wrong X-Emulator-Token"}});
  }
  std::string name = request.matches.size() > 1 ? request.matches[1].str() : std::string();
  if (name == "state" && request.method == "GET") {
    response.status = 200;
    response.set_content(base::json_text(hooks.dump(), 2), "application/json");
    return;
  }
  if (name == "truth" && request.method == "GET") {
    response.status = 200;
    response.set_content(base::json_text(hooks.truth(), 2), "application/json");
    return;
  }
  if (name == "reset" && request.method == "POST") {
    hooks.reset();
    return reply(response, 200, {{"status", "reset"}});
  }
  if (name == "load" && request.method == "POST") {
    auto doc = nlohmann::json::parse(request.body, nullptr, false);
    if (doc.is_discarded()) return reply(response, 400, {{"error", "the body is not JSON"}});
    auto loaded = hooks.load(doc);
    if (!loaded) return reply(response, 400, {{"error", loaded.error().message}});
    return reply(response, 200, {{"status", "loaded"}});
  }
  if (name == "scale" && request.method == "POST") {
    auto doc = nlohmann::json::parse(request.body, nullptr, false);
    if (doc.is_discarded() || !doc.is_object())
      return reply(response, 400, {{"error", "the body is not a JSON object"}});
    auto done = hooks.scale(doc);
    if (!done)
      return reply(response, done.error().kind == ErrorKind::kNotFound ? 404 : 400, {{"error", done.error().message}});
    return reply(response, 200, *done);
  }
  reply(response, 404, {{"error", "unknown admin endpoint: " + request.method + " /_emulator/" + name}});
}

}  // namespace rolecall::emulator
