#include "bench/stats.h"

#include <gtest/gtest.h>

namespace suanli::bench {
namespace {

TEST(RepeatStats, OddCountTakesTheMiddleSample) {
  RepeatStats s = summarize({3.0, 1.0, 2.0, 9.0, 4.0});
  EXPECT_DOUBLE_EQ(s.min_s, 1.0);
  EXPECT_DOUBLE_EQ(s.median_s, 3.0);
  EXPECT_EQ(s.repeats, 5);
}

TEST(RepeatStats, EvenCountAveragesTheMiddlePair) {
  RepeatStats s = summarize({4.0, 1.0, 2.0, 10.0});
  EXPECT_DOUBLE_EQ(s.median_s, (2.0 + 4.0) / 2);
  EXPECT_DOUBLE_EQ(s.min_s, 1.0);
}

TEST(RepeatStats, EmptyIsZero) {
  RepeatStats s = summarize({});
  EXPECT_EQ(s.repeats, 0);
  EXPECT_EQ(s.median_s, 0.0);
}

}  // namespace
}  // namespace suanli::bench
