#include "base/utf8.h"

#include <gtest/gtest.h>

namespace rolecall::base {
namespace {

TEST(Utf8, EncodesEveryLength) {
  std::string out;
  for (const std::uint32_t cp : {0x41u, 0xe9u, 0x20acu, 0x1f600u}) append_utf8(out, cp);
  EXPECT_EQ(out, "A\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
}

}  // namespace
}  // namespace rolecall::base
