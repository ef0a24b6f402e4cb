// Time of one kernel on one chip: the roofline with shape-dependent GEMM efficiency.
//
//   t = max(FLOPs / (peak * eff), bytes / (bw * memory_bw_fraction)) + kernel_overhead
//
// eff for a GEMM (m, n, k) is gemm_max_fraction * s'(min(m,n)) * s(max(m,n)) * s(k), with
// s(d) = d / (d + d_half) and s' using the smaller skinny half-dimension (ChipEfficiency in
// chip.h); 8-bit GEMMs use gemm_max_fraction_8bit. All figures come from the catalog entry.
// Functions are pure and allocation-free; hot loops should resolve an OpCostParams once.
#pragma once

#include <cstdint>

#include "suanli/chip.h"
#include "suanli/precision.h"
#include "suanli/status.h"

namespace suanli {

/// A chip resolved for one compute precision into flat numbers (no strings, no optionals).
struct OpCostParams {
  double peak_flop_per_s = 0;        ///< dense peak at the compute precision, FLOP/s
  double attention_peak_flop_per_s = 0;  ///< peak used by fused attention (bf16/fp16), FLOP/s
  double mem_bw_bytes_per_s = 0;     ///< peak memory bandwidth, bytes/s
  double gemm_max_fraction = 0.75;   ///< see ChipEfficiency
  double gemm_half_dim = 64;         ///< see ChipEfficiency
  double gemm_skinny_half_dim = 16;  ///< see ChipEfficiency
  double attention_fraction = 0.6;   ///< see ChipEfficiency
  double attention_backward_ratio = 0.8;  ///< see ChipEfficiency
  double memory_bw_fraction = 0.85;  ///< see ChipEfficiency
  double kernel_overhead_s = 4e-6;   ///< see ChipEfficiency, seconds
  double softmax_dropout_stream_fraction = 0.74;  ///< see ChipEfficiency
  double operand_bytes = 2;          ///< bytes per GEMM operand element at this precision
};

/// Resolves `chip` for `precision`. Errors when the chip has no peak at that precision or no
/// memory bandwidth. Fused attention runs at the chip's bf16 (else fp16) peak when the
/// precision is narrower than 16 bits (FP8 training keeps attention in 16-bit).
Result<OpCostParams> resolve_op_cost(const Chip& chip, Precision precision);

/// Shape factor of a GEMM: s'(min(m, n)) * s(max(m, n)) * s(k), s(d) = d / (d + half_dim),
/// s' the same with skinny_half_dim (a skinny operand maps onto the narrow side of the matrix
/// instruction instead of padding to a whole tile). In (0, 1).
double gemm_shape_factor(double m, double n, double k, double half_dim, double skinny_half_dim);

/// Fraction of dense peak a GEMM of shape (m, n, k) reaches (see file comment).
double gemm_efficiency(const OpCostParams& p, double m, double n, double k);

/// Time of C[m,n] = A[m,k] * B[k,n]: 2mnk FLOPs against reading A, B and writing C.
double gemm_time_s(const OpCostParams& p, double m, double n, double k);

/// Convenience form; REQUIRES: chip has a peak at `precision` (else returns +infinity).
double gemm_time_s(const Chip& chip, Precision precision, int64_t m, int64_t n, int64_t k);

/// Shape of a fused (FlashAttention-style) attention call on one chip.
struct AttentionShape {
  double batch = 1;        ///< sequences
  double heads = 1;        ///< query heads on this chip
  double seq_q = 1;        ///< query positions per sequence
  double seq_kv = 1;       ///< key/value positions per sequence
  double head_dim_qk = 128;  ///< query/key width per head
  double head_dim_v = 128;   ///< value width per head
  bool causal = true;      ///< causal mask; masked blocks are skipped (half the FLOPs when seq_q == seq_kv)
};

/// FLOPs of the attention core as executed (QK^T and PV, 2 FLOPs per multiply-add), with
/// causal masking skipping about half when seq_q == seq_kv.
double attention_flops(const AttentionShape& a);

/// FLOPs of the attention core counted without masking (the MFU convention of Narayanan et
/// al. 2021 eq. 3: 4*s*h per token per layer for head_dim_qk == head_dim_v).
double attention_model_flops(const AttentionShape& a);

/// Forward time of a fused attention kernel: executed FLOPs at peak * gemm_max_fraction *
/// attention_fraction, against reading Q, K, V and writing O once.
double attention_time_s(const OpCostParams& p, const AttentionShape& a);

/// Backward time of the same kernel: 2.5x the forward FLOPs (dQ, dK, dV plus the
/// recomputed scores: 5 matmuls against 2), same efficiency.
double attention_backward_time_s(const OpCostParams& p, const AttentionShape& a);

/// Time of a memory-bound (elementwise, normalisation, optimizer) kernel moving `bytes`.
double memory_op_time_s(const OpCostParams& p, double bytes);

}  // namespace suanli
