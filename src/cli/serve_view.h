// Presentation of serving estimates: tables and JSON for `suanli serve`. No modelling here.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "report/table.h"
#include "suanli/chip.h"
#include "suanli/model.h"
#include "suanli/serve_estimate.h"
#include "suanli/serve_search.h"
#include "suanli/system.h"

namespace suanli::cli {

/// One answered deployment: what was asked and the estimate.
struct ServeRow {
  Chip chip;               ///< the chip
  System system;           ///< its system
  ServeConfig config;      ///< count, tp, pp, lengths, precision, price as estimated
  ServeEstimate estimate;  ///< the answer
  std::string tp_choice;   ///< how tp was chosen when the user gave none ("" = given)
};

/// Stable JSON for one deployment (keys documented in docs/serve.md).
nlohmann::json serve_json(const Model& model, const ServeRow& row);

/// quantity / value / unit rows for one deployment.
report::Table serve_table(const Model& model, const ServeRow& row);

/// One row per (tp, pp) split the latency search tried.
report::Table search_table(const ServeSearchResult& result);

/// JSON of the latency search: targets, every candidate, the winner.
nlohmann::json search_json(const ServeSearchResult& result, const ServeTargets& targets);

/// Chips side by side, ratios against the first row (peak FLOP/s at each chip's compute
/// precision, and measured-by-model output tokens/s per chip).
report::Table compare_table(const std::vector<ServeRow>& rows);

/// JSON form of compare_table.
nlohmann::json compare_json(const Model& model, const std::vector<ServeRow>& rows);

}  // namespace suanli::cli
