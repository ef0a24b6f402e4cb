// Three-valued evaluation of one clause: each bound is yes, no or unknown on the interval
// the figure is known to lie in; the clause is their Kleene conjunction.
#include "policy/rule_clauses.h"

namespace suanli::policy {
namespace {

MetricRange exact_or_unknown(const std::optional<double>& value) {
  if (!value) return {};
  return {*value, *value};
}

// I/O is exact unless a named scale-up link lacks its bandwidth (then a lower bound).
MetricRange io_range(const ChipMetrics& m) {
  MetricRange r = exact_or_unknown(m.io_bidir_gbps);
  if (m.io_bidir_gbps && !m.io_complete) r.hi = MetricRange{}.hi;
  return r;
}

// "no scale-up figure" / "scale-up bandwidth unknown" for I/O figures that leave a part out.
std::string io_note(RuleMetric metric, const ChipMetrics& m) {
  bool io = metric == RuleMetric::io_bidir_gbps || metric == RuleMetric::io_plus_dram_gbps;
  if (!io || !m.io_bidir_gbps) return "";
  return io_caveat(m);
}

// min <= value: yes when the whole interval is at or above min, no when all below.
Truth test_min(const MetricRange& r, double min) {
  if (r.lo >= min) return Truth::yes;
  if (r.hi < min) return Truth::no;
  return Truth::unknown;
}

// value < max: yes when the whole interval is below max, no when all at or above.
Truth test_max(const MetricRange& r, double max) {
  if (r.hi < max) return Truth::yes;
  if (r.lo >= max) return Truth::no;
  return Truth::unknown;
}

Truth conjunction(const std::vector<BoundResult>& bounds) {
  bool unknown = false;
  for (const BoundResult& b : bounds) {
    if (b.truth == Truth::no) return Truth::no;
    unknown = unknown || b.truth == Truth::unknown;
  }
  return unknown ? Truth::unknown : Truth::yes;
}

}  // namespace

MetricRange range_of(RuleMetric metric, const ChipMetrics& m) {
  switch (metric) {
    case RuleMetric::tpp:
      return exact_or_unknown(m.tpp);
    case RuleMetric::pd:
      return exact_or_unknown(m.pd);
    case RuleMetric::io_bidir_gbps:
      return io_range(m);
    case RuleMetric::dram_bw_gbps:
      return exact_or_unknown(m.dram_bw_gbps);
    case RuleMetric::io_plus_dram_gbps: {
      MetricRange io = io_range(m);
      MetricRange dram = exact_or_unknown(m.dram_bw_gbps);
      return {io.lo + dram.lo, io.hi + dram.hi};
    }
  }
  return {};
}

ClauseResult evaluate_clause(const RuleClause& clause, const Chip& chip,
                             const ChipMetrics& metrics) {
  ClauseResult result;
  result.clause = &clause;
  for (const RuleCondition& c : clause.all) {
    MetricRange range = range_of(c.metric, metrics);
    std::string note = io_note(c.metric, metrics);
    if (c.min) {
      result.bounds.push_back({c.metric, *c.min, true, range, test_min(range, *c.min), note});
    }
    if (c.max) {
      result.bounds.push_back({c.metric, *c.max, false, range, test_max(range, *c.max), note});
    }
  }
  result.out_of_scope = clause.datacenter_only && !chip.datacenter;
  result.truth = result.out_of_scope ? Truth::no : conjunction(result.bounds);
  return result;
}

std::string meaning_of(const RuleClause& clause) {
  if (!clause.meaning.empty()) return clause.meaning;
  return clause.controlled ? "licence required" : "not controlled";
}

}  // namespace suanli::policy
