// Presentation shared by the catalog and export-check commands: cells, JSON values and the
// short status of a rule outcome. No classification logic here (that is src/policy/).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "cli/cli.h"
#include "report/table.h"
#include "suanli/export_check.h"

namespace suanli::cli {

/// A number for a table cell: fixed decimals; "-" when unknown (empty in CSV).
std::string number_cell(const std::optional<double>& value, int decimals, Format format);

/// A JSON number rounded to 9 significant digits (stable across unit conversions), or null.
nlohmann::ordered_json number_json(const std::optional<double>& value);

/// Text or null (for optional text fields that are empty).
nlohmann::ordered_json text_json(const std::string& text);

/// Short status for a table cell: "3A090.a.1", "no", "no (zone)", "exempt", "undetermined".
std::string status_cell(const RuleOutcome& outcome);

/// {"rule", "controlled", "determined", "paragraph", "clause", "meaning", "reason",
///  "possible"} — the keys docs/cli-catalog.md documents.
nlohmann::ordered_json outcome_json(const RuleOutcome& outcome);

/// {"tpp", "tpp_precision", "pd", "die_area_mm2", "io_bidir_gbps", "io_missing",
///  "io_complete", "dram_bw_gbps"} of a chip.
nlohmann::ordered_json metrics_json(const ChipMetrics& metrics);

/// "fp8 1978.9 × 8" — how TPP was formed; "-" when unknown.
std::string tpp_basis(const Chip& chip, const ChipMetrics& metrics);

/// Every rule's outcome for one chip, in the order of `rules`.
std::vector<RuleOutcome> evaluate_all(const std::vector<ExportRule>& rules, const Chip& chip,
                                      const ChipMetrics& metrics);

/// The catalog's rules by effective date, then id (status columns read left to right in time).
std::vector<ExportRule> rules_by_date(const Catalog& catalog);

/// The catalog's chips sorted by vendor, then id.
std::vector<Chip> chips_by_vendor(const Catalog& catalog);

/// Prints a table as aligned text or CSV (JSON callers print their own document).
void print_table(Context& ctx, const report::Table& table, Format format);

/// Prints a Field | Value | Source table. As text, rows whose value is long (notes) are
/// printed after the table as "Field: value" lines so the columns stay narrow.
void print_fields(Context& ctx, const report::Table& table, Format format);

/// Prints a JSON document, two-space indented, with a final newline.
void print_json(Context& ctx, const nlohmann::ordered_json& document);

}  // namespace suanli::cli
