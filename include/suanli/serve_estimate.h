// Serving estimate: time to first token, time per output token, throughput, the largest batch
// that fits, the memory per chip and the cost per million output tokens, for one deployment
// of a model on `count` chips split into replicas of tp x pp chips.
//
// The engine is modelled as in-flight (continuous) batching (Yu et al. 2022, Orca): every
// iteration each of the B requests in flight produces one token; requests that finish are
// replaced by new ones whose prompt (prefill) is processed in the same iteration. In steady
// state an iteration holds B·(1 - 1/L_out) decode tokens, B/L_out new prompts (B·L_in/L_out
// prompt tokens), and the decoding requests' KV caches average L_in + L_out/2 tokens.
//
// Per iteration and per layer each kernel is priced on the roofline by op_cost.h (Pope et al.
// 2023, sec. 3: decode reads every weight once per step, plus the KV cache of the batch; it
// is bandwidth-bound at small batch and compute-bound at large). TP all-reduces (two per
// layer, Megatron, Shoeybi et al. 2019) are priced by collective.h on the tier the TP group
// sits on.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "suanli/chip.h"
#include "suanli/kv_cache.h"
#include "suanli/model.h"
#include "suanli/precision.h"
#include "suanli/serve_options.h"
#include "suanli/status.h"
#include "suanli/system.h"

namespace suanli {

/// Price per chip-hour used when the user gives none, USD (a round figure for a rented
/// data-centre accelerator; pass your own).
inline constexpr double kDefaultPricePerChipHourUsd = 2.0;

/// What to serve and how it is deployed.
struct ServeConfig {
  int count = 1;              ///< chips in the deployment; a multiple of tp * pp. Default 1.
  int tp = 1;                 ///< tensor-parallel chips per replica. Default 1.
  int pp = 1;                 ///< pipeline stages per replica. Default 1.
  int64_t input_tokens = 0;   ///< prompt tokens per request (> 0). Default 0 (invalid).
  int64_t output_tokens = 0;  ///< generated tokens per request (> 0). Default 0 (invalid).
  /// Requests in flight per replica; nullopt = the largest batch that fits. Default nullopt.
  std::optional<int> batch;
  Precision weight_precision = Precision::bf16;  ///< weights as stored. Default bf16.
  /// KV-cache precision; nullopt = default_kv_precision(weight_precision). Default nullopt.
  std::optional<Precision> kv_precision;
  /// Price of one chip for one hour, USD. Default kDefaultPricePerChipHourUsd.
  double price_per_chip_hour_usd = kDefaultPricePerChipHourUsd;
};

/// Memory of one chip (the first pipeline stage, which holds the most), bytes.
struct ServeMemory {
  double capacity_bytes = 0;      ///< device memory. Default 0.
  double weights_bytes = 0;       ///< this chip's share of the weights. Default 0.
  double activation_bytes = 0;    ///< activation buffers and logits at the batch. Default 0.
  double reserve_bytes = 0;       ///< runtime reserve (ServeOptions). Default 0.
  double kv_pool_bytes = 0;       ///< KV cache pool the engine allocates. Default 0.
  double kv_used_bytes = 0;       ///< KV cache the batch holds (reserved blocks). Default 0.
  double kv_bytes_per_token = 0;  ///< this chip's KV bytes per token (its layers). Default 0.
  double kv_pool_tokens = 0;      ///< tokens the pool holds. Default 0.
};

/// Where one iteration's time goes on one pipeline stage, seconds.
struct IterationBreakdown {
  double gemm_s = 0;       ///< linear layers (weights read or FLOPs, whichever binds). Default 0.
  double attention_s = 0;  ///< attention kernels (prefill FLOPs, decode KV reads). Default 0.
  double comm_s = 0;       ///< TP all-reduces and PP sends. Default 0.
  double other_s = 0;      ///< norms, activations, logits traffic. Default 0.
  double total_s = 0;      ///< sum of the above. Default 0.
  /// What bounds the linear layers: "compute" or "memory bandwidth". Default "".
  std::string gemm_bound;
};

/// Everything `suanli serve` reports for one deployment.
struct ServeEstimate {
  int replicas = 0;           ///< count / (tp * pp). Default 0.
  int batch = 0;              ///< requests in flight per replica. Default 0.
  int max_batch = 0;          ///< largest batch that fits per replica. Default 0.
  bool batch_is_max = false;  ///< batch was not given: reported at max_batch. Default false.
  /// What caps max_batch: "memory", "engine max batch", "iteration token budget". Default "".
  std::string batch_limit;
  Precision weight_precision = Precision::bf16;   ///< weights as stored. Default bf16.
  Precision compute_precision = Precision::bf16;  ///< GEMM precision used. Default bf16.
  Precision kv_precision = Precision::bf16;       ///< KV cache precision. Default bf16.
  KvLayout kv;                     ///< KV heads per chip and replication. Default {}.
  ServeMemory memory;              ///< per chip. Default {}.
  double ttft_s = 0;               ///< time to first token, seconds. Default 0.
  double tpot_s = 0;               ///< steady-state time per output token, seconds. Default 0.
  double decode_step_s = 0;        ///< a pure decode iteration (no prompts), seconds. Default 0.
  double e2e_s = 0;                ///< ttft + (output - 1) * tpot, seconds. Default 0.
  double output_tokens_per_s = 0;  ///< whole deployment. Default 0.
  double output_tokens_per_s_per_chip = 0;        ///< deployment / count. Default 0.
  double requests_per_s = 0;                      ///< whole deployment. Default 0.
  double cost_per_million_output_tokens_usd = 0;  ///< at the config's price. Default 0.
  IterationBreakdown iteration;  ///< the steady-state iteration on one stage. Default {}.
  std::string notes;             ///< assumptions taken (precision fallbacks...). Default "".
};

/// KV precision used when none is given: fp8 for fp8/fp4 weights (TensorRT-LLM's FP8
/// recipes quantize both), else 16-bit (int8/int4 are weight-only schemes).
Precision default_kv_precision(Precision weight_precision);

/// Estimates one deployment. Errors (messages name the field): non-positive lengths, input +
/// output above the model's max_seq, count not a multiple of tp * pp, tp not dividing the
/// heads, a chip without memory figures, a model that does not fit even at batch 1 (the
/// message says by how much and where the memory goes), a batch above the largest that fits.
Result<ServeEstimate> estimate_serve(const Model& model, const Chip& chip, const System& system,
                                     const ServeConfig& config, const ServeOptions& options = {});

/// The metric of a serving validation case ("ttft_ms", "tpot_ms" or "output_tokens_per_s",
/// see shared/data/validation/README.md) predicted for `config`; the case's `precision` is
/// the weight and KV precision. Errors as estimate_serve, or an unknown metric.
Result<double> predict_serve_metric(const Model& model, const Chip& chip, const System& system,
                                    const ServeConfig& config, const std::string& metric,
                                    const ServeOptions& options = {});

}  // namespace suanli
