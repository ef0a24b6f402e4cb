#include "bench/cpu/cpu_gemm.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace suanli::bench {
namespace {

template <class T>
std::vector<T> random(size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> d(-1, 1);
  std::vector<T> v(n);
  for (T& x : v) x = static_cast<T>(d(rng));
  return v;
}

// C = A B with the textbook triple loop, in double.
template <class T>
std::vector<double> naive(int64_t m, int64_t n, int64_t k, const std::vector<T>& a,
                          const std::vector<T>& b) {
  std::vector<double> c(m * n, 0.0);
  for (int64_t i = 0; i < m; ++i)
    for (int64_t p = 0; p < k; ++p)
      for (int64_t j = 0; j < n; ++j) c[i * n + j] += double(a[i * k + p]) * double(b[p * n + j]);
  return c;
}

TEST(CpuGemm, Fp32MatchesNaiveProduct) {
  for (auto [m, n, k] :
       {std::tuple<int64_t, int64_t, int64_t>{1, 1, 1}, {7, 5, 3}, {33, 17, 65}, {128, 64, 96}}) {
    const auto a = random<float>(m * k, 1), b = random<float>(k * n, 2);
    std::vector<float> c(m * n);
    ASSERT_TRUE(cpu_gemm(Precision::fp32, m, n, k, a, b, c).ok());
    const std::vector<double> ref = naive(m, n, k, a, b);
    // FP32 accumulation of k terms of magnitude <= 1: error <= k * 2^-24 (Higham, Thm 3.5).
    for (int64_t i = 0; i < m * n; ++i) EXPECT_NEAR(c[i], ref[i], k * std::ldexp(1.0, -24) * 4);
  }
}

TEST(CpuGemm, Fp64MatchesNaiveProduct) {
  const int64_t m = 31, n = 29, k = 47;
  const auto a = random<double>(m * k, 3), b = random<double>(k * n, 4);
  std::vector<double> c(m * n);
  ASSERT_TRUE(cpu_gemm(m, n, k, a, b, c).ok());
  const std::vector<double> ref = naive(m, n, k, a, b);
  for (int64_t i = 0; i < m * n; ++i) EXPECT_NEAR(c[i], ref[i], k * 1e-15);
}

TEST(CpuGemm, Bf16EitherMatchesWithinBf16RoundingOrSaysWhy) {
  const std::string why = cpu_bf16_unsupported_reason(read_host_cpu());
  const int64_t m = 16, n = 16, k = 32;
  const auto a = random<float>(m * k, 5), b = random<float>(k * n, 6);
  std::vector<float> c(m * n);
  Status s = cpu_gemm(Precision::bf16, m, n, k, a, b, c);
  if (!why.empty()) {
    EXPECT_EQ(why.rfind("bf16: ", 0), 0u);
    GTEST_SKIP() << why;
  }
  ASSERT_TRUE(s.ok());
  const std::vector<double> ref = naive(m, n, k, a, b);
  // Each BF16 operand carries a relative rounding error <= 2^-8.
  for (int64_t i = 0; i < m * n; ++i) EXPECT_NEAR(c[i], ref[i], k * 2 * std::ldexp(1.0, -8));
}

TEST(CpuGemm, TimingReturnsOneSamplePerRepeat) {
  TimingOptions o{0, 3, 0.0, nullptr};
  Result<std::vector<double>> t = time_cpu_gemm(64, 64, 64, Precision::fp32, o);
  ASSERT_TRUE(t.ok());
  ASSERT_EQ(t->size(), 3u);
  for (double s : *t) EXPECT_GT(s, 0.0);
  EXPECT_FALSE(time_cpu_gemm(8, 8, 8, Precision::fp8, o).ok());
}

TEST(CpuGemm, StopsWhenInterrupted) {
  std::atomic<bool> stop{true};
  TimingOptions o{0, 3, 0.0, &stop};
  Result<std::vector<double>> t = time_cpu_gemm(32, 32, 32, Precision::fp32, o);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().message(), "interrupted");
}

}  // namespace
}  // namespace suanli::bench
