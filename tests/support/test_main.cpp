#include <gtest/gtest.h>

// Shared main for every test binary.
int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
