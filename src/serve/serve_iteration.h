// One iteration of an in-flight-batching engine on one replica: every layer's kernels priced
// by op_cost.h and the TP collectives by collective.h. Internal to src/serve/.
#pragma once

#include "suanli/collective.h"
#include "suanli/kv_cache.h"
#include "suanli/model.h"
#include "suanli/op_cost.h"
#include "suanli/serve_estimate.h"
#include "suanli/system.h"

namespace suanli::serve {

/// Everything fixed for one deployment, resolved once (flat numbers, no allocation).
struct ReplicaContext {
  const Model* model = nullptr;    ///< the model served (not owned)
  const System* system = nullptr;  ///< where the chips sit (not owned)
  OpCostParams gemm;               ///< linear layers: compute precision, weight operand bytes
  OpCostParams attn;               ///< 16-bit: attention, LM head (FP8/INT recipes keep it 16-bit)
  KvLayout kv;                     ///< cache layout on one chip
  int tp = 1;                      ///< tensor-parallel chips
  int pp = 1;                      ///< pipeline stages
  GroupLayout tp_group;            ///< where the TP group's ranks sit
  double activation_bytes = 2;     ///< bytes per activation element (ServeOptions)
  double logit_bytes = 4;          ///< bytes per logit (ServeOptions)
};

/// The tokens one iteration processes on one replica (one micro-batch with pp > 1).
/// Fractional counts are steady-state averages.
struct IterationShape {
  double decode_seqs = 0;     ///< requests producing one token from their KV cache
  double decode_kv_len = 0;   ///< their average KV length, tokens
  double prompts = 0;         ///< prompts (or prompt chunks) processed this iteration
  double prompt_tokens = 0;   ///< tokens of each prompt chunk
  double prompt_context = 0;  ///< positions each chunk attends to (chunk end), tokens
};

/// Time of one forward pass of all layers plus the LM head on one replica (per chip, TP
/// sharded), without pipeline sends; a pipeline stage takes total_s / pp (balanced stages).
IterationBreakdown iteration_time(const ReplicaContext& ctx, const IterationShape& shape);

/// Expected distinct experts that `tokens` tokens touch when each visits top_k of `experts`
/// uniformly: E · (1 − (1 − k/E)^tokens) (the occupancy expectation). Fractional tokens allowed.
double expected_distinct_experts(double experts, double top_k, double tokens);

}  // namespace suanli::serve
