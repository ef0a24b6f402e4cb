// One parser per catalog entry kind: TOML table in, value type out (see
// docs/catalog-format.md). References to other entries are checked by Catalog, not here.
#pragma once

#include <toml++/toml.h>

#include <functional>
#include <optional>
#include <string>

#include "suanli/chip.h"
#include "suanli/export_rule.h"
#include "suanli/status.h"
#include "suanli/system.h"

namespace suanli {

/// A named efficiency profile (catalog/efficiency/<name>.toml).
struct NamedEfficiency {
  std::string name;
  ChipEfficiency efficiency;
};

/// Finds an efficiency profile by name; nullopt when unknown.
using EfficiencyLookup = std::function<std::optional<ChipEfficiency>(const std::string&)>;

Result<NamedEfficiency> parse_efficiency_profile(const toml::table& table,
                                                 const std::string& source);
/// REQUIRES: `profiles` knows every profile a chip may name (unknown ones are errors).
Result<Chip> parse_chip(const toml::table& table, const std::string& source,
                        const EfficiencyLookup& profiles, const std::vector<std::string>& profile_names);
Result<System> parse_system(const toml::table& table, const std::string& source);
Result<ExportRule> parse_rule(const toml::table& table, const std::string& source);

}  // namespace suanli
