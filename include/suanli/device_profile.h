// A measured chip profile: what `suanli bench` learnt about one device, written as a chip
// file in the catalog's format (docs/catalog-format.md) so any command takes it as --chip.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "suanli/chip.h"
#include "suanli/gemm_fit.h"
#include "suanli/measurements.h"
#include "suanli/precision.h"
#include "suanli/status.h"

namespace suanli {

/// What the backend knows about a device besides the measurements.
struct DeviceFacts {
  std::string id = "cpu-measured";     ///< chip id to write ([a-z0-9.-]+)
  std::string name;                    ///< device model, e.g. "AMD EPYC"
  std::string vendor;                  ///< "AMD", "Intel", "NVIDIA", ...
  std::optional<double> memory_bytes;  ///< memory capacity, bytes (absent when unknown)
  /// Theoretical dense peak per precision, FLOP/s; nullopt where it cannot be determined.
  std::array<std::optional<double>, kPrecisionCount> theoretical_flop_per_s{};
  std::string theoretical_note;  ///< how the theoretical peak was derived, or why it is unknown
  std::vector<std::string> unsupported;  ///< precisions not measured, each with the reason
  /// Conditions that affect the numbers, e.g. "load average 3.1 on 2 CPUs at the start";
  /// empty when none are known.
  std::string conditions;
};

/// The profile: measured peaks, measured bandwidth, fitted efficiency.
struct DeviceProfile {
  std::string id;      ///< chip id
  std::string name;    ///< device model
  std::string vendor;  ///< vendor
  std::string date;    ///< ISO date of the measurement
  /// Large-GEMM throughput per precision (the fitted curve's asymptote), FLOP/s; written to
  /// [dense_tflops]. nullopt for precisions not measured.
  std::array<std::optional<double>, kPrecisionCount> measured_flop_per_s{};
  /// The fit per precision, relative to reference_flop_per_s.
  std::array<std::optional<GemmFit>, kPrecisionCount> fits{};
  /// Peak each fit is relative to: the theoretical peak when known, else the best measured
  /// GEMM throughput at that precision, FLOP/s.
  std::array<std::optional<double>, kPrecisionCount> reference_flop_per_s{};
  Precision fit_precision = Precision::fp32;  ///< precision whose curve fills [efficiency]
  std::optional<double> memory_bytes;         ///< capacity, bytes
  double memory_bw_bytes_per_s = 0;  ///< measured streaming bandwidth (triad, else copy), bytes/s
  /// Written efficiency: gemm_max_fraction = 1 and memory_bw_fraction = 1 because the peaks
  /// above are already measured; half_dim and overhead from the fit. attention_fraction is
  /// not measured and not written (the "generic" profile's value applies).
  ChipEfficiency efficiency;
  std::string notes;  ///< how each figure was obtained
};

/// Fits and summarises `m`. Errors when no precision has at least 3 GEMM shapes or no
/// bandwidth kernel was measured.
Result<DeviceProfile> build_device_profile(const Measurements& m, const DeviceFacts& facts);

/// The chip file text: id, name, vendor, efficiency_profile = "generic", notes,
/// [dense_tflops], [memory], [efficiency], [sources] ("measured by suanli bench on <date>").
std::string device_profile_to_toml(const DeviceProfile& profile);

}  // namespace suanli
