#include "suanli/op_cost.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "train/test_fixtures.h"

namespace suanli {
namespace {

OpCostParams params() { return *resolve_op_cost(fixtures::a100_chip(), Precision::fp16); }

TEST(OpCost, GemmEfficiencyFollowsHalfDimCurve) {
  const OpCostParams p = params();
  auto s = [&](double d) { return d / (d + p.gemm_half_dim); };
  auto skinny = [&](double d) { return d / (d + p.gemm_skinny_half_dim); };
  // The smaller output dimension (n = 1024 here) uses the skinny half-dimension.
  EXPECT_NEAR(gemm_efficiency(p, 4096, 1024, 64),
              p.gemm_max_fraction * s(4096) * skinny(1024) * s(64), 1e-15);
  EXPECT_NEAR(gemm_efficiency(p, 1024, 4096, 64), gemm_efficiency(p, 4096, 1024, 64), 1e-15);
  EXPECT_LT(gemm_efficiency(p, 16, 4096, 4096), gemm_efficiency(p, 4096, 4096, 4096));
}

TEST(OpCost, LargeGemmIsComputeBound) {
  const OpCostParams p = params();
  const double m = 8192, n = 8192, k = 8192;
  const double compute = 2 * m * n * k / (p.peak_flop_per_s * gemm_efficiency(p, m, n, k));
  EXPECT_NEAR(gemm_time_s(p, m, n, k), compute + p.kernel_overhead_s, 1e-12);
}

TEST(OpCost, SkinnyGemmIsMemoryBound) {
  const OpCostParams p = params();
  const double m = 1, n = 16384, k = 16384;
  const double bytes = 2 * (m * k + k * n) + 2 * m * n;
  const double memory = bytes / (p.mem_bw_bytes_per_s * p.memory_bw_fraction);
  EXPECT_NEAR(gemm_time_s(p, m, n, k), memory + p.kernel_overhead_s, 1e-12);
}

TEST(OpCost, CausalAttentionSkipsHalf) {
  AttentionShape a{1, 32, 2048, 2048, 128, 128, true};
  const double full = 2.0 * 32 * 2048.0 * 2048 * 256;
  EXPECT_DOUBLE_EQ(attention_model_flops(a), full);
  EXPECT_NEAR(attention_flops(a), full * 2049.0 / 4096.0, 1e-3);
  a.causal = false;
  EXPECT_DOUBLE_EQ(attention_flops(a), full);
}

// 2.5x the forward's FLOPs at attention_backward_ratio of its rate.
TEST(OpCost, AttentionBackwardIsTwoAndAHalfForward) {
  const OpCostParams p = params();
  const AttentionShape a{4, 16, 4096, 4096, 128, 128, true};
  const double rate = p.attention_peak_flop_per_s * p.gemm_max_fraction * p.attention_fraction;
  EXPECT_NEAR(attention_time_s(p, a), attention_flops(a) / rate + p.kernel_overhead_s, 1e-12);
  EXPECT_NEAR(attention_backward_time_s(p, a),
              2.5 * attention_flops(a) / (rate * p.attention_backward_ratio) +
                  p.kernel_overhead_s,
              1e-12);
  Chip slow_bwd = fixtures::a100_chip();
  slow_bwd.efficiency.attention_backward_ratio = 0.5;
  const OpCostParams q = *resolve_op_cost(slow_bwd, Precision::fp16);
  EXPECT_NEAR(attention_backward_time_s(q, a) - q.kernel_overhead_s,
              2.5 * attention_flops(a) / (rate * 0.5), 1e-12);
}

TEST(OpCost, MemoryOpAndErrors) {
  const OpCostParams p = params();
  EXPECT_NEAR(memory_op_time_s(p, 1e9), 1e9 / (2.039e12 * 0.88) + 4e-6, 1e-15);
  EXPECT_EQ(memory_op_time_s(p, 0), 0.0);
  EXPECT_FALSE(resolve_op_cost(fixtures::a100_chip(), Precision::fp8).ok());
}

}  // namespace
}  // namespace suanli
