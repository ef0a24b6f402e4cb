// suanli export-check [CHIP...] [--rule NAME]: classify chips under the export rules.
// The classification is src/policy (export_check.h); this file resolves names and prints.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <memory>

#include "cli/catalog_view.h"
#include "cli/cli.h"
#include "cli/export_view.h"

namespace suanli::cli {
namespace {

struct ExportOptions {
  std::vector<std::string> chips;  // ids, aliases or paths; empty = every chip
  std::string rule;                // one rule id; empty = every rule
  Format format = Format::table;
};

// One chip with its figures and outcomes.
struct Checked {
  Chip chip;
  ChipMetrics metrics;
  std::vector<RuleOutcome> outcomes;
};

Result<std::vector<Chip>> resolve_chips(const Catalog& catalog,
                                        const std::vector<std::string>& names) {
  if (names.empty()) return chips_by_vendor(catalog);
  std::vector<Chip> chips;
  for (const std::string& name : names) {
    Result<Chip> chip = catalog.chip(name);
    if (!chip.ok()) return chip.error();
    chips.push_back(*chip);
  }
  return chips;
}

Result<std::vector<ExportRule>> resolve_rules(const Catalog& catalog, const std::string& name) {
  if (!name.empty()) {
    Result<ExportRule> rule = catalog.rule(name);
    if (!rule.ok()) return rule.error();
    return std::vector<ExportRule>{*rule};
  }
  std::vector<ExportRule> rules = rules_by_date(catalog);
  if (rules.empty()) return Error("the catalog has no export rules (catalog/rules/*.toml)");
  return rules;
}

nlohmann::ordered_json checked_json(const Checked& c) {
  nlohmann::ordered_json j = {
      {"chip", c.chip.id}, {"name", c.chip.name}, {"vendor", c.chip.vendor}};
  j.update(metrics_json(c.metrics));
  nlohmann::ordered_json rules = nlohmann::ordered_json::array();
  for (const RuleOutcome& o : c.outcomes) rules.push_back(outcome_json(o));
  j["rules"] = rules;
  return j;
}

// "h20 (HGX H20 96GB): TPP 2368 (fp8 296 × 8), PD 2.91 TPP/mm², I/O 1028 GB/s bidir, ..."
std::string chip_heading(const Checked& c) {
  const ChipMetrics& m = c.metrics;
  auto num = [](const std::optional<double>& v, int decimals, const char* unit) {
    return v ? report::format_number(*v, decimals) + unit : std::string("unknown");
  };
  std::string io = num(m.io_bidir_gbps, 0, " GB/s bidir");
  if (m.io_bidir_gbps && !io_caveat(m).empty()) io += " (" + io_caveat(m) + ")";
  std::string tpp = m.tpp ? num(m.tpp, 0, "") + " (" + tpp_basis(c.chip, m) + ")" : "unknown";
  return fmt::format("{} ({}): TPP {}, PD {}, I/O {}, DRAM {}\n", c.chip.id, c.chip.name, tpp,
                     num(m.pd, 2, " TPP/mm²"), io, num(m.dram_bw_gbps, 0, " GB/s"));
}

report::Table csv_table(const std::vector<Checked>& checked) {
  report::Table table{{{"Chip"},
                       {"TPP (TOPS×bit)"},
                       {"TPP precision"},
                       {"PD (TPP/mm²)"},
                       {"I/O (GB/s bidir)"},
                       {"DRAM BW (GB/s)"},
                       {"Rule"},
                       {"Controlled"},
                       {"Determined"},
                       {"Paragraph"},
                       {"Meaning"},
                       {"Reason"}},
                      {}};
  for (const Checked& c : checked) {
    const ChipMetrics& m = c.metrics;
    std::string precision = m.tpp_precision ? std::string(to_string(*m.tpp_precision)) : "";
    for (const RuleOutcome& o : c.outcomes) {
      table.rows.push_back(
          {c.chip.id, number_cell(m.tpp, 1, Format::csv), precision,
           number_cell(m.pd, 3, Format::csv), number_cell(m.io_bidir_gbps, 0, Format::csv),
           number_cell(m.dram_bw_gbps, 0, Format::csv), o.rule, o.controlled ? "true" : "false",
           o.determined ? "true" : "false", o.paragraph, o.meaning, o.reason});
    }
  }
  return table;
}

void print_checked(Context& ctx, const std::vector<Checked>& checked, Format format) {
  if (format == Format::json) {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const Checked& c : checked) list.push_back(checked_json(c));
    print_json(ctx, list);
  } else if (format == Format::csv) {
    print_table(ctx, csv_table(checked), format);
  } else {
    for (size_t i = 0; i < checked.size(); ++i) {
      ctx.out << (i ? "\n" : "") << chip_heading(checked[i])
              << report::render_text(outcomes_table(checked[i].outcomes));
    }
  }
}

int run_export_check(Context& ctx, const ExportOptions& options) {
  Result<Catalog> catalog = ctx.load_catalog();
  if (!catalog.ok()) return fail(ctx, catalog.error());
  Result<std::vector<Chip>> chips = resolve_chips(*catalog, options.chips);
  if (!chips.ok()) return fail(ctx, chips.error());
  Result<std::vector<ExportRule>> rules = resolve_rules(*catalog, options.rule);
  if (!rules.ok()) return fail(ctx, rules.error());
  std::vector<Checked> checked;
  for (const Chip& chip : *chips) {
    ChipMetrics metrics = export_metrics(chip);
    checked.push_back({chip, metrics, evaluate_all(*rules, chip, metrics)});
  }
  print_checked(ctx, checked, options.format);
  return 0;
}

}  // namespace

void register_export_commands(CLI::App& app, Action& action) {
  auto options = std::make_shared<ExportOptions>();
  CLI::App* sub = app.add_subcommand(
      "export-check",
      "Classify chips under the US export-control rules (ECCN 3A090): TPP, performance "
      "density, I/O and DRAM bandwidth against each rule's thresholds, with the reason");
  sub->add_option("chips", options->chips,
                  "Chip ids, aliases or .toml paths (default: every chip)");
  sub->add_option("--rule", options->rule, "Check only this rule (e.g. us-2023-10)");
  add_format_option(*sub, options->format);
  sub->footer("Example: suanli export-check h20 l20 --rule us-2023-10");
  sub->callback([&action, options] {
    action = [options](Context& ctx) { return run_export_check(ctx, *options); };
  });
}

}  // namespace suanli::cli
