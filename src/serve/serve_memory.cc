#include "serve/serve_memory.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "suanli/model_params.h"
#include "suanli/units.h"

namespace suanli::serve {
namespace {

double d(int64_t v) { return static_cast<double>(v); }

// Widest activation a layer writes per token on one chip: the QKV output or the MLP's
// up(+gate) output (top-k + shared experts for MoE), whichever is wider.
double widest_activation(const Model& m, int tp) {
  const double hd = d(m.head_dim > 0 ? m.head_dim : m.hidden / m.heads);
  const double qkv = (m.heads + 2.0 * (m.kv_heads > 0 ? m.kv_heads : m.heads)) * hd;
  double mlp = d(m.ffn);
  if (m.moe) mlp = std::max(mlp, (m.moe->top_k + m.moe->shared_experts) * d(m.moe->expert_ffn));
  if (m.mlp == MlpKind::gated) mlp *= 2.0;
  return std::max(qkv, mlp) / tp;
}

// Tokens of KV one request holds: whole blocks; the full input + output when the scheduler
// reserves it at admission (TensorRT-LLM GUARANTEED_NO_EVICT), else the average occupancy.
double kv_tokens_per_request(const ServeConfig& c, const ServeOptions& o) {
  const double tokens = o.reserve_full_sequence ? d(c.input_tokens + c.output_tokens)
                                                : d(c.input_tokens) + d(c.output_tokens) / 2.0;
  const double block = std::max(1, o.kv_block_tokens);
  return std::ceil(tokens / block) * block;
}

double free_bytes(const MemoryPlan& p) {
  return p.capacity_bytes - p.weights_bytes - p.reserve_bytes - p.activation_bytes;
}

}  // namespace

MemoryPlan plan_memory(const Model& model, const Chip& chip, const ServeConfig& config,
                       Precision weight_precision, const KvLayout& kv,
                       const ServeOptions& options) {
  const ParamCount params = count_params(model);
  const double chips = static_cast<double>(config.tp) * config.pp;
  MemoryPlan p;
  p.capacity_bytes = chip.memory_bytes.value_or(0.0);
  // Linear layers at the weight precision; embeddings, LM head and norms stay 16-bit.
  p.weights_bytes = ((params.attention + params.mlp) * bytes_per_element(weight_precision) +
                     (params.embedding + params.norm) * 2.0) /
                    chips;
  p.reserve_bytes = options.runtime_reserve_bytes;
  p.activation_bytes = options.max_num_tokens * options.activation_bytes *
                       (2.0 * d(model.hidden) + widest_activation(model, config.tp));
  p.logits_per_request_bytes = d(model.vocab) / config.tp * options.logit_bytes;
  const int stage_layers = (model.layers + config.pp - 1) / config.pp;
  p.kv_per_token_bytes = stage_layers * kv.bytes_per_token_layer;
  p.kv_per_request_bytes = kv_tokens_per_request(config, options) * p.kv_per_token_bytes;
  return p;
}

int max_batch_for_memory(const MemoryPlan& p, const ServeOptions& o) {
  const double free = free_bytes(p);
  if (free <= 0) return 0;
  const double f = o.kv_memory_fraction;
  const double b = f * free / (p.kv_per_request_bytes + f * p.logits_per_request_bytes);
  return static_cast<int>(std::min(std::floor(b), 1e9));
}

ServeMemory memory_at_batch(const MemoryPlan& p, int batch, const ServeOptions& o) {
  ServeMemory m;
  m.capacity_bytes = p.capacity_bytes;
  m.weights_bytes = p.weights_bytes;
  m.reserve_bytes = p.reserve_bytes;
  m.activation_bytes = p.activation_bytes + batch * p.logits_per_request_bytes;
  m.kv_pool_bytes =
      std::max(0.0, o.kv_memory_fraction * (free_bytes(p) - batch * p.logits_per_request_bytes));
  m.kv_used_bytes = batch * p.kv_per_request_bytes;
  m.kv_bytes_per_token = p.kv_per_token_bytes;
  m.kv_pool_tokens = p.kv_per_token_bytes > 0 ? m.kv_pool_bytes / p.kv_per_token_bytes : 0;
  return m;
}

std::string explain_no_fit(const Model& model, const Chip& chip, const ServeConfig& config,
                           const MemoryPlan& p, const ServeOptions& o) {
  const double need = p.weights_bytes + p.reserve_bytes + p.activation_bytes +
                      (p.kv_per_request_bytes + o.kv_memory_fraction * p.logits_per_request_bytes) /
                          o.kv_memory_fraction;
  const double gb = units::kGB;
  return fmt::format(
      "{} does not fit on {} x {} (tp={} pp={}), even at batch 1: each chip needs "
      "{:.1f} GB but has {:.1f} GB ({:.1f} GB short): weights {:.1f} GB, activation buffers "
      "{:.1f} GB, runtime reserve {:.1f} GB, one request's KV cache {:.2f} GB ({} of the pool "
      "usable). Use more chips per replica (--tp/--pp), narrower weights (--precision) or "
      "shorter requests",
      model.id.empty() ? "the model" : model.id, config.tp * config.pp, chip.id, config.tp,
      config.pp, need / gb, p.capacity_bytes / gb, (need - p.capacity_bytes) / gb,
      p.weights_bytes / gb, p.activation_bytes / gb, p.reserve_bytes / gb,
      p.kv_per_request_bytes / gb, fmt::format("{:.0f}%", 100.0 * o.kv_memory_fraction));
}

}  // namespace suanli::serve
