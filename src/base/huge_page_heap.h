#pragma once
// Starting the process again with glibc's malloc on transparent huge pages.

#include <optional>
#include <string>
#include <string_view>

namespace rolecall::base {

// The GLIBC_TUNABLES value that asks glibc's malloc for transparent huge pages, given the current
// value (nullptr: unset) and the kernel's /sys/kernel/mm/transparent_hugepage/enabled text;
// nullopt when there is nothing to ask: glibc.malloc.hugetlb is set already (by the user, either
// way, or by the start that exec'd this one), or the kernel does not hand out huge pages on
// request ("always": the heap has them already; "never"; unreadable).
std::optional<std::string> huge_page_tunables(const char* current, std::string_view thp_enabled);

// False in sanitizer builds, whose allocators replace glibc's: there the restart never happens.
bool huge_page_restart_built_in();

// When huge_page_tunables asks for a value, sets GLIBC_TUNABLES to it and execs this program again
// with the same arguments (glibc reads its tunables once, at start); returns only when it does
// not: nothing to ask, a sanitizer build, a set-user-ID start, the process already restarted (it
// removes the ROLECALL_HEAP_RESTARTED mark the exec carried), or the exec failed (the environment
// then as it was). For main() only, before any thread starts.
void restart_with_huge_page_heap(char** argv);

}  // namespace rolecall::base
