#include "train/step_model.h"

#include <algorithm>
#include <cmath>

#include "suanli/collective.h"

namespace suanli::train_internal {
namespace {

// ---- Shape -------------------------------------------------------------------------------

double attention_params(const Model& m, const Shape& s) {
  const double h = s.hidden;
  if (s.mla) {
    const double qk = s.heads * (s.d_qk);
    const double q = s.q_lora > 0 ? h * s.q_lora + s.q_lora * qk + s.q_lora : h * qk;
    const double kv = h * (s.kv_lora + s.rope) + s.kv_lora * s.heads * (s.d_qk - s.rope + s.d_v) +
                      s.kv_lora;
    return q + kv + s.heads * s.d_v * h;
  }
  const double qkv_out = s.heads * s.d_qk + s.kv_heads * (s.d_qk + s.d_v);
  const double w = h * qkv_out + s.heads * s.d_v * h;
  return w + (m.linear_bias ? qkv_out + h : 0.0);
}

double mlp_params(double h, double f, bool gated, bool bias) {
  return h * f * (gated ? 3.0 : 2.0) + (bias ? f + h : 0.0);
}

void fill_params(const Model& m, Shape& s) {
  const double h = s.hidden;
  const double norm = (m.norm == NormKind::layernorm ? 2.0 : 1.0) * h;
  const double attn = attention_params(m, s);
  s.embed_params = s.vocab * h + (m.learned_positions ? double(m.max_seq) * h : 0.0);
  s.head_params = m.tied_embeddings ? 0.0 : s.vocab * h;
  s.dense_layer_params = attn + mlp_params(h, s.ffn, s.gated, m.linear_bias) + 2 * norm;
  const double attn_w = attn - (m.linear_bias ? s.heads * s.d_qk + s.kv_heads * (s.d_qk + s.d_v) + h : 0.0);
  s.dense_gemm_weights = attn_w + h * s.ffn * (s.gated ? 3.0 : 2.0);
  if (s.experts > 0) {
    const double expert = mlp_params(h, s.expert_ffn, s.gated, false);
    s.moe_layer_params = attn + s.experts * h + s.shared * expert + 2 * norm;
    s.expert_layer_params = s.experts * expert;
    s.moe_gemm_weights = attn_w + s.experts * h + (s.top_k + s.shared) * expert;
  }
}

}  // namespace

Shape make_shape(const Model& m) {
  Shape s;
  s.layers = m.layers;
  s.hidden = double(m.hidden);
  s.heads = m.heads;
  s.kv_heads = m.kv_heads > 0 ? m.kv_heads : m.heads;
  s.d_qk = m.head_dim > 0 ? double(m.head_dim) : s.hidden / s.heads;
  s.d_v = s.d_qk;
  s.ffn = double(m.ffn);
  s.vocab = double(m.vocab);
  s.gated = m.mlp == MlpKind::gated;
  s.dropout = m.dropout;
  if (m.mla) {
    s.mla = true;
    s.q_lora = m.mla->q_lora_rank;
    s.kv_lora = m.mla->kv_lora_rank;
    s.rope = m.mla->qk_rope_head_dim;
    s.d_qk = m.mla->qk_nope_head_dim + m.mla->qk_rope_head_dim;
    s.d_v = m.mla->v_head_dim;
    s.kv_heads = s.heads;
  }
  if (m.moe && m.moe->experts > 0) {
    s.experts = m.moe->experts;
    s.top_k = m.moe->top_k;
    s.shared = m.moe->shared_experts;
    s.expert_ffn = double(m.moe->expert_ffn);
    s.dense_layers = std::min(m.moe->dense_layers, m.layers);
    s.moe_layers = s.layers - s.dense_layers;
  } else {
    s.dense_layers = s.layers;
  }
  fill_params(m, s);
  return s;
}

// ---- Prepared ----------------------------------------------------------------------------

Result<Prepared> prepare(const TrainWorkload& w, const Cluster& c, const TrainOptions& o) {
  Result<OpCostParams> op = resolve_op_cost(c.chip, w.precision);
  if (!op.ok()) return op.error();
  if (!c.chip.memory_bytes) return Error("chip '" + c.chip.id + "' has no memory capacity");
  Prepared p;
  p.shape = make_shape(w.model);
  p.seq = double(w.seq);
  p.global_batch = double(w.global_batch);
  p.count = c.count;
  p.op = *op;
  p.system = c.system;
  p.capacity_bytes = *c.chip.memory_bytes;
  p.grad_bytes = 2.0;  // 16-bit weights and gradients; FP8 keeps 16-bit masters of both
  p.options = o;
  p.peak_flop_per_s = op->peak_flop_per_s;
  p.optimizer_bytes_per_param =
      o.optimizer_bytes_per_param +
      (w.precision == Precision::fp16 ? o.fp16_unscale_bytes_per_param : 0.0);
  p.model_flops = train_flops_per_step(w.model, w.seq, w.global_batch, Recompute::none);
  p.selective_extra_flops =
      train_flops_per_step(w.model, w.seq, w.global_batch, Recompute::selective) - p.model_flops;
  p.full_extra_flops =
      train_flops_per_step(w.model, w.seq, w.global_batch, Recompute::full) - p.model_flops;
  return p;
}

// ---- Per micro-batch costs -----------------------------------------------------------------
namespace {

// Forward and backward (dgrad (m,k,n) + wgrad (k,n,m)) of one GEMM, accumulated.
struct FwdBwd {
  double f = 0, b = 0;
};

void add_gemm(const OpCostParams& op, FwdBwd& acc, double m, double n, double k, double count = 1) {
  if (m <= 0 || n <= 0 || k <= 0 || count <= 0) return;
  acc.f += count * gemm_time_s(op, m, n, k);
  acc.b += count * (gemm_time_s(op, m, k, n) + gemm_time_s(op, k, n, m));
}

// Elementwise kernels moving `bytes` forward and `bwd_ratio` times that backward (a norm's
// or activation's backward reads the saved input and the incoming gradient and writes the
// outgoing one: 1.5x; a dropout-add's backward reads the gradient and the mask: 5/7x).
void add_elementwise(const OpCostParams& op, FwdBwd& acc, double bytes, double kernels = 1,
                     double bwd_ratio = 1.5) {
  if (bytes <= 0) return;
  acc.f += memory_op_time_s(op, bytes) + (kernels - 1) * op.kernel_overhead_s;
  acc.b += memory_op_time_s(op, bwd_ratio * bytes) + (kernels - 1) * op.kernel_overhead_s;
}

struct Dims {
  double t, T, rep;  // tp, tokens per chip, replication factor of non-TP regions (1/t with SP)
};

// KV heads summed over the TP group: a tp larger than the KV heads (a multiple of them)
// replicates each KV head on tp/kv ranks, one per rank (Megatron, vLLM, TensorRT-LLM).
double kv_heads_over_tp(const Shape& s, double t) { return std::max(s.kv_heads, t); }

void attention_gemms(const Prepared& p, const Dims& d, FwdBwd& acc) {
  const Shape& s = p.shape;
  const double h = s.hidden, t = d.t, T = d.T;
  if (s.mla) {
    const double qk = s.heads * s.d_qk;
    if (s.q_lora > 0) {
      add_gemm(p.op, acc, T, s.q_lora, h);
      add_gemm(p.op, acc, T, qk / t, s.q_lora);
    } else {
      add_gemm(p.op, acc, T, qk / t, h);
    }
    add_gemm(p.op, acc, T, s.kv_lora + s.rope, h);
    add_gemm(p.op, acc, T, s.heads * (s.d_qk - s.rope + s.d_v) / t, s.kv_lora);
  } else {
    add_gemm(p.op, acc, T, (s.heads * s.d_qk + kv_heads_over_tp(s, t) * (s.d_qk + s.d_v)) / t,
             h);
  }
  add_gemm(p.op, acc, T, h, s.heads * s.d_v / t);
}

double mlp_elementwise_bytes(bool gated, double tokens, double width) {
  // bias+GeLU reads and writes the up projection; SwiGLU reads two halves, writes one.
  return (gated ? 6.0 : 4.0) * tokens * width;
}

void mlp_ops(const Prepared& p, const Dims& d, int ep, bool moe, FwdBwd& acc) {
  const Shape& s = p.shape;
  const double h = s.hidden, t = d.t, T = d.T, up = s.gated ? 2.0 : 1.0;
  if (!moe) {
    add_gemm(p.op, acc, T, up * s.ffn / t, h);
    add_gemm(p.op, acc, T, h, s.ffn / t);
    add_elementwise(p.op, acc, mlp_elementwise_bytes(s.gated, T, s.ffn / t));
    return;
  }
  const double local = s.experts / ep;
  const double per_expert = T * s.top_k * ep / s.experts;  // tokens each local expert sees
  add_gemm(p.op, acc, T, s.experts, h);                     // router
  add_gemm(p.op, acc, per_expert, up * s.expert_ffn / t, h, local);
  add_gemm(p.op, acc, per_expert, h, s.expert_ffn / t, local);
  add_gemm(p.op, acc, T, up * s.shared * s.expert_ffn / t, h);
  add_gemm(p.op, acc, T, h, s.shared * s.expert_ffn / t);
  const double routed = T * s.top_k * s.expert_ffn / t + T * s.shared * s.expert_ffn / t;
  add_elementwise(p.op, acc, mlp_elementwise_bytes(s.gated, 1.0, routed));
  add_elementwise(p.op, acc, 2.0 * 2.0 * T * s.top_k * h, 2);  // permute + unpermute
}

// Stored activations, bytes, per Recompute mode (Korthikanti et al. 2022 sec. 4.1).
void activation_bytes(const Prepared& p, const Dims& d, bool moe, bool sp, LayerCost& lc) {
  const Shape& s = p.shape;
  const double h = s.hidden, t = d.t, T = d.T;
  // A linear layer's input is kept for its weight gradient; FP8 training keeps the FP8 cast
  // its forward GEMM already made (Transformer Engine; DeepSeek-V3 sec. 3.3.2): 1 byte.
  const double g = std::min(2.0, p.op.operand_bytes);
  const double up = s.gated ? 2.0 : 1.0;
  // Outside the TP region: 2 norm inputs (2 B), the QKV and MLP inputs (g), 2 dropout masks.
  double outside = (4.0 + 2.0 * g + (s.dropout ? 2.0 : 0.0)) * h * T +
                   (s.mla ? g * (s.q_lora + s.kv_lora + s.rope) * T : 0.0);
  // Inside: Q, K, V and the attention output (16-bit, the attention backward reads them; the
  // output is also the projection's input); the MLP's up output (16-bit, for the activation's
  // backward) and the activation (the down projection's input, g).
  double inside = 2.0 * T *
                  (s.heads * s.d_qk + kv_heads_over_tp(s, t) * (s.d_qk + s.d_v) + s.heads * s.d_v);
  if (moe) {
    inside += T * (s.top_k + s.shared) * s.expert_ffn * (2.0 * up + g);
    outside += g * T * s.top_k * h;  // permuted token copies, the experts' input
  } else {
    inside += T * s.ffn * (2.0 * up + g);
  }
  // Unfused: softmax output (2 B per score), dropout output and mask (3 B).
  const double scores = p.options.fused_attention ? 4.0 * T * s.heads  // fp32 log-sum-exp
                                                  : (s.dropout ? 5.0 : 2.0) * s.heads * p.seq * T;
  const double base = sp ? (outside + inside) / t : outside + inside / t;
  lc.act_bytes[int(Recompute::none)] = base + scores / t;
  // Selective recompute of MLA also drops the up-projected Q, K, V (only the latents stay)
  // and the norm outputs.
  const double qkv = s.mla ? 2.0 * T * s.heads * (2.0 * s.d_qk + s.d_v) : 0.0;
  const double norm_out = s.mla ? 2.0 * g * h * T : 0.0;
  const double kept = sp ? (outside - norm_out + inside - qkv) / t
                         : outside - norm_out + (inside - qkv) / t;
  lc.act_bytes[int(Recompute::selective)] =
      kept + (p.options.fused_attention ? scores / t : 0.0);
  lc.act_bytes[int(Recompute::full)] = 2.0 * h * T * d.rep;
  // The recomputed layer's activations, plus (unfused) the score gradients its backward
  // holds at once: dropout's and softmax's 16-bit outputs, 4 bytes per score.
  lc.working_bytes = lc.act_bytes[int(Recompute::none)] +
                     (p.options.fused_attention ? 0.0
                                                : (s.dropout ? 4.0 : 2.0) * s.heads * p.seq * T / t);
}

void comm_costs(const Prepared& p, const Dims& d, int cp, int ep, bool sp, bool moe,
                LayerCost& lc) {
  const Shape& s = p.shape;
  const int tp = int(d.t);
  const double act = 2.0 * d.T * s.hidden;  // one 16-bit activation tensor
  if (tp > 1) {
    const GroupLayout g = group_layout(p.system, tp, 1);
    const double one = sp ? collective_time_s(p.system, CollectiveKind::all_gather, g, act) +
                                collective_time_s(p.system, CollectiveKind::reduce_scatter, g, act)
                          : collective_time_s(p.system, CollectiveKind::all_reduce, g, act);
    lc.tp_fwd_s = 2.0 * one;  // after attention and after the MLP (Shoeybi et al. 2019)
    lc.tp_bwd_s = 2.0 * one;
    // SP stores the linear layers' inputs sharded; backward gathers them again for the weight
    // gradients (Korthikanti et al. 2022 sec. 4.2.2).
    if (sp) lc.tp_bwd_s += 2.0 * collective_time_s(p.system, CollectiveKind::all_gather, g, act);
  }
  if (cp > 1) {  // ring attention: cp-1 exchanges of the local K and V, hidden by attention
    const double kv = 2.0 * d.T * kv_heads_over_tp(s, d.t) * (s.d_qk + s.d_v) / d.t;
    const double ring = (cp - 1) * p2p_time_s(p.system, tp, kv);
    lc.cp_fwd_s = std::max(0.0, ring - lc.attn_fwd_s);
    lc.cp_bwd_s = std::max(0.0, 2.0 * ring - 2.5 * lc.attn_fwd_s);
  }
  if (moe && ep > 1) {  // dispatch + combine (Lepikhin et al. 2021), each way
    const GroupLayout g = group_layout(p.system, ep, tp);
    const double sent = 2.0 * d.T * s.top_k * s.hidden;
    const double a2a = collective_time_s(p.system, CollectiveKind::all_to_all, g, sent);
    lc.ep_fwd_s = 2.0 * a2a;
    lc.ep_bwd_s = 2.0 * a2a;
  }
}

// Unfused attention core (Megatron-LM before FlashAttention): batched GEMMs over the full
// s x s scores, a fused scale-mask-softmax kernel and dropout, each streaming the b*a*s^2
// scores through memory (the 5as/h activation term of Korthikanti et al. 2022 sec. 4.1).
// Forward: softmax reads 2 and writes 2 bytes per score, dropout reads 2, writes 2 + a 1-byte
// mask; backward: dropout 5 bytes, softmax 6 bytes per score.
FwdBwd unfused_attention(const Prepared& p, const AttentionShape& a) {
  const double batches = a.batch * a.heads;
  const double s = p.seq, ov = p.op.kernel_overhead_s;
  auto batched = [&](double m, double n, double k) {
    return batches * (gemm_time_s(p.op, m, n, k) - ov) + ov;  // one batched launch
  };
  FwdBwd core;
  core.f = batched(s, s, a.head_dim_qk) + batched(s, a.head_dim_v, s);
  core.b = batched(s, a.head_dim_qk, s) + batched(a.head_dim_qk, s, s) +
           batched(s, s, a.head_dim_v) + batched(s, a.head_dim_v, s);
  const double scores = batches * s * s;
  // Forward draws a random number per score (dropout) and reduces rows (softmax): slower
  // than a copy; backward is plain masked multiplies and row dot-products. Without dropout
  // only the softmax runs: 4 B per score forward, 6 B backward.
  if (p.shape.dropout) {
    core.f += memory_op_time_s(p.op, 9.0 * scores / p.op.softmax_dropout_stream_fraction) + ov;
    core.b += memory_op_time_s(p.op, 11.0 * scores) + ov;
  } else {
    core.f += memory_op_time_s(p.op, 4.0 * scores);
    core.b += memory_op_time_s(p.op, 6.0 * scores);
  }
  return core;
}

LayerCost layer_cost(const Prepared& p, const Dims& d, int cp, int ep, bool sp, int mb,
                     bool moe) {
  const Shape& s = p.shape;
  LayerCost lc;
  FwdBwd acc;
  attention_gemms(p, d, acc);
  AttentionShape a;
  a.batch = double(mb) / cp;  // CP splits queries evenly (load-balanced causal chunks)
  a.heads = s.heads / d.t;
  a.seq_q = a.seq_kv = p.seq;
  a.head_dim_qk = s.d_qk;
  a.head_dim_v = s.d_v;
  if (p.options.fused_attention) {
    lc.attn_fwd_s = attention_time_s(p.op, a);
    acc.f += lc.attn_fwd_s;
    acc.b += attention_backward_time_s(p.op, a);
  } else {
    const FwdBwd core = unfused_attention(p, a);
    lc.attn_fwd_s = core.f;
    acc.f += core.f;
    acc.b += core.b;
  }
  lc.selective_fwd_s = lc.attn_fwd_s;
  if (s.mla) {  // the up-projections from the latents, and the two norms (read + write)
    const double ov = p.op.kernel_overhead_s;
    lc.selective_fwd_s +=
        (s.q_lora > 0 ? gemm_time_s(p.op, d.T, s.heads * s.d_qk / d.t, s.q_lora) : 0.0) +
        gemm_time_s(p.op, d.T, s.heads * (s.d_qk - s.rope + s.d_v) / d.t, s.kv_lora) +
        memory_op_time_s(p.op, 8.0 * d.T * s.hidden * d.rep) + ov;
  }
  mlp_ops(p, d, ep, moe, acc);
  // Two norms (read + write) and two residual/dropout-adds (two reads, a write, a 1-byte
  // mask: 7 B); a dropout-add's backward reads the gradient and the mask and writes one
  // gradient (5 B; the residual branch passes the gradient through unchanged).
  add_elementwise(p.op, acc, 8.0 * d.T * s.hidden * d.rep, 2);
  if (s.dropout) {
    add_elementwise(p.op, acc, 14.0 * d.T * s.hidden * d.rep, 2, 5.0 / 7.0);
  } else {  // plain residual adds (2 reads, a write); backward passes the gradient through
    add_elementwise(p.op, acc, 12.0 * d.T * s.hidden * d.rep, 2, 0.0);
  }
  lc.fwd_s = acc.f;
  lc.bwd_s = acc.b;
  activation_bytes(p, d, moe, sp, lc);
  comm_costs(p, d, cp, ep, sp, moe, lc);
  return lc;
}

void head_costs(const Prepared& p, const Dims& d, bool sp, MicroCost& mc) {
  const Shape& s = p.shape;
  FwdBwd head;
  add_elementwise(p.op, head, 4.0 * d.T * s.hidden * d.rep);  // final norm
  add_gemm(p.op, head, d.T, s.vocab / d.t, s.hidden);         // logits
  add_elementwise(p.op, head, 3.0 * 4.0 * d.T * s.vocab / d.t, 3);  // fp32 softmax + loss
  mc.head_fwd_s = head.f;
  mc.head_bwd_s = head.b;
  FwdBwd embed;
  add_elementwise(p.op, embed, 4.0 * d.T * s.hidden);
  mc.embed_fwd_s = embed.f;
  mc.embed_bwd_s = embed.b;
  mc.logits_bytes = 2.0 * 4.0 * d.T * s.vocab / d.t;
  if (d.t > 1) {  // embedding all-reduce (or RS/AG with SP) forward and backward
    const GroupLayout g = group_layout(p.system, int(d.t), 1);
    const double act = 2.0 * d.T * s.hidden;
    mc.head_comm_s = sp ? 2.0 * collective_time_s(p.system, CollectiveKind::all_gather, g, act)
                        : collective_time_s(p.system, CollectiveKind::all_reduce, g, act);
  }
}

}  // namespace

MicroCost micro_batch_costs(const Prepared& p, int tp, int cp, int ep, bool sp, int mb) {
  MicroCost mc;
  mc.tp = tp;
  mc.cp = cp;
  mc.ep = ep;
  mc.sp = sp;
  mc.mb = mb;
  Dims d{double(tp), double(mb) * p.seq / cp, sp ? 1.0 / tp : 1.0};
  if (p.shape.dense_layers > 0) mc.dense = layer_cost(p, d, cp, ep, sp, mb, false);
  if (p.shape.moe_layers > 0) mc.moe = layer_cost(p, d, cp, ep, sp, mb, true);
  head_costs(p, d, sp, mc);
  // Megatron's scatter-gather (Narayanan et al. 2021 sec. 4.1): each TP rank sends 1/tp of
  // the boundary activation; without SP the receiver all-gathers it over the TP group to
  // rebuild the full tensor (with SP the next block takes sequence-sharded input as is).
  const double msg = 2.0 * d.T * p.shape.hidden / tp;
  double gather = 0.0;
  if (tp > 1 && !sp) {
    gather = collective_time_s(p.system, CollectiveKind::all_gather, group_layout(p.system, tp, 1),
                               msg * tp);
  }
  mc.p2p_up_s = p2p_time_s(p.system.scaleup, msg) + gather;
  mc.p2p_out_s = p2p_time_s(p.system.scaleout, msg) + gather;
  const double act = 2.0 * d.T * p.shape.hidden;
  mc.comm_buffer_bytes = (tp > 1 ? 2.0 * act : 0.0) +
                         (ep > 1 ? 4.0 * d.T * p.shape.top_k * p.shape.hidden : 0.0);
  return mc;
}

// ---- Per plan ------------------------------------------------------------------------------
namespace {

struct StageLayers {
  double dense = 0, moe = 0;  // blocks on the most loaded stage
};

StageLayers stage_layers(const Shape& s, int pp, int vpp) {
  const double per_stage = blocks_per_stage(int(s.layers), pp, vpp);
  StageLayers st;
  st.moe = std::min(s.moe_layers, per_stage);
  st.dense = per_stage - st.moe;
  return st;
}

struct StageParams {
  double dense = 0, expert = 0;  // per chip
};

StageParams stage_params(const Shape& s, const StageLayers& st, const ParallelPlan& plan) {
  StageParams sp;
  // pp > 1: the first stage holds the embedding, the last the output head (a copy of the
  // embedding when tied, as Megatron keeps one there).
  const double edge = plan.pp == 1 ? s.embed_params + s.head_params
                                   : std::max(s.embed_params, s.vocab * s.hidden);
  sp.dense = (st.dense * s.dense_layer_params + st.moe * s.moe_layer_params + edge) / plan.tp;
  sp.expert = st.moe * s.expert_layer_params / (double(plan.ep) * plan.tp);
  return sp;
}

// Share of the stage's blocks that full recomputation covers (recompute_layers; 0: all).
double recomputed_fraction(const ParallelPlan& plan, const StageLayers& st) {
  if (plan.recompute != Recompute::full || plan.recompute_layers <= 0) return 1.0;
  return std::min(1.0, plan.recompute_layers / (st.dense + st.moe));
}

void fill_memory(const Prepared& p, const MicroCost& mc, const ParallelPlan& plan,
                 const StageLayers& st, const StageParams& sp, double m, MemoryBreakdown& mem) {
  const double dpg = double(plan.dp) * plan.cp;  // ranks holding the same dense weights
  const double edpg = dpg / plan.ep;             // ranks holding the same experts
  auto shard = [&](int stage) {
    return sp.dense / (plan.zero >= stage ? dpg : 1.0) +
           sp.expert / (plan.zero >= stage ? edpg : 1.0);
  };
  mem.weights_bytes = p.grad_bytes * shard(3);
  mem.gradients_bytes = p.grad_bytes * shard(2);
  mem.optimizer_bytes = 12.0 * shard(1);  // fp32 master, m, v (Rajbhandari et al. 2020)
  const int r = int(plan.recompute);
  double per_mb = st.dense * mc.dense.act_bytes[r] + st.moe * mc.moe.act_bytes[r];
  if (const double f = recomputed_fraction(plan, st); f < 1.0) {  // the rest store everything
    const int none = int(Recompute::none);
    per_mb = f * per_mb + (1.0 - f) * (st.dense * mc.dense.act_bytes[none] +
                                       st.moe * mc.moe.act_bytes[none]);
  }
  double in_flight = 1.0;
  if (plan.pp > 1) {  // 1F1B first stage (Korthikanti et al. 2022 sec. 4.2.3)
    in_flight = std::min(m, double(plan.pp));
    if (plan.vpp > 1) in_flight *= 1.0 + (plan.pp - 1.0) / (double(plan.pp) * plan.vpp);
  }
  const double working = plan.recompute == Recompute::full
                             ? std::max(mc.dense.working_bytes, mc.moe.working_bytes)
                             : 0.0;
  const double first = per_mb * in_flight + working;
  const double last = per_mb + working + mc.logits_bytes;
  mem.activations_bytes = plan.pp == 1 ? first + mc.logits_bytes : std::max(first, last);
  mem.comm_buffers_bytes = mc.comm_buffer_bytes;
  if (plan.zero == 3) {  // prefetched full weights of the next layer
    mem.comm_buffers_bytes += 2.0 * p.grad_bytes *
                              std::max(p.shape.dense_layer_params, p.shape.moe_layer_params) /
                              plan.tp;
  }
  mem.reserve_bytes =
      p.options.reserve_fixed_bytes + p.options.reserve_fraction * p.capacity_bytes;
  mem.capacity_bytes = p.capacity_bytes;
  mem.total_bytes = mem.weights_bytes + mem.gradients_bytes + mem.optimizer_bytes +
                    mem.activations_bytes + mem.comm_buffers_bytes + mem.reserve_bytes;
}

// Per-micro-batch work on the critical stage, split by kind.
struct MicroStep {
  double compute = 0, tp = 0, cp = 0, ep = 0, pp = 0;  // seconds
  double fwd = 0, bwd = 0;                             // totals for overlap windows
  double edge = 0;  // embedding/head work of the critical stage, inside `compute`
};

MicroStep micro_step(const MicroCost& mc, const ParallelPlan& plan, const StageLayers& st,
                     bool pp_on_scaleup) {
  const LayerCost& d = mc.dense;
  const LayerCost& e = mc.moe;
  MicroStep ms;
  const double comp_f = st.dense * d.fwd_s + st.moe * e.fwd_s;
  const double comp_b = st.dense * d.bwd_s + st.moe * e.bwd_s;
  const double tp_f = st.dense * d.tp_fwd_s + st.moe * e.tp_fwd_s;
  const double tp_b = st.dense * d.tp_bwd_s + st.moe * e.tp_bwd_s;
  const double cp_f = st.dense * d.cp_fwd_s + st.moe * e.cp_fwd_s;
  const double cp_b = st.dense * d.cp_bwd_s + st.moe * e.cp_bwd_s;
  const double ep_f = st.moe * e.ep_fwd_s;
  const double ep_b = st.moe * e.ep_bwd_s;
  double rc_comp = 0, rc_comm_tp = 0, rc_cp = 0, rc_ep = 0;
  if (plan.recompute == Recompute::full) {
    const double f = recomputed_fraction(plan, st);
    rc_comp = f * comp_f, rc_comm_tp = f * tp_f, rc_cp = f * cp_f, rc_ep = f * ep_f;
  } else if (plan.recompute == Recompute::selective) {
    rc_comp = st.dense * d.selective_fwd_s + st.moe * e.selective_fwd_s;
  }
  const double edge = plan.pp == 1 ? mc.head_fwd_s + mc.head_bwd_s + mc.embed_fwd_s + mc.embed_bwd_s
                                   : std::max(mc.head_fwd_s + mc.head_bwd_s,
                                              mc.embed_fwd_s + mc.embed_bwd_s);
  ms.compute = comp_f + comp_b + rc_comp + edge;
  ms.edge = edge;
  ms.tp = tp_f + tp_b + rc_comm_tp + mc.head_comm_s;
  ms.cp = cp_f + cp_b + rc_cp;
  ms.ep = ep_f + ep_b + rc_ep;
  if (plan.pp > 1) {  // each chunk receives its input and sends its gradient once
    ms.pp = 2.0 * plan.vpp * (pp_on_scaleup ? mc.p2p_up_s : mc.p2p_out_s);
  }
  ms.fwd = comp_f + tp_f + cp_f + ep_f;
  ms.bwd = comp_b + tp_b + cp_b + ep_b + rc_comp + rc_comm_tp + rc_cp + rc_ep;
  return ms;
}

struct DpTimes {
  double exposed = 0, total = 0;
};

// Data-parallel traffic of one step. ZeRO-0 all-reduces gradients; ZeRO-1/2 reduce-scatter
// them and all-gather updated weights; ZeRO-3 gathers weights for every micro-batch's forward
// and backward and reduce-scatters its gradients (Rajbhandari et al. 2020, sec. 7).
// Gradient reduction can overlap only the last micro-batch's backward (earlier micro-batches
// accumulate), the weight gather the first forward; ZeRO-3's traffic each micro-batch.
DpTimes dp_times(const Prepared& p, const ParallelPlan& plan, const StageParams& sp,
                 const MicroStep& ms, double m) {
  DpTimes out;
  const int dpg = plan.dp * plan.cp;
  const int edpg = dpg / plan.ep;
  const GroupLayout dense_g = group_layout(p.system, dpg, plan.tp);
  const GroupLayout exp_g = group_layout(p.system, edpg, plan.tp * plan.ep);
  const double dense_b = p.grad_bytes * sp.dense, exp_b = p.grad_bytes * sp.expert;
  auto both = [&](CollectiveKind k) {
    return collective_time_s(p.system, k, dense_g, dense_b) +
           collective_time_s(p.system, k, exp_g, exp_b);
  };
  const bool overlap = p.options.overlap_dp_comm;
  const double buckets = std::ceil((dense_b + exp_b) / p.options.grad_bucket_bytes);
  if (plan.zero == 0) {
    out.total = both(CollectiveKind::all_reduce);
    out.exposed = exposed_reduction_s(out.total, ms.bwd, buckets, overlap);
  } else if (plan.zero < 3) {
    const double rs = both(CollectiveKind::reduce_scatter);
    const double ag = both(CollectiveKind::all_gather);
    out.total = rs + ag;
    out.exposed = exposed_reduction_s(rs, ms.bwd, buckets, overlap) +
                  exposed_reduction_s(ag, ms.fwd, buckets, overlap);
  } else {
    const double per_mb =
        2.0 * both(CollectiveKind::all_gather) + both(CollectiveKind::reduce_scatter);
    out.total = m * per_mb;
    // FSDP/DeepSpeed prefetch layer by layer: the traffic hides behind each micro-batch.
    out.exposed = m * exposed_reduction_s(per_mb, ms.fwd + ms.bwd, buckets, overlap);
  }
  return out;
}

double optimizer_time(const Prepared& p, const ParallelPlan& plan, const StageParams& sp) {
  const double dpg = double(plan.dp) * plan.cp;
  const double params = plan.zero >= 1 ? sp.dense / dpg + sp.expert / (dpg / plan.ep)
                                       : sp.dense + sp.expert;
  // Fused multi-tensor Adam: a handful of launches, then pure streaming.
  return memory_op_time_s(p.op, p.optimizer_bytes_per_param * params) +
         3.0 * p.op.kernel_overhead_s;
}

void fill_time(const Prepared& p, const ParallelPlan& plan, const MicroStep& ms, double m,
               const DpTimes& dp, double opt_s, StepBreakdown& t) {
  const double t_mb = ms.compute + ms.tp + ms.cp + ms.ep + ms.pp;
  t.compute_s = m * ms.compute;
  t.tp_comm_s = m * ms.tp;
  t.cp_comm_s = m * ms.cp;
  t.ep_comm_s = m * ms.ep;
  t.pp_comm_s = m * ms.pp;
  // Interleaved 1F1B: bubble (p-1)/v micro-batch times (Narayanan et al. 2021, sec. 2.2.2).
  // The fill and drain pass through the other p-1 stages once, which hold transformer
  // blocks only: the head's (or embedding's) extra work counts m times, not m+p-1.
  const double t_fill = plan.pp > 1 ? t_mb - ms.edge : t_mb;
  t.bubble_s = (plan.pp - 1.0) / plan.vpp * t_fill;
  t.dp_comm_s = dp.exposed;
  t.optimizer_s = opt_s;
  t.step_s = t.compute_s + t.tp_comm_s + t.cp_comm_s + t.ep_comm_s + t.pp_comm_s + t.bubble_s +
             t.dp_comm_s + t.optimizer_s;
  (void)p;
}

}  // namespace

// Exposed part of a gradient reduction of `total_s` that may overlap a backward window of
// `window_s` (PyTorch DDP / Megatron --overlap-grad-reduce: Li et al. 2020, sec. 3.2.3).
// Gradients fill `buckets` equal buckets at a uniform rate over the window; bucket i can be
// reduced once full. The comm stream either waits on the buckets (the last one, filled at
// the end of the window, is exposed: total/buckets) or is saturated from the first bucket
// on (finishes at window/buckets + total). Without overlap all of it is exposed.
double exposed_reduction_s(double total_s, double window_s, double buckets, bool overlap) {
  if (!overlap) return total_s;
  const double n = std::max(1.0, buckets);
  return std::max(total_s / n, total_s - window_s * (1.0 - 1.0 / n));
}

// Micro-batches of the fullest data-parallel replica: it holds ceil(batch / dp) sequences
// (all replicas the same when dp divides the batch); a last partial micro-batch counts for
// its share.
double replica_micro_batches(const Prepared& p, const ParallelPlan& plan) {
  return std::ceil(p.global_batch / double(plan.dp)) / plan.micro_batch;
}

int fewest_recomputed_layers(const Prepared& p, const MicroCost& mc, const ParallelPlan& plan) {
  const double m = replica_micro_batches(p, plan);
  const StageLayers st = stage_layers(p.shape, plan.pp, plan.vpp);
  const StageParams sp = stage_params(p.shape, st, plan);
  auto fits = [&](int k) {
    ParallelPlan partial = plan;
    partial.recompute_layers = k;
    MemoryBreakdown mem;
    fill_memory(p, mc, partial, st, sp, m, mem);
    return mem.total_bytes <= mem.capacity_bytes;
  };
  int lo = 1, hi = int(st.dense + st.moe) - 1;  // recompute_layers = blocks is plain full
  if (hi < lo || !fits(hi)) return 0;
  while (lo < hi) {  // smallest k in [lo, hi] that fits
    const int mid = lo + (hi - lo) / 2;
    if (fits(mid)) {
      hi = mid;
    } else {
      lo = mid + 1;
    }
  }
  return lo;
}

void evaluate_plan(const Prepared& p, const MicroCost& mc, const ParallelPlan& plan,
                   bool time_if_fits, TrainEstimate& out) {
  out.plan = plan;
  const double m = replica_micro_batches(p, plan);
  out.micro_batches = int64_t(std::ceil(m));
  const StageLayers st = stage_layers(p.shape, plan.pp, plan.vpp);
  const StageParams sp = stage_params(p.shape, st, plan);
  fill_memory(p, mc, plan, st, sp, m, out.memory);
  out.fits = out.memory.total_bytes <= out.memory.capacity_bytes;
  out.time = StepBreakdown{};
  if (time_if_fits && !out.fits) return;
  const int stride = plan.tp * plan.cp * plan.dp;
  MicroStep ms = micro_step(mc, plan, st, stride < scaleup_domain_chips(p.system));
  if (p.options.overlap_ep_comm) ms.ep = std::max(0.0, ms.ep - ms.compute);
  const DpTimes dp = dp_times(p, plan, sp, ms, m);
  fill_time(p, plan, ms, m, dp, optimizer_time(p, plan, sp), out.time);
  const double step = out.time.step_s;
  out.tokens_per_s = p.global_batch * p.seq / step;
  out.model_flops_per_step = p.model_flops;
  out.hardware_flops_per_step =
      p.model_flops + (plan.recompute == Recompute::full
                           ? p.full_extra_flops * recomputed_fraction(plan, st)
                       : plan.recompute == Recompute::selective ? p.selective_extra_flops
                                                                : 0.0);
  const double denom = step * double(p.count) * p.peak_flop_per_s;
  out.mfu = out.model_flops_per_step / denom;
  out.hfu = out.hardware_flops_per_step / denom;
}

}  // namespace suanli::train_internal
