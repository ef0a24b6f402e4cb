#include "bench/gpt_block_ops.h"

#include <gtest/gtest.h>

#include "suanli/op_cost.h"

namespace suanli::bench {
namespace {

TEST(GptBlockOps, FlopsAreThreeTimesTheForward) {
  const BlockShape s{2, 128, 256, 4, 1024};
  const double h = s.hidden, f = s.ffn, q = s.seq, tokens = s.tokens();
  // Per token forward (Narayanan et al. 2021): QKV 2h*3h, scores + weighted sum 4sh (unmasked
  // GEMMs), output projection 2h^2, MLP 4hf; backward twice the forward.
  const double forward = tokens * (2 * h * 3 * h + 4 * q * h + 2 * h * h + 4 * h * f);
  EXPECT_DOUBLE_EQ(gpt_block_flops(s), 3 * forward);
}

TEST(GptBlockOps, PredictionSumsTheOpCostFunctions) {
  Chip chip;
  chip.id = "t";
  chip.dense_flop_per_s[index_of(Precision::fp32)] = 100e9;
  chip.memory_bw_bytes_per_s = 20e9;
  chip.efficiency.gemm_max_fraction = 1.0;
  chip.efficiency.gemm_half_dim = 50.0;
  chip.efficiency.attention_fraction = 0.5;
  chip.efficiency.memory_bw_fraction = 1.0;
  chip.efficiency.kernel_overhead_s = 2e-6;
  const BlockShape s{1, 16, 32, 2, 64};
  Result<BlockPrediction> p = predict_block_step(s, chip, Precision::fp32);
  ASSERT_TRUE(p.ok()) << p.error().message();
  Result<OpCostParams> params = resolve_op_cost(chip, Precision::fp32);
  ASSERT_TRUE(params.ok());
  double gemm = 0, memory = 0;
  for (const BlockOp& op : gpt_block_ops(s, 4.0)) {
    if (op.gemm)
      gemm += op.count * gemm_time_s(*params, op.m, op.n, op.k);
    else
      memory += op.count * memory_op_time_s(*params, op.bytes);
  }
  EXPECT_DOUBLE_EQ(p->gemm_s, gemm);
  EXPECT_DOUBLE_EQ(p->memory_s, memory);
  // Forward 4 whole-batch + 2 per-head GEMMs; backward two of each (count = batch * heads).
  int per_head = 0, whole = 0;
  for (const BlockOp& op : gpt_block_ops(s, 4.0)) {
    if (op.gemm) (op.count == 2 ? per_head : whole)++;
  }
  EXPECT_EQ(whole, 12);
  EXPECT_EQ(per_head, 6);
}

TEST(GptBlockOps, BadShapeIsAnError) {
  Chip chip;
  EXPECT_FALSE(predict_block_step({1, 16, 30, 4, 64}, chip, Precision::fp32).ok());
  EXPECT_FALSE(check_block_shape({0, 16, 32, 4, 64}).ok());
}

}  // namespace
}  // namespace suanli::bench
