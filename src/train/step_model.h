// Internal core of the training model, split so that the plan search can reuse the parts
// that do not depend on its inner loop:
//
//   prepare()            once per (workload, cluster): flat model shape, chip, parameters
//   micro_batch_costs()  once per (tp, cp, ep, sp, micro_batch): per-layer op times, comm,
//                        activation bytes
//   evaluate_plan()      per plan (pp, vpp, dp, zero, recompute): arithmetic only, no
//                        allocation
#pragma once

#include <array>
#include <cstdint>

#include "suanli/op_cost.h"
#include "suanli/plan.h"
#include "suanli/system.h"
#include "suanli/train_estimate.h"

namespace suanli::train_internal {

/// The model reduced to numbers. Widths in elements, parameters in counts.
struct Shape {
  double layers = 0, dense_layers = 0, moe_layers = 0;  ///< blocks; dense + moe = layers
  double hidden = 0, heads = 0, kv_heads = 0;           ///< h, a, kv heads
  double d_qk = 0, d_v = 0;        ///< per-head query/key and value widths
  double ffn = 0, vocab = 0;       ///< dense MLP width, vocabulary
  bool gated = false;              ///< gated (SwiGLU) MLP: 3 matrices
  bool dropout = true;             ///< dropout masks stored, dropout kernels run
  bool mla = false;                ///< multi-head latent attention
  double q_lora = 0, kv_lora = 0, rope = 0;  ///< MLA ranks and rotary width
  double experts = 0, top_k = 0, shared = 0, expert_ffn = 0;  ///< MoE layout (0 = dense)
  double embed_params = 0;         ///< input embedding (+ learned positions)
  double head_params = 0;          ///< output projection (0 when tied)
  double dense_layer_params = 0;   ///< one dense block
  double moe_layer_params = 0;     ///< one MoE block without its routed experts
  double expert_layer_params = 0;  ///< routed experts of one MoE block
  double dense_gemm_weights = 0;   ///< GEMM weights one token multiplies in a dense block
  double moe_gemm_weights = 0;     ///< same for an MoE block (router + top-k + shared)
};

/// Shape of `model` (REQUIRES: layers, hidden, heads, vocab > 0).
Shape make_shape(const Model& model);

/// Everything that is fixed for one search.
struct Prepared {
  Shape shape;
  double seq = 0, global_batch = 0;
  int64_t count = 1;
  OpCostParams op;
  System system;
  double capacity_bytes = 0;
  double grad_bytes = 2;          ///< bytes per gradient / 16-bit weight element
  TrainOptions options;
  double model_flops = 0;         ///< per step, no recompute
  double selective_extra_flops = 0, full_extra_flops = 0;  ///< recompute additions per step
  double peak_flop_per_s = 0;
  double optimizer_bytes_per_param = 38;  ///< options + fp16 unscale where it applies
};

/// Resolves the chip at the workload's precision.
Result<Prepared> prepare(const TrainWorkload& w, const Cluster& c, const TrainOptions& o);

/// One transformer block for one micro-batch on one chip, seconds and bytes.
struct LayerCost {
  double fwd_s = 0, bwd_s = 0;      ///< kernels (GEMMs, attention, elementwise)
  double attn_fwd_s = 0;            ///< attention core forward
  /// Forward work selective recompute repeats: the attention core, and for MLA also the
  /// up-projections and norms (DeepSeek-V3 sec. 3.3.2; Megatron-Core mla_up_proj, layernorm).
  double selective_fwd_s = 0;
  double tp_fwd_s = 0, tp_bwd_s = 0;  ///< TP/SP collectives
  double cp_fwd_s = 0, cp_bwd_s = 0;  ///< exposed CP exchange
  double ep_fwd_s = 0, ep_bwd_s = 0;  ///< MoE all-to-all
  std::array<double, 3> act_bytes{};  ///< stored activations per Recompute mode
  double working_bytes = 0;         ///< a recomputed layer's full activations
};

/// Costs shared by every plan with the same (tp, cp, ep, sp, micro_batch).
struct MicroCost {
  int tp = 1, cp = 1, ep = 1, mb = 1;
  bool sp = false;
  LayerCost dense, moe;
  double head_fwd_s = 0, head_bwd_s = 0;    ///< final norm, logits, loss (last stage)
  double head_comm_s = 0;                   ///< TP traffic of embedding/head per micro-batch
  double embed_fwd_s = 0, embed_bwd_s = 0;  ///< embedding lookup (first stage)
  double p2p_up_s = 0, p2p_out_s = 0;       ///< one pipeline message on each tier
  double logits_bytes = 0;                  ///< loss activations on the last stage
  double comm_buffer_bytes = 0;             ///< TP/EP staging buffers
};

MicroCost micro_batch_costs(const Prepared& p, int tp, int cp, int ep, bool sp, int mb);

/// Exposed seconds of a data-parallel reduction of `total_s` that may overlap a compute
/// window of `window_s`, filled in `buckets` equal buckets at a uniform rate (all of it
/// when `overlap` is false). See step_model.cc.
double exposed_reduction_s(double total_s, double window_s, double buckets, bool overlap);

/// Fewest blocks of the most loaded stage that full recomputation must cover for `plan`
/// (recompute=full over every block) to fit in memory, or 0 when every block is needed
/// (or the plan does not fit even so). Memory grows linearly as fewer blocks are recomputed.
int fewest_recomputed_layers(const Prepared& p, const MicroCost& mc, const ParallelPlan& plan);

/// Fills `out` for plan (REQUIRES: plan passes check_plan and matches `mc`'s tp/cp/ep/sp/mb).
/// Memory is computed first; when `time_if_fits` and the plan does not fit, time is skipped.
void evaluate_plan(const Prepared& p, const MicroCost& mc, const ParallelPlan& plan,
                   bool time_if_fits, TrainEstimate& out);

}  // namespace suanli::train_internal
