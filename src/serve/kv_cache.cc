#include "suanli/kv_cache.h"

#include <fmt/format.h>

namespace suanli {
namespace {

int64_t head_dim_of(const Model& m) {
  return m.head_dim > 0 ? m.head_dim : (m.heads > 0 ? m.hidden / m.heads : 0);
}

int kv_heads_of(const Model& m) { return m.kv_heads > 0 ? m.kv_heads : m.heads; }

// Per token per layer, whole model (no TP split). Pope et al. 2023 sec. 2.1: K and V, each
// kv_heads · head_dim wide; DeepSeek-V2 sec. 2.1.2: MLA caches the joint latent c_KV
// (kv_lora_rank) plus the shared rotary key (qk_rope_head_dim).
double bytes_per_token_layer(const Model& m, Precision p) {
  const double b = bytes_per_element(p);
  if (m.mla) return static_cast<double>(m.mla->kv_lora_rank + m.mla->qk_rope_head_dim) * b;
  return 2.0 * kv_heads_of(m) * static_cast<double>(head_dim_of(m)) * b;
}

}  // namespace

double kv_bytes_per_token(const Model& model, Precision kv_precision) {
  return model.layers * bytes_per_token_layer(model, kv_precision);
}

Result<KvLayout> kv_layout(const Model& model, int tp, Precision kv_precision) {
  if (tp < 1) return Error(fmt::format("tp: expected a positive integer, got {}", tp));
  if (model.heads % tp != 0) {
    return Error(
        fmt::format("tp: {} does not divide the model's {} attention heads", tp, model.heads));
  }
  KvLayout layout;
  if (model.mla) {
    // The latent is shared by all heads, so every TP rank keeps the whole of it (vLLM and
    // SGLang with TP attention; DP attention would split requests instead).
    layout.latent = true;
    layout.replication = tp;
    layout.bytes_per_token_layer = bytes_per_token_layer(model, kv_precision);
    return layout;
  }
  const int kv = kv_heads_of(model);
  if (kv % tp != 0 && tp % kv != 0) {
    return Error(fmt::format(
        "tp: {} and the model's {} KV heads do not divide one another; vLLM and TensorRT-LLM "
        "reject this split",
        tp, kv));
  }
  layout.kv_heads_per_chip = kv >= tp ? kv / tp : 1;
  layout.replication = kv >= tp ? 1 : tp / kv;
  layout.bytes_per_token_layer = 2.0 * layout.kv_heads_per_chip *
                                 static_cast<double>(head_dim_of(model)) *
                                 bytes_per_element(kv_precision);
  return layout;
}

}  // namespace suanli
