#include "base/huge_page_heap.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace rolecall::base {
namespace {

constexpr const char* kModes = "always [madvise] never\n";

TEST(HugePageTunables, AskedWhenTheKernelGivesHugePagesOnRequest) {
  EXPECT_EQ(huge_page_tunables(nullptr, kModes), "glibc.malloc.hugetlb=1");
  EXPECT_EQ(huge_page_tunables("", kModes), "glibc.malloc.hugetlb=1");
}

TEST(HugePageTunables, KeepsTheUsersOtherTunables) {
  EXPECT_EQ(huge_page_tunables("glibc.malloc.arena_max=2", kModes), "glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1");
}

TEST(HugePageTunables, NothingToAskWhenSetAlreadyEitherWay) {
  EXPECT_EQ(huge_page_tunables("glibc.malloc.hugetlb=1", kModes), std::nullopt);  // the restarted process
  EXPECT_EQ(huge_page_tunables("glibc.malloc.hugetlb=0", kModes), std::nullopt);  // the user said no
  EXPECT_EQ(huge_page_tunables("glibc.malloc.arena_max=2:glibc.malloc.hugetlb=0", kModes), std::nullopt);
}

TEST(HugePageTunables, NothingToAskUnlessHugePagesComeOnRequest) {
  EXPECT_EQ(huge_page_tunables(nullptr, "[always] madvise never\n"), std::nullopt);  // the heap has them
  EXPECT_EQ(huge_page_tunables(nullptr, "always madvise [never]\n"), std::nullopt);
  EXPECT_EQ(huge_page_tunables(nullptr, ""), std::nullopt);  // no transparent huge pages at all
}

std::string read_all(const std::filesystem::path& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

constexpr const char* kOutVar = "ROLECALL_HUGE_PAGE_TEST_OUT";

// Runs only in the process that restart_with_huge_page_heap exec'd: records what glibc was given.
TEST(HugePageHeapChild, DISABLED_RecordsTheTunables) {
  const char* out = std::getenv(kOutVar);
  ASSERT_NE(out, nullptr);
  const char* tunables = std::getenv("GLIBC_TUNABLES");
  std::ofstream(out) << "restarted with " << (tunables != nullptr ? tunables : "(unset)");
}

// A forked child restarts this test binary into the test above, or records that it carried on.
std::string restart_in_child(const char* tunables, bool marked = false) {
  const std::filesystem::path out =
      std::filesystem::temp_directory_path() / ("rolecall-huge-page-" + std::to_string(::getpid()));
  std::filesystem::remove(out);
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::setenv(kOutVar, out.c_str(), 1);
    if (marked) ::setenv("ROLECALL_HEAP_RESTARTED", "1", 1);
    if (tunables != nullptr) {
      ::setenv("GLIBC_TUNABLES", tunables, 1);
    } else {
      ::unsetenv("GLIBC_TUNABLES");
    }
    std::string self = std::filesystem::read_symlink("/proc/self/exe");
    std::string filter = "--gtest_filter=HugePageHeapChild.DISABLED_RecordsTheTunables";
    std::string disabled = "--gtest_also_run_disabled_tests";
    char* argv[] = {self.data(), filter.data(), disabled.data(), nullptr};
    restart_with_huge_page_heap(argv);
    const char* now = std::getenv("GLIBC_TUNABLES");
    std::ofstream(out) << "carried on with " << (now != nullptr ? now : "(unset)")
                       << (std::getenv("ROLECALL_HEAP_RESTARTED") != nullptr ? ", still marked" : "");
    std::_Exit(0);
  }
  int status = 0;
  EXPECT_EQ(::waitpid(pid, &status, 0), pid);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  std::string said = read_all(out);
  std::filesystem::remove(out);
  return said;
}

std::string kernel_modes() { return read_all("/sys/kernel/mm/transparent_hugepage/enabled"); }

TEST(HugePageHeap, RestartsOnceWithTheTunableOrCarriesOnUnchanged) {
  const bool asks = huge_page_restart_built_in() && huge_page_tunables(nullptr, kernel_modes()).has_value();
  EXPECT_EQ(restart_in_child(nullptr), asks ? "restarted with glibc.malloc.hugetlb=1" : "carried on with (unset)");
  const bool asks_too =
      huge_page_restart_built_in() && huge_page_tunables("glibc.malloc.arena_max=4", kernel_modes()).has_value();
  EXPECT_EQ(restart_in_child("glibc.malloc.arena_max=4"),
            asks_too ? "restarted with glibc.malloc.arena_max=4:glibc.malloc.hugetlb=1"
                     : "carried on with glibc.malloc.arena_max=4");
}

TEST(HugePageHeap, SetAlreadyMeansNoRestart) {
  EXPECT_EQ(restart_in_child("glibc.malloc.hugetlb=0"), "carried on with glibc.malloc.hugetlb=0");
}

TEST(HugePageHeap, TheRestartedProcessNeverRestartsAgainAndDropsItsMark) {
  // As if GLIBC_TUNABLES had not survived the exec: the mark alone stops a second restart.
  EXPECT_EQ(restart_in_child(nullptr, true), "carried on with (unset)");
}

}  // namespace
}  // namespace rolecall::base
