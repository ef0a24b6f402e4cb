// Raw results of `suanli bench`: every GEMM shape, bandwidth kernel and collective it timed,
// with min and median over repeats. Saved beside a measured chip profile as
// <profile stem>.sweep.toml so that `suanli calibrate` can refit any chip to them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "suanli/precision.h"
#include "suanli/status.h"

namespace suanli {

/// Time of one GEMM shape in one precision, over `repeats` timed samples.
struct GemmMeasurement {
  int64_t m = 0;                          ///< rows of A and C
  int64_t n = 0;                          ///< columns of B and C
  int64_t k = 0;                          ///< inner dimension
  Precision precision = Precision::fp32;  ///< operand precision
  double min_s = 0;                       ///< fastest sample, seconds per call
  double median_s = 0;                    ///< median sample, seconds per call
  int repeats = 0;                        ///< timed samples behind min and median

  /// 2*m*n*k FLOPs divided by the median time, FLOP/s.
  double median_flop_per_s() const {
    return 2.0 * static_cast<double>(m) * static_cast<double>(n) * static_cast<double>(k) /
           median_s;
  }
};

/// A streaming-kernel bandwidth measurement (STREAM conventions, McCalpin 1995): bytes counts
/// each array element read or written once; write-allocate traffic is not counted.
struct BandwidthMeasurement {
  std::string kernel;   ///< "read" (sum), "write" (fill), "copy" (a=b), "triad" (a=b+s*c)
  double bytes = 0;     ///< bytes moved per call
  double min_s = 0;     ///< fastest sample, seconds
  double median_s = 0;  ///< median sample, seconds
  int repeats = 0;      ///< timed samples
  int threads = 0;      ///< CPU threads used (0 on a GPU)
};

/// An all-reduce across the devices of one host (NCCL), ring bus bandwidth convention.
struct CollectiveMeasurement {
  std::string op = "all_reduce";  ///< collective name
  int ranks = 0;                  ///< devices taking part
  double bytes = 0;               ///< message size per rank, bytes
  double min_s = 0;               ///< fastest sample, seconds
  double median_s = 0;            ///< median sample, seconds
  int repeats = 0;                ///< timed samples
};

/// Everything one `suanli bench` run measured.
struct Measurements {
  std::string device;                 ///< "cpu" or "cuda:N"
  std::string name;                   ///< device model, e.g. "AMD EPYC" or "NVIDIA H100 80GB HBM3"
  std::string date;                   ///< ISO date of the run, "YYYY-MM-DD"
  std::vector<GemmMeasurement> gemm;  ///< in sweep order
  std::vector<BandwidthMeasurement> bandwidth;    ///< in kernel order
  std::vector<CollectiveMeasurement> collective;  ///< empty with one device
};

/// The sweep file's text (TOML): top-level device/name/date and arrays of tables [[gemm]],
/// [[bandwidth]], [[collective]]. Numbers use 17 significant digits so they read back exactly.
std::string measurements_to_toml(const Measurements& measurements);

/// Parses a sweep file strictly (unknown keys, missing fields, non-positive times are errors
/// naming source:line:column and the field).
Result<Measurements> parse_measurements(std::string_view toml_text, const std::string& source);

}  // namespace suanli
