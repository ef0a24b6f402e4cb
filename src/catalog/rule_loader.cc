#include <fmt/format.h>

#include <map>

#include "catalog/entry_loaders.h"
#include "catalog/field_reader.h"

namespace suanli {
namespace {

const std::map<std::string, RuleMetric>& metric_names() {
  static const std::map<std::string, RuleMetric> names = {
      {"tpp", RuleMetric::tpp},
      {"pd", RuleMetric::pd},
      {"io_bidir_gbps", RuleMetric::io_bidir_gbps},
      {"dram_bw_gbps", RuleMetric::dram_bw_gbps},
      {"io_plus_dram_gbps", RuleMetric::io_plus_dram_gbps}};
  return names;
}

// Conditions are inline tables: { metric = "tpp", min = 4800, max = ... }.
void read_condition(FieldReader& clause, const toml::node& node, RuleClause& out) {
  const toml::table* t = node.as_table();
  if (!t) {
    clause.fail("conditions", "expected inline tables { metric = ..., min = ..., max = ... }");
    return;
  }
  FieldReader r(*t, clause.source(), "conditions");
  RuleCondition c;
  std::string metric = r.required_string("metric");
  auto found = metric_names().find(metric);
  if (r.ok() && found == metric_names().end()) {
    r.fail("metric", "expected tpp, pd, io_bidir_gbps, dram_bw_gbps or io_plus_dram_gbps");
  } else if (found != metric_names().end()) {
    c.metric = found->second;
  }
  c.min = r.optional_in_range("min", 0.0, 1e12);
  c.max = r.optional_in_range("max", 0.0, 1e12);
  if (r.ok() && !c.min && !c.max) r.fail_here("a condition needs min, max or both");
  if (r.ok() && c.min && c.max && *c.min >= *c.max) r.fail("max", "expected max > min");
  clause.absorb(r.finish());
  out.all.push_back(c);
}

void read_clause(FieldReader& rule, const toml::table& table, RuleClause& clause) {
  FieldReader r(table, rule.source(), "clause");
  clause.paragraph = r.required_string("paragraph");
  clause.meaning = r.required_string("meaning");
  clause.controlled = r.optional_bool("controlled").value_or(true);
  clause.datacenter_only = r.optional_bool("datacenter_only").value_or(false);
  const toml::node* conditions = r.node("conditions");
  if (!conditions || !conditions->is_array() || conditions->as_array()->empty()) {
    r.fail("conditions", "expected a non-empty array of { metric = ..., min = ..., max = ... }");
  } else {
    for (const toml::node& c : *conditions->as_array()) read_condition(r, c, clause);
  }
  rule.absorb(r.finish());
}

}  // namespace

Result<ExportRule> parse_rule(const toml::table& table, const std::string& source) {
  FieldReader r(table, source);
  ExportRule rule;
  rule.id = r.required_string("id");
  rule.name = r.required_string("name");
  rule.effective = r.required_string("effective");
  rule.instrument = r.required_string("instrument");
  rule.source = r.required_string("source");
  rule.notes = r.optional_string("notes").value_or("");
  rule.non_datacenter_exempt_below_tpp = r.optional_positive("non_datacenter_exempt_below_tpp");
  std::vector<const toml::table*> clauses = r.table_array("clause");
  if (r.ok() && clauses.empty()) r.fail_here("missing required [[clause]] tables");
  for (const toml::table* c : clauses) {
    RuleClause clause;
    read_clause(r, *c, clause);
    rule.clauses.push_back(std::move(clause));
  }
  if (Status s = r.finish(); !s.ok()) return s.error();
  return rule;
}

}  // namespace suanli
