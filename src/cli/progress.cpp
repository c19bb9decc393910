#include "cli/progress.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <vector>

namespace rolecall::cli {
namespace {

// 1234567 -> "1,234,567".
std::string grouped(std::size_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

// "42s", "3m05s", "1h02m".
std::string duration(double seconds) {
  const long long s = std::llround(std::max(0.0, seconds));
  if (s < 60) return fmt::format("{}s", s);
  if (s < 3600) return fmt::format("{}m{:02}s", s / 60, s % 60);
  return fmt::format("{}h{:02}m", s / 3600, (s % 3600) / 60);
}

}  // namespace

ProgressLine::ProgressLine(bool enabled)
    : enabled_(enabled && isatty(STDERR_FILENO) == 1), start_(Clock::now()), last_(start_) {}

std::string ProgressLine::render(const CollectProgress& p, Clock::time_point now) {
  std::vector<std::string> parts;
  parts.push_back(fmt::format("accounts {}/{}", p.accounts_done, p.accounts_total));
  // A phase with work: done/total, and while it runs its rate and the time left at that rate.
  auto phase = [&](const char* name, const PhaseProgress& ph, const std::string& unit = "") {
    if (ph.total == 0) return;
    auto [at, fresh] = phase_started_.try_emplace(name, now);
    std::string text = fmt::format("{} {}/{}{}", name, grouped(ph.done), grouped(ph.total), unit);
    const double secs = std::chrono::duration<double>(now - at->second).count();
    if (ph.done > 0 && ph.done < ph.total && secs > 0.5) {
      const double rate = static_cast<double>(ph.done) / secs;
      text += fmt::format(" ({:.0f}/s, ETA {})", rate, duration(static_cast<double>(ph.total - ph.done) / rate));
    }
    parts.push_back(std::move(text));
  };
  phase("iam", p.iam);
  if (p.instances.total > 0) {
    phase("instances", p.instances, " regions");
    parts.back() += ", " + grouped(p.instances_seen);
  }
  phase("user data", p.user_data);
  phase("templates", p.launch_templates, " regions");
  phase("keys", p.key_lookups);
  phase("CloudTrail", p.evidence, " pages");
  std::string line = "scanning:";
  for (std::size_t i = 0; i < parts.size(); ++i) line += (i ? " · " : " ") + parts[i];
  return line;
}

void ProgressLine::update(const CollectProgress& p) {
  if (!enabled_) return;
  auto now = Clock::now();
  if (drawn_ && now - last_ < std::chrono::milliseconds(100)) return;
  last_ = now;
  std::fprintf(stderr, "\r\x1b[K%s", render(p, now).c_str());
  std::fflush(stderr);
  drawn_ = true;
}

void ProgressLine::finish() {
  if (!drawn_) return;
  std::fprintf(stderr, "\r\x1b[K");
  std::fflush(stderr);
  drawn_ = false;
}

}  // namespace rolecall::cli
