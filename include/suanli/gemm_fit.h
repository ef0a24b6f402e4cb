// Fitting a chip's GEMM efficiency curve (ChipEfficiency in chip.h) to measured GEMM times.
#pragma once

#include <cstdint>
#include <span>

#include "suanli/status.h"

namespace suanli {

/// One measured GEMM: C[m x n] += A[m x k] * B[k x n], 2*m*n*k FLOPs.
struct GemmSample {
  int64_t m = 0;      ///< rows of A and C
  int64_t n = 0;      ///< columns of B and C
  int64_t k = 0;      ///< inner dimension
  double time_s = 0;  ///< measured time of one call, seconds (> 0)
};

/// The efficiency parameters that best explain a set of GEMM times, relative to one peak.
struct GemmFit {
  double gemm_max_fraction = 0;  ///< fraction of the reference peak a huge GEMM reaches, (0, 1]
  double gemm_half_dim = 0;      ///< dimension that halves efficiency, >= 0
  double kernel_overhead_s = 0;  ///< fixed time per call, seconds, >= 0
  double rms_log_error = 0;      ///< root-mean-square of ln(predicted / measured) over samples
};

/// The curve the cost model uses (ChipEfficiency, op_cost.h):
/// time = 2mnk / (peak * f * s'(min(m,n)) * s(max(m,n)) * s(k)) + o, s(d) = d / (d + half_dim),
/// s' with the default skinny half-dimension. Calculon (Isaacs et al., SC 2023, Sec. 3.2) uses the same shape of
/// size-dependent efficiency.
double gemm_curve_time_s(int64_t m, int64_t n, int64_t k, double peak_flop_per_s,
                         double max_fraction, double half_dim, double overhead_s);

/// Least squares on log-time over (f, half_dim, o): a grid and golden-section search over
/// half_dim, with f and o in closed form (relative-error weighted linear least squares) for
/// each half_dim. f is capped at 1 and o at >= 0 (the other is refitted when a cap binds).
/// REQUIRES: at least 3 samples with positive dimensions and times, peak_flop_per_s > 0;
/// otherwise an Error naming the bad sample.
Result<GemmFit> fit_gemm_efficiency(std::span<const GemmSample> samples, double peak_flop_per_s);

}  // namespace suanli
