// Export-control classification: a chip's export figures (TPP, PD, I/O, DRAM bandwidth) and
// the outcome of one rule (catalog/rules/*.toml) for one chip, with the reason in words.
//
// Definitions (shared/data/chips/export_rules.md, section 2; 88 FR 73458 Technical Note):
//   TPP = 2 x MacTOPS x bit length = max over precisions of dense TOPS x bit length
//   PD  = TPP / applicable die area (mm^2, all non-planar logic dies)
//   I/O = aggregate bidirectional transfer rate to non-memory ICs, GB/s
//         (derived: scale-up + host link + other I/O, all bidirectional)
//
// Unknown figures make conditions unknown, not false (three-valued logic): an outcome that
// depends on a missing figure is reported as undetermined, with what would decide it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "suanli/chip.h"
#include "suanli/export_rule.h"
#include "suanli/precision.h"

namespace suanli {

/// A chip's figures as export rules test them. Absent (nullopt) when unknown.
struct ChipMetrics {
  /// Total processing performance: max over precisions of dense TOPS x bit length
  /// (dimensionless); nullopt when no dense compute figure is known.
  std::optional<double> tpp;
  /// The precision that sets TPP. Ties go to the shorter bit length (A100: INT8 624 x 8 over
  /// TF32 156 x 32), then to the float format (H100: FP8 over INT8).
  std::optional<Precision> tpp_precision;
  /// Applicable die area, mm^2 (copied from the chip); nullopt when unpublished.
  std::optional<double> die_area_mm2;
  /// Performance density, TPP / mm^2; nullopt when TPP or the die area is unknown.
  std::optional<double> pd;
  /// Aggregate bidirectional I/O to non-memory ICs, GB/s: scale-up + host link + other I/O,
  /// summing the parts the catalog gives (export_rules.md, section 4); nullopt when none is
  /// given. A part not given counts as none (a PCIe-only card such as the L40S has no
  /// scale-up figure), unless io_complete is false.
  std::optional<double> io_bidir_gbps;
  /// False when the chip names a scale-up interconnect but not its bandwidth (TPU v4's ICI):
  /// io_bidir_gbps is then only a lower bound, and conditions it cannot settle are unknown.
  bool io_complete = true;
  /// Parts of the I/O sum not given by the catalog: "scale-up" and/or "host link", so that
  /// reasons can say the figure leaves them out. Other I/O (integrated NICs) is counted when
  /// given; its absence means the chip has none and is not listed.
  std::vector<std::string> io_missing;
  /// Total DRAM (HBM/GDDR) bandwidth, GB/s; nullopt when unknown.
  std::optional<double> dram_bw_gbps;
};

/// The export figures of `chip`. Pure; never fails (unknown figures stay nullopt).
ChipMetrics export_metrics(const Chip& chip);

/// What the I/O figure leaves out, for reports: "no scale-up figure" (counted as none),
/// "scale-up bandwidth unknown" (a lower bound), or "" when every part is given.
std::string io_caveat(const ChipMetrics& metrics);

/// One outcome a rule could reach for a chip whose figures are partly unknown.
struct PossibleOutcome {
  std::string paragraph;    ///< deciding clause's paragraph; empty when no clause applies
  bool controlled = false;  ///< whether that outcome requires a licence
  std::string meaning;      ///< the clause's meaning, or "not controlled"
};

/// The result of one rule for one chip.
struct RuleOutcome {
  std::string rule;  ///< rule id, e.g. "us-2023-10"
  /// True when the rule controls the chip. When !determined: true only if every possible
  /// outcome is controlled (the paragraph is then still open).
  bool controlled = false;
  /// False when an unknown figure (die area, I/O, compute) could change the outcome.
  bool determined = true;
  /// Paragraph that controls the chip, e.g. "3A090.a.1"; empty when not controlled or
  /// not determined.
  std::string paragraph;
  /// Paragraph of the deciding clause, carve-outs (controlled = false) included; empty when
  /// no clause decided (or when not determined).
  std::string clause;
  /// "licence required", "case-by-case review", ... (the deciding clause's meaning), or
  /// "not controlled", "exempt (not a data-centre part)", "undetermined".
  std::string meaning;
  /// One full sentence: the thresholds crossed and by how much, or the margins by which the
  /// chip passes, or the figures that would decide an undetermined outcome.
  std::string reason;
  /// When !determined: every outcome the unknown figures allow, in clause order.
  std::vector<PossibleOutcome> possible;
};

/// Applies `rule` to `chip`: the first clause whose conditions all definitely hold decides,
/// unless an earlier clause is unknown (then the outcome is undetermined). Note 2 to 3A090
/// (rule.non_datacenter_exempt_below_tpp) exempts non-data-centre parts below that TPP.
/// Pure; never fails.
RuleOutcome evaluate_rule(const ExportRule& rule, const Chip& chip);

/// Same, with metrics already computed by export_metrics(chip).
RuleOutcome evaluate_rule(const ExportRule& rule, const Chip& chip, const ChipMetrics& metrics);

}  // namespace suanli
