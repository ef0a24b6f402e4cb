// suanli validate --cases FILE: predicted against measured for published runs.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>

#include "catalog/toml_document.h"
#include "cli/cli.h"
#include "report/table.h"
#include "suanli/validation.h"

namespace suanli::cli {
namespace {

struct ValidateOptions {
  std::string cases;
  Format format = Format::table;
  int threads = 0;
  // Attention kernel, DP and EP overlap by the era of each case's chip (CaseSoftware).
  SoftwareFlags software{"auto", "auto", "auto"};
  std::string assume;
};

nlohmann::json optional_number(const std::optional<double>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

nlohmann::json report_json(const ValidationReport& report) {
  nlohmann::json cases = nlohmann::json::array();
  for (const CaseResult& c : report.cases) {
    nlohmann::json j = {{"id", c.id},         {"kind", c.kind},
                        {"metric", c.metric}, {"predicted", optional_number(c.predicted)},
                        {"measured", c.measured}, {"error", optional_number(c.error)},
                        {"plan", c.plan}};
    if (!c.reason.empty()) j["reason"] = c.reason;
    cases.push_back(j);
  }
  nlohmann::json summary = nlohmann::json::object();
  for (const KindSummary& s : report.summary) {
    summary[s.kind] = {{"cases", s.cases},
                       {"predicted", s.predicted},
                       {"median_abs_error", s.median_abs_error},
                       {"worst_abs_error", s.worst_abs_error},
                       {"worst_case", s.worst_id}};
  }
  return {{"cases", cases}, {"summary", summary}};
}

std::string percent(const std::optional<double>& e) {
  return e ? fmt::format("{:+.1f}", 100.0 * *e) : "-";
}

report::Table cases_table(const ValidationReport& report) {
  report::Table t;
  t.columns = {{"case", report::Align::left}, {"kind", report::Align::left},
               {"metric", report::Align::left}, {"predicted"}, {"measured"}, {"error (%)"},
               {"plan / note", report::Align::left}};
  for (const CaseResult& c : report.cases) {
    std::string note = c.plan;
    if (!c.reason.empty()) note += (note.empty() ? "" : "  ") + std::string("[") + c.reason + "]";
    t.rows.push_back({c.id, c.kind, c.metric,
                      c.predicted ? fmt::format("{:.4g}", *c.predicted) : "null",
                      fmt::format("{:.4g}", c.measured), percent(c.error), note});
  }
  return t;
}

report::Table summary_table(const ValidationReport& report) {
  report::Table t;
  t.columns = {{"kind", report::Align::left}, {"cases"}, {"predicted"},
               {"median |error| (%)"}, {"worst |error| (%)"}, {"worst case", report::Align::left}};
  for (const KindSummary& s : report.summary) {
    t.rows.push_back({s.kind, std::to_string(s.cases), std::to_string(s.predicted),
                      fmt::format("{:.1f}", 100.0 * s.median_abs_error),
                      fmt::format("{:.1f}", 100.0 * s.worst_abs_error), s.worst_id});
  }
  return t;
}

int run_validate(Context& ctx, const ValidateOptions& o) {
  Result<Catalog> catalog = ctx.load_catalog();
  if (!catalog.ok()) return fail(ctx, catalog.error());
  Result<std::string> text = read_text_file(o.cases);
  if (!text.ok()) return fail(ctx, text.error());
  Result<std::vector<ValidationCase>> cases = parse_cases(*text, o.cases, *catalog);
  if (!cases.ok()) return fail(ctx, cases.error());
  Result<PlanConstraints> assumed = parse_plan_constraints(o.assume);
  if (!assumed.ok()) return fail(ctx, Error("--assume: " + assumed.error().message()));
  assume_plan_fields(*cases, *assumed);
  SearchOptions search;
  search.threads = o.threads;
  const ValidationReport report = run_validation(*cases, search, o.software.per_case());
  if (o.format == Format::json) {
    ctx.out << report_json(report).dump(2) << "\n";
  } else if (o.format == Format::csv) {
    ctx.out << report::render_csv(cases_table(report));
  } else {
    ctx.out << report::render_text(cases_table(report)) << "\n"
            << report::render_text(summary_table(report));
  }
  return 0;
}

}  // namespace

void register_validate_commands(CLI::App& app, Action& action) {
  auto o = std::make_shared<ValidateOptions>();
  CLI::App* sub = app.add_subcommand(
      "validate", "Predict published, measured runs and print predicted vs measured, the error "
                  "of each case and the median and worst |error| per kind");
  sub->add_option("--cases", o->cases, "Case file (format: shared/data/validation/README.md)")
      ->required();
  sub->add_option("--threads", o->threads, "Search threads (0 = all hardware threads)")
      ->check(non_negative_number());
  // The case format has no field for the software, so these apply to every training case.
  add_software_options(*sub, o->software,
                       "per case, by its chip: fused attention, DP and EP overlap on for "
                       "chips released from 2022 or of unknown year, unfused and off for "
                       "earlier chips, as their published runs used (Megatron-LM 2021-22 on "
                       "A100)");
  sub->add_option("--assume", o->assume,
                  "Plan fields fixed in every training case that leaves them out, e.g. "
                  "sp=0,zero=0 for software without sequence parallelism or ZeRO (default: "
                  "none; such fields are searched)");
  add_format_option(*sub, o->format);
  sub->footer("Example: suanli validate --cases data/validation/public.toml --format json");
  sub->callback([&action, o] { action = [o](Context& ctx) { return run_validate(ctx, *o); }; });
}

}  // namespace suanli::cli
