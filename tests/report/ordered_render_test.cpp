// write_in_order: the text of every item, in item order, whatever the thread count and however
// unevenly long the items take to render.
#include <gtest/gtest.h>

#include <chrono>
#include <sstream>
#include <thread>

#include "report/ordered_render.h"

namespace rolecall::report {
namespace {

std::string expected_text(std::size_t count) {
  std::string out;
  for (std::size_t i = 0; i < count; ++i) out += std::to_string(i) + ",";
  return out;
}

TEST(WriteInOrder, EveryItemOnceInOrderForAnyThreadCount) {
  for (std::size_t count : {std::size_t{0}, std::size_t{1}, std::size_t{1023}, std::size_t{1024}, std::size_t{50001}}) {
    for (unsigned threads : {1u, 2u, 3u, 8u, 0u}) {
      std::ostringstream out;
      write_in_order(
          count, [](std::size_t i, std::string& text) { text += std::to_string(i) + ","; }, out, threads);
      ASSERT_EQ(out.str(), expected_text(count)) << count << " items, " << threads << " threads";
    }
  }
}

TEST(WriteInOrder, ASlowFirstChunkDoesNotReorderOrDropTheRest) {
  std::ostringstream out;
  write_in_order(
      20 * 1024,
      [](std::size_t i, std::string& text) {
        if (i == 0) std::this_thread::sleep_for(std::chrono::milliseconds(50));  // the others run ahead
        text += std::to_string(i) + ",";
      },
      out, 4);
  EXPECT_EQ(out.str(), expected_text(20 * 1024));
}

}  // namespace
}  // namespace rolecall::report
