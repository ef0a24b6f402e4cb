#include "suanli/gemm_fit.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "suanli/chip.h"

namespace suanli {
namespace {

constexpr double kPeak = 300e9;  // FLOP/s, a 2-core AVX-512 CPU

std::vector<GemmSample> synthetic(double f, double half_dim, double overhead_s) {
  std::vector<GemmSample> out;
  const int64_t dims[] = {32, 128, 512, 2048};
  for (int64_t m : dims) {
    for (int64_t n : {256L, 1024L, 4096L}) {
      for (int64_t k : {64L, 1024L}) {
        out.push_back({m, n, k, gemm_curve_time_s(m, n, k, kPeak, f, half_dim, overhead_s)});
      }
    }
  }
  return out;
}

TEST(GemmCurve, MatchesTheChipEfficiencyFormula) {
  const int64_t m = 100, n = 200, k = 300;
  const double h = 50, f = 0.8, o = 3e-6;
  // min(m, n) = 100 uses the default skinny half-dimension; max(m, n) and k use h.
  const double skinny = ChipEfficiency{}.gemm_skinny_half_dim;
  const double s = (100.0 / (100.0 + skinny)) * (200.0 / 250) * (300.0 / 350);
  EXPECT_NEAR(gemm_curve_time_s(m, n, k, kPeak, f, h, o), 2.0 * m * n * k / (kPeak * f * s) + o,
              1e-15);
}

TEST(GemmFit, RecoversKnownParametersFromExactData) {
  const double f = 0.72, h = 120.0, o = 5e-6;
  Result<GemmFit> fit = fit_gemm_efficiency(synthetic(f, h, o), kPeak);
  ASSERT_TRUE(fit.ok()) << fit.error().message();
  EXPECT_NEAR(fit->gemm_max_fraction, f, 1e-4 * f);
  EXPECT_NEAR(fit->gemm_half_dim, h, 1e-3 * h);
  EXPECT_NEAR(fit->kernel_overhead_s, o, 1e-3 * o);
  EXPECT_LT(fit->rms_log_error, 1e-6);
}

TEST(GemmFit, RecoversZeroOverheadAndZeroHalfDim) {
  Result<GemmFit> fit = fit_gemm_efficiency(synthetic(0.5, 0.0, 0.0), kPeak);
  ASSERT_TRUE(fit.ok());
  EXPECT_NEAR(fit->gemm_max_fraction, 0.5, 1e-6);
  EXPECT_NEAR(fit->gemm_half_dim, 0.0, 1e-3);
  EXPECT_NEAR(fit->kernel_overhead_s, 0.0, 1e-12);
}

TEST(GemmFit, ToleratesNoiseWithinItsSize) {
  std::vector<GemmSample> samples = synthetic(0.6, 200.0, 2e-6);
  // Deterministic +-3% multiplicative noise, alternating sign.
  for (size_t i = 0; i < samples.size(); ++i) samples[i].time_s *= (i % 2 ? 1.03 : 1.0 / 1.03);
  Result<GemmFit> fit = fit_gemm_efficiency(samples, kPeak);
  ASSERT_TRUE(fit.ok());
  EXPECT_NEAR(fit->gemm_max_fraction, 0.6, 0.05);
  EXPECT_NEAR(fit->gemm_half_dim, 200.0, 40.0);
  // The fit explains no more than the noise it was given.
  EXPECT_LE(fit->rms_log_error, std::log(1.03) + 1e-9);
  EXPECT_GT(fit->rms_log_error, 0.0);
}

TEST(GemmFit, CapsFractionAtOneWhenDataBeatThePeak) {
  // Data generated at 1.5x the reference peak: the fit must stay a valid fraction.
  Result<GemmFit> fit = fit_gemm_efficiency(synthetic(1.5, 64.0, 0.0), kPeak);
  ASSERT_TRUE(fit.ok());
  EXPECT_DOUBLE_EQ(fit->gemm_max_fraction, 1.0);
  EXPECT_GE(fit->kernel_overhead_s, 0.0);
}

TEST(GemmFit, RejectsBadInput) {
  std::vector<GemmSample> two = {{64, 64, 64, 1e-3}, {128, 128, 128, 2e-3}};
  Result<GemmFit> fit = fit_gemm_efficiency(two, kPeak);
  ASSERT_FALSE(fit.ok());
  EXPECT_EQ(fit.error().message(), "GEMM fit: expected at least 3 samples, got 2");
  std::vector<GemmSample> bad = {{64, 64, 64, 1e-3}, {128, 0, 128, 2e-3}, {8, 8, 8, 1e-6}};
  fit = fit_gemm_efficiency(bad, kPeak);
  ASSERT_FALSE(fit.ok());
  EXPECT_NE(fit.error().message().find("GEMM sample 1 (128x0x128"), std::string::npos);
  EXPECT_FALSE(fit_gemm_efficiency(synthetic(0.5, 10, 0), 0.0).ok());
}

}  // namespace
}  // namespace suanli
