// Phrases that explain a clause's result with the figures, thresholds and margins.
#include <fmt/format.h>

#include <cmath>
#include <string_view>

#include "policy/rule_clauses.h"

namespace suanli::policy {
namespace {

struct MetricStyle {
  std::string_view label;  // as printed before the value
  std::string_view unit;   // appended to values and limits (with its leading space)
  int decimals;            // for values
};

MetricStyle style_of(RuleMetric metric) {
  switch (metric) {
    case RuleMetric::tpp:
      return {"TPP", "", 0};
    case RuleMetric::pd:
      return {"PD", "", 2};
    case RuleMetric::io_bidir_gbps:
      return {"I/O", " GB/s", 0};
    case RuleMetric::dram_bw_gbps:
      return {"DRAM bandwidth", " GB/s", 0};
    case RuleMetric::io_plus_dram_gbps:
      return {"I/O + DRAM bandwidth", " GB/s", 0};
  }
  return {"?", "", 2};
}

// `value` with `decimals`, adding digits while rounding would make it print as `limit`
// (a TPP of 2399.6 must not read "2400 is under the 2400 floor").
std::string number_near(double value, int decimals, double limit) {
  for (; decimals < 4; ++decimals) {
    double scale = std::pow(10.0, decimals);
    if (value == limit || std::round(value * scale) / scale != limit) break;
  }
  return fmt::format("{:.{}f}", value, decimals);
}

// A threshold as the rule writes it: 4800, 5.92, 1.6.
std::string limit_text(double limit, const MetricStyle& s) {
  return fmt::format("{}{}", limit, s.unit);
}

// 51%, 9.1%, 0.013%: two significant digits at least.
std::string percent_text(double percent) {
  if (percent >= 10) return fmt::format("{:.0f}%", percent);
  if (percent >= 1) return fmt::format("{:.1f}%", percent);
  return fmt::format("{:.2g}%", percent);
}

// "TPP 2368", "I/O 64 GB/s (scale-up not given)", or "I/O + DRAM bandwidth of at least
// 1028 GB/s" for a sum with an unknown term.
std::string value_text(const BoundResult& b) {
  MetricStyle s = style_of(b.metric);
  std::string number = number_near(b.range.lo, s.decimals, b.limit);
  std::string note = b.note.empty() ? "" : " (" + b.note + ")";
  if (b.range.exact()) return fmt::format("{} {}{}{}", s.label, number, s.unit, note);
  return fmt::format("{} of at least {}{}{}", s.label, number, s.unit, note);
}

std::string held_bound(const BoundResult& b) {
  MetricStyle s = style_of(b.metric);
  double v = b.is_min ? b.range.lo : b.range.hi;
  if (!b.is_min) {
    return fmt::format("{} < {} ({} under the ceiling)", value_text(b), limit_text(b.limit, s),
                       percent_text((b.limit - v) / b.limit * 100));
  }
  std::string margin;
  if (b.limit <= 0 || v == b.limit) {
    margin = "exactly at the threshold";
  } else if (v / b.limit >= 1.5) {
    margin = fmt::format("{:.{}f}× the threshold", v / b.limit, v / b.limit >= 10 ? 0 : 1);
  } else {
    margin = percent_text((v - b.limit) / b.limit * 100) + " above";
  }
  return fmt::format("{} ≥ {} ({})", value_text(b), limit_text(b.limit, s), margin);
}

std::string failed_bound(const BoundResult& b) {
  MetricStyle s = style_of(b.metric);
  if (b.is_min) {
    return fmt::format("{} is {} under the {} floor", value_text(b),
                       percent_text((b.limit - b.range.hi) / b.limit * 100),
                       limit_text(b.limit, s));
  }
  if (b.range.lo == b.limit) {
    return fmt::format("{} is at the {} ceiling", value_text(b), limit_text(b.limit, s));
  }
  return fmt::format("{} is {} over the {} ceiling", value_text(b),
                     percent_text((b.range.lo - b.limit) / b.limit * 100), limit_text(b.limit, s));
}

// Why a figure is not known: "(no dense compute figure known)", "(known parts give
// 1028 GB/s; DRAM bandwidth unknown)".
std::string unknown_qualifier(const BoundResult& b, const ChipMetrics& m) {
  MetricStyle s = style_of(b.metric);
  std::vector<std::string> missing;
  bool io = b.metric == RuleMetric::io_bidir_gbps || b.metric == RuleMetric::io_plus_dram_gbps;
  if (io && !m.io_bidir_gbps) missing.push_back("I/O");
  if (io && m.io_bidir_gbps && !m.io_complete) missing.push_back("scale-up bandwidth");
  if (b.metric == RuleMetric::io_plus_dram_gbps && !m.dram_bw_gbps) {
    missing.push_back("DRAM bandwidth");
  }
  if (b.range.lo > 0) {
    return fmt::format(" (known parts give {:.{}f}{}; {} unknown)", b.range.lo, s.decimals, s.unit,
                       fmt::join(missing, " and "));
  }
  if (b.metric == RuleMetric::tpp) return " (no dense compute figure known)";
  if (b.metric == RuleMetric::pd) return " (TPP unknown)";
  return " (unknown)";
}

// True when the bound reads as a die-area cut-off (PD open only because the area is unknown).
bool is_area_bound(const BoundResult& b, const ChipMetrics& m) {
  return b.metric == RuleMetric::pd && m.tpp.has_value();
}

// `subject` is false for the second area bound of a pair ("… ≤ 2750 mm² and > 743 mm²").
std::string unknown_bound(const BoundResult& b, const ChipMetrics& m, bool subject = true) {
  if (is_area_bound(b, m)) {
    // PD >= x  <=>  area <= TPP / x (export_rules.md, section 2: area cut-offs).
    return fmt::format("{}{} TPP/{} = {:.0f} mm²", subject ? "the applicable die area is " : "",
                       b.is_min ? "≤" : ">", b.limit, *m.tpp / b.limit);
  }
  MetricStyle s = style_of(b.metric);
  return fmt::format("{}{} is {} {}", s.label, unknown_qualifier(b, m), b.is_min ? "≥" : "<",
                     limit_text(b.limit, s));
}

template <class Pick, class Phrase>
std::string join_bounds(const ClauseResult& r, Pick pick, Phrase phrase) {
  std::vector<std::string> parts;
  for (const BoundResult& b : r.bounds) {
    if (pick(b)) parts.push_back(phrase(b));
  }
  return fmt::format("{}", fmt::join(parts, " and "));
}

}  // namespace

std::string held_phrase(const ClauseResult& r) {
  if (r.bounds.empty()) return "no conditions";
  return join_bounds(
      r, [](const BoundResult&) { return true; }, held_bound);
}

std::string failed_phrase(const ClauseResult& r) {
  if (r.out_of_scope) return r.clause->paragraph + " applies only to data-centre parts";
  auto failing = [](const BoundResult& b) { return b.truth == Truth::no; };
  return join_bounds(r, failing, failed_bound) + " of " + r.clause->paragraph;
}

std::string unknown_phrase(const ClauseResult& r, const ChipMetrics& m) {
  std::vector<std::string> parts;
  bool after_area = false;
  for (const BoundResult& b : r.bounds) {
    if (b.truth != Truth::unknown) continue;
    parts.push_back(unknown_bound(b, m, !after_area));
    after_area = is_area_bound(b, m);
  }
  return fmt::format("{} holds if {}", r.clause->paragraph, fmt::join(parts, " and "));
}

std::string note2_phrase(double tpp, double limit) {
  BoundResult b{RuleMetric::tpp, limit, true, {tpp, tpp}, Truth::no, ""};
  return failed_bound(b);
}

}  // namespace suanli::policy
