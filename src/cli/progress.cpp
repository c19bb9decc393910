#include "cli/progress.h"

#include <fmt/format.h>
#include <sys/ioctl.h>
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

// `line` cut to `columns` - 1 characters (UTF-8 code points: every one here is one column wide), so
// that it never wraps: a wrapped line cannot be redrawn in place with "\r".
std::string fit(const std::string& line, std::size_t columns) {
  if (columns < 2) return line;  // unknown width
  std::size_t shown = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const auto c = static_cast<unsigned char>(line[i]);
    if ((c & 0xC0) == 0x80) continue;  // a continuation byte: part of the character before
    if (++shown == columns) return line.substr(0, i);
  }
  return line;
}

std::size_t terminal_columns() {
  winsize size{};
  if (ioctl(STDERR_FILENO, TIOCGWINSZ, &size) != 0 || size.ws_col == 0) return 0;
  return size.ws_col;
}

}  // namespace

ProgressLine::ProgressLine(bool enabled, double log_every_seconds)
    : mode_(!enabled                     ? Mode::kOff
            : log_every_seconds > 0      ? Mode::kLog
            : isatty(STDERR_FILENO) == 1 ? Mode::kRedraw
                                         : Mode::kOff),
      log_every_(std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(log_every_seconds))),
      start_(Clock::now()),
      last_(start_) {}

void ProgressLine::write_log_line(const CollectProgress& p, Clock::time_point now) {
  const std::string elapsed = duration(std::chrono::duration<double>(now - start_).count());
  std::fprintf(stderr, "[%6s] %s\n", elapsed.c_str(), render(p, now).c_str());
  std::fflush(stderr);
}

std::string ProgressLine::render(const CollectProgress& p, Clock::time_point now, std::size_t columns) {
  struct Part {
    std::string text;
    bool finished;
  };
  std::vector<Part> parts;
  // Accounts once the collection knows them (not while their roles are still being assumed).
  if (p.accounts_total > 0) parts.push_back({fmt::format("accounts {}/{}", p.accounts_done, p.accounts_total), false});
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
    parts.push_back({std::move(text), ph.done == ph.total});
  };
  phase("identities", p.identities);
  phase("iam", p.iam);
  if (p.instances.total > 0) {
    phase("instances", p.instances, " regions");
    parts.back().text += ", " + grouped(p.instances_seen);
  }
  phase("user data", p.user_data);
  phase("templates", p.launch_templates, " regions");
  phase("keys", p.key_lookups);
  phase("CloudTrail", p.evidence, " pages");
  auto join = [&] {
    std::string line = "scanning:";
    for (std::size_t i = 0; i < parts.size(); ++i) line += (i ? " · " : " ") + parts[i].text;
    return line;
  };
  // On a narrow terminal the finished phases go first, oldest first: what still runs matters most.
  std::string line = join();
  for (std::size_t i = p.accounts_total > 0 ? 1 : 0;
       columns > 1 && i < parts.size() && fit(line, columns).size() < line.size();) {
    if (parts[i].finished) {
      parts.erase(parts.begin() + static_cast<std::ptrdiff_t>(i));
      line = join();
    } else {
      ++i;
    }
  }
  return fit(line, columns);
}

void ProgressLine::update(const CollectProgress& p) {
  if (mode_ == Mode::kOff) return;
  auto now = Clock::now();
  if (mode_ == Mode::kLog) {
    if (now - last_ < log_every_) {
      unlogged_ = p;  // written by finish() if no later line is due
      return;
    }
    last_ = now;
    unlogged_.reset();
    write_log_line(p, now);
    return;
  }
  if (drawn_ && now - last_ < std::chrono::milliseconds(100)) return;
  last_ = now;
  std::fprintf(stderr, "\r\x1b[K%s", render(p, now, terminal_columns()).c_str());
  std::fflush(stderr);
  drawn_ = true;
}

void ProgressLine::finish() {
  if (mode_ == Mode::kLog && unlogged_) {
    // The last state, however soon after the previous line: a log ends with where the collection ended.
    write_log_line(*unlogged_, Clock::now());
    unlogged_.reset();
    return;
  }
  if (!drawn_) return;
  std::fprintf(stderr, "\r\x1b[K");
  std::fflush(stderr);
  drawn_ = false;
}

}  // namespace rolecall::cli
