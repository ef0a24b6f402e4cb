// The kernels of one GPT block's training step (forward and backward of attention and MLP,
// unfused, as the CPU closed loop executes them) and their predicted time on a chip through
// the planner's own op-cost functions (suanli/op_cost.h).
#pragma once

#include <string>
#include <vector>

#include "suanli/chip.h"
#include "suanli/precision.h"
#include "suanli/status.h"

namespace suanli::bench {

/// One pre-LayerNorm GPT block (Radford et al. 2019): LN, QKV, causal softmax attention,
/// output projection, residual, LN, GeLU MLP, residual. No linear biases.
struct BlockShape {
  int batch = 4;     ///< sequences
  int seq = 256;     ///< tokens per sequence
  int hidden = 768;  ///< model width h
  int heads = 12;    ///< attention heads (head_dim = hidden / heads)
  int ffn = 3072;    ///< MLP width f

  int tokens() const { return batch * seq; }
  int head_dim() const { return hidden / heads; }
};

/// One kernel (or `count` identical ones, e.g. per attention head).
struct BlockOp {
  std::string name;            ///< e.g. "fwd qkv", "bwd softmax"
  bool gemm = false;           ///< true: GEMM (m, n, k); false: memory-bound, `bytes`
  double m = 0, n = 0, k = 0;  ///< GEMM shape
  double bytes = 0;            ///< bytes read plus written by a memory-bound kernel
  double count = 1;            ///< identical kernels (batch * heads for per-head GEMMs)
};

/// The forward and backward kernels in execution order, for operands of `element_bytes`.
/// The attention scores are computed in full (the mask is applied after the GEMM).
std::vector<BlockOp> gpt_block_ops(const BlockShape& shape, double element_bytes);

/// Total GEMM FLOPs of gpt_block_ops: 3x the forward's, per token forward
/// 2h*3h + 4sh + 2h^2 + 4hf (Narayanan et al. 2021, Sec. 5.1, without the logits).
double gpt_block_flops(const BlockShape& shape);

/// Predicted time split by kind.
struct BlockPrediction {
  double gemm_s = 0;    ///< sum of gemm_time_s over the GEMMs
  double memory_s = 0;  ///< sum of memory_op_time_s over the elementwise kernels
  double total_s() const { return gemm_s + memory_s; }
};

/// Prediction on `chip` at `precision` with op_cost.h's gemm_time_s and memory_op_time_s.
Result<BlockPrediction> predict_block_step(const BlockShape& shape, const Chip& chip,
                                           Precision precision);

/// Predicted seconds of each kernel of gpt_block_ops (same order, `count` included); their sum
/// is predict_block_step's total.
Result<std::vector<double>> predict_block_kernels(const BlockShape& shape, const Chip& chip,
                                                  Precision precision);

/// Shape errors: every field positive and hidden divisible by heads.
Status check_block_shape(const BlockShape& shape);

}  // namespace suanli::bench
