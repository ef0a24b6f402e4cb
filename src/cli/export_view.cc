#include "cli/export_view.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <ostream>
#include <string>
#include <tuple>

#include "suanli/units.h"

namespace suanli::cli {

std::string number_cell(const std::optional<double>& value, int decimals, Format format) {
  if (!value) return format == Format::csv ? "" : "-";
  return report::format_number(*value, decimals);
}

nlohmann::ordered_json number_json(const std::optional<double>& value) {
  if (!value || !std::isfinite(*value)) return nullptr;
  return std::stod(fmt::format("{:.9g}", *value));
}

nlohmann::ordered_json text_json(const std::string& text) {
  if (text.empty()) return nullptr;
  return text;
}

std::string status_cell(const RuleOutcome& o) {
  if (!o.determined) return o.controlled ? "controlled (paragraph open)" : "undetermined";
  if (o.controlled) return o.paragraph;
  if (!o.clause.empty()) return "no (" + o.clause + ")";
  return o.meaning == "not controlled" ? "no" : o.meaning;
}

nlohmann::ordered_json outcome_json(const RuleOutcome& o) {
  nlohmann::ordered_json possible = nlohmann::ordered_json::array();
  for (const PossibleOutcome& p : o.possible) {
    possible.push_back({{"paragraph", text_json(p.paragraph)},
                        {"controlled", p.controlled},
                        {"meaning", p.meaning}});
  }
  return {{"rule", o.rule},
          {"controlled", o.controlled},
          {"determined", o.determined},
          {"paragraph", text_json(o.paragraph)},
          {"clause", text_json(o.clause)},
          {"meaning", o.meaning},
          {"reason", o.reason},
          {"possible", possible}};
}

nlohmann::ordered_json metrics_json(const ChipMetrics& m) {
  nlohmann::ordered_json precision = nullptr;
  if (m.tpp_precision) precision = std::string(to_string(*m.tpp_precision));
  return {{"tpp", number_json(m.tpp)},
          {"tpp_precision", precision},
          {"pd", number_json(m.pd)},
          {"die_area_mm2", number_json(m.die_area_mm2)},
          {"io_bidir_gbps", number_json(m.io_bidir_gbps)},
          {"io_missing", m.io_missing},
          {"io_complete", m.io_complete},
          {"dram_bw_gbps", number_json(m.dram_bw_gbps)}};
}

std::string tpp_basis(const Chip& chip, const ChipMetrics& m) {
  if (!m.tpp_precision) return "-";
  double tflops = chip.peak(*m.tpp_precision).value_or(0) / units::kTera;
  return fmt::format("{} {:g} × {}", to_string(*m.tpp_precision), tflops,
                     bit_length(*m.tpp_precision));
}

std::vector<RuleOutcome> evaluate_all(const std::vector<ExportRule>& rules, const Chip& chip,
                                      const ChipMetrics& metrics) {
  std::vector<RuleOutcome> outcomes;
  for (const ExportRule& rule : rules) outcomes.push_back(evaluate_rule(rule, chip, metrics));
  return outcomes;
}

std::vector<ExportRule> rules_by_date(const Catalog& catalog) {
  std::vector<ExportRule> rules = catalog.rules();
  std::sort(rules.begin(), rules.end(), [](const ExportRule& a, const ExportRule& b) {
    return std::tie(a.effective, a.id) < std::tie(b.effective, b.id);
  });
  return rules;
}

std::vector<Chip> chips_by_vendor(const Catalog& catalog) {
  std::vector<Chip> chips = catalog.chips();
  std::sort(chips.begin(), chips.end(), [](const Chip& a, const Chip& b) {
    return std::tie(a.vendor, a.id) < std::tie(b.vendor, b.id);
  });
  return chips;
}

void print_table(Context& ctx, const report::Table& table, Format format) {
  ctx.out << (format == Format::csv ? report::render_csv(table) : report::render_text(table));
}

void print_fields(Context& ctx, const report::Table& table, Format format) {
  constexpr size_t kLongValue = 60;  // characters; wider values go below the table
  if (format != Format::table) return print_table(ctx, table, format);
  report::Table narrow{table.columns, {}};
  std::string trailer;
  for (const std::vector<std::string>& row : table.rows) {
    if (row.size() > 1 && row[1].size() > kLongValue) {
      trailer += fmt::format("\n{}: {}\n", row[0], row[1]);
    } else {
      narrow.rows.push_back(row);
    }
  }
  ctx.out << report::render_text(narrow) << trailer;
}

void print_json(Context& ctx, const nlohmann::ordered_json& document) {
  ctx.out << document.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
}

}  // namespace suanli::cli
