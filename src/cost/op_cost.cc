#include "suanli/op_cost.h"

#include <algorithm>
#include <limits>

namespace suanli {
namespace {

// Per-dimension efficiency factor s(d) = d / (d + d_half) (ChipEfficiency in chip.h).
double dim_factor(double d, double half) { return d / (d + half); }

// The 16-bit peak fused attention runs at: bf16, else fp16, else the compute peak.
double attention_peak(const Chip& chip, Precision precision, double compute_peak) {
  if (bit_length(precision) >= 16) return compute_peak;
  if (auto bf16 = chip.peak(Precision::bf16)) return *bf16;
  if (auto fp16 = chip.peak(Precision::fp16)) return *fp16;
  return compute_peak;
}

}  // namespace

Result<OpCostParams> resolve_op_cost(const Chip& chip, Precision precision) {
  std::optional<double> peak = chip.peak(precision);
  if (!peak || *peak <= 0) {
    return Error("chip '" + chip.id + "' has no dense peak for " +
                 std::string(to_string(precision)));
  }
  if (!chip.memory_bw_bytes_per_s || *chip.memory_bw_bytes_per_s <= 0) {
    return Error("chip '" + chip.id + "' has no memory bandwidth");
  }
  OpCostParams p;
  p.peak_flop_per_s = *peak;
  p.attention_peak_flop_per_s = attention_peak(chip, precision, *peak);
  p.mem_bw_bytes_per_s = *chip.memory_bw_bytes_per_s;
  p.gemm_max_fraction = bit_length(precision) <= 8
                            ? chip.efficiency.gemm_max_fraction_8bit.value_or(
                                  chip.efficiency.gemm_max_fraction)
                            : chip.efficiency.gemm_max_fraction;
  p.gemm_half_dim = chip.efficiency.gemm_half_dim;
  p.gemm_skinny_half_dim = chip.efficiency.gemm_skinny_half_dim;
  p.attention_fraction = chip.efficiency.attention_fraction;
  p.attention_backward_ratio = chip.efficiency.attention_backward_ratio;
  p.memory_bw_fraction = chip.efficiency.memory_bw_fraction;
  p.kernel_overhead_s = chip.efficiency.kernel_overhead_s;
  p.softmax_dropout_stream_fraction = chip.efficiency.softmax_dropout_stream_fraction;
  p.operand_bytes = bytes_per_element(precision);
  return p;
}

double gemm_shape_factor(double m, double n, double k, double half_dim,
                         double skinny_half_dim) {
  return dim_factor(std::min(m, n), skinny_half_dim) * dim_factor(std::max(m, n), half_dim) *
         dim_factor(k, half_dim);
}

double gemm_efficiency(const OpCostParams& p, double m, double n, double k) {
  return p.gemm_max_fraction * gemm_shape_factor(m, n, k, p.gemm_half_dim, p.gemm_skinny_half_dim);
}

double gemm_time_s(const OpCostParams& p, double m, double n, double k) {
  if (m <= 0 || n <= 0 || k <= 0) return 0.0;
  const double flops = 2.0 * m * n * k;
  // Output is written in 16 bits even for FP8 inputs.
  const double bytes = p.operand_bytes * (m * k + k * n) + 2.0 * m * n;
  const double compute_s = flops / (p.peak_flop_per_s * gemm_efficiency(p, m, n, k));
  const double memory_s = bytes / (p.mem_bw_bytes_per_s * p.memory_bw_fraction);
  return std::max(compute_s, memory_s) + p.kernel_overhead_s;
}

double gemm_time_s(const Chip& chip, Precision precision, int64_t m, int64_t n, int64_t k) {
  Result<OpCostParams> p = resolve_op_cost(chip, precision);
  if (!p.ok()) return std::numeric_limits<double>::infinity();
  return gemm_time_s(*p, static_cast<double>(m), static_cast<double>(n),
                     static_cast<double>(k));
}

double attention_model_flops(const AttentionShape& a) {
  return 2.0 * a.batch * a.heads * a.seq_q * a.seq_kv * (a.head_dim_qk + a.head_dim_v);
}

double attention_flops(const AttentionShape& a) {
  // A causal mask over a square block skips the upper triangle: (s+1)/(2s) of the pairs.
  double kept = 1.0;
  if (a.causal && a.seq_q == a.seq_kv && a.seq_q > 0) kept = (a.seq_q + 1.0) / (2.0 * a.seq_q);
  return attention_model_flops(a) * kept;
}

namespace {
double attention_rate(const OpCostParams& p) {
  return p.attention_peak_flop_per_s * p.gemm_max_fraction * p.attention_fraction;
}
double attention_io_bytes(const AttentionShape& a) {
  // Q, K, V read once and O written once, 16-bit (FlashAttention keeps scores on chip).
  return 2.0 * a.batch * a.heads *
         (a.seq_q * (a.head_dim_qk + a.head_dim_v) + a.seq_kv * (a.head_dim_qk + a.head_dim_v));
}
}  // namespace

double attention_time_s(const OpCostParams& p, const AttentionShape& a) {
  const double compute_s = attention_flops(a) / attention_rate(p);
  const double memory_s = attention_io_bytes(a) / (p.mem_bw_bytes_per_s * p.memory_bw_fraction);
  return std::max(compute_s, memory_s) + p.kernel_overhead_s;
}

double attention_backward_time_s(const OpCostParams& p, const AttentionShape& a) {
  // FlashAttention-2 backward (Dao 2023, sec. 3.2): 5 matmuls against the forward's 2, at
  // attention_backward_ratio of the forward's rate.
  const double compute_s =
      2.5 * attention_flops(a) / (attention_rate(p) * p.attention_backward_ratio);
  const double memory_s =
      2.0 * attention_io_bytes(a) / (p.mem_bw_bytes_per_s * p.memory_bw_fraction);
  return std::max(compute_s, memory_s) + p.kernel_overhead_s;
}

double memory_op_time_s(const OpCostParams& p, double bytes) {
  if (bytes <= 0) return 0.0;
  return bytes / (p.mem_bw_bytes_per_s * p.memory_bw_fraction) + p.kernel_overhead_s;
}

}  // namespace suanli
