// Step time, memory and cost of training a transformer with one parallel plan.
//
// The step (Narayanan et al. 2021, sec. 2-3; Korthikanti et al. 2022):
//
//   stage 0 | F1 F2 F3 F4 .. B1 F5 B2 ..           B_m |
//   stage p |    ..bubble..  F1 B1 F2 B2 ...       B_m | DP grad reduce (exposed part) | optimizer
//
//   step = m * t_mb + (p-1)/v * t_mb + exposed DP + optimizer
//   t_mb = per-micro-batch forward + backward (+ recompute) of the critical stage, including
//          exposed TP/CP/EP communication and pipeline point-to-point messages.
#pragma once

#include <cstdint>

#include "suanli/chip.h"
#include "suanli/model.h"
#include "suanli/plan.h"
#include "suanli/precision.h"
#include "suanli/status.h"
#include "suanli/system.h"

namespace suanli {

/// What is trained.
struct TrainWorkload {
  Model model;                            ///< the transformer
  int64_t seq = 2048;                     ///< sequence length, tokens
  int64_t global_batch = 1;               ///< sequences per optimizer step
  Precision precision = Precision::bf16;  ///< GEMM precision (bf16, fp16 or fp8)
};

/// Where it is trained.
struct Cluster {
  Chip chip;          ///< the accelerator
  System system;      ///< node and network
  int64_t count = 1;  ///< chips
};

/// Fixed modelling choices, each stated (docs/train.md).
struct TrainOptions {
  /// true: attention is one fused kernel (FlashAttention; Dao 2023): causal blocks skipped, no
  /// s x s scores stored. false: Megatron-LM's pre-2022 path: batched GEMMs over the full
  /// scores, fused scale-mask-softmax and dropout kernels streaming b*a*s^2 scores, and the
  /// 5as/h activation term (Korthikanti et al. 2022). Context parallelism needs fused.
  bool fused_attention = true;
  /// Memory held back from the plan: runtime context, workspace, allocator fragmentation.
  double reserve_fixed_bytes = 1e9;   ///< bytes, default 1 GB
  double reserve_fraction = 0.05;     ///< of device memory, default 5%
  /// Bytes the optimizer step moves per parameter it updates (mixed-precision Adam as in
  /// Megatron-LM/apex: gradient-norm pass reads the fp32 main grad (4); Adam reads grad,
  /// master, m, v and writes master, m, v (28); the 16-bit weight copy reads 4, writes 2).
  double optimizer_bytes_per_param = 38;  ///< default 38
  /// Extra optimizer bytes per parameter with fp16 loss scaling: unscale + inf/nan check
  /// reads and writes the fp32 grad (Micikevicius et al. 2018). Not applied to bf16/fp8.
  double fp16_unscale_bytes_per_param = 8;  ///< default 8
  /// true: data-parallel traffic overlaps compute: gradient reduction in buckets behind the
  /// last micro-batch's backward (the last bucket stays exposed), ZeRO weight gathers behind
  /// the forward, ZeRO-3 traffic behind each micro-batch (PyTorch DDP/FSDP, DeepSpeed,
  /// Megatron-LM --overlap-grad-reduce/--overlap-param-gather). false: it runs after the
  /// backward, on the critical path (Megatron-LM 2021-22; Megatron's default today).
  bool overlap_dp_comm = true;
  /// true: MoE dispatch/combine all-to-all overlaps the compute of another micro-batch
  /// (DeepSeek-V3's DualPipe, Megatron-Core's expert-parallel communication overlap): only
  /// the part longer than the micro-batch's compute is exposed. false (default): it sits on
  /// the critical path between the router and the experts.
  bool overlap_ep_comm = false;
  /// Gradient bucket size for the overlapped reduction, bytes (PyTorch DDP: 25 MiB).
  double grad_bucket_bytes = 26214400;  ///< default 25 MiB
};

/// Memory per chip on the most loaded pipeline stage, bytes.
struct MemoryBreakdown {
  double weights_bytes = 0;      ///< 16-bit weights (sharded by ZeRO-3)
  double gradients_bytes = 0;    ///< 16-bit gradients (sharded by ZeRO-2/3)
  double optimizer_bytes = 0;    ///< fp32 master + Adam moments, 12 B/param (ZeRO-1+)
  double activations_bytes = 0;  ///< stored activations of the micro-batches in flight
  double comm_buffers_bytes = 0; ///< collective staging buffers
  double reserve_bytes = 0;      ///< TrainOptions reserve
  double total_bytes = 0;        ///< sum of the above
  double capacity_bytes = 0;     ///< device memory
};

/// Where the step time goes, seconds per optimizer step.
struct StepBreakdown {
  double compute_s = 0;        ///< kernels of the critical stage (incl. recompute, overheads)
  double tp_comm_s = 0;        ///< tensor/sequence-parallel collectives (on the critical path)
  double cp_comm_s = 0;        ///< context-parallel KV exchange not hidden behind attention
  double ep_comm_s = 0;        ///< MoE all-to-all (dispatch + combine)
  double pp_comm_s = 0;        ///< pipeline point-to-point sends
  double bubble_s = 0;         ///< pipeline fill and drain
  double dp_comm_s = 0;        ///< data-parallel gradient/param traffic not hidden by backward
  double optimizer_s = 0;      ///< optimizer step
  double step_s = 0;           ///< sum of the above
};

/// The estimate for one plan.
struct TrainEstimate {
  ParallelPlan plan;                ///< the plan
  int64_t micro_batches = 0;        ///< per replica per step
  StepBreakdown time;               ///< step time split
  MemoryBreakdown memory;           ///< memory per chip
  bool fits = false;                ///< memory.total_bytes <= memory.capacity_bytes
  double tokens_per_s = 0;          ///< cluster-wide training tokens per second
  double model_flops_per_step = 0;  ///< FLOPs without recompute (MFU convention)
  double hardware_flops_per_step = 0;  ///< FLOPs including recomputation
  double mfu = 0;                   ///< model FLOPs / (step * count * peak)
  double hfu = 0;                   ///< hardware FLOPs / (step * count * peak)
};

/// Model FLOPs per optimizer step (forward + backward = 3x forward, attention counted
/// without masking; Narayanan et al. 2021 eq. 3 for GPT shapes: 72*B*s*l*h^2*(1 + s/(6h) +
/// V/(12*l*h))). `recompute` adds the recomputed forward work (full: every layer's forward
/// again, giving eq. 3's 96*B*s*l*h^2*(1 + s/(6h) + V/(16*l*h)); selective: the attention core,
/// and for MLA models the up-projections from the latents).
double train_flops_per_step(const Model& model, int64_t seq, int64_t global_batch,
                            Recompute recompute);

/// Activation bytes one micro-batch stores for one transformer layer on one chip
/// (Korthikanti et al. 2022, eq. 1-2 and Table 2, generalised to GQA, gated and MoE MLPs):
/// s*b*h*(34 + 5*a*s/h) without parallelism; the 24 of its 34 inside the tensor-parallel
/// region and the 5as/h term divide by tp, all of it with sp; selective (or fused attention)
/// drops the 5as/h term; full keeps the layer input, 2*s*b*h (/tp with sp).
double activation_bytes_per_layer(const Model& model, int64_t seq, int micro_batch, int tp,
                                  bool sp, int cp, Recompute recompute, bool fused_attention);

/// Estimates one plan. Errors when the plan is malformed (check_plan) or the chip lacks a
/// peak at the workload's precision. A plan that does not fit is returned with fits=false.
Result<TrainEstimate> estimate_train(const TrainWorkload& workload, const Cluster& cluster,
                                     const ParallelPlan& plan, const TrainOptions& options = {});

/// Totals for training a number of tokens with an estimate.
struct TrainTotals {
  double time_s = 0;       ///< wall time to train the tokens
  double chip_hours = 0;   ///< count * time / 3600
  double energy_j = 0;     ///< TDP * time * count * PUE, joules (0 when TDP unknown)
  double cost_usd = 0;     ///< chip_hours * price
};

/// Time, energy and cost of `tokens` training tokens at `estimate`'s throughput.
TrainTotals train_totals(const TrainEstimate& estimate, const Cluster& cluster, double tokens,
                         double pue, double price_per_chip_hour_usd);

}  // namespace suanli
