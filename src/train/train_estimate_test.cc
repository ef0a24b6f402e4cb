#include "suanli/train_estimate.h"

#include <gtest/gtest.h>

#include "suanli/collective.h"
#include "train/test_fixtures.h"

namespace suanli {
namespace {

// Narayanan et al. 2021 eq. 3.
double narayanan(double B, double s, double l, double h, double V, bool recompute) {
  if (recompute) return 96 * B * s * l * h * h * (1 + s / (6 * h) + V / (16 * l * h));
  return 72 * B * s * l * h * h * (1 + s / (6 * h) + V / (12 * l * h));
}

TEST(TrainFlops, MatchesNarayananClosedForm) {
  for (auto [l, h, a] : {std::tuple{96, 12288, 96}, {24, 2304, 24}, {128, 25600, 160}}) {
    const Model m = fixtures::gpt(l, h, a);
    const double B = 1536, s = 2048;
    EXPECT_NEAR(train_flops_per_step(m, 2048, 1536, Recompute::none),
                narayanan(B, s, l, h, 51200, false), 1e-9 * narayanan(B, s, l, h, 51200, false));
    EXPECT_NEAR(train_flops_per_step(m, 2048, 1536, Recompute::full),
                narayanan(B, s, l, h, 51200, true), 1e-9 * narayanan(B, s, l, h, 51200, true));
  }
}

// Selective recomputation repeats the attention core; for MLA also the up-projections.
TEST(TrainFlops, SelectiveAddsTheAttentionCoreAndMlaUpProjections) {
  Model m = fixtures::gpt(4, 7168, 128);
  const double tokens = 2048.0 * 8;
  const double core = 4 * 2.0 * 2048 * 128 * (56 + 56);  // layers x 2 s a (d_qk + d_v)
  EXPECT_NEAR(train_flops_per_step(m, 2048, 8, Recompute::selective) -
                  train_flops_per_step(m, 2048, 8, Recompute::none),
              core * tokens, 1e-6 * core * tokens);
  m.mla = MlaConfig{1536, 512, 128, 64, 128};
  const double mla_core = 4 * 2.0 * 2048 * 128 * (192 + 128);
  const double up = 4 * 2.0 * (1536.0 * 128 * 192 + 512.0 * 128 * (128 + 128));
  EXPECT_NEAR(train_flops_per_step(m, 2048, 8, Recompute::selective) -
                  train_flops_per_step(m, 2048, 8, Recompute::none),
              (mla_core + up) * tokens, 1e-6 * (mla_core + up) * tokens);
}

// Korthikanti et al. 2022, Table 2 (bytes per layer, s*b*h units).
TEST(ActivationMemory, MatchesKorthikantiTable2) {
  const Model m = fixtures::gpt(96, 12288, 96);  // GPT-3 175B shape
  const double s = 2048, b = 1, h = 12288, a = 96, t = 8;
  const double sbh = s * b * h;
  auto act = [&](int tp, bool sp, Recompute r) {
    return activation_bytes_per_layer(m, 2048, 1, tp, sp, 1, r, /*fused_attention=*/false);
  };
  EXPECT_NEAR(act(1, false, Recompute::none), sbh * (34 + 5 * a * s / h), 1);
  EXPECT_NEAR(act(8, false, Recompute::none), sbh * (10 + 24 / t + 5 * a * s / (h * t)), 1);
  EXPECT_NEAR(act(8, true, Recompute::none), sbh / t * (34 + 5 * a * s / h), 1);
  EXPECT_NEAR(act(8, true, Recompute::selective), sbh / t * 34, 1);
  EXPECT_NEAR(act(8, false, Recompute::selective), sbh * (10 + 24 / t), 1);
  EXPECT_NEAR(act(1, false, Recompute::full), 2 * sbh, 1);
  EXPECT_NEAR(act(8, true, Recompute::full), 2 * sbh / t, 1);
}

TrainWorkload workload_175b(int64_t batch) {
  return TrainWorkload{fixtures::gpt(96, 12288, 96), 2048, batch, Precision::fp16};
}

TEST(TrainEstimate, StepIsTheSumOfItsParts) {
  const Cluster c{fixtures::a100_chip(), fixtures::dgx_a100(), 64};
  const ParallelPlan plan{8, 8, 1, 1, 1, 3, 1, Recompute::full, false, 0};
  Result<TrainEstimate> e = estimate_train(workload_175b(64), c, plan);
  ASSERT_TRUE(e.ok()) << e.error().message();
  const StepBreakdown& t = e->time;
  EXPECT_NEAR(t.step_s, t.compute_s + t.tp_comm_s + t.cp_comm_s + t.ep_comm_s + t.pp_comm_s +
                            t.bubble_s + t.dp_comm_s + t.optimizer_s, 1e-9);
  // Interleaved 1F1B bubble: (p-1)/v of one micro-batch time (Narayanan et al. 2021 sec. 2.2)
  // less the last stage's head, which the fill and drain do not cross (step_model_test.cc).
  const double t_mb = (t.compute_s + t.tp_comm_s + t.pp_comm_s) / 64;
  EXPECT_LT(t.bubble_s, 7.0 / 3.0 * t_mb);
  EXPECT_GT(t.bubble_s, 0.9 * 7.0 / 3.0 * t_mb);  // the head is a few % of 12 blocks
  EXPECT_TRUE(e->fits);
  EXPECT_NEAR(e->hfu / e->mfu, 4.0 / 3.0, 0.01);  // full recompute: 96/72 of the FLOPs
  const MemoryBreakdown& m = e->memory;
  EXPECT_NEAR(m.total_bytes, m.weights_bytes + m.gradients_bytes + m.optimizer_bytes +
                                 m.activations_bytes + m.comm_buffers_bytes + m.reserve_bytes,
              1);
  // 16 bytes per parameter without ZeRO: 2 + 2 + 12.
  EXPECT_NEAR(m.optimizer_bytes, 6.0 * m.weights_bytes, 1);
}

TEST(TrainEstimate, ZeroShardsOptimizerThenGradientsThenWeights) {
  const Cluster c{fixtures::a100_chip(), fixtures::dgx_a100(), 512};
  const TrainWorkload w = workload_175b(512);
  ParallelPlan plan{8, 8, 8, 1, 1, 1, 1, Recompute::full, true, 0};
  const MemoryBreakdown z0 = estimate_train(w, c, plan)->memory;
  plan.zero = 1;
  const MemoryBreakdown z1 = estimate_train(w, c, plan)->memory;
  plan.zero = 3;
  const MemoryBreakdown z3 = estimate_train(w, c, plan)->memory;
  EXPECT_NEAR(z1.optimizer_bytes, z0.optimizer_bytes / 8, 1);
  EXPECT_NEAR(z1.gradients_bytes, z0.gradients_bytes, 1);
  EXPECT_NEAR(z3.weights_bytes, z0.weights_bytes / 8, 1);
  EXPECT_NEAR(z3.gradients_bytes, z0.gradients_bytes / 8, 1);
}

TEST(TrainEstimate, DoesNotFitReportsIt) {
  const Cluster c{fixtures::a100_chip(), fixtures::dgx_a100(), 8};
  const ParallelPlan plan{8, 1, 1, 1, 1, 1, 1, Recompute::none, false, 0};
  Result<TrainEstimate> e = estimate_train(workload_175b(8), c, plan);
  ASSERT_TRUE(e.ok());
  EXPECT_FALSE(e->fits);
  EXPECT_GT(e->memory.total_bytes, e->memory.capacity_bytes);
}

TEST(TrainEstimate, TpGroupBeyondTheNodePaysTheSlowerTier) {
  const Cluster c{fixtures::a100_chip(), fixtures::dgx_a100(), 16};
  const TrainWorkload w = workload_175b(16);
  const ParallelPlan tp8{8, 2, 1, 1, 1, 1, 1, Recompute::full, false, 0};
  const ParallelPlan tp16{16, 1, 1, 1, 1, 1, 1, Recompute::full, false, 0};
  const double per_layer8 = estimate_train(w, c, tp8)->time.tp_comm_s / 48;
  const double per_layer16 = estimate_train(w, c, tp16)->time.tp_comm_s / 96;
  // Same message per all-reduce; TP 16 adds an InfiniBand stage: AR(out, 2, S/8) on top of
  // RS + AG inside the node (collective.h).
  const System s = fixtures::dgx_a100();
  const double S = 2.0 * 2048 * 12288;
  const double up = all_reduce_time_s(s.scaleup, 8, S);
  const double hier = up + all_reduce_time_s(s.scaleout, 2, S / 8);
  EXPECT_NEAR(per_layer16 / per_layer8, hier / up, 0.05 * hier / up);
}

TEST(TrainTotals, EnergyAndCost) {
  TrainEstimate e;
  e.tokens_per_s = 1e6;
  const Cluster c{fixtures::a100_chip(), fixtures::dgx_a100(), 1024};
  const TrainTotals t = train_totals(e, c, 1e12, 1.2, 2.0);
  EXPECT_NEAR(t.time_s, 1e6, 1e-6);
  EXPECT_NEAR(t.chip_hours, 1024 * 1e6 / 3600, 1e-6);
  EXPECT_NEAR(t.energy_j, 400.0 * 1e6 * 1024 * 1.2, 1);
  EXPECT_NEAR(t.cost_usd, t.chip_hours * 2.0, 1e-6);
}

}  // namespace
}  // namespace suanli
