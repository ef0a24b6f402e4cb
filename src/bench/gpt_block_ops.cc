#include "bench/gpt_block_ops.h"

#include <fmt/format.h>

#include "suanli/op_cost.h"

namespace suanli::bench {
namespace {

BlockOp gemm(std::string name, double m, double n, double k, double count = 1) {
  return {std::move(name), true, m, n, k, 0, count};
}
BlockOp memory(std::string name, double bytes) {
  return {std::move(name), false, 0, 0, 0, bytes, 1};
}

}  // namespace

std::vector<BlockOp> gpt_block_ops(const BlockShape& s, double e) {
  const double t = s.tokens(), h = s.hidden, f = s.ffn, q = s.seq, d = s.head_dim();
  const double bh = static_cast<double>(s.batch) * s.heads;
  const double scores = bh * q * q;  // attention probabilities, all heads
  return {
      // Forward. LayerNorm reads x and writes the output and the normalised x (saved).
      memory("fwd layernorm 1", 3 * t * h * e),
      gemm("fwd qkv", t, 3 * h, h),
      gemm("fwd scores", q, q, d, bh),
      memory("fwd softmax", 2 * scores * e),
      gemm("fwd attention x V", q, d, q, bh),
      gemm("fwd out proj", t, h, h),
      memory("fwd residual 1", 3 * t * h * e),
      memory("fwd layernorm 2", 3 * t * h * e),
      gemm("fwd mlp up", t, f, h),
      memory("fwd gelu", 2 * t * f * e),
      gemm("fwd mlp down", t, h, f),
      memory("fwd residual 2", 3 * t * h * e),
      // Backward: two GEMMs per forward GEMM (input and weight gradients).
      gemm("bwd mlp down dW", f, h, t),
      gemm("bwd mlp down dX", t, f, h),
      memory("bwd gelu", 3 * t * f * e),
      gemm("bwd mlp up dW", h, f, t),
      gemm("bwd mlp up dX", t, h, f),
      // The residual's gradient passes through unchanged: a copy that LayerNorm adds to.
      memory("bwd residual 2", 2 * t * h * e),
      memory("bwd layernorm 2", 4 * t * h * e),
      gemm("bwd out proj dW", h, h, t),
      gemm("bwd out proj dX", t, h, h),
      gemm("bwd attention dP", q, q, d, bh),
      gemm("bwd attention dV", q, d, q, bh),
      memory("bwd softmax", 3 * scores * e),
      gemm("bwd scores dQ", q, d, q, bh),
      gemm("bwd scores dK", q, d, q, bh),
      gemm("bwd qkv dW", h, 3 * h, t),
      gemm("bwd qkv dX", t, h, 3 * h),
      memory("bwd residual 1", 2 * t * h * e),
      memory("bwd layernorm 1", 4 * t * h * e),
  };
}

double gpt_block_flops(const BlockShape& shape) {
  double flops = 0;
  for (const BlockOp& op : gpt_block_ops(shape, 4)) {
    if (op.gemm) flops += 2 * op.m * op.n * op.k * op.count;
  }
  return flops;
}

Status check_block_shape(const BlockShape& s) {
  if (s.batch <= 0 || s.seq <= 0 || s.hidden <= 0 || s.heads <= 0 || s.ffn <= 0) {
    return Error("block shape: batch, seq, hidden, heads and ffn must be positive");
  }
  if (s.hidden % s.heads != 0) {
    return Error(
        fmt::format("block shape: hidden ({}) must be divisible by heads ({})", s.hidden, s.heads));
  }
  return Status::Ok();
}

Result<std::vector<double>> predict_block_kernels(const BlockShape& shape, const Chip& chip,
                                                  Precision precision) {
  if (Status ok = check_block_shape(shape); !ok) return ok.error();
  Result<OpCostParams> params = resolve_op_cost(chip, precision);
  if (!params.ok()) return params.error();
  std::vector<double> out;
  for (const BlockOp& op : gpt_block_ops(shape, bytes_per_element(precision))) {
    out.push_back(op.count * (op.gemm ? gemm_time_s(*params, op.m, op.n, op.k)
                                      : memory_op_time_s(*params, op.bytes)));
  }
  return out;
}

Result<BlockPrediction> predict_block_step(const BlockShape& shape, const Chip& chip,
                                           Precision precision) {
  Result<std::vector<double>> kernels = predict_block_kernels(shape, chip, precision);
  if (!kernels.ok()) return kernels.error();
  const std::vector<BlockOp> ops = gpt_block_ops(shape, bytes_per_element(precision));
  BlockPrediction out;
  for (size_t i = 0; i < ops.size(); ++i)
    (ops[i].gemm ? out.gemm_s : out.memory_s) += (*kernels)[i];
  return out;
}

}  // namespace suanli::bench
