#include "suanli/gemm_fit.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "suanli/op_cost.h"

namespace suanli {
namespace {

// Time a GEMM would take at the reference peak with f = 1 and no overhead, for one half_dim
// (the planner's shape factor, op_cost.h; the skinny half-dimension stays at its default).
double ideal_time_s(const GemmSample& s, double peak, double half_dim) {
  const double m = static_cast<double>(s.m), n = static_cast<double>(s.n),
               k = static_cast<double>(s.k);
  return 2.0 * m * n * k /
         (peak * gemm_shape_factor(m, n, k, half_dim, ChipEfficiency{}.gemm_skinny_half_dim));
}

struct Linear {
  double a = 1;  // 1 / max_fraction
  double o = 0;  // overhead, s
};

// Minimises sum((a*x_i + o) / t_i - 1)^2 subject to a >= 1, o >= 0: the relative-error
// linearisation of the log-time objective, exact when the data fit the curve.
Linear solve_linear(const std::vector<double>& x, std::span<const GemmSample> samples) {
  double suu = 0, suv = 0, svv = 0, su = 0, sv = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    const double u = x[i] / samples[i].time_s, v = 1.0 / samples[i].time_s;
    suu += u * u, suv += u * v, svv += v * v, su += u, sv += v;
  }
  Linear fit;
  const double det = suu * svv - suv * suv;
  if (det > 1e-12 * suu * svv) {
    fit.a = (su * svv - sv * suv) / det;
    fit.o = (suu * sv - suv * su) / det;
  }
  if (fit.o < 0 || det <= 1e-12 * suu * svv) fit = {su / suu, 0.0};
  if (fit.a < 1) fit = {1.0, std::max(0.0, (sv - suv) / svv)};
  return fit;
}

struct Candidate {
  double half_dim = 0;
  Linear linear;
  double sum_sq = 0;  // sum of squared log errors
};

Candidate evaluate(double half_dim, std::span<const GemmSample> samples, double peak) {
  std::vector<double> x(samples.size());
  for (size_t i = 0; i < samples.size(); ++i) x[i] = ideal_time_s(samples[i], peak, half_dim);
  Candidate c{half_dim, solve_linear(x, samples), 0.0};
  for (size_t i = 0; i < samples.size(); ++i) {
    const double e = std::log((c.linear.a * x[i] + c.linear.o) / samples[i].time_s);
    c.sum_sq += e * e;
  }
  return c;
}

Status check_samples(std::span<const GemmSample> samples, double peak) {
  if (!(peak > 0)) return Error(fmt::format("peak_flop_per_s: expected > 0, got {}", peak));
  if (samples.size() < 3) {
    return Error(fmt::format("GEMM fit: expected at least 3 samples, got {}", samples.size()));
  }
  for (size_t i = 0; i < samples.size(); ++i) {
    const GemmSample& s = samples[i];
    if (s.m <= 0 || s.n <= 0 || s.k <= 0 || !(s.time_s > 0) || !std::isfinite(s.time_s)) {
      return Error(
          fmt::format("GEMM sample {} ({}x{}x{}, {} s): expected positive dimensions "
                      "and a positive, finite time",
                      i, s.m, s.n, s.k, s.time_s));
    }
  }
  return Status::Ok();
}

// Golden-section search for the minimum of the log objective on [lo, hi].
Candidate golden_section(double lo, double hi, std::span<const GemmSample> samples, double peak) {
  const double r = (std::sqrt(5.0) - 1.0) / 2.0;
  Candidate c1 = evaluate(hi - r * (hi - lo), samples, peak);
  Candidate c2 = evaluate(lo + r * (hi - lo), samples, peak);
  for (int iter = 0; iter < 80 && hi - lo > 1e-9 * (1.0 + hi); ++iter) {
    if (c1.sum_sq <= c2.sum_sq) {
      hi = c2.half_dim, c2 = c1;
      c1 = evaluate(hi - r * (hi - lo), samples, peak);
    } else {
      lo = c1.half_dim, c1 = c2;
      c2 = evaluate(lo + r * (hi - lo), samples, peak);
    }
  }
  return c1.sum_sq <= c2.sum_sq ? c1 : c2;
}

}  // namespace

double gemm_curve_time_s(int64_t m, int64_t n, int64_t k, double peak_flop_per_s,
                         double max_fraction, double half_dim, double overhead_s) {
  const GemmSample shape{m, n, k, 1.0};
  return ideal_time_s(shape, peak_flop_per_s, half_dim) / max_fraction + overhead_s;
}

Result<GemmFit> fit_gemm_efficiency(std::span<const GemmSample> samples, double peak_flop_per_s) {
  if (Status ok = check_samples(samples, peak_flop_per_s); !ok) return ok.error();
  // Log-spaced grid over half_dim in [0, 2^15], then golden section between the best point's
  // neighbours.
  std::vector<double> grid = {0.0};
  for (int i = 0; i <= 150; ++i) grid.push_back(std::pow(2.0, 15.0 * i / 150.0));
  size_t best = 0;
  std::vector<double> cost(grid.size());
  for (size_t i = 0; i < grid.size(); ++i) {
    cost[i] = evaluate(grid[i], samples, peak_flop_per_s).sum_sq;
    if (cost[i] < cost[best]) best = i;
  }
  const double lo = grid[best == 0 ? 0 : best - 1];
  const double hi = grid[std::min(best + 1, grid.size() - 1)];
  Candidate c = golden_section(lo, hi, samples, peak_flop_per_s);
  if (cost[best] < c.sum_sq) c = evaluate(grid[best], samples, peak_flop_per_s);
  return GemmFit{1.0 / c.linear.a, c.half_dim, c.linear.o,
                 std::sqrt(c.sum_sq / static_cast<double>(samples.size()))};
}

}  // namespace suanli
