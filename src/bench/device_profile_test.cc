#include "suanli/device_profile.h"

#include <gtest/gtest.h>

#include "suanli/catalog.h"
#include "suanli/units.h"

namespace suanli {
namespace {

constexpr double kTheory = 300e9;  // FLOP/s
constexpr double kFraction = 0.6, kHalfDim = 80.0, kOverhead = 4e-6;

Measurements synthetic_sweep() {
  Measurements m{"cpu", "Test CPU", "2025-03-04", {}, {}, {}};
  for (int64_t d : {64, 128, 256, 512, 1024, 2048}) {
    const double t = gemm_curve_time_s(d, d, d, kTheory, kFraction, kHalfDim, kOverhead);
    m.gemm.push_back({d, d, d, Precision::fp32, t, t, 3});
  }
  m.bandwidth.push_back({"copy", 2e9, 0.1, 0.1, 3, 2});
  m.bandwidth.push_back({"triad", 3e9, 0.125, 0.15, 3, 2});
  return m;
}

DeviceFacts facts() {
  DeviceFacts f;
  f.id = "test-cpu-measured";
  f.name = "Test CPU";
  f.vendor = "AMD";
  f.memory_bytes = 64e9;
  f.theoretical_flop_per_s[index_of(Precision::fp32)] = kTheory;
  f.theoretical_note = "2 cores x 2.34375 GHz x 64";
  return f;
}

TEST(DeviceProfile, MeasuredPeakIsTheFittedAsymptote) {
  Result<DeviceProfile> p = build_device_profile(synthetic_sweep(), facts());
  ASSERT_TRUE(p.ok()) << p.error().message();
  EXPECT_NEAR(*p->measured_flop_per_s[index_of(Precision::fp32)], kTheory * kFraction,
              1e-4 * kTheory);
  EXPECT_FALSE(p->measured_flop_per_s[index_of(Precision::bf16)].has_value());
  EXPECT_EQ(p->fit_precision, Precision::fp32);
  EXPECT_EQ(p->efficiency.gemm_max_fraction, 1.0);
  EXPECT_NEAR(p->efficiency.gemm_half_dim, kHalfDim, 1e-3 * kHalfDim);
  EXPECT_NEAR(p->efficiency.kernel_overhead_s, kOverhead, 1e-3 * kOverhead);
  EXPECT_DOUBLE_EQ(p->memory_bw_bytes_per_s, 3e9 / 0.15);  // triad, bytes / median
  EXPECT_NE(p->notes.find("= 60% of the theoretical 300.0 GFLOP/s"), std::string::npos);
}

TEST(DeviceProfile, WithoutTheoreticalPeakTheBestMeasuredIsTheReference) {
  DeviceFacts f = facts();
  f.theoretical_flop_per_s = {};
  Result<DeviceProfile> p = build_device_profile(synthetic_sweep(), f);
  ASSERT_TRUE(p.ok());
  const double best = 2.0 * 2048 * 2048 * 2048 /
                      gemm_curve_time_s(2048, 2048, 2048, kTheory, kFraction, kHalfDim, kOverhead);
  EXPECT_DOUBLE_EQ(*p->reference_flop_per_s[index_of(Precision::fp32)], best);
  EXPECT_NE(p->notes.find("theoretical peak unknown"), std::string::npos);
}

TEST(DeviceProfile, WritesAChipFileTheCatalogLoads) {
  Result<DeviceProfile> p = build_device_profile(synthetic_sweep(), facts());
  ASSERT_TRUE(p.ok());
  Result<Catalog> catalog = Catalog::builtin();
  ASSERT_TRUE(catalog.ok()) << catalog.error().message();
  Status added = catalog->add_chip(device_profile_to_toml(*p), "test-cpu-measured.toml");
  ASSERT_TRUE(added.ok()) << added.error().message();
  Result<Chip> chip = catalog->chip("test-cpu-measured");
  ASSERT_TRUE(chip.ok()) << chip.error().message();
  EXPECT_EQ(chip->name, "Test CPU");
  EXPECT_EQ(chip->vendor, "AMD");
  EXPECT_EQ(chip->efficiency_profile, "generic");
  // The file keeps 6 significant digits.
  const double peak = *p->measured_flop_per_s[index_of(Precision::fp32)];
  EXPECT_NEAR(*chip->peak(Precision::fp32), peak, 5e-6 * peak);
  EXPECT_NEAR(*chip->memory_bytes, 64e9, 1.0);
  EXPECT_NEAR(*chip->memory_bw_bytes_per_s, 3e9 / 0.15, 5e-6 * 3e9 / 0.15);
  EXPECT_EQ(chip->efficiency.gemm_max_fraction, 1.0);
  EXPECT_NEAR(chip->efficiency.gemm_half_dim, p->efficiency.gemm_half_dim, 5e-6 * kHalfDim);
  EXPECT_NEAR(chip->efficiency.kernel_overhead_s, p->efficiency.kernel_overhead_s,
              5e-6 * kOverhead);
  EXPECT_EQ(chip->efficiency.memory_bw_fraction, 1.0);
  EXPECT_EQ(chip->sources.at("dense_tflops"), "measured by suanli bench on 2025-03-04");
}

TEST(DeviceProfile, TooFewShapesIsAnError) {
  Measurements m = synthetic_sweep();
  m.gemm.resize(2);
  Result<DeviceProfile> p = build_device_profile(m, facts());
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().message(), "no precision has the 3 GEMM shapes a fit needs");
}

}  // namespace
}  // namespace suanli
