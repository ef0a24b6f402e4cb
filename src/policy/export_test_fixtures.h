// Test fixtures for src/policy: chips built from shared/data/chips/chips.csv figures and rules
// transcribed from shared/data/chips/export_rules.md, independent of the catalog files.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "suanli/chip.h"
#include "suanli/export_rule.h"
#include "suanli/units.h"

namespace suanli::test {

/// The figures export rules read, in the units chips.csv uses.
struct ExportFigures {
  std::vector<std::pair<Precision, double>> dense_tflops;  ///< per precision, TFLOP/s
  std::optional<double> die_area_mm2;                      ///< applicable die area, mm^2
  std::optional<double> dram_tb_per_s;                     ///< memory bandwidth, TB/s
  std::optional<double> scaleup_gb_per_s;                  ///< bidirectional, GB/s
  std::optional<double> host_link_gb_per_s;                ///< bidirectional, GB/s
  bool datacenter = true;                                  ///< Note 2 to 3A090
};

inline Chip make_chip(const std::string& id, const ExportFigures& f) {
  Chip chip;
  chip.id = id;
  for (auto [p, tflops] : f.dense_tflops)
    chip.dense_flop_per_s[index_of(p)] = tflops * units::kTflops;
  chip.die_area_mm2 = f.die_area_mm2;
  if (f.dram_tb_per_s) chip.memory_bw_bytes_per_s = *f.dram_tb_per_s * units::kTBps;
  if (f.scaleup_gb_per_s) chip.scaleup_bw_bidir_bytes_per_s = *f.scaleup_gb_per_s * units::kGBps;
  if (f.host_link_gb_per_s) {
    chip.host_link_bw_bidir_bytes_per_s = *f.host_link_gb_per_s * units::kGBps;
  }
  chip.datacenter = f.datacenter;
  return chip;
}

using P = Precision;

// chips.csv rows (dense figures; PCIe Gen4 x16 = 64 GB/s, Gen5 x16 = 128 GB/s bidirectional).
inline Chip a100() {
  return make_chip(
      "a100-80gb",
      {{{P::tf32, 156}, {P::bf16, 312}, {P::fp16, 312}, {P::int8, 624}}, 826, 2.039, 600, 64});
}
inline Chip a800() {
  return make_chip(
      "a800",
      {{{P::tf32, 156}, {P::bf16, 312}, {P::fp16, 312}, {P::int8, 624}}, 826, 2.039, 400, 64});
}
inline Chip h100() {
  return make_chip("h100",
                   {{{P::tf32, 494.7}, {P::bf16, 989.4}, {P::fp8, 1978.9}, {P::int8, 1978.9}},
                    814,
                    3.35,
                    900,
                    128});
}
inline Chip h800() {
  return make_chip("h800",
                   {{{P::bf16, 989}, {P::fp8, 1979}, {P::int8, 1979}}, 814, 3.35, 400, 128});
}
inline Chip h20() {
  return make_chip("h20", {{{P::bf16, 148}, {P::fp8, 296}, {P::int8, 296}}, 814, 4.0, 900, 128});
}
inline Chip l20() {
  return make_chip(
      "l20", {{{P::bf16, 119.5}, {P::fp8, 239}, {P::int8, 239}}, 608.5, 0.864, std::nullopt, 64});
}
inline Chip l2() {
  return make_chip("l2",
                   {{{P::bf16, 96.5}, {P::fp8, 193}, {P::int8, 193}}, 294, 0.3, std::nullopt, 64});
}
inline Chip l4() {
  return make_chip("l4",
                   {{{P::bf16, 121}, {P::fp8, 242}, {P::int8, 242}}, 294, 0.3, std::nullopt, 64});
}
inline Chip l40s() {
  return make_chip(
      "l40s", {{{P::tf32, 183}, {P::bf16, 362.05}, {P::fp8, 733}}, 608.5, 0.864, std::nullopt, 64});
}
inline Chip h200() {
  return make_chip("h200",
                   {{{P::bf16, 989.5}, {P::fp8, 1979}, {P::int8, 1979}}, 814, 4.8, 900, 128});
}
inline Chip b200() {  // die area unofficial (~1600 mm^2): left out
  return make_chip("b200", {{{P::bf16, 2250}, {P::fp8, 4500}, {P::int8, 4500}, {P::fp4, 9000}},
                            std::nullopt,
                            8.0,
                            1800,
                            128});
}
inline Chip tpu_v4() {  // die area unpublished, I/O unknown
  return make_chip(
      "tpu-v4", {{{P::bf16, 275}, {P::int8, 275}}, std::nullopt, 1.2, std::nullopt, std::nullopt});
}

inline RuleCondition at_least(RuleMetric m, double min) { return {m, min, std::nullopt}; }
inline RuleCondition below(RuleMetric m, double max) { return {m, std::nullopt, max}; }
inline RuleCondition within(RuleMetric m, double min, double max) { return {m, min, max}; }

inline RuleClause clause(std::string paragraph, std::vector<RuleCondition> all,
                         std::string meaning = "licence required", bool controlled = true) {
  RuleClause c;
  c.paragraph = std::move(paragraph);
  c.all = std::move(all);
  c.meaning = std::move(meaning);
  c.controlled = controlled;
  return c;
}

using M = RuleMetric;

// export_rules.md, section 1: TPP >= 4800 and I/O >= 600 GB/s.
inline ExportRule rule_2022() {
  ExportRule r;
  r.id = "us-2022-10";
  r.clauses = {clause("3A090.a", {at_least(M::tpp, 4800), at_least(M::io_bidir_gbps, 600)})};
  return r;
}

// export_rules.md, section 2 table and pseudo-code (3A090.b is NAC-eligible for DC parts).
inline ExportRule rule_2023() {
  ExportRule r;
  r.id = "us-2023-10";
  r.non_datacenter_exempt_below_tpp = 4800;
  r.clauses = {
      clause("3A090.a.1", {at_least(M::tpp, 4800)}),
      clause("3A090.a.2", {at_least(M::tpp, 1600), at_least(M::pd, 5.92)}),
      clause("3A090.b.1", {within(M::tpp, 2400, 4800), within(M::pd, 1.6, 5.92)}, "licence (NAC)"),
      clause("3A090.b.2", {at_least(M::tpp, 1600), within(M::pd, 3.2, 5.92)}, "licence (NAC)"),
  };
  return r;
}

// export_rules.md, section 3: the reported April 2025 letter thresholds.
inline ExportRule rule_2025() {
  ExportRule r;
  r.id = "us-2025-04";
  r.clauses = {clause("H20 letter (DRAM)", {at_least(M::dram_bw_gbps, 1400)}),
               clause("H20 letter (I/O)", {at_least(M::io_bidir_gbps, 1100)}),
               clause("H20 letter (combined)", {at_least(M::io_plus_dram_gbps, 1700)})};
  return r;
}

// export_rules.md, section 3: case-by-case review for TPP < 21000 and DRAM < 6500 GB/s.
inline ExportRule rule_2026() {
  ExportRule r;
  r.id = "us-2026-01";
  r.clauses = {
      clause("3A090.a (case-by-case zone)",
             {within(M::tpp, 4800, 21000), below(M::dram_bw_gbps, 6500)},
             "licence required, case-by-case review"),
      clause("3A090.a.1", {at_least(M::tpp, 4800)}, "licence required, presumption of denial"),
  };
  return r;
}

}  // namespace suanli::test
