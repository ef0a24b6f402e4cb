// Refitting a catalog chip's GEMM efficiency to a measured sweep, with the prediction error
// per shape before and after (`suanli calibrate`).
#pragma once

#include <optional>
#include <vector>

#include "suanli/chip.h"
#include "suanli/gemm_fit.h"
#include "suanli/measurements.h"

namespace suanli::bench {

/// One measured shape against the cost model's prediction before and after the fit.
struct CalibrationRow {
  int64_t m = 0, n = 0, k = 0;  ///< GEMM shape
  double measured_s = 0;        ///< median measured time, seconds
  double before_s = 0;          ///< gemm_time_s with the chip's catalog efficiency
  double after_s = 0;           ///< gemm_time_s with the fitted efficiency
};

struct Calibration {
  Precision precision = Precision::fp32;  ///< precision fitted
  ChipEfficiency before;                  ///< the chip's efficiency from the catalog
  ChipEfficiency after;                   ///< before with the three GEMM fields refitted
  GemmFit fit;                            ///< relative to the chip's peak at `precision`
  std::vector<CalibrationRow> rows;       ///< in sweep order
};

/// Signed relative error (predicted - measured) / measured.
inline double relative_error(double predicted, double measured) {
  return (predicted - measured) / measured;
}

/// Median of |relative_error| over rows, for before (false) or after (true).
double median_abs_error(const std::vector<CalibrationRow>& rows, bool after);

/// Fits gemm_max_fraction, gemm_half_dim and kernel_overhead_s of `chip` to the sweep's GEMMs
/// at `precision` (default: the first of bf16, fp16, tf32, fp32, fp8, fp64 with at least 3
/// shapes and a chip peak), relative to the chip's dense peak at that precision. Predictions
/// use op_cost.h's gemm_time_s, as the planner does.
Result<Calibration> calibrate_chip(const Chip& chip, const Measurements& sweep,
                                   std::optional<Precision> precision);

}  // namespace suanli::bench
