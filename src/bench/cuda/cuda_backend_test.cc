// GPU tests: compiled only with CUDA, skipped (with the reason) when no device is present.
#include <gtest/gtest.h>

#ifdef SUANLI_HAVE_CUDA
#include "bench/cuda/cuda_backend.h"
#include "bench/run.h"
#include "bench/stats.h"

namespace suanli::bench {
namespace {

std::unique_ptr<Backend> open_or_skip(std::string& why) {
  if (cuda_device_count(why) == 0) return nullptr;
  Result<std::unique_ptr<Backend>> b = make_cuda_backend(0, "gpu-test");
  if (!b.ok()) {
    why = b.error().message();
    return nullptr;
  }
  return std::move(*b);
}

TEST(CudaBackend, GemmThroughputIsPositiveAndBelowTheoreticalPeak) {
  std::string why;
  std::unique_ptr<Backend> gpu = open_or_skip(why);
  if (!gpu) GTEST_SKIP() << "no CUDA device: " << why;
  TimingOptions o{1, 3, 1e-3, nullptr};
  for (Precision p : gpu->gemm_precisions()) {
    Result<std::vector<double>> t = gpu->time_gemm(4096, 4096, 4096, p, o);
    ASSERT_TRUE(t.ok()) << to_string(p) << ": " << t.error().message();
    const double rate = 2.0 * 4096 * 4096 * 4096 / summarize(*t).median_s;
    EXPECT_GT(rate, 0);
    if (auto peak = gpu->facts().theoretical_flop_per_s[index_of(p)]) {
      EXPECT_LT(rate, 1.05 * *peak) << to_string(p);
    }
  }
}

TEST(CudaBackend, StreamBandwidthIsPositive) {
  std::string why;
  std::unique_ptr<Backend> gpu = open_or_skip(why);
  if (!gpu) GTEST_SKIP() << "no CUDA device: " << why;
  TimingOptions o{1, 3, 1e-3, nullptr};
  Result<std::vector<double>> t = gpu->time_stream(StreamKernel::copy, 1 << 26, o);
  ASSERT_TRUE(t.ok()) << t.error().message();
  EXPECT_GT(stream_bytes(StreamKernel::copy, 1 << 26) / summarize(*t).median_s, 1e11);
}

TEST(CudaBackend, MissingDeviceIndexIsAnError) {
  std::string why;
  const int count = cuda_device_count(why);
  Result<std::unique_ptr<Backend>> b = make_cuda_backend(count + 7, "x");
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.error().message().find('\n'), std::string::npos);
}

}  // namespace
}  // namespace suanli::bench
#else
TEST(CudaBackend, NotBuilt) {
  GTEST_SKIP() << "suanli was built without CUDA (SUANLI_CUDA=OFF or no nvcc)";
}
#endif
