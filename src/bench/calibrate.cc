#include "bench/calibrate.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "suanli/op_cost.h"

namespace suanli::bench {
namespace {

std::vector<GemmSample> samples_at(const Measurements& sweep, Precision p) {
  std::vector<GemmSample> out;
  for (const GemmMeasurement& g : sweep.gemm) {
    if (g.precision == p) out.push_back({g.m, g.n, g.k, g.median_s});
  }
  return out;
}

Result<Precision> choose_precision(const Chip& chip, const Measurements& sweep,
                                   std::optional<Precision> wanted) {
  if (wanted) {
    if (!chip.peak(*wanted)) {
      return Error(fmt::format("chip '{}' has no {} peak to calibrate against", chip.id,
                               to_string(*wanted)));
    }
    if (samples_at(sweep, *wanted).size() < 3) {
      return Error(fmt::format("the sweep has fewer than 3 {} GEMM shapes", to_string(*wanted)));
    }
    return *wanted;
  }
  for (Precision p : {Precision::bf16, Precision::fp16, Precision::tf32, Precision::fp32,
                      Precision::fp8, Precision::fp64}) {
    if (chip.peak(p) && samples_at(sweep, p).size() >= 3) return p;
  }
  return Error(fmt::format(
      "no precision has both a peak in chip '{}' and at least 3 GEMM shapes in the sweep",
      chip.id));
}

}  // namespace

double median_abs_error(const std::vector<CalibrationRow>& rows, bool after) {
  if (rows.empty()) return 0;
  std::vector<double> e;
  for (const CalibrationRow& r : rows) {
    e.push_back(std::fabs(relative_error(after ? r.after_s : r.before_s, r.measured_s)));
  }
  std::sort(e.begin(), e.end());
  const size_t n = e.size();
  return n % 2 ? e[n / 2] : 0.5 * (e[n / 2 - 1] + e[n / 2]);
}

Result<Calibration> calibrate_chip(const Chip& chip, const Measurements& sweep,
                                   std::optional<Precision> precision) {
  Result<Precision> p = choose_precision(chip, sweep, precision);
  if (!p.ok()) return p.error();
  const std::vector<GemmSample> samples = samples_at(sweep, *p);
  Result<GemmFit> fit = fit_gemm_efficiency(samples, *chip.peak(*p));
  if (!fit.ok()) return fit.error();
  Calibration out{*p, chip.efficiency, chip.efficiency, *fit, {}};
  out.after.gemm_max_fraction = fit->gemm_max_fraction;
  out.after.gemm_half_dim = fit->gemm_half_dim;
  out.after.kernel_overhead_s = fit->kernel_overhead_s;
  Chip fitted = chip;
  fitted.efficiency = out.after;
  for (const GemmSample& s : samples) {
    out.rows.push_back({s.m, s.n, s.k, s.time_s, gemm_time_s(chip, *p, s.m, s.n, s.k),
                        gemm_time_s(fitted, *p, s.m, s.n, s.k)});
  }
  for (const CalibrationRow& r : out.rows) {
    if (!std::isfinite(r.before_s)) {
      return Error(fmt::format("chip '{}' cannot be costed at {} (no memory bandwidth?)", chip.id,
                               to_string(*p)));
    }
  }
  return out;
}

}  // namespace suanli::bench
