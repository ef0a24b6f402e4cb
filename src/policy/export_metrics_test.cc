#include <gtest/gtest.h>

#include "policy/export_test_fixtures.h"
#include "suanli/export_check.h"

namespace suanli {
namespace {

using test::make_chip;
using P = Precision;

TEST(ExportMetrics, H100TppIsFp8TimesEightBits) {
  ChipMetrics m = export_metrics(test::h100());
  ASSERT_TRUE(m.tpp);
  EXPECT_NEAR(*m.tpp, 1978.9 * 8, 1e-9);
  EXPECT_EQ(m.tpp_precision, P::fp8);  // FP8 and INT8 tie: the float format is named
  ASSERT_TRUE(m.pd);
  EXPECT_NEAR(*m.pd, 1978.9 * 8 / 814, 1e-9);
  ASSERT_TRUE(m.io_bidir_gbps);
  EXPECT_NEAR(*m.io_bidir_gbps, 900 + 128, 1e-9);  // NVLink 4 + PCIe Gen5 x16, bidirectional
  EXPECT_TRUE(m.io_missing.empty());
  ASSERT_TRUE(m.dram_bw_gbps);
  EXPECT_NEAR(*m.dram_bw_gbps, 3.35 * 1000, 1e-9);
}

TEST(ExportMetrics, A100TieGoesToShortestBitLength) {
  // BF16 312 x 16 = INT8 624 x 8 = 4992 (TF32 156 x 19 is less): export_rules.md names INT8.
  ChipMetrics m = export_metrics(test::a100());
  ASSERT_TRUE(m.tpp);
  EXPECT_NEAR(*m.tpp, 624.0 * 8, 1e-9);
  EXPECT_EQ(m.tpp_precision, P::int8);
}

TEST(ExportMetrics, B200Fp4EqualsFp8AndNamesFp4) {
  ChipMetrics m = export_metrics(test::b200());
  ASSERT_TRUE(m.tpp);
  EXPECT_NEAR(*m.tpp, 9000.0 * 4, 1e-9);
  EXPECT_NEAR(*m.tpp, 4500.0 * 8, 1e-9);
  EXPECT_EQ(m.tpp_precision, P::fp4);
  EXPECT_FALSE(m.pd);  // die area unofficial, left out
}

TEST(ExportMetrics, HigherBitLengthWinsWhenItsRateIsEqual) {
  // Gaudi 3 runs BF16 at the FP8 rate: 1835 x 16 beats 1835 x 8 (export_rules.md pitfall 3).
  Chip gaudi3 =
      make_chip("gaudi3", {{{P::bf16, 1835}, {P::fp8, 1835}}, std::nullopt, 3.67, 1200, 128});
  ChipMetrics m = export_metrics(gaudi3);
  ASSERT_TRUE(m.tpp);
  EXPECT_NEAR(*m.tpp, 1835.0 * 16, 1e-9);
  EXPECT_EQ(m.tpp_precision, P::bf16);
}

TEST(ExportMetrics, UnknownFiguresStayUnknown) {
  Chip bare = make_chip("bare", {});
  ChipMetrics m = export_metrics(bare);
  EXPECT_FALSE(m.tpp);
  EXPECT_FALSE(m.tpp_precision);
  EXPECT_FALSE(m.pd);
  EXPECT_FALSE(m.io_bidir_gbps);
  EXPECT_FALSE(m.dram_bw_gbps);
  EXPECT_EQ(m.io_missing, (std::vector<std::string>{"scale-up", "host link"}));
}

TEST(ExportMetrics, IoSumsGivenPartsAndNamesTheMissingOnes) {
  ChipMetrics pcie_only = export_metrics(test::l40s());
  ASSERT_TRUE(pcie_only.io_bidir_gbps);
  EXPECT_NEAR(*pcie_only.io_bidir_gbps, 64, 1e-9);
  EXPECT_EQ(pcie_only.io_missing, std::vector<std::string>{"scale-up"});
  EXPECT_TRUE(pcie_only.io_complete);  // no scale-up link named: the card has none
  EXPECT_EQ(io_caveat(pcie_only), "no scale-up figure");

  Chip ici = test::tpu_v4();
  ici.host_link_bw_bidir_bytes_per_s = 32 * units::kGBps;
  ici.scaleup_interconnect = "ICI";
  ChipMetrics lower_bound = export_metrics(ici);
  EXPECT_FALSE(lower_bound.io_complete);  // a named link without a figure
  EXPECT_EQ(io_caveat(lower_bound), "scale-up bandwidth unknown");

  Chip nic = make_chip("nic", {{}, std::nullopt, std::nullopt, 600, 64});
  nic.other_io_bw_bidir_bytes_per_s = 300 * units::kGBps;
  ChipMetrics with_nic = export_metrics(nic);
  ASSERT_TRUE(with_nic.io_bidir_gbps);
  EXPECT_NEAR(*with_nic.io_bidir_gbps, 600 + 64 + 300, 1e-9);
  EXPECT_TRUE(with_nic.io_missing.empty());
}

}  // namespace
}  // namespace suanli
