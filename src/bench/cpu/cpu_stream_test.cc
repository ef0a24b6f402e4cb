#include "bench/cpu/cpu_stream.h"

#include <gtest/gtest.h>

#include <vector>

namespace suanli::bench {
namespace {

TEST(CpuStream, KernelsComputeWhatStreamDefines) {
  std::vector<double> a(19, 0.0), b(19), c(19);
  for (int i = 0; i < 19; ++i) b[i] = i, c[i] = 2 * i;
  EXPECT_DOUBLE_EQ(run_stream_slice(StreamKernel::read, a.data(), b.data(), c.data(), 0, 19),
                   18.0 * 19 / 2);
  run_stream_slice(StreamKernel::copy, a.data(), b.data(), c.data(), 2, 10);
  EXPECT_EQ(a[1], 0.0);
  EXPECT_EQ(a[5], 5.0);
  run_stream_slice(StreamKernel::triad, a.data(), b.data(), c.data(), 0, 19);
  EXPECT_EQ(a[7], 7.0 + 3.0 * 14.0);  // a = b + 3 c
  run_stream_slice(StreamKernel::write, a.data(), b.data(), c.data(), 0, 19);
  EXPECT_EQ(a[18], 3.0);
}

TEST(CpuStream, BytesFollowStreamCounting) {
  EXPECT_EQ(stream_bytes(StreamKernel::read, 100), 800.0);
  EXPECT_EQ(stream_bytes(StreamKernel::copy, 100), 2 * 800.0);
  EXPECT_EQ(stream_bytes(StreamKernel::triad, 100), 3 * 800.0);
}

TEST(CpuStream, MultiThreadedTimingReturnsSamples) {
  TimingOptions o{0, 2, 0.0, nullptr};
  Result<std::vector<double>> t = time_cpu_stream(StreamKernel::triad, 1 << 16, 2, o);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->size(), 2u);
  EXPECT_FALSE(time_cpu_stream(StreamKernel::copy, 0, 2, o).ok());
}

}  // namespace
}  // namespace suanli::bench
