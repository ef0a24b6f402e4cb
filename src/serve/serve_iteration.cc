#include "serve/serve_iteration.h"

#include <algorithm>
#include <cmath>

namespace suanli::serve {
namespace {

double d(int64_t v) { return static_cast<double>(v); }

int64_t head_dim_of(const Model& m) { return m.head_dim > 0 ? m.head_dim : m.hidden / m.heads; }

// Grouped GEMM over `groups` equal problems: one launch, FLOPs and weights of all groups.
double grouped_gemm_s(const OpCostParams& p, double groups, double m, double n, double k) {
  if (groups <= 0 || m <= 0) return 0.0;
  return groups * (gemm_time_s(p, m, n, k) - p.kernel_overhead_s) + p.kernel_overhead_s;
}

// Linear layers of the attention block for `t` tokens on one chip (Megatron TP: QKV
// column-parallel, output row-parallel; Shoeybi et al. 2019, sec. 3).
double attention_linears_s(const ReplicaContext& c, double t) {
  const Model& m = *c.model;
  const double tp = c.tp;
  const double q_heads = m.heads / tp;
  if (m.mla) {  // DeepSeek-V2 sec. 2.1.2: down-projections replicated, up-projections split
    const MlaConfig& a = *m.mla;
    const double qk = a.qk_nope_head_dim + a.qk_rope_head_dim;
    double s = 0;
    if (a.q_lora_rank > 0) {
      s += gemm_time_s(c.gemm, t, a.q_lora_rank, d(m.hidden));
      s += gemm_time_s(c.gemm, t, q_heads * qk, a.q_lora_rank);
    } else {
      s += gemm_time_s(c.gemm, t, q_heads * qk, d(m.hidden));
    }
    s += gemm_time_s(c.gemm, t, a.kv_lora_rank + a.qk_rope_head_dim, d(m.hidden));
    s += gemm_time_s(c.gemm, t, q_heads * (a.qk_nope_head_dim + a.v_head_dim), a.kv_lora_rank);
    return s + gemm_time_s(c.gemm, t, d(m.hidden), q_heads * a.v_head_dim);
  }
  const double hd = d(head_dim_of(m));
  const double qkv = (q_heads + 2.0 * c.kv.kv_heads_per_chip) * hd;
  return gemm_time_s(c.gemm, t, qkv, d(m.hidden)) +
         gemm_time_s(c.gemm, t, d(m.hidden), q_heads * hd);
}

// A (gated) MLP of width `ffn` split over TP: up (and gate, fused) then down.
double mlp_s(const ReplicaContext& c, double groups, double t, double ffn) {
  const double up = (c.model->mlp == MlpKind::gated ? 2.0 : 1.0) * ffn / c.tp;
  const double h = d(c.model->hidden);
  return grouped_gemm_s(c.gemm, groups, t, up, h) +
         grouped_gemm_s(c.gemm, groups, t, h, ffn / c.tp);
}

// MoE block: router, shared experts, and the routed experts the tokens touch. Only those
// experts' weights are read (expected_distinct_experts); every expert's weights are held.
double moe_s(const ReplicaContext& c, double t) {
  const MoeConfig& e = *c.model->moe;
  const double fe = d(e.expert_ffn);
  double s = gemm_time_s(c.gemm, t, e.experts, d(c.model->hidden));  // router
  if (e.shared_experts > 0) s += mlp_s(c, 1.0, t, e.shared_experts * fe);
  const double touched = expected_distinct_experts(e.experts, e.top_k, t);
  return s + mlp_s(c, touched, t * e.top_k / touched, fe);
}

// Memory-bound kernels of one layer: two residual+norm kernels, RoPE + KV-cache write, and
// the MLP activation; each moves its activations once in and once out.
double layer_elementwise_s(const ReplicaContext& c, double t, double kv_write_bytes) {
  const Model& m = *c.model;
  const double a = c.activation_bytes;
  const double q_width = m.heads / static_cast<double>(c.tp) * d(head_dim_of(m));
  double act_width = d(m.ffn);
  if (m.moe) act_width = (m.moe->top_k + m.moe->shared_experts) * d(m.moe->expert_ffn);
  const double act_in = (m.mlp == MlpKind::gated ? 2.0 : 1.0) * act_width / c.tp;
  const double norm_bytes = t * a * 3.0 * d(m.hidden);  // x and residual in, normed out
  return 2.0 * memory_op_time_s(c.gemm, norm_bytes) +
         memory_op_time_s(c.gemm, t * a * 2.0 * q_width + kv_write_bytes) +
         memory_op_time_s(c.gemm, t * a * (act_in + act_width / c.tp));
}

// Decode attention reads each request's KV cache once (FlashDecoding-style; query heads that
// share a KV head are packed together). Compute at op_cost's fused-attention rate.
double decode_attention_s(const ReplicaContext& c, const IterationShape& s) {
  if (s.decode_seqs <= 0) return 0.0;
  const Model& m = *c.model;
  const double q_heads = m.heads / static_cast<double>(c.tp);
  AttentionShape a;
  a.batch = s.decode_seqs;
  a.seq_kv = s.decode_kv_len;
  a.causal = false;
  if (m.mla) {  // absorbed MLA: all heads attend over the shared latent
    a.heads = 1;
    a.seq_q = q_heads;
    a.head_dim_qk = m.mla->kv_lora_rank + m.mla->qk_rope_head_dim;
    a.head_dim_v = m.mla->kv_lora_rank;
  } else {
    a.heads = c.kv.kv_heads_per_chip;
    a.seq_q = q_heads / c.kv.kv_heads_per_chip;
    a.head_dim_qk = a.head_dim_v = d(head_dim_of(m));
  }
  const double rate =
      c.attn.attention_peak_flop_per_s * c.attn.gemm_max_fraction * c.attn.attention_fraction;
  const double kv_bytes = s.decode_seqs * s.decode_kv_len * c.kv.bytes_per_token_layer;
  const double compute_s = attention_flops(a) / rate;
  return std::max(compute_s, memory_op_time_s(c.attn, kv_bytes) - c.attn.kernel_overhead_s) +
         c.attn.kernel_overhead_s;
}

// Prompt attention: fused causal attention over each chunk (op_cost.h).
double prefill_attention_s(const ReplicaContext& c, const IterationShape& s) {
  if (s.prompts <= 0 || s.prompt_tokens <= 0) return 0.0;
  const Model& m = *c.model;
  AttentionShape a;
  a.batch = s.prompts;
  a.heads = m.heads / static_cast<double>(c.tp);
  a.seq_q = s.prompt_tokens;
  a.seq_kv = std::max(s.prompt_context, s.prompt_tokens);
  a.causal = true;
  a.head_dim_qk = m.mla ? m.mla->qk_nope_head_dim + m.mla->qk_rope_head_dim : d(head_dim_of(m));
  a.head_dim_v = m.mla ? m.mla->v_head_dim : d(head_dim_of(m));
  return attention_time_s(c.attn, a);
}

// LM head for the rows that sample a token, its FP32 logits written and read by sampling,
// and gathered across the TP group (vocabulary-parallel head).
double lm_head_s(const ReplicaContext& c, double rows, IterationBreakdown& out) {
  const double v = d(c.model->vocab) / c.tp;
  const double logits = rows * v * c.logit_bytes;
  out.comm_s += collective_time_s(*c.system, CollectiveKind::all_gather, c.tp_group, logits * c.tp);
  out.other_s += memory_op_time_s(c.attn, 2.0 * logits);
  return gemm_time_s(c.attn, rows, v, d(c.model->hidden));
}

}  // namespace

double expected_distinct_experts(double experts, double top_k, double tokens) {
  if (experts <= 0 || tokens <= 0) return 0.0;
  return experts * (1.0 - std::pow(1.0 - top_k / experts, tokens));
}

IterationBreakdown iteration_time(const ReplicaContext& c, const IterationShape& s) {
  const Model& m = *c.model;
  const double t = s.decode_seqs + s.prompts * s.prompt_tokens;
  IterationBreakdown out;
  if (t <= 0) return out;
  const int moe_layers = m.moe ? m.layers - m.moe->dense_layers : 0;
  const int dense_layers = m.layers - moe_layers;
  const double per_layer_attn = attention_linears_s(c, t);
  double mlp_total = dense_layers * mlp_s(c, 1.0, t, d(m.ffn));
  if (moe_layers > 0) mlp_total += moe_layers * moe_s(c, t);
  out.gemm_s = m.layers * per_layer_attn + mlp_total;
  out.attention_s = m.layers * (decode_attention_s(c, s) + prefill_attention_s(c, s));
  const double kv_write = s.prompts * s.prompt_tokens * c.kv.bytes_per_token_layer;
  out.other_s = m.layers * layer_elementwise_s(c, t, kv_write);
  // Two all-reduces per layer (after attention and after the MLP), activations of t tokens.
  const double ar_bytes = t * d(m.hidden) * c.activation_bytes;
  out.comm_s = 2.0 * m.layers *
               collective_time_s(*c.system, CollectiveKind::all_reduce, c.tp_group, ar_bytes);
  out.gemm_s += lm_head_s(c, s.decode_seqs + s.prompts, out);
  out.total_s = out.gemm_s + out.attention_s + out.comm_s + out.other_s;
  return out;
}

}  // namespace suanli::serve
