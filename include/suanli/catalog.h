// The catalog: every chip, system, model and export rule suanli knows. The built-in entries
// are compiled into the binary; users add or override entries with their own TOML files.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "suanli/chip.h"
#include "suanli/export_rule.h"
#include "suanli/model.h"
#include "suanli/status.h"
#include "suanli/system.h"

namespace suanli {

/// Value type holding loaded entries. Lookups accept an id, an alias, or a path to a TOML
/// file of the right kind (anything containing '/' or ending in ".toml").
class Catalog {
 public:
  /// The catalog compiled into the binary (catalog/ in the source tree).
  static Result<Catalog> builtin();

  /// Adds or overrides entries from a folder laid out like catalog/: subfolders chips/,
  /// systems/, models/, rules/, efficiency/ (any may be missing; other files are errors).
  /// An entry whose id matches an existing one replaces it.
  Status load_directory(const std::filesystem::path& dir);

  /// Parses one chip file's text. `source` names it in error messages.
  Status add_chip(std::string_view toml_text, const std::string& source);
  Status add_system(std::string_view toml_text, const std::string& source);
  Status add_model(std::string_view toml_text, const std::string& source);
  Status add_rule(std::string_view toml_text, const std::string& source);
  Status add_efficiency_profile(std::string_view toml_text, const std::string& source);

  const std::vector<Chip>& chips() const { return chips_; }
  const std::vector<System>& systems() const { return systems_; }
  const std::vector<Model>& models() const { return models_; }
  const std::vector<ExportRule>& rules() const { return rules_; }

  /// Finds a chip by id or alias, or loads it from a file path. Unknown names give an error
  /// that suggests the closest known id.
  Result<Chip> chip(std::string_view name) const;
  Result<System> system(std::string_view name) const;
  Result<Model> model(std::string_view name) const;
  Result<ExportRule> rule(std::string_view name) const;

  /// The chip's default system; a generic 8-per-node system built from the chip's own
  /// interconnect figures (marked generic and estimate) when it has no preset.
  Result<System> default_system(const Chip& chip) const;

 private:
  struct EfficiencyProfile {
    std::string name;
    ChipEfficiency efficiency;
  };
  /// Ids added by the current load (duplicates within one load are errors).
  struct Batch;
  Result<Chip> parse_chip_text(std::string_view text, const std::string& source,
                               std::string* default_system_position) const;
  Status add_chip_in(std::string_view text, const std::string& source, Batch* batch);
  Status add_system_in(std::string_view text, const std::string& source, Batch* batch);
  Status add_model_in(std::string_view text, const std::string& source, Batch* batch);
  Status add_rule_in(std::string_view text, const std::string& source, Batch* batch);
  Status add_profile_in(std::string_view text, const std::string& source, Batch* batch);
  Status add_by_path(std::string_view path, std::string_view text, Batch* batch);
  /// Every chip's default_system and every system's chip must exist.
  Status check_references() const;

  std::vector<Chip> chips_;
  std::vector<System> systems_;
  std::vector<Model> models_;
  std::vector<ExportRule> rules_;
  std::vector<EfficiencyProfile> efficiency_profiles_;
  /// "file:line:column" of each reference to check, keyed by "chip:<id>" / "system:<id>".
  std::vector<std::pair<std::string, std::string>> reference_positions_;
};

}  // namespace suanli
