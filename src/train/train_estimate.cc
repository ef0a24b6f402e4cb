#include "suanli/train_estimate.h"

#include "train/step_model.h"
#include "suanli/units.h"

namespace suanli {

double train_flops_per_step(const Model& model, int64_t seq, int64_t global_batch,
                            Recompute recompute) {
  const train_internal::Shape s = train_internal::make_shape(model);
  const double tokens = double(seq) * double(global_batch);
  // Attention core per token per layer, unmasked: 2*s*a*(d_qk + d_v) (= 4*s*h for MHA).
  const double attn = 2.0 * double(seq) * s.heads * (s.d_qk + s.d_v);
  const double dense_fwd = 2.0 * s.dense_gemm_weights + attn;
  const double moe_fwd = 2.0 * s.moe_gemm_weights + attn;
  const double layers_fwd = s.dense_layers * dense_fwd + s.moe_layers * moe_fwd;
  const double logits_fwd = 2.0 * s.hidden * s.vocab;
  double per_token = 3.0 * (layers_fwd + logits_fwd);
  if (recompute == Recompute::full) per_token += layers_fwd;
  if (recompute == Recompute::selective) {
    per_token += s.layers * attn;
    if (s.mla) {  // the up-projections from the latents are recomputed too
      per_token += s.layers * 2.0 *
                   (s.q_lora * s.heads * s.d_qk + s.kv_lora * s.heads * (s.d_qk - s.rope + s.d_v));
    }
  }
  return per_token * tokens;
}

double activation_bytes_per_layer(const Model& model, int64_t seq, int micro_batch, int tp,
                                  bool sp, int cp, Recompute recompute, bool fused_attention) {
  train_internal::Prepared p;
  p.shape = train_internal::make_shape(model);
  p.seq = double(seq);
  p.options.fused_attention = fused_attention;
  const bool moe = p.shape.dense_layers == 0;
  train_internal::MicroCost mc;
  // Activation bytes do not depend on the chip; micro_batch_costs needs op params only for
  // times, so any positive figures do.
  p.op.peak_flop_per_s = p.op.attention_peak_flop_per_s = 1e15;
  p.op.mem_bw_bytes_per_s = 1e12;
  p.system.scaleup.bw_bytes_per_s = p.system.scaleout.bw_bytes_per_s = 1e11;
  mc = train_internal::micro_batch_costs(p, tp, cp, 1, sp, micro_batch);
  const train_internal::LayerCost& lc = moe ? mc.moe : mc.dense;
  return lc.act_bytes[int(recompute)];
}

Result<TrainEstimate> estimate_train(const TrainWorkload& workload, const Cluster& cluster,
                                     const ParallelPlan& plan, const TrainOptions& options) {
  Status ok = check_plan(plan, workload.model, cluster.count, workload.global_batch,
                         workload.seq);
  if (!ok.ok()) return ok.error();
  if (plan.cp > 1 && !options.fused_attention) {
    return Error("plan: cp > 1 needs fused attention (ring attention runs on fused kernels)");
  }
  Result<train_internal::Prepared> p = train_internal::prepare(workload, cluster, options);
  if (!p.ok()) return p.error();
  const train_internal::MicroCost mc =
      train_internal::micro_batch_costs(*p, plan.tp, plan.cp, plan.ep, plan.sp, plan.micro_batch);
  TrainEstimate est;
  train_internal::evaluate_plan(*p, mc, plan, /*time_if_fits=*/false, est);
  return est;
}

TrainTotals train_totals(const TrainEstimate& estimate, const Cluster& cluster, double tokens,
                         double pue, double price_per_chip_hour_usd) {
  TrainTotals t;
  if (estimate.tokens_per_s <= 0) return t;
  t.time_s = tokens / estimate.tokens_per_s;
  t.chip_hours = double(cluster.count) * t.time_s / units::kHour;
  t.energy_j = cluster.chip.tdp_w.value_or(0.0) * t.time_s * double(cluster.count) * pue;
  t.cost_usd = t.chip_hours * price_per_chip_hour_usd;
  return t;
}

}  // namespace suanli
