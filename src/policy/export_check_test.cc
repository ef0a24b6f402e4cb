// Pins the public outcomes of export_rules.md ("Check against known outcomes") on chips built
// from chips.csv figures and rules transcribed from the same document.
#include "suanli/export_check.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "policy/export_test_fixtures.h"

namespace suanli {
namespace {

using test::at_least;
using test::clause;
using test::make_chip;
using M = RuleMetric;
using P = Precision;

::testing::AssertionResult Contains(const std::string& text, const std::string& part) {
  if (text.find(part) != std::string::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "'" << text << "'\n  does not contain\n'" << part << "'";
}

void ExpectControlled(const RuleOutcome& o, const std::string& paragraph) {
  EXPECT_TRUE(o.controlled) << o.reason;
  EXPECT_TRUE(o.determined) << o.reason;
  EXPECT_EQ(o.paragraph, paragraph) << o.reason;
  EXPECT_EQ(o.clause, paragraph);
}

void ExpectFree(const RuleOutcome& o) {
  EXPECT_FALSE(o.controlled) << o.reason;
  EXPECT_TRUE(o.determined) << o.reason;
  EXPECT_EQ(o.paragraph, "");
}

TEST(ExportCheck2022, A100AndH100AreControlled) {
  ExpectControlled(evaluate_rule(test::rule_2022(), test::a100()), "3A090.a");
  RuleOutcome h100 = evaluate_rule(test::rule_2022(), test::h100());
  ExpectControlled(h100, "3A090.a");
  EXPECT_EQ(h100.rule, "us-2022-10");
  EXPECT_EQ(h100.meaning, "licence required");
  double tpp = 1978.9 * 8, io = 900 + 128;
  EXPECT_EQ(h100.reason,
            fmt::format("Controlled under 3A090.a, licence required: TPP {:.0f} ≥ 4800 ({:.1f}× "
                        "the threshold) and I/O {:.0f} GB/s ≥ 600 GB/s ({:.1f}× the threshold).",
                        tpp, tpp / 4800, io, io / 600));
}

TEST(ExportCheck2022, A800AndH800PassOnIo) {
  for (const Chip& chip : {test::a800(), test::h800()}) {
    RuleOutcome o = evaluate_rule(test::rule_2022(), chip);
    ExpectFree(o);
    EXPECT_EQ(o.meaning, "not controlled");
    EXPECT_TRUE(Contains(o.reason, "under the 600 GB/s floor of 3A090.a")) << chip.id;
  }
  double io = 400 + 64;  // throttled NVLink + PCIe Gen4 x16
  EXPECT_TRUE(
      Contains(evaluate_rule(test::rule_2022(), test::a800()).reason,
               fmt::format("I/O {:.0f} GB/s is {:.0f}% under", io, (600 - io) / 600 * 100)));
}

TEST(ExportCheck2022, PcieOnlyCardSaysScaleUpIsNotGiven) {
  RuleOutcome o = evaluate_rule(test::rule_2022(), test::l40s());
  ExpectFree(o);
  EXPECT_TRUE(Contains(o.reason, "I/O 64 GB/s (no scale-up figure) is 89% under the 600 GB/s"));
}

TEST(ExportCheck2022, NamedScaleUpWithoutBandwidthLeavesIoOpen) {
  // A named scale-up link without a figure: the host link alone is only a lower bound.
  Chip chip = make_chip("ici", {{{P::bf16, 459}}, std::nullopt, 2.765, std::nullopt, 64});
  chip.scaleup_interconnect = "ICI";
  RuleOutcome o = evaluate_rule(test::rule_2022(), chip);
  EXPECT_FALSE(o.determined);
  EXPECT_TRUE(Contains(o.reason,
                       "3A090.a holds if I/O (known parts give 64 GB/s; scale-up "
                       "bandwidth unknown) is ≥ 600 GB/s"));
  chip.host_link_bw_bidir_bytes_per_s = 700 * units::kGBps;  // the lower bound alone suffices
  RuleOutcome caught = evaluate_rule(test::rule_2022(), chip);
  ExpectControlled(caught, "3A090.a");
  EXPECT_TRUE(Contains(caught.reason,
                       "I/O of at least 700 GB/s (scale-up bandwidth unknown) ≥ "
                       "600 GB/s"));
}

TEST(ExportCheck2023, A800AndH800AreA1) {
  ExpectControlled(evaluate_rule(test::rule_2023(), test::a800()), "3A090.a.1");
  ExpectControlled(evaluate_rule(test::rule_2023(), test::h800()), "3A090.a.1");
}

TEST(ExportCheck2023, H20PassesWithItsMargins) {
  RuleOutcome o = evaluate_rule(test::rule_2023(), test::h20());
  ExpectFree(o);
  double tpp = 296.0 * 8, pd = tpp / 814;
  EXPECT_TRUE(Contains(o.reason, fmt::format("TPP {:.0f} is {:.1f}% under the 2400 floor of "
                                             "3A090.b.1",
                                             tpp, (2400 - tpp) / 2400 * 100)));
  EXPECT_TRUE(
      Contains(o.reason, fmt::format("PD {:.2f} is {:.1f}% under the 3.2 floor of 3A090.b.2", pd,
                                     (3.2 - pd) / 3.2 * 100)));
  EXPECT_TRUE(o.reason.starts_with("Not controlled: "));
  EXPECT_TRUE(o.reason.ends_with("."));
}

TEST(ExportCheck2023, L20PassesOnDensity) {
  RuleOutcome o = evaluate_rule(test::rule_2023(), test::l20());
  ExpectFree(o);
  double pd = 239.0 * 8 / 608.5;  // 3.14
  EXPECT_LT(pd, 3.2);
  EXPECT_TRUE(Contains(o.reason, fmt::format("PD {:.2f} is {:.1f}% under the 3.2 floor of "
                                             "3A090.b.2",
                                             pd, (3.2 - pd) / 3.2 * 100)));
}

TEST(ExportCheck2023, L2PassesOnTpp) {
  RuleOutcome o = evaluate_rule(test::rule_2023(), test::l2());
  ExpectFree(o);
  double tpp = 193.0 * 8;  // 1544
  EXPECT_TRUE(Contains(o.reason, fmt::format("TPP {:.0f} is {:.1f}% under the 1600 floor of "
                                             "3A090.b.2",
                                             tpp, (1600 - tpp) / 1600 * 100)));
}

TEST(ExportCheck2023, L40SIsA1AndL4IsA2) {
  ExpectControlled(evaluate_rule(test::rule_2023(), test::l40s()), "3A090.a.1");
  RuleOutcome l4 = evaluate_rule(test::rule_2023(), test::l4());
  ExpectControlled(l4, "3A090.a.2");
  double tpp = 242.0 * 8, pd = tpp / 294;  // 1936, 6.59
  EXPECT_TRUE(Contains(
      l4.reason, fmt::format("PD {:.2f} ≥ 5.92 ({:.0f}% above)", pd, (pd - 5.92) / 5.92 * 100)));
  // The reason also says why the earlier paragraph did not apply.
  EXPECT_TRUE(Contains(l4.reason, fmt::format("TPP {:.0f} is {:.0f}% under the 4800 floor of "
                                              "3A090.a.1",
                                              tpp, (4800 - tpp) / 4800 * 100)));
}

TEST(ExportCheck2025, H20IsCaughtByDramBandwidth) {
  RuleOutcome o = evaluate_rule(test::rule_2025(), test::h20());
  ExpectControlled(o, "H20 letter (DRAM)");
  EXPECT_TRUE(Contains(o.reason, fmt::format("DRAM bandwidth {:.0f} GB/s ≥ 1400 GB/s ({:.1f}× the "
                                             "threshold)",
                                             4.0 * 1000, 4.0 * 1000 / 1400)));
}

TEST(ExportCheck2025, CombinedBandwidthNeedsBothParts) {
  // I/O 1028 alone is under 1100 and under 1700; DRAM unknown leaves the sum open.
  Chip chip = make_chip("x", {{{P::fp8, 296}}, 814, std::nullopt, 900, 128});
  RuleOutcome o = evaluate_rule(test::rule_2025(), chip);
  EXPECT_FALSE(o.determined);
  EXPECT_TRUE(Contains(o.reason,
                       "I/O + DRAM bandwidth (known parts give 1028 GB/s; DRAM "
                       "bandwidth unknown) is ≥ 1700 GB/s"));
}

TEST(ExportCheck2026, H200InsideCaseByCaseZoneB200Outside) {
  RuleOutcome h200 = evaluate_rule(test::rule_2026(), test::h200());
  ExpectControlled(h200, "3A090.a (case-by-case zone)");
  EXPECT_EQ(h200.meaning, "licence required, case-by-case review");
  RuleOutcome b200 = evaluate_rule(test::rule_2026(), test::b200());
  ExpectControlled(b200, "3A090.a.1");
  double tpp = 9000.0 * 4;
  EXPECT_TRUE(Contains(b200.reason, fmt::format("TPP {:.0f} is {:.0f}% over the 21000 ceiling", tpp,
                                                (tpp - 21000) / 21000 * 100)));
}

TEST(ExportCheckUnknown, MissingDieAreaGivesTheAreaCutOff) {
  // TPU v4: TPP 275 x 16 = 4400, die area unpublished (export_rules.md: a.2 if die <= 743).
  RuleOutcome o = evaluate_rule(test::rule_2023(), test::tpu_v4());
  EXPECT_FALSE(o.determined);
  EXPECT_FALSE(o.controlled);  // a PD under 1.6 (area > 2750 mm^2) would escape
  EXPECT_EQ(o.paragraph, "");
  EXPECT_EQ(o.meaning, "undetermined");
  EXPECT_TRUE(Contains(o.reason, fmt::format("3A090.a.2 holds if the applicable die area is ≤ "
                                             "TPP/5.92 = {:.0f} mm²",
                                             275.0 * 16 / 5.92)));
  ASSERT_EQ(o.possible.size(), 4u);
  EXPECT_EQ(o.possible[0].paragraph, "3A090.a.2");
  EXPECT_EQ(o.possible[1].paragraph, "3A090.b.1");
  EXPECT_EQ(o.possible[2].paragraph, "3A090.b.2");
  EXPECT_EQ(o.possible[3].paragraph, "");
  EXPECT_FALSE(o.possible[3].controlled);
}

TEST(ExportCheckUnknown, DecidedClauseAfterUnknownOneIsStillOpen) {
  // H20 figures without a die area: a.2 and b.x turn on the area; a.1 fails on TPP.
  Chip chip = test::h20();
  chip.die_area_mm2.reset();
  RuleOutcome o = evaluate_rule(test::rule_2023(), chip);
  EXPECT_FALSE(o.determined);
  EXPECT_TRUE(Contains(o.reason, fmt::format("≤ TPP/5.92 = {:.0f} mm²", 296.0 * 8 / 5.92)));
  EXPECT_TRUE(o.reason.ends_with("failing that, not controlled."));
}

TEST(ExportCheckUnknown, UnknownIoLeaves2022Open) {
  Chip chip = make_chip("ascend-like", {{{P::fp16, 400}}, 665.61, 1.6, std::nullopt, std::nullopt});
  RuleOutcome o = evaluate_rule(test::rule_2022(), chip);
  EXPECT_FALSE(o.determined);
  EXPECT_TRUE(Contains(o.reason, "3A090.a holds if I/O (unknown) is ≥ 600 GB/s"));
}

TEST(ExportCheckUnknown, UnknownComputeIsUndetermined) {
  Chip chip = make_chip("no-compute", {{}, 500, 1.0, 200, 64});
  RuleOutcome o = evaluate_rule(test::rule_2023(), chip);
  EXPECT_FALSE(o.determined);
  EXPECT_FALSE(o.controlled);
  EXPECT_TRUE(
      Contains(o.reason, "3A090.a.1 holds if TPP (no dense compute figure known) is ≥ 4800"));
}

TEST(ExportCheckNote2, NonDatacenterPartBelowFloorIsExempt) {
  Chip l4 = test::l4();
  l4.datacenter = false;
  RuleOutcome o = evaluate_rule(test::rule_2023(), l4);
  ExpectFree(o);
  EXPECT_EQ(o.meaning, "exempt (not a data-centre part)");
  double tpp = 242.0 * 8;
  EXPECT_TRUE(Contains(o.reason, fmt::format("TPP {:.0f} is {:.0f}% under the 4800 floor (Note 2",
                                             tpp, (4800 - tpp) / 4800 * 100)));
}

TEST(ExportCheckNote2, NonDatacenterPartAtFloorIsCaught) {
  // RTX 4090: INT8 660.6 x 8 = 5285 (export_rules.md, Note 2).
  Chip rtx = make_chip("rtx-4090", {{{P::int8, 660.6}}, 609, 1.008, std::nullopt, 64, false});
  ExpectControlled(evaluate_rule(test::rule_2023(), rtx), "3A090.a.1");
}

TEST(ExportCheckNote2, NonDatacenterPartWithUnknownComputeIsOpen) {
  Chip chip = make_chip("gaming", {{}, 300, 1.0, std::nullopt, 64, false});
  RuleOutcome o = evaluate_rule(test::rule_2023(), chip);
  EXPECT_FALSE(o.determined);
  ASSERT_FALSE(o.possible.empty());
  EXPECT_EQ(o.possible[0].meaning, "exempt (not a data-centre part)");
}

TEST(ExportCheckClauses, DatacenterOnlyClauseSkipsOtherParts) {
  ExportRule rule;
  rule.id = "dc";
  rule.clauses = {clause("X.1", {at_least(M::tpp, 100)})};
  rule.clauses[0].datacenter_only = true;
  Chip chip = test::l4();
  chip.datacenter = false;
  RuleOutcome o = evaluate_rule(rule, chip);
  ExpectFree(o);
  EXPECT_TRUE(Contains(o.reason, "X.1 applies only to data-centre parts"));
}

TEST(ExportCheckClauses, CarveOutClauseDecidesWithoutControl) {
  ExportRule rule;
  rule.id = "zone";
  rule.clauses = {clause("zone", {test::below(M::tpp, 21000)}, "no licence needed", false),
                  clause("X.1", {at_least(M::tpp, 4800)})};
  RuleOutcome o = evaluate_rule(rule, test::h100());
  ExpectFree(o);
  EXPECT_EQ(o.clause, "zone");
  EXPECT_EQ(o.meaning, "no licence needed");
  double tpp = 1978.9 * 8;
  EXPECT_TRUE(Contains(o.reason, fmt::format("TPP {:.0f} < 21000 ({:.0f}% under the ceiling)", tpp,
                                             (21000 - tpp) / 21000 * 100)));
}

TEST(ExportCheckText, ValueNextToThresholdKeepsItsDecimals) {
  // 299.95 x 8 = 2399.6 must not print as "2400 is under the 2400 floor".
  Chip chip = make_chip("edge", {{{P::fp8, 299.95}}, 814, 1.0, std::nullopt, 64});
  RuleOutcome o = evaluate_rule(test::rule_2023(), chip);
  EXPECT_TRUE(Contains(o.reason, "TPP 2399.6 is 0.017% under the 2400 floor of 3A090.b.1"));
}

TEST(ExportCheckText, EmptyRuleIsNotControlled) {
  ExportRule rule;
  rule.id = "empty";
  RuleOutcome o = evaluate_rule(rule, test::h100());
  ExpectFree(o);
  EXPECT_EQ(o.reason, "Not controlled: the rule has no clauses.");
}

}  // namespace
}  // namespace suanli
