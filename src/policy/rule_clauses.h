// Internal to src/policy: three-valued evaluation of a rule's clauses against a chip's
// export figures, and the phrases that explain each clause's result.
#pragma once

#include <limits>
#include <string>
#include <vector>

#include "suanli/chip.h"
#include "suanli/export_check.h"
#include "suanli/export_rule.h"

namespace suanli::policy {

/// Kleene truth value: a condition on an unknown figure is unknown, not false.
enum class Truth { no, yes, unknown };

/// The interval a metric is known to lie in: [lo, hi]. Exact figures have lo == hi; an
/// unknown figure is [0, inf); a sum with an unknown term (I/O + DRAM with DRAM unknown) is
/// [known terms, inf).
struct MetricRange {
  double lo = 0;                                        ///< lower bound (inclusive)
  double hi = std::numeric_limits<double>::infinity();  ///< upper bound (inclusive)
  bool exact() const { return lo == hi; }
};

/// The range of `metric` given a chip's figures.
MetricRange range_of(RuleMetric metric, const ChipMetrics& metrics);

/// One bound of a condition (a condition with min and max gives two bounds).
struct BoundResult {
  RuleMetric metric = RuleMetric::tpp;  ///< the figure tested
  double limit = 0;                     ///< the threshold
  bool is_min = true;                   ///< true: value >= limit; false: value < limit
  MetricRange range;                    ///< what is known of the figure
  Truth truth = Truth::unknown;         ///< whether the bound holds
  std::string note;                     ///< caveat on the figure, e.g. "scale-up not given"
};

/// One clause's result: the conjunction of its bounds (and its data-centre scope).
struct ClauseResult {
  const RuleClause* clause = nullptr;  ///< the clause evaluated (points into the rule)
  bool out_of_scope = false;           ///< datacenter_only clause on a non-data-centre chip
  std::vector<BoundResult> bounds;     ///< every bound, in condition order
  Truth truth = Truth::unknown;        ///< AND over bounds (no when out of scope)
};

/// Tests one clause. `clause` must outlive the result.
ClauseResult evaluate_clause(const RuleClause& clause, const Chip& chip,
                             const ChipMetrics& metrics);

/// "TPP 15831 ≥ 4800 (3.3× the threshold) and I/O 1028 GB/s ≥ 600 GB/s (1.7× the threshold)"
/// REQUIRES: result.truth == Truth::yes.
std::string held_phrase(const ClauseResult& result);

/// "TPP 2368 is 1.3% under the 2400 floor of 3A090.b.1". REQUIRES: result.truth == no.
std::string failed_phrase(const ClauseResult& result);

/// "3A090.a.2 holds if the applicable die area is ≤ TPP/5.92 = 405 mm²".
/// REQUIRES: result.truth == Truth::unknown.
std::string unknown_phrase(const ClauseResult& result, const ChipMetrics& metrics);

/// "TPP 1936 is 60% under the 4800 floor" style phrase for Note 2 (value < limit holds).
std::string note2_phrase(double tpp, double limit);

/// The clause's meaning, or "licence required" / "not controlled" when it gives none.
std::string meaning_of(const RuleClause& clause);

}  // namespace suanli::policy
