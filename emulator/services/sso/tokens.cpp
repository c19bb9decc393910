// The readable token format of tokens.h.
#include "emulator/services/sso/tokens.h"

#include <charconv>

#include "base/iso8601.h"

namespace rolecall::emulator::sso {
namespace {

constexpr std::string_view kAccessPrefix = "rolecall-sso";
constexpr std::string_view kRefreshPrefix = "rolecall-sso-refresh";

std::vector<std::string_view> split(std::string_view text) {
  std::vector<std::string_view> parts;
  for (;;) {
    std::size_t semi = text.find(';');
    parts.push_back(text.substr(0, semi));
    if (semi == std::string_view::npos) return parts;
    text.remove_prefix(semi + 1);
  }
}

std::string join(const std::vector<Assignment>& assignments) {
  std::string out;
  for (const auto& a : assignments) out += ";" + a.account_id + "/" + a.role_name;
  return out;
}

// The assignments in parts[from..]; nullopt when one is not "<12 digits>/<name>".
std::optional<std::vector<Assignment>> assignments_of(const std::vector<std::string_view>& parts, std::size_t from) {
  std::vector<Assignment> out;
  for (std::size_t i = from; i < parts.size(); ++i) {
    std::size_t slash = parts[i].find('/');
    if (slash != 12 || slash + 1 >= parts[i].size()) return std::nullopt;
    std::string_view account = parts[i].substr(0, slash);
    if (account.find_first_not_of("0123456789") != std::string_view::npos) return std::nullopt;
    out.push_back({std::string(account), std::string(parts[i].substr(slash + 1))});
  }
  if (out.empty()) return std::nullopt;
  return out;
}

}  // namespace

std::string make_access_token(std::chrono::system_clock::time_point expires_at,
                              const std::vector<Assignment>& assignments) {
  auto seconds = std::chrono::duration_cast<std::chrono::seconds>(expires_at.time_since_epoch()).count();
  return std::string(kAccessPrefix) + ";" + std::to_string(seconds) + join(assignments);
}

std::string make_refresh_token(const std::string& client_id, const std::vector<Assignment>& assignments) {
  return std::string(kRefreshPrefix) + ";" + client_id + join(assignments);
}

std::optional<AccessToken> parse_access_token(std::string_view text) {
  auto parts = split(text);
  if (parts.size() < 3 || parts[0] != kAccessPrefix) return std::nullopt;
  long long seconds = 0;
  auto [end, ec] = std::from_chars(parts[1].data(), parts[1].data() + parts[1].size(), seconds);
  if (ec != std::errc() || end != parts[1].data() + parts[1].size()) return std::nullopt;
  auto assignments = assignments_of(parts, 2);
  if (!assignments) return std::nullopt;
  return AccessToken{base::time_from_epoch_seconds(seconds), std::move(*assignments)};
}

std::optional<RefreshToken> parse_refresh_token(std::string_view text) {
  auto parts = split(text);
  if (parts.size() < 3 || parts[0] != kRefreshPrefix || parts[1].empty()) return std::nullopt;
  auto assignments = assignments_of(parts, 2);
  if (!assignments) return std::nullopt;
  return RefreshToken{std::string(parts[1]), std::move(*assignments)};
}

}  // namespace rolecall::emulator::sso
