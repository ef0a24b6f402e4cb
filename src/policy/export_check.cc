// One rule for one chip: the first clause that definitely holds decides, unless an earlier
// clause is unknown (then every outcome the missing figures allow is listed).
#include "suanli/export_check.h"

#include <fmt/format.h>

#include <optional>

#include "policy/rule_clauses.h"

namespace suanli {
namespace {

using policy::ClauseResult;
using policy::Truth;

constexpr const char* kExemptMeaning = "exempt (not a data-centre part)";

// Note 2 to 3A090: a part not designed for data centres escapes below the TPP floor.
Truth note2_exempt(const ExportRule& rule, const Chip& chip, const ChipMetrics& m) {
  if (chip.datacenter || !rule.non_datacenter_exempt_below_tpp) return Truth::no;
  if (!m.tpp) return Truth::unknown;
  return *m.tpp < *rule.non_datacenter_exempt_below_tpp ? Truth::yes : Truth::no;
}

// The first clause that holds, and the unknown clauses before it.
struct Decision {
  std::optional<size_t> decider;
  std::vector<size_t> open;
};

Decision decide(const std::vector<ClauseResult>& results) {
  Decision d;
  for (size_t i = 0; i < results.size() && !d.decider; ++i) {
    if (results[i].truth == Truth::yes) d.decider = i;
    if (results[i].truth == Truth::unknown) d.open.push_back(i);
  }
  return d;
}

// "; TPP 1936 is 60% under the 4800 floor of 3A090.a.1" for each failed clause before `end`.
std::string failures_before(const std::vector<ClauseResult>& results, size_t end) {
  std::string text;
  for (size_t i = 0; i < end; ++i) {
    if (results[i].truth == Truth::no) text += "; " + policy::failed_phrase(results[i]);
  }
  return text;
}

void set_decided(RuleOutcome& out, const std::vector<ClauseResult>& results, size_t i) {
  const RuleClause& c = *results[i].clause;
  out.controlled = c.controlled;
  out.paragraph = c.controlled ? c.paragraph : "";
  out.clause = c.paragraph;
  out.meaning = policy::meaning_of(c);
  std::string head = c.controlled
                         ? fmt::format("Controlled under {}, {}", c.paragraph, out.meaning)
                         : fmt::format("Not controlled: {} applies, {}", c.paragraph, out.meaning);
  out.reason = head + ": " + policy::held_phrase(results[i]) + failures_before(results, i) + ".";
}

void set_uncaught(RuleOutcome& out, const std::vector<ClauseResult>& results) {
  out.controlled = false;
  out.meaning = "not controlled";
  out.reason = results.empty()
                   ? "Not controlled: the rule has no clauses."
                   : "Not controlled: " + failures_before(results, results.size()).substr(2) + ".";
}

PossibleOutcome possible_of(const RuleClause& c) {
  return {c.paragraph, c.controlled, policy::meaning_of(c)};
}

// What the open clauses need, in order, then what happens when none of them holds.
void set_open(RuleOutcome& out, const std::vector<ClauseResult>& results, const Decision& d,
              const ChipMetrics& m, const std::string& note2_text) {
  out.determined = false;
  out.meaning = "undetermined";
  std::vector<std::string> steps;
  if (!note2_text.empty()) steps.push_back(note2_text);
  for (size_t i : d.open) {
    out.possible.push_back(possible_of(*results[i].clause));
    steps.push_back(policy::unknown_phrase(results[i], m));
  }
  if (d.decider) {
    const ClauseResult& r = results[*d.decider];
    out.possible.push_back(possible_of(*r.clause));
    steps.push_back(fmt::format("{} applies ({}) as {}", r.clause->paragraph,
                                policy::meaning_of(*r.clause), policy::held_phrase(r)));
  } else {
    out.possible.push_back({"", false, "not controlled"});
    steps.push_back("not controlled");
  }
  out.controlled = true;
  for (const PossibleOutcome& p : out.possible) out.controlled = out.controlled && p.controlled;
  out.reason = fmt::format("Undetermined: {}.", fmt::join(steps, "; failing that, "));
}

}  // namespace

RuleOutcome evaluate_rule(const ExportRule& rule, const Chip& chip, const ChipMetrics& m) {
  RuleOutcome out;
  out.rule = rule.id;
  Truth exempt = note2_exempt(rule, chip, m);
  if (exempt == Truth::yes) {
    out.meaning = kExemptMeaning;
    out.reason = fmt::format("Not controlled: not a data-centre part and {} (Note 2 to 3A090).",
                             policy::note2_phrase(*m.tpp, *rule.non_datacenter_exempt_below_tpp));
    return out;
  }
  std::vector<ClauseResult> results;
  for (const RuleClause& c : rule.clauses) results.push_back(policy::evaluate_clause(c, chip, m));
  Decision d = decide(results);
  std::string note2_text;
  if (exempt == Truth::unknown) {
    out.possible.push_back({"", false, kExemptMeaning});
    note2_text = fmt::format(
        "the chip is exempt under Note 2 to 3A090 (not a data-centre part) if TPP (no dense "
        "compute figure known) is < {}",
        *rule.non_datacenter_exempt_below_tpp);
  }
  if (!d.open.empty() || exempt == Truth::unknown) {
    set_open(out, results, d, m, note2_text);
  } else if (d.decider) {
    set_decided(out, results, *d.decider);
  } else {
    set_uncaught(out, results);
  }
  return out;
}

RuleOutcome evaluate_rule(const ExportRule& rule, const Chip& chip) {
  return evaluate_rule(rule, chip, export_metrics(chip));
}

}  // namespace suanli
