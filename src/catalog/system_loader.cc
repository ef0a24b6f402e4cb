#include <fmt/format.h>

#include "catalog/entry_loaders.h"
#include "catalog/field_reader.h"
#include "suanli/units.h"

namespace suanli {
namespace {

void read_tier(FieldReader& top, const char* key, NetworkTier& tier) {
  const toml::table* t = top.optional_table(key);
  if (!t) {
    top.fail(key, "missing required table (name, span_chips, gb_per_s or gbit_per_s, "
                  "latency_us, bw_efficiency)");
    return;
  }
  FieldReader r(*t, top.source(), key);
  tier.name = r.required_string("name");
  tier.span_chips = static_cast<int>(r.optional_int("span_chips", 0).value_or(0));
  std::optional<double> gb = r.optional_positive("gb_per_s");
  std::optional<double> gbit = r.optional_positive("gbit_per_s");
  if (gb && gbit) r.fail("gbit_per_s", "give exactly one of gb_per_s (GB/s) or gbit_per_s (Gb/s)");
  if (!gb && !gbit && r.ok()) {
    r.fail_here(fmt::format("{}: missing bandwidth: gb_per_s (GB/s) or gbit_per_s (Gb/s), per "
                            "chip per direction", key));
  }
  tier.bw_bytes_per_s = gb ? *gb * units::kGBps : gbit.value_or(0) * units::kGbps;
  if (!t->contains("latency_us")) r.fail("latency_us", "missing required field (microseconds)");
  tier.latency_s = r.optional_in_range("latency_us", 0.0, 1e6).value_or(0) * units::kMicrosecond;
  if (!t->contains("bw_efficiency")) r.fail("bw_efficiency", "missing required field in (0, 1]");
  tier.bw_efficiency = r.optional_in_range("bw_efficiency", 1e-3, 1.0).value_or(1.0);
  top.absorb(r.finish());
}

}  // namespace

Result<System> parse_system(const toml::table& table, const std::string& source) {
  FieldReader r(table, source);
  System system;
  system.id = r.required_string("id");
  system.aliases = r.string_array("aliases");
  system.name = r.required_string("name");
  system.chip = r.required_string("chip");
  system.chips_per_node = static_cast<int>(r.required_int("chips_per_node", 1));
  if (auto m = r.optional_int("max_chips", 1)) system.max_chips = static_cast<int>(*m);
  system.estimate = r.optional_bool("estimate").value_or(false);
  system.notes = r.optional_string("notes").value_or("");
  read_tier(r, "scaleup", system.scaleup);
  read_tier(r, "scaleout", system.scaleout);
  if (r.ok() && system.scaleup.span_chips < 1) {
    r.fail("scaleup", "span_chips must be >= 1 (the scale-up domain size)");
  }
  if (const toml::table* sources = r.optional_table("sources")) {
    FieldReader s(*sources, source, "sources");
    for (const std::string& key : s.keys()) {
      if (auto v = s.optional_string(key)) system.sources[key] = *v;
    }
    r.absorb(s.finish());
  } else {
    r.fail_here("missing required table [sources]");
  }
  if (Status s = r.finish(); !s.ok()) return s.error();
  return system;
}

}  // namespace suanli
