// Tables and JSON documents for the catalog-browsing commands (suanli chips, chip, models,
// model, systems, system). Keys and headers are documented in docs/cli-catalog.md.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "cli/cli.h"
#include "report/table.h"
#include "suanli/catalog.h"
#include "suanli/export_check.h"

namespace suanli::cli {

/// One row per chip: vendor, year, dense peaks, memory, interconnect, TDP, TPP, PD and the
/// status under each rule (one column per rule, in the order given).
report::Table chips_table(const std::vector<Chip>& chips, const std::vector<ExportRule>& rules,
                          Format format);
/// A chip's figures, export metrics and outcomes (the `suanli chips --format json` element).
nlohmann::ordered_json chip_summary_json(const Chip& chip, const std::vector<ExportRule>& rules);
/// Everything `suanli chip ID --format json` prints: the summary plus identity, sources,
/// efficiency profile and default system.
nlohmann::ordered_json chip_detail_json(const Chip& chip,
                                        const std::optional<System>& default_system,
                                        const std::vector<ExportRule>& rules);
/// Field | Value | Source rows for one chip (rule statuses and reasons as rows in CSV).
report::Table chip_fields_table(const Chip& chip, const std::optional<System>& default_system,
                                const std::vector<RuleOutcome>& outcomes, Format format);
/// Rule | Status | Meaning | Reason.
report::Table outcomes_table(const std::vector<RuleOutcome>& outcomes);

/// One row per model: shape and computed parameter counts.
report::Table models_table(const std::vector<Model>& models, Format format);
/// A model's shape, computed parameter counts by part and the published count.
nlohmann::ordered_json model_json(const Model& model);
/// Field | Value | Source rows for one model.
report::Table model_fields_table(const Model& model, Format format);

/// One row per system: node size and both network tiers.
report::Table systems_table(const std::vector<System>& systems, Format format);
/// A system with its tiers.
nlohmann::ordered_json system_json(const System& system);
/// Field | Value | Source rows for one system (its tiers are in tiers_table).
report::Table system_fields_table(const System& system, Format format);
/// One row per tier (scale-up, scale-out) of one system.
report::Table tiers_table(const System& system);

}  // namespace suanli::cli
