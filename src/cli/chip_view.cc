// Chip tables and JSON (catalog_view.h): `suanli chips` and `suanli chip ID`.
#include <fmt/format.h>

#include "cli/catalog_view.h"
#include "cli/export_view.h"
#include "suanli/units.h"

namespace suanli::cli {
namespace {

using report::Align;
using report::Column;

std::optional<double> scaled(const std::optional<double>& value, double unit) {
  if (!value) return std::nullopt;
  return *value / unit;
}

std::optional<double> tflops(const Chip& chip, Precision p) {
  return scaled(chip.peak(p), units::kTflops);
}

std::string text_cell(const std::string& text, Format format) {
  if (!text.empty()) return text;
  return format == Format::csv ? "" : "-";
}

std::string year_cell(const Chip& chip, Format format) {
  return chip.year ? std::to_string(*chip.year) : text_cell("", format);
}

// The source of a figure: its own key ("memory.capacity_gb") or its table's ("memory").
std::string source_of(const Chip& chip, const std::string& table, const std::string& key) {
  std::string full = table.empty() ? key : table + "." + key;
  if (auto it = chip.sources.find(full); it != chip.sources.end()) return it->second;
  if (auto it = chip.sources.find(table); !table.empty() && it != chip.sources.end()) {
    return it->second;
  }
  return "";
}

std::vector<Column> chips_columns(const std::vector<ExportRule>& rules) {
  std::vector<Column> columns = {{"ID", Align::left},
                                 {"Vendor", Align::left},
                                 {"Year", Align::right},
                                 {"BF16 (TFLOP/s)"},
                                 {"FP16 (TFLOP/s)"},
                                 {"FP8 (TFLOP/s)"},
                                 {"INT8 (TOP/s)"},
                                 {"Memory (GB)"},
                                 {"Memory BW (TB/s)"},
                                 {"Scale-up (GB/s bidir)"},
                                 {"TDP (W)"},
                                 {"TPP (TOPS×bit)"},
                                 {"PD (TPP/mm²)"}};
  for (const ExportRule& rule : rules) columns.push_back({rule.id + " (status)", Align::left});
  return columns;
}

std::vector<std::string> chip_row(const Chip& chip, const std::vector<ExportRule>& rules,
                                  Format f) {
  ChipMetrics m = export_metrics(chip);
  std::vector<std::string> row = {
      chip.id,
      chip.vendor,
      year_cell(chip, f),
      number_cell(tflops(chip, Precision::bf16), 1, f),
      number_cell(tflops(chip, Precision::fp16), 1, f),
      number_cell(tflops(chip, Precision::fp8), 1, f),
      number_cell(tflops(chip, Precision::int8), 1, f),
      number_cell(scaled(chip.memory_bytes, units::kGB), 0, f),
      number_cell(scaled(chip.memory_bw_bytes_per_s, units::kTBps), 3, f),
      number_cell(scaled(chip.scaleup_bw_bidir_bytes_per_s, units::kGBps), 0, f),
      number_cell(chip.tdp_w, 0, f),
      number_cell(m.tpp, 0, f),
      number_cell(m.pd, 2, f)};
  for (const RuleOutcome& o : evaluate_all(rules, chip, m)) row.push_back(status_cell(o));
  return row;
}

nlohmann::ordered_json dense_json(const Chip& chip) {
  nlohmann::ordered_json dense = nlohmann::ordered_json::object();
  for (Precision p : kAllPrecisions)
    dense[std::string(to_string(p))] = number_json(tflops(chip, p));
  return dense;
}

nlohmann::ordered_json efficiency_json(const Chip& chip) {
  const ChipEfficiency& e = chip.efficiency;
  return {{"profile", text_json(chip.efficiency_profile)},
          {"gemm_max_fraction", e.gemm_max_fraction},
          {"gemm_half_dim", e.gemm_half_dim},
          {"attention_fraction", e.attention_fraction},
          {"attention_backward_ratio", e.attention_backward_ratio},
          {"memory_bw_fraction", e.memory_bw_fraction},
          {"kernel_overhead_us", number_json(e.kernel_overhead_s / units::kMicrosecond)}};
}

nlohmann::ordered_json default_system_json(const std::optional<System>& system) {
  if (!system) return nullptr;
  return {{"id", system->id}, {"name", system->name}, {"generic", system->generic}};
}

}  // namespace

report::Table chips_table(const std::vector<Chip>& chips, const std::vector<ExportRule>& rules,
                          Format format) {
  report::Table table{chips_columns(rules), {}};
  for (const Chip& chip : chips) table.rows.push_back(chip_row(chip, rules, format));
  return table;
}

nlohmann::ordered_json chip_summary_json(const Chip& chip, const std::vector<ExportRule>& rules) {
  ChipMetrics m = export_metrics(chip);
  nlohmann::ordered_json j = {
      {"id", chip.id},
      {"name", chip.name},
      {"vendor", chip.vendor},
      {"year", chip.year ? nlohmann::ordered_json(*chip.year) : nlohmann::ordered_json(nullptr)},
      {"form_factor", text_json(chip.form_factor)},
      {"datacenter", chip.datacenter},
      {"dense_tflops", dense_json(chip)},
      {"memory_gb", number_json(scaled(chip.memory_bytes, units::kGB))},
      {"memory_bw_tb_per_s", number_json(scaled(chip.memory_bw_bytes_per_s, units::kTBps))},
      {"scaleup_interconnect", text_json(chip.scaleup_interconnect)},
      {"scaleup_gb_per_s_bidir",
       number_json(scaled(chip.scaleup_bw_bidir_bytes_per_s, units::kGBps))},
      {"host_link_gb_per_s_bidir",
       number_json(scaled(chip.host_link_bw_bidir_bytes_per_s, units::kGBps))},
      {"other_io_gb_per_s_bidir",
       number_json(scaled(chip.other_io_bw_bidir_bytes_per_s, units::kGBps))},
      {"tdp_w", number_json(chip.tdp_w)}};
  j.update(metrics_json(m));
  nlohmann::ordered_json outcomes = nlohmann::ordered_json::array();
  for (const RuleOutcome& o : evaluate_all(rules, chip, m)) outcomes.push_back(outcome_json(o));
  j["rules"] = outcomes;
  return j;
}

nlohmann::ordered_json chip_detail_json(const Chip& chip,
                                        const std::optional<System>& default_system,
                                        const std::vector<ExportRule>& rules) {
  nlohmann::ordered_json j = chip_summary_json(chip, rules);
  j["aliases"] = chip.aliases;
  j["process"] = text_json(chip.process);
  j["transistors_billion"] = number_json(chip.transistors_billion);
  j["scaleout_nic_gbit_per_s"] = number_json(scaled(chip.scaleout_nic_bytes_per_s, units::kGbps));
  j["launch_price_usd"] = number_json(chip.launch_price_usd);
  j["confidence"] = text_json(chip.confidence);
  j["notes"] = text_json(chip.notes);
  j["sources"] = chip.sources;
  j["efficiency"] = efficiency_json(chip);
  j["default_system"] = default_system_json(default_system);
  return j;
}

namespace {

struct FieldRows {
  Format format;
  std::vector<std::vector<std::string>> rows;
  void text(const std::string& label, const std::string& value, const std::string& source = "") {
    rows.push_back({label, text_cell(value, format), source});
  }
  void number(const std::string& label, const std::optional<double>& value, int decimals,
              const std::string& source = "") {
    rows.push_back({label, number_cell(value, decimals, format), value ? source : ""});
  }
};

void identity_rows(const Chip& chip, FieldRows& r) {
  r.text("ID", chip.id);
  r.text("Name", chip.name);
  r.text("Aliases", fmt::format("{}", fmt::join(chip.aliases, ", ")));
  r.text("Vendor", chip.vendor);
  r.text("Form factor", chip.form_factor);
  r.text("Process", chip.process);
  r.text("Year", chip.year ? std::to_string(*chip.year) : "");
  r.text("Data-centre part", chip.datacenter ? "yes" : "no");
  r.number("Transistors (10⁹)", chip.transistors_billion, 1,
           source_of(chip, "", "transistors_billion"));
  r.number("Die area (mm²)", chip.die_area_mm2, 1, source_of(chip, "", "die_area_mm2"));
}

void figure_rows(const Chip& chip, FieldRows& r) {
  for (Precision p : kAllPrecisions) {
    std::string id(to_string(p));
    std::string unit = p == Precision::int8 || p == Precision::int4 ? "TOP/s" : "TFLOP/s";
    std::string label = fmt::format("Dense {} ({})", id, unit);
    r.number(label, tflops(chip, p), 1, source_of(chip, "dense_tflops", id));
  }
  r.number("Memory (GB)", scaled(chip.memory_bytes, units::kGB), 1,
           source_of(chip, "memory", "capacity_gb"));
  r.number("Memory BW (TB/s)", scaled(chip.memory_bw_bytes_per_s, units::kTBps), 3,
           source_of(chip, "memory", "bandwidth_tb_per_s"));
  r.text("Scale-up interconnect", chip.scaleup_interconnect);
  r.number("Scale-up (GB/s bidir)", scaled(chip.scaleup_bw_bidir_bytes_per_s, units::kGBps), 0,
           source_of(chip, "interconnect", "scaleup_gb_per_s_bidir"));
  r.number("Host link (GB/s bidir)", scaled(chip.host_link_bw_bidir_bytes_per_s, units::kGBps), 0,
           source_of(chip, "interconnect", "host_link_gb_per_s_bidir"));
  r.number("Other I/O (GB/s bidir)", scaled(chip.other_io_bw_bidir_bytes_per_s, units::kGBps), 0,
           source_of(chip, "interconnect", "other_io_gb_per_s_bidir"));
  r.number("Scale-out NIC (Gb/s)", scaled(chip.scaleout_nic_bytes_per_s, units::kGbps), 0,
           source_of(chip, "interconnect", "scaleout_nic_gbit_per_s"));
  r.number("TDP (W)", chip.tdp_w, 0, source_of(chip, "power", "tdp_w"));
  r.number("Launch price (USD)", chip.launch_price_usd, 0, source_of(chip, "price", "launch_usd"));
  r.text("Confidence", chip.confidence);
  r.text("Notes", chip.notes);
}

void model_parameter_rows(const Chip& chip, const std::optional<System>& system, FieldRows& r) {
  const ChipEfficiency& e = chip.efficiency;
  std::string profile = "profile " + chip.efficiency_profile;
  r.text("Efficiency profile", chip.efficiency_profile);
  r.number("GEMM max fraction", e.gemm_max_fraction, 3, profile);
  r.number("GEMM half dimension", e.gemm_half_dim, 0, profile);
  r.number("Attention fraction", e.attention_fraction, 3, profile);
  r.number("Attention backward ratio", e.attention_backward_ratio, 2, profile);
  r.number("Memory BW fraction", e.memory_bw_fraction, 3, profile);
  r.number("Kernel overhead (µs)", e.kernel_overhead_s / units::kMicrosecond, 1, profile);
  std::string name = system ? system->id + (system->generic ? " (generic, estimate)" : "") : "";
  r.text("Default system", name);
}

void export_rows(const Chip& chip, const std::vector<RuleOutcome>& outcomes, FieldRows& r) {
  ChipMetrics m = export_metrics(chip);
  r.number("TPP (TOPS×bit)", m.tpp, 0);
  r.text("TPP basis", tpp_basis(chip, m) == "-" ? "" : tpp_basis(chip, m));
  r.number("PD (TPP/mm²)", m.pd, 2);
  r.number("Export I/O (GB/s bidir)", m.io_bidir_gbps, 0, io_caveat(m));
  r.number("DRAM bandwidth (GB/s)", m.dram_bw_gbps, 0);
  if (r.format != Format::csv) return;  // the text view prints outcomes as their own table
  for (const RuleOutcome& o : outcomes) {
    r.text(o.rule + " status", status_cell(o));
    r.text(o.rule + " reason", o.reason);
  }
}

}  // namespace

report::Table chip_fields_table(const Chip& chip, const std::optional<System>& default_system,
                                const std::vector<RuleOutcome>& outcomes, Format format) {
  FieldRows rows{format, {}};
  identity_rows(chip, rows);
  figure_rows(chip, rows);
  model_parameter_rows(chip, default_system, rows);
  export_rows(chip, outcomes, rows);
  return {{{"Field (unit)", Align::left}, {"Value", Align::left}, {"Source", Align::left}},
          std::move(rows.rows)};
}

report::Table outcomes_table(const std::vector<RuleOutcome>& outcomes) {
  report::Table table{{{"Rule", Align::left},
                       {"Status", Align::left},
                       {"Meaning", Align::left},
                       {"Reason", Align::left}},
                      {}};
  for (const RuleOutcome& o : outcomes) {
    table.rows.push_back({o.rule, status_cell(o), o.meaning, o.reason});
  }
  return table;
}

}  // namespace suanli::cli
