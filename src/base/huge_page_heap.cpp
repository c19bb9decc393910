#include "base/huge_page_heap.h"

#include <sys/auxv.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iterator>

namespace rolecall::base {
namespace {

constexpr const char* kTunables = "GLIBC_TUNABLES";
// Set for the exec and removed by the restarted process: a second start never restarts, even where
// GLIBC_TUNABLES does not survive the exec (a set-user-ID start drops it).
constexpr const char* kRestarted = "ROLECALL_HEAP_RESTARTED";
constexpr std::string_view kHugeTlb = "glibc.malloc.hugetlb";

// The sanitizers' allocators replace glibc's: the tunable would change nothing but the start time.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
#else
constexpr bool kSanitized = false;
#endif

}  // namespace

std::optional<std::string> huge_page_tunables(const char* current, std::string_view thp_enabled) {
  const std::string before = current != nullptr ? current : "";
  if (before.find(kHugeTlb) != std::string::npos) return std::nullopt;
  // The selected mode is the bracketed one: "always [madvise] never".
  if (thp_enabled.find("[madvise]") == std::string_view::npos) return std::nullopt;
  return (before.empty() ? "" : before + ":") + std::string(kHugeTlb) + "=1";
}

bool huge_page_restart_built_in() { return !kSanitized; }

void restart_with_huge_page_heap(char** argv) {
  if (std::getenv(kRestarted) != nullptr) {
    ::unsetenv(kRestarted);  // not for the processes this one starts
    return;
  }
  if (kSanitized || argv == nullptr || argv[0] == nullptr || ::getauxval(AT_SECURE) != 0) return;
  std::ifstream in("/sys/kernel/mm/transparent_hugepage/enabled");
  const std::string mode((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const char* current = std::getenv(kTunables);
  const std::optional<std::string> wanted = huge_page_tunables(current, mode);
  if (!wanted) return;
  const std::optional<std::string> before = current != nullptr ? std::optional<std::string>(current) : std::nullopt;
  // Carrying on with 4 KiB pages: the environment as it was.
  auto restore = [&before] {
    ::unsetenv(kRestarted);
    if (before) {
      ::setenv(kTunables, before->c_str(), 1);
    } else {
      ::unsetenv(kTunables);
    }
  };
  if (::setenv(kTunables, wanted->c_str(), 1) != 0 || ::setenv(kRestarted, "1", 1) != 0) {
    restore();
    return;
  }
  ::execv("/proc/self/exe", argv);
  restore();  // no /proc, or the binary is gone
}

}  // namespace rolecall::base
