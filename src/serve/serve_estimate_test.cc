#include "suanli/serve_estimate.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "serve/serve_iteration.h"
#include "serve/serve_test_fixtures.h"
#include "suanli/model_params.h"

namespace suanli {
namespace {

using serve_testing::deepseek_v3;
using serve_testing::h100;
using serve_testing::llama3_70b;
using serve_testing::llama3_8b;
using serve_testing::nvlink_system;

ServeConfig config(int tp, int64_t in, int64_t out, std::optional<int> batch = std::nullopt) {
  ServeConfig c;
  c.count = tp;
  c.tp = tp;
  c.input_tokens = in;
  c.output_tokens = out;
  c.batch = batch;
  return c;
}

TEST(ServeEstimate, DecodeAtBatchOneIsNeverBelowWeightsOverBandwidth) {
  const Chip chip = h100();
  for (Precision p : {Precision::bf16, Precision::fp8}) {
    ServeConfig c = config(1, 512, 128, 1);
    c.weight_precision = p;
    Result<ServeEstimate> e = estimate_serve(llama3_8b(), chip, nvlink_system(), c);
    ASSERT_TRUE(e.ok()) << e.error().message();
    const double floor_s = e->memory.weights_bytes / *chip.memory_bw_bytes_per_s;
    EXPECT_GE(e->decode_step_s, floor_s);
    EXPECT_GE(e->tpot_s, floor_s);
    EXPECT_EQ(e->iteration.gemm_bound, "memory bandwidth");
  }
}

TEST(ServeEstimate, ThroughputRisesWithBatchUntilTheCap) {
  const ServeConfig base = config(1, 128, 128);
  Result<ServeEstimate> max = estimate_serve(llama3_8b(), h100(), nvlink_system(), base);
  ASSERT_TRUE(max.ok()) << max.error().message();
  EXPECT_TRUE(max->batch_is_max);
  std::vector<int> batches;
  for (int b = 1; b < max->max_batch; b *= 2) batches.push_back(b);
  batches.push_back(max->max_batch);
  double previous = 0;
  for (int b : batches) {
    Result<ServeEstimate> e =
        estimate_serve(llama3_8b(), h100(), nvlink_system(), config(1, 128, 128, b));
    ASSERT_TRUE(e.ok()) << e.error().message();
    EXPECT_GT(e->output_tokens_per_s, previous) << "batch " << b;
    previous = e->output_tokens_per_s;
  }
  EXPECT_DOUBLE_EQ(previous, max->output_tokens_per_s);
  // At the largest batch of short requests the linear layers are compute-bound.
  EXPECT_EQ(max->iteration.gemm_bound, "compute");
}

TEST(ServeEstimate, LargestBatchIsWhatTheKvPoolHolds) {
  const ServeOptions o;
  ServeConfig c = config(1, 1000, 1000);
  c.weight_precision = Precision::fp8;
  Result<ServeEstimate> e = estimate_serve(llama3_8b(), h100(), nvlink_system(), c, o);
  ASSERT_TRUE(e.ok()) << e.error().message();
  EXPECT_EQ(e->batch_limit, "memory");
  // fp8 KV: 2 · 32 layers · 8 KV heads · 128 · 1 byte per token; 2000 tokens round up to 63
  // blocks of 32, reserved at admission.
  const double per_token = 2.0 * 32 * 8 * 128 * 1;
  EXPECT_DOUBLE_EQ(e->memory.kv_bytes_per_token, per_token);
  const double per_request = std::ceil(2000.0 / 32) * 32 * per_token;
  EXPECT_DOUBLE_EQ(e->memory.kv_used_bytes, e->max_batch * per_request);
  EXPECT_LE(e->memory.kv_used_bytes, e->memory.kv_pool_bytes);
  EXPECT_GT((e->max_batch + 1) * per_request, e->memory.kv_pool_bytes);
  // Everything the chip holds fits its capacity.
  EXPECT_LE(e->memory.weights_bytes + e->memory.activation_bytes + e->memory.reserve_bytes +
                e->memory.kv_pool_bytes,
            e->memory.capacity_bytes);
}

TEST(ServeEstimate, OfflineThroughputIsBatchOverIterationTime) {
  Result<ServeEstimate> e =
      estimate_serve(llama3_8b(), h100(), nvlink_system(), config(1, 2048, 256, 64));
  ASSERT_TRUE(e.ok()) << e.error().message();
  EXPECT_NEAR(e->output_tokens_per_s, 64 / e->tpot_s, 1e-9 * e->output_tokens_per_s);
  EXPECT_NEAR(e->e2e_s, e->ttft_s + 255 * e->tpot_s, 1e-12);
  // Steady state mixes prompts into decode iterations, so it is slower than pure decode.
  EXPECT_GT(e->tpot_s, e->decode_step_s);
  const double usd_per_s = kDefaultPricePerChipHourUsd * 1 / 3600.0;
  EXPECT_NEAR(e->cost_per_million_output_tokens_usd, usd_per_s / e->output_tokens_per_s * 1e6,
              1e-12);
}

TEST(ServeEstimate, ReplicasMultiplyThroughputNotLatency) {
  ServeConfig one = config(2, 512, 512, 32);
  ServeConfig four = one;
  four.count = 8;
  Result<ServeEstimate> a = estimate_serve(llama3_70b(), h100(), nvlink_system(), one);
  Result<ServeEstimate> b = estimate_serve(llama3_70b(), h100(), nvlink_system(), four);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(b->replicas, 4);
  EXPECT_DOUBLE_EQ(b->tpot_s, a->tpot_s);
  EXPECT_DOUBLE_EQ(b->output_tokens_per_s, 4 * a->output_tokens_per_s);
  EXPECT_DOUBLE_EQ(b->output_tokens_per_s_per_chip, a->output_tokens_per_s_per_chip);
}

TEST(ServeEstimate, TpAcrossNodesPaysTheScaleOutTier) {
  // Prompt-heavy iterations: all-reduces of ~4000 tokens, bandwidth-bound.
  const ServeConfig c = config(8, 4096, 64, 64);
  Result<ServeEstimate> inside = estimate_serve(llama3_70b(), h100(), nvlink_system(8), c);
  Result<ServeEstimate> across = estimate_serve(llama3_70b(), h100(), nvlink_system(4), c);
  ASSERT_TRUE(inside.ok() && across.ok());
  EXPECT_GT(across->iteration.comm_s, inside->iteration.comm_s);
  EXPECT_GT(across->tpot_s, inside->tpot_s);
}

TEST(ServeEstimate, TpAboveKvHeadsReplicatesAndSaysSo) {
  Model m = llama3_70b();
  m.kv_heads = 4;
  Result<ServeEstimate> e = estimate_serve(m, h100(), nvlink_system(), config(8, 512, 512, 8));
  ASSERT_TRUE(e.ok()) << e.error().message();
  EXPECT_EQ(e->kv.kv_heads_per_chip, 1);
  EXPECT_EQ(e->kv.replication, 2);
  EXPECT_NE(e->notes.find("replicated on 2 chips"), std::string::npos);
}

TEST(ServeEstimate, MoeAtBatchOneReadsOnlyTheTouchedExperts) {
  // E(1 - (1 - k/E)^B): one token touches k experts, many tokens all E.
  EXPECT_NEAR(serve::expected_distinct_experts(256, 8, 1), 8.0, 1e-9);
  EXPECT_NEAR(serve::expected_distinct_experts(256, 8, 10),
              256.0 * (1.0 - std::pow(1.0 - 8.0 / 256.0, 10)), 1e-9);
  EXPECT_NEAR(serve::expected_distinct_experts(256, 8, 1e5), 256.0, 1e-6);
  ServeConfig c = config(1, 512, 128, 1);
  c.weight_precision = Precision::fp8;
  Chip chip = h100();
  chip.memory_bytes = 1000e9;  // one chip that holds all 671e9 FP8 weights: no TP traffic
  Result<ServeEstimate> e = estimate_serve(deepseek_v3(), chip, nvlink_system(), c);
  ASSERT_TRUE(e.ok()) << e.error().message();
  // Far less than reading every expert each step.
  EXPECT_LT(e->decode_step_s, 0.5 * e->memory.weights_bytes / *chip.memory_bw_bytes_per_s);
  EXPECT_TRUE(e->kv.latent);
  EXPECT_DOUBLE_EQ(e->memory.kv_bytes_per_token, 61.0 * (512 + 64) * 1);
}

TEST(ServeEstimate, Fp8WithoutFp8PeakDequantizesAndSaysSo) {
  Chip chip = h100();
  chip.dense_flop_per_s[index_of(Precision::fp8)].reset();
  ServeConfig c = config(1, 512, 128, 1);
  c.weight_precision = Precision::fp8;
  Result<ServeEstimate> e = estimate_serve(llama3_8b(), chip, nvlink_system(), c);
  ASSERT_TRUE(e.ok()) << e.error().message();
  EXPECT_EQ(e->compute_precision, Precision::bf16);
  EXPECT_NE(e->notes.find("dequantized"), std::string::npos);
}

TEST(ServeEstimate, RejectsBadLengthsAndSplits) {
  const Chip chip = h100();
  const System sys = nvlink_system();
  auto message = [&](const Model& m, const ServeConfig& c) {
    Result<ServeEstimate> e = estimate_serve(m, chip, sys, c);
    return e.ok() ? std::string("ok") : e.error().message();
  };
  EXPECT_NE(message(llama3_8b(), config(1, 0, 10)).find("input: expected > 0"), std::string::npos);
  EXPECT_NE(message(llama3_8b(), config(1, 10, -1)).find("output: expected > 0"),
            std::string::npos);
  EXPECT_NE(message(llama3_8b(), config(1, 8000, 500)).find("exceeds llama3-8b's max_seq of 8192"),
            std::string::npos);
  EXPECT_NE(message(llama3_8b(), config(3, 10, 10)).find("does not divide"), std::string::npos);
  ServeConfig uneven = config(2, 10, 10);
  uneven.count = 3;
  EXPECT_NE(message(llama3_8b(), uneven).find("count: expected a positive multiple of tp * pp"),
            std::string::npos);
  EXPECT_NE(message(llama3_8b(), config(1, 128, 128, 1000000)).find("do not fit; the largest is"),
            std::string::npos);
}

TEST(ServeEstimate, ModelThatDoesNotFitSaysByHowMuch) {
  Result<ServeEstimate> e =
      estimate_serve(llama3_70b(), h100(), nvlink_system(), config(1, 512, 512));
  ASSERT_FALSE(e.ok());
  const std::string& msg = e.error().message();
  EXPECT_NE(msg.find("does not fit"), std::string::npos) << msg;
  EXPECT_NE(msg.find("GB short"), std::string::npos) << msg;
  EXPECT_NE(msg.find("weights 14"), std::string::npos) << msg;  // 70.6e9 params in bf16
}

TEST(ServeEstimate, PredictMetricMatchesTheEstimate) {
  const ServeConfig c = config(1, 256, 256, 16);
  Result<ServeEstimate> e = estimate_serve(llama3_8b(), h100(), nvlink_system(), c);
  ASSERT_TRUE(e.ok());
  Result<double> tps =
      predict_serve_metric(llama3_8b(), h100(), nvlink_system(), c, "output_tokens_per_s");
  Result<double> ttft = predict_serve_metric(llama3_8b(), h100(), nvlink_system(), c, "ttft_ms");
  ASSERT_TRUE(tps.ok() && ttft.ok());
  EXPECT_DOUBLE_EQ(*tps, e->output_tokens_per_s);
  EXPECT_DOUBLE_EQ(*ttft, e->ttft_s * 1e3);
  EXPECT_FALSE(predict_serve_metric(llama3_8b(), h100(), nvlink_system(), c, "mfu").ok());
}

}  // namespace
}  // namespace suanli
