// An export-control rule as data: ordered clauses of threshold conditions on a chip's
// metrics. The first clause whose conditions all hold decides the outcome; a new rule is a
// new file in catalog/rules/, not new code.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace suanli {

/// A chip figure a rule tests.
enum class RuleMetric {
  tpp,                 ///< total processing performance: max over precisions of dense TOPS x bits
  pd,                  ///< performance density: TPP / applicable die area (mm^2)
  io_bidir_gbps,       ///< aggregate bidirectional I/O to non-memory ICs, GB/s
  dram_bw_gbps,        ///< total DRAM bandwidth, GB/s
  io_plus_dram_gbps,   ///< I/O + DRAM bandwidth, GB/s
};

/// min <= value < max (either bound optional).
struct RuleCondition {
  RuleMetric metric = RuleMetric::tpp;
  std::optional<double> min;  ///< inclusive lower bound
  std::optional<double> max;  ///< exclusive upper bound
};

/// A paragraph of the rule: all conditions must hold.
struct RuleClause {
  std::string paragraph;               ///< e.g. "3A090.a.1"
  std::vector<RuleCondition> all;      ///< conjunction
  bool datacenter_only = false;        ///< applies only to data-centre parts
  bool controlled = true;              ///< false for clauses that carve out (e.g. a licence zone)
  std::string meaning;                 ///< one phrase: "licence required", "case-by-case review"
};

/// One rule (a Federal Register instrument or a documented policy change).
struct ExportRule {
  std::string id;          ///< e.g. "us-2023-10"
  std::string name;        ///< e.g. "BIS advanced computing rule, October 2023"
  std::string effective;   ///< ISO date the rule took effect
  std::string instrument;  ///< e.g. "88 FR 73458 (FR Doc 2023-23055)"
  std::string source;      ///< source ids (shared/data/chips/SOURCES.md)
  std::string notes;       ///< what the rule does and does not cover
  /// Note 2 to 3A090: parts not designed for data centres escape unless TPP >= this.
  std::optional<double> non_datacenter_exempt_below_tpp;
  std::vector<RuleClause> clauses;  ///< in order; first match wins
};

}  // namespace suanli
