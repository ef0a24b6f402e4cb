// Tests of the step model's internal terms, each against its formula.
#include "train/step_model.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "suanli/collective.h"
#include "train/test_fixtures.h"

namespace suanli::train_internal {
namespace {

Prepared prepared(const Model& m, int64_t count, Precision precision, TrainOptions o = {},
                  Chip chip = fixtures::a100_chip()) {
  TrainWorkload w{m, 2048, 64, precision};
  Cluster c{std::move(chip), fixtures::dgx_a100(), count};
  Result<Prepared> p = prepare(w, c, o);
  EXPECT_TRUE(p.ok());
  return *p;
}

double stream_s(const Prepared& p, double bytes) {
  return bytes / (p.op.mem_bw_bytes_per_s * p.op.memory_bw_fraction);
}

// Bucketed overlap (Li et al. 2020): either the last bucket or the part of the reduction
// that the window (less the time to fill the first bucket) cannot hide is exposed.
TEST(ExposedReduction, LastBucketOrExcessOverTheWindow) {
  const double total = 1.0, window = 4.0, n = 10;
  EXPECT_NEAR(exposed_reduction_s(total, window, n, true), total / n, 1e-12);
  EXPECT_NEAR(exposed_reduction_s(total, 0.5, n, true), total - 0.5 * (1 - 1 / n), 1e-12);
  EXPECT_NEAR(exposed_reduction_s(total, window, 1, true), total, 1e-12);  // one bucket
  EXPECT_NEAR(exposed_reduction_s(total, window, n, false), total, 1e-12);
}

TEST(DpComm, WithoutOverlapTheWholeAllReduceIsExposed) {
  const Model m = fixtures::gpt(24, 2304, 24);
  TrainOptions off;
  off.overlap_dp_comm = false;
  const Prepared p = prepared(m, 32, Precision::fp16, off);
  const MicroCost mc = micro_batch_costs(p, 1, 1, 1, false, 1);
  const ParallelPlan plan{1, 1, 32, 1, 1, 1, 1, Recompute::full, false, 0};
  TrainEstimate e;
  evaluate_plan(p, mc, plan, false, e);
  const double params = 24 * p.shape.dense_layer_params + p.shape.embed_params +
                        p.shape.head_params;
  const double ar = collective_time_s(p.system, CollectiveKind::all_reduce,
                                      group_layout(p.system, 32, 1), 2.0 * params);
  EXPECT_NEAR(e.time.dp_comm_s, ar, 1e-9);
  // With overlap on, the window is the last micro-batch's backward.
  const Prepared q = prepared(m, 32, Precision::fp16);
  TrainEstimate f;
  evaluate_plan(q, micro_batch_costs(q, 1, 1, 1, false, 1), plan, false, f);
  EXPECT_LT(f.time.dp_comm_s, e.time.dp_comm_s);
  EXPECT_GE(f.time.dp_comm_s, ar / std::ceil(2.0 * params / q.options.grad_bucket_bytes) - 1e-12);
}

// With --ep-overlap the all-to-all hides behind another micro-batch's compute: only the
// excess is exposed (DeepSeek-V3's DualPipe).
TEST(EpComm, OverlapExposesOnlyTheExcessOverCompute) {
  Model m = fixtures::gpt(8, 2048, 16);
  m.mlp = MlpKind::gated;
  m.moe = MoeConfig{16, 2, 0, 1408, 0};
  const ParallelPlan plan{1, 1, 16, 1, 16, 1, 1, Recompute::none, false, 1};
  TrainOptions off, on;
  on.overlap_ep_comm = true;
  const Prepared a = prepared(m, 16, Precision::bf16, off);
  const Prepared b = prepared(m, 16, Precision::bf16, on);
  TrainEstimate e_off, e_on;
  evaluate_plan(a, micro_batch_costs(a, 1, 1, 16, false, 1), plan, false, e_off);
  evaluate_plan(b, micro_batch_costs(b, 1, 1, 16, false, 1), plan, false, e_on);
  ASSERT_GT(e_off.time.ep_comm_s, 0.0);
  EXPECT_NEAR(e_on.time.ep_comm_s,
              std::max(0.0, e_off.time.ep_comm_s - e_off.time.compute_s), 1e-12);
  EXPECT_DOUBLE_EQ(e_on.time.compute_s, e_off.time.compute_s);
}

// Adam in mixed precision: 38 B/param; fp16 loss scaling adds an unscale pass of 8 B/param.
TEST(Optimizer, Fp16AddsTheUnscalePass) {
  const Model m = fixtures::gpt(24, 2304, 24);
  const Prepared bf = prepared(m, 1, Precision::bf16);
  const Prepared fp = prepared(m, 1, Precision::fp16);
  EXPECT_NEAR(bf.optimizer_bytes_per_param, 38, 1e-12);
  EXPECT_NEAR(fp.optimizer_bytes_per_param, 38 + 8, 1e-12);
  const ParallelPlan plan{1, 1, 1, 1, 1, 1, 1, Recompute::full, false, 0};
  TrainEstimate a, b;
  evaluate_plan(bf, micro_batch_costs(bf, 1, 1, 1, false, 1), plan, false, a);
  evaluate_plan(fp, micro_batch_costs(fp, 1, 1, 1, false, 1), plan, false, b);
  const double params = 24 * bf.shape.dense_layer_params + bf.shape.embed_params +
                        bf.shape.head_params;
  EXPECT_NEAR(b.time.optimizer_s - a.time.optimizer_s, stream_s(bf, 8.0 * params), 1e-9);
}

// The unfused forward streams 9 B/score at softmax_dropout_stream_fraction of the streaming
// rate (a chip efficiency parameter, catalog/efficiency).
TEST(UnfusedAttention, ForwardStreamsAtTheKernelFraction) {
  const Model m = fixtures::gpt(48, 6144, 64);
  TrainOptions unfused;
  unfused.fused_attention = false;
  Chip plain_chip = fixtures::a100_chip();
  plain_chip.efficiency.softmax_dropout_stream_fraction = 1.0;
  const Prepared ps = prepared(m, 8, Precision::fp16, unfused);
  const Prepared pp = prepared(m, 8, Precision::fp16, unfused, plain_chip);
  const double mb = 4, tp = 8, s = 2048;
  const double scores = mb * (64 / tp) * s * s;
  const double d = micro_batch_costs(ps, 8, 1, 1, false, 4).dense.attn_fwd_s -
                   micro_batch_costs(pp, 8, 1, 1, false, 4).dense.attn_fwd_s;
  EXPECT_NEAR(d, stream_s(ps, 9.0 * scores) * (1 / ps.op.softmax_dropout_stream_fraction - 1),
              1e-12);
  // Korthikanti et al. 2022 Table 4: the attention core forward (selective-recompute
  // overhead) of the 22B layer is 1.3 ms.
  EXPECT_NEAR(micro_batch_costs(ps, 8, 1, 1, false, 4).dense.attn_fwd_s, 1.3e-3, 0.1e-3);
}

// Full recompute holds one layer's activations plus its score gradients (4 B/score).
TEST(Memory, RecomputedLayerHoldsScoreGradients) {
  const Model m = fixtures::gpt(24, 2304, 24);
  TrainOptions o;
  o.fused_attention = false;
  const Prepared p = prepared(m, 1, Precision::fp16, o);
  const LayerCost lc = micro_batch_costs(p, 1, 1, 1, false, 16).dense;
  const double T = 16 * 2048.0;
  EXPECT_NEAR(lc.working_bytes - lc.act_bytes[int(Recompute::none)], 4.0 * 24 * 2048 * T, 1);
}

// Without SP the receiver all-gathers the scattered boundary activation over NVLink
// (Narayanan et al. 2021 sec. 4.1); with SP it does not.
TEST(Pipeline, ScatterGatherAddsTheTpAllGatherWithoutSp) {
  const Model m = fixtures::gpt(96, 12288, 96);
  const Prepared p = prepared(m, 64, Precision::fp16);
  const MicroCost no_sp = micro_batch_costs(p, 8, 1, 1, false, 1);
  const MicroCost sp = micro_batch_costs(p, 8, 1, 1, true, 1);
  const double full = 2.0 * 2048 * 12288;
  const double ag = collective_time_s(p.system, CollectiveKind::all_gather,
                                      group_layout(p.system, 8, 1), full);
  EXPECT_NEAR(no_sp.p2p_out_s - sp.p2p_out_s, ag, 1e-12);
  EXPECT_NEAR(sp.p2p_out_s, p2p_time_s(p.system.scaleout, full / 8), 1e-12);
}

// The fill and drain cross the other p-1 stages, which hold blocks only: the bubble is
// (p-1)/v times the micro-batch time without the last stage's head.
TEST(Pipeline, BubbleExcludesTheHead) {
  const Model m = fixtures::gpt(96, 12288, 96);
  const Prepared p = prepared(m, 64, Precision::fp16);
  const MicroCost mc = micro_batch_costs(p, 8, 1, 1, false, 1);
  const ParallelPlan plan{8, 8, 1, 1, 1, 3, 1, Recompute::full, false, 0};
  TrainEstimate e;
  evaluate_plan(p, mc, plan, false, e);
  const StepBreakdown& t = e.time;
  const double t_mb = (t.compute_s + t.tp_comm_s + t.pp_comm_s) / 64;
  const double edge = std::max(mc.head_fwd_s + mc.head_bwd_s, mc.embed_fwd_s + mc.embed_bwd_s);
  EXPECT_NEAR(t.bubble_s, 7.0 / 3.0 * (t_mb - edge), 1e-9);
}

// Megatron's block method: k recomputed blocks store the layer input only, the others store
// everything; time pays k/L of the recomputation.
TEST(PartialRecompute, InterpolatesMemoryAndTimeBetweenNoneAndFull) {
  const Model m = fixtures::gpt(96, 12288, 96);
  const Prepared p = prepared(m, 64, Precision::bf16);
  const MicroCost mc = micro_batch_costs(p, 8, 1, 1, true, 1);
  ParallelPlan full{8, 8, 1, 1, 1, 1, 1, Recompute::full, true, 1};
  ParallelPlan none = full;
  none.recompute = Recompute::none;
  ParallelPlan part = full;
  part.recompute_layers = 3;  // of the 12 blocks per stage
  TrainEstimate ef, en, ep;
  evaluate_plan(p, mc, full, false, ef);
  evaluate_plan(p, mc, none, false, en);
  evaluate_plan(p, mc, part, false, ep);
  const double per_block_none = mc.dense.act_bytes[int(Recompute::none)];
  const double per_block_full = mc.dense.act_bytes[int(Recompute::full)];
  EXPECT_NEAR(ep.memory.activations_bytes - ef.memory.activations_bytes,
              9 * (per_block_none - per_block_full) * 8, 1.0);  // 9 blocks x 8 in flight
  EXPECT_NEAR(ep.time.compute_s - en.time.compute_s,
              (ef.time.compute_s - en.time.compute_s) * 3.0 / 12.0, 1e-9);
  EXPECT_GT(ep.hardware_flops_per_step, en.hardware_flops_per_step);
  EXPECT_LT(ep.hardware_flops_per_step, ef.hardware_flops_per_step);
}

TEST(PartialRecompute, FewestLayersIsTheSmallestThatFits) {
  const Model m = fixtures::gpt(96, 12288, 96);
  Chip small = fixtures::a100_chip();
  small.memory_bytes = 55e9;
  const Prepared p = prepared(m, 64, Precision::bf16, {}, small);
  const MicroCost mc = micro_batch_costs(p, 8, 1, 1, true, 1);
  ParallelPlan plan{8, 8, 1, 1, 1, 1, 1, Recompute::full, true, 1};
  const int k = fewest_recomputed_layers(p, mc, plan);
  ASSERT_GT(k, 1);
  ASSERT_LT(k, 12);
  TrainEstimate at_k, below;
  plan.recompute_layers = k;
  evaluate_plan(p, mc, plan, false, at_k);
  plan.recompute_layers = k - 1;
  evaluate_plan(p, mc, plan, false, below);
  EXPECT_TRUE(at_k.fits);
  EXPECT_FALSE(below.fits);
}

// Models trained without dropout store no masks: 2 bytes per hidden element less per block.
TEST(Dropout, ModelsWithoutDropoutStoreNoMasks) {
  Model m = fixtures::gpt(24, 4096, 32);
  const Prepared with = prepared(m, 8, Precision::bf16);
  m.dropout = false;
  const Prepared without = prepared(m, 8, Precision::bf16);
  const double T = 2048;
  const double d = micro_batch_costs(with, 8, 1, 1, true, 1).dense.act_bytes[0] -
                   micro_batch_costs(without, 8, 1, 1, true, 1).dense.act_bytes[0];
  EXPECT_NEAR(d, 2.0 * 4096 * T / 8, 1.0);
}

// Selective recompute of an MLA model (DeepSeek-V3 sec. 3.3.2) keeps only the latents:
// the up-projected Q, K, V and the norm outputs go, and their recomputation is charged.
TEST(SelectiveRecompute, MlaDropsUpProjectedQkvAndNormOutputs) {
  Model m = fixtures::gpt(8, 7168, 128);
  m.mlp = MlpKind::gated;
  m.dropout = false;
  m.mla = MlaConfig{1536, 512, 128, 64, 128};
  TrainOptions fused;  // FlashAttention: selective keeps no scores either way
  const Prepared p = prepared(m, 8, Precision::bf16, fused);
  const LayerCost lc = micro_batch_costs(p, 1, 1, 1, false, 1).dense;
  const double T = 2048;
  const double qkv = 2.0 * T * 128 * (2 * 192 + 128);
  const double norm_out = 2.0 * 2.0 * 7168 * T;
  EXPECT_NEAR(lc.act_bytes[int(Recompute::none)] - lc.act_bytes[int(Recompute::selective)],
              qkv + norm_out, 1.0);
  const double up = gemm_time_s(p.op, T, 128 * 192, 1536) + gemm_time_s(p.op, T, 128 * 256, 512);
  EXPECT_GT(lc.selective_fwd_s, lc.attn_fwd_s + up);
}

// FP8 training keeps the FP8 casts of the linear layers' inputs for the weight gradients:
// 1 byte instead of 2 for the QKV and MLP inputs and the down projection's input.
TEST(Fp8Training, StoresLinearInputsInOneByte) {
  const Model m = fixtures::gpt(8, 4096, 32);
  Chip chip = fixtures::a100_chip();
  chip.dense_flop_per_s[index_of(Precision::fp8)] = 624e12;
  const Prepared p16 = prepared(m, 8, Precision::bf16, {}, chip);
  const Prepared p8 = prepared(m, 8, Precision::fp8, {}, chip);
  const int none = int(Recompute::none);
  const double d = micro_batch_costs(p16, 1, 1, 1, false, 1).dense.act_bytes[none] -
                   micro_batch_costs(p8, 1, 1, 1, false, 1).dense.act_bytes[none];
  const double T = 2048;
  EXPECT_NEAR(d, (2.0 * 4096 + 4.0 * 4096) * T, 1.0);
}

}  // namespace
}  // namespace suanli::train_internal
