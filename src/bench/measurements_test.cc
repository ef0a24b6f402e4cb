#include "suanli/measurements.h"

#include <gtest/gtest.h>

namespace suanli {
namespace {

Measurements sample() {
  Measurements m{"cpu", "Test \"CPU\"", "2025-01-02", {}, {}, {}};
  m.gemm.push_back({64, 128, 256, Precision::fp32, 1.0 / 3.0, 0.5, 5});
  m.gemm.push_back({1024, 1024, 1024, Precision::bf16, 2e-3, 2.5e-3, 3});
  m.bandwidth.push_back({"triad", 3 * 8.0 * (1 << 24), 0.02, 0.021, 3, 2});
  m.collective.push_back({"all_reduce", 8, 256e6, 1e-3, 1.1e-3, 5});
  return m;
}

TEST(Measurements, RoundTripsExactly) {
  const Measurements m = sample();
  Result<Measurements> back = parse_measurements(measurements_to_toml(m), "sweep.toml");
  ASSERT_TRUE(back.ok()) << back.error().message();
  EXPECT_EQ(back->device, m.device);
  EXPECT_EQ(back->name, m.name);
  EXPECT_EQ(back->date, m.date);
  ASSERT_EQ(back->gemm.size(), 2u);
  EXPECT_EQ(back->gemm[0].n, 128);
  EXPECT_EQ(back->gemm[0].min_s, 1.0 / 3.0);  // 17 significant digits read back exactly
  EXPECT_EQ(back->gemm[1].precision, Precision::bf16);
  ASSERT_EQ(back->bandwidth.size(), 1u);
  EXPECT_EQ(back->bandwidth[0].bytes, m.bandwidth[0].bytes);
  EXPECT_EQ(back->bandwidth[0].threads, 2);
  ASSERT_EQ(back->collective.size(), 1u);
  EXPECT_EQ(back->collective[0].ranks, 8);
}

TEST(Measurements, MedianFlopRateIsTwoMnkOverTime) {
  const GemmMeasurement g{64, 128, 256, Precision::fp32, 0.25, 0.5, 1};
  EXPECT_DOUBLE_EQ(g.median_flop_per_s(), 2.0 * 64 * 128 * 256 / 0.5);
}

TEST(Measurements, UnknownKeyIsAnErrorWithPosition) {
  const std::string text =
      "device = \"cpu\"\nname = \"x\"\ndate = \"2025-01-02\"\n\n[[gemm]]\nm = 1\nn = 1\nk = 1\n"
      "precision = \"fp32\"\nmin_s = 1.0\nmedian_s = 1.0\nrepeats = 1\nmedain_s = 2.0\n";
  Result<Measurements> m = parse_measurements(text, "x.sweep.toml");
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().message(),
            "x.sweep.toml:13:12: gemm[0].medain_s: unknown key; did you mean 'median_s'?");
}

TEST(Measurements, MedianBelowMinIsAnError) {
  const std::string text =
      "device = \"cpu\"\nname = \"x\"\ndate = \"d\"\n[[bandwidth]]\nkernel = \"copy\"\n"
      "bytes = 8.0\nmin_s = 2.0\nmedian_s = 1.0\nrepeats = 1\nthreads = 1\n";
  Result<Measurements> m = parse_measurements(text, "s.toml");
  ASSERT_FALSE(m.ok());
  EXPECT_NE(m.error().message().find("bandwidth[0].median_s: expected median_s >= min_s"),
            std::string::npos);
}

TEST(Measurements, UnknownKernelAndPrecisionAreErrors) {
  const std::string head = "device = \"cpu\"\nname = \"x\"\ndate = \"d\"\n";
  Result<Measurements> m = parse_measurements(
      head +
          "[[gemm]]\nm = 1\nn = 1\nk = 1\nprecision = \"fp33\"\nmin_s = 1\nmedian_s = 1\n"
          "repeats = 1\n",
      "s.toml");
  ASSERT_FALSE(m.ok());
  EXPECT_NE(m.error().message().find("gemm[0].precision"), std::string::npos);
  m = parse_measurements(head +
                             "[[bandwidth]]\nkernel = \"scale\"\nbytes = 8\nmin_s = 1\n"
                             "median_s = 1\nrepeats = 1\nthreads = 1\n",
                         "s.toml");
  ASSERT_FALSE(m.ok());
  EXPECT_NE(m.error().message().find("bandwidth[0].kernel"), std::string::npos);
}

}  // namespace
}  // namespace suanli
