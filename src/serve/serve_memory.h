// Memory of one chip of a serving replica and the largest batch it admits. Internal to
// src/serve/.
#pragma once

#include <string>

#include "suanli/chip.h"
#include "suanli/kv_cache.h"
#include "suanli/model.h"
#include "suanli/serve_estimate.h"
#include "suanli/status.h"

namespace suanli::serve {

/// Per-chip memory figures that do not depend on the batch, plus what one request costs.
struct MemoryPlan {
  double capacity_bytes = 0;            ///< device memory
  double weights_bytes = 0;             ///< this chip's share of the weights
  double reserve_bytes = 0;             ///< runtime reserve (ServeOptions)
  double activation_bytes = 0;          ///< activation buffers for max_num_tokens tokens
  double logits_per_request_bytes = 0;  ///< decoder/logits buffer per batch slot
  double kv_per_token_bytes = 0;        ///< KV bytes per token of this chip's layers
  double kv_per_request_bytes = 0;      ///< KV one admitted request holds (blocks, reservation)
};

/// Builds the plan. `weight_precision` sets the linear layers' bytes; embeddings and norms
/// stay 16-bit. Weights are split evenly over tp * pp chips.
MemoryPlan plan_memory(const Model& model, const Chip& chip, const ServeConfig& config,
                       Precision weight_precision, const KvLayout& kv, const ServeOptions& options);

/// Largest batch whose KV cache fits the pool: b · kv_req ≤ f · (free − b · logits_row).
/// 0 when not even one request fits.
int max_batch_for_memory(const MemoryPlan& plan, const ServeOptions& options);

/// The report for `batch` requests in flight.
ServeMemory memory_at_batch(const MemoryPlan& plan, int batch, const ServeOptions& options);

/// "does not fit" message: how much is missing per chip and where the memory goes.
std::string explain_no_fit(const Model& model, const Chip& chip, const ServeConfig& config,
                           const MemoryPlan& plan, const ServeOptions& options);

}  // namespace suanli::serve
