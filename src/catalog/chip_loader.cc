#include <fmt/format.h>

#include "catalog/entry_loaders.h"
#include "catalog/field_reader.h"
#include "suanli/spellcheck.h"
#include "suanli/units.h"

namespace suanli {
namespace {

// Reads the efficiency keys shared by profiles and a chip's [efficiency] overrides.
void read_efficiency(FieldReader& r, ChipEfficiency& e) {
  if (auto v = r.optional_in_range("gemm_max_fraction", 1e-3, 1.0)) e.gemm_max_fraction = *v;
  if (auto v = r.optional_in_range("gemm_half_dim", 0.0, 1e6)) e.gemm_half_dim = *v;
  if (auto v = r.optional_in_range("gemm_skinny_half_dim", 0.0, 1e6)) e.gemm_skinny_half_dim = *v;
  if (auto v = r.optional_in_range("gemm_max_fraction_8bit", 1e-3, 1.0)) {
    e.gemm_max_fraction_8bit = *v;
  }
  if (auto v = r.optional_in_range("attention_fraction", 1e-3, 1.0)) e.attention_fraction = *v;
  if (auto v = r.optional_in_range("attention_backward_ratio", 1e-3, 1.0)) {
    e.attention_backward_ratio = *v;
  }
  if (auto v = r.optional_in_range("softmax_dropout_stream_fraction", 1e-3, 1.0)) {
    e.softmax_dropout_stream_fraction = *v;
  }
  if (auto v = r.optional_in_range("memory_bw_fraction", 1e-3, 1.0)) e.memory_bw_fraction = *v;
  if (auto v = r.optional_in_range("kernel_overhead_us", 0.0, 1e6)) {
    e.kernel_overhead_s = *v * units::kMicrosecond;
  }
}

// Every figure given needs a source: its own key ("memory.capacity_gb") or its table's.
void require_source(FieldReader& r, const toml::table* sources, const std::string& table,
                    const std::string& key) {
  const std::string full = table.empty() ? key : table + "." + key;
  if (sources && (sources->contains(full) || (!table.empty() && sources->contains(table)))) {
    return;
  }
  r.fail(table.empty() ? key : table, fmt::format("'{}' has no source: add \"{}\" (or \"{}\") "
                                                  "to [sources]",
                                                  full, full, table.empty() ? key : table));
}

void read_compute(FieldReader& top, const toml::table* sources, Chip& chip) {
  const toml::table* dense = top.optional_table("dense_tflops");
  if (!dense) return;
  FieldReader r(*dense, top.source(), "dense_tflops");
  for (Precision p : kAllPrecisions) {
    const std::string key(to_string(p));
    if (auto v = r.optional_positive(key)) {
      chip.dense_flop_per_s[index_of(p)] = *v * units::kTflops;
      require_source(r, sources, "dense_tflops", key);
    }
  }
  top.absorb(r.finish());
}

void read_memory(FieldReader& top, const toml::table* sources, Chip& chip) {
  const toml::table* memory = top.optional_table("memory");
  if (!memory) return;
  FieldReader r(*memory, top.source(), "memory");
  if (auto v = r.optional_positive("capacity_gb")) {
    chip.memory_bytes = *v * units::kGB;
    require_source(r, sources, "memory", "capacity_gb");
  }
  if (auto v = r.optional_positive("bandwidth_tb_per_s")) {
    chip.memory_bw_bytes_per_s = *v * units::kTBps;
    require_source(r, sources, "memory", "bandwidth_tb_per_s");
  }
  top.absorb(r.finish());
}

void read_interconnect(FieldReader& top, const toml::table* sources, Chip& chip) {
  const toml::table* link = top.optional_table("interconnect");
  if (!link) return;
  FieldReader r(*link, top.source(), "interconnect");
  chip.scaleup_interconnect = r.optional_string("scaleup_name").value_or("");
  auto read_bw = [&](const char* key, double unit, std::optional<double>& out) {
    if (auto v = r.optional_positive(key)) {
      out = *v * unit;
      require_source(r, sources, "interconnect", key);
    }
  };
  read_bw("scaleup_gb_per_s_bidir", units::kGBps, chip.scaleup_bw_bidir_bytes_per_s);
  read_bw("host_link_gb_per_s_bidir", units::kGBps, chip.host_link_bw_bidir_bytes_per_s);
  read_bw("other_io_gb_per_s_bidir", units::kGBps, chip.other_io_bw_bidir_bytes_per_s);
  read_bw("scaleout_nic_gbit_per_s", units::kGbps, chip.scaleout_nic_bytes_per_s);
  top.absorb(r.finish());
}

// Reads a single-key table such as [power] tdp_w or [price] launch_usd.
void read_single(FieldReader& top, const toml::table* sources, const char* table,
                 const char* key, std::optional<double>& out) {
  const toml::table* t = top.optional_table(table);
  if (!t) return;
  FieldReader r(*t, top.source(), table);
  if ((out = r.optional_positive(key))) require_source(r, sources, table, key);
  top.absorb(r.finish());
}

void read_identity(FieldReader& r, const toml::table* sources, Chip& chip) {
  chip.id = r.required_string("id");
  chip.aliases = r.string_array("aliases");
  chip.name = r.required_string("name");
  chip.vendor = r.required_string("vendor");
  chip.form_factor = r.optional_string("form_factor").value_or("");
  chip.process = r.optional_string("process").value_or("");
  if (auto y = r.optional_int("year", 1990)) chip.year = static_cast<int>(*y);
  if ((chip.transistors_billion = r.optional_positive("transistors_billion"))) {
    require_source(r, sources, "", "transistors_billion");
  }
  if ((chip.die_area_mm2 = r.optional_positive("die_area_mm2"))) {
    require_source(r, sources, "", "die_area_mm2");
  }
  chip.datacenter = r.optional_bool("datacenter").value_or(true);
  chip.default_system = r.optional_string("default_system").value_or("");
  chip.confidence = r.optional_string("confidence").value_or("");
  if (!chip.confidence.empty() && chip.confidence != "high" && chip.confidence != "medium" &&
      chip.confidence != "low") {
    r.fail("confidence", "expected \"high\", \"medium\" or \"low\"");
  }
  chip.notes = r.optional_string("notes").value_or("");
}

void read_sources(FieldReader& r, const toml::table* sources, Chip& chip) {
  if (!sources) {
    r.fail_here("missing required table [sources] (a source id for every figure)");
    return;
  }
  FieldReader s(*sources, r.source(), "sources");
  for (const std::string& key : s.keys()) {
    if (auto v = s.optional_string(key)) chip.sources[key] = *v;
  }
  r.absorb(s.finish());
}

}  // namespace

Result<NamedEfficiency> parse_efficiency_profile(const toml::table& table,
                                                 const std::string& source) {
  FieldReader r(table, source);
  NamedEfficiency profile;
  profile.name = r.required_string("name");
  for (const char* key : {"gemm_max_fraction", "gemm_half_dim", "attention_fraction",
                          "memory_bw_fraction", "kernel_overhead_us"}) {
    if (!table.contains(key)) r.fail(key, "missing required field (a number)");
  }
  read_efficiency(r, profile.efficiency);
  r.optional_string("notes");
  r.optional_string("source");
  if (Status s = r.finish(); !s.ok()) return s.error();
  return profile;
}

Result<Chip> parse_chip(const toml::table& table, const std::string& source,
                        const EfficiencyLookup& profiles,
                        const std::vector<std::string>& profile_names) {
  FieldReader r(table, source);
  Chip chip;
  const toml::table* sources = r.optional_table("sources");
  read_identity(r, sources, chip);
  read_compute(r, sources, chip);
  read_memory(r, sources, chip);
  read_interconnect(r, sources, chip);
  read_single(r, sources, "power", "tdp_w", chip.tdp_w);
  read_single(r, sources, "price", "launch_usd", chip.launch_price_usd);
  read_sources(r, sources, chip);
  chip.efficiency_profile = r.required_string("efficiency_profile");
  if (r.ok()) {
    std::optional<ChipEfficiency> base = profiles(chip.efficiency_profile);
    if (!base) {
      r.fail("efficiency_profile",
             unknown_name_message("efficiency profile", chip.efficiency_profile, profile_names));
    } else {
      chip.efficiency = *base;
    }
  }
  if (const toml::table* overrides = r.optional_table("efficiency")) {
    FieldReader e(*overrides, source, "efficiency");
    read_efficiency(e, chip.efficiency);
    r.absorb(e.finish());
  }
  if (Status s = r.finish(); !s.ok()) return s.error();
  return chip;
}

}  // namespace suanli
