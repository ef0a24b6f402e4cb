#include "bench/cpu/vector_kernels.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

namespace suanli::bench {
namespace {

// Reference GeLU (tanh form) and its derivative in double with libm's tanh.
double gelu_ref(double u) {
  const double c = std::sqrt(2.0 / M_PI);
  return 0.5 * u * (1 + std::tanh(c * (u + 0.044715 * u * u * u)));
}
double gelu_grad_ref(double u) {
  const double c = std::sqrt(2.0 / M_PI), t = std::tanh(c * (u + 0.044715 * u * u * u));
  return 0.5 * (1 + t) + 0.5 * u * (1 - t * t) * c * (1 + 3 * 0.044715 * u * u);
}

TEST(CpuVectorKernels, ExpIsWithinFloatPrecision) {
  for (double x = -87.0; x <= 88.0; x += 0.01) {
    const double ref = std::exp(static_cast<double>(static_cast<float>(x)));
    EXPECT_NEAR(vector_exp(static_cast<float>(x)), ref, 2e-7 * ref) << x;
  }
}

TEST(CpuVectorKernels, TanhIsWithinFloatPrecision) {
  for (double z = -20.0; z <= 20.0; z += 0.001) {
    const float zf = static_cast<float>(z);
    EXPECT_NEAR(vector_tanh(zf), std::tanh(static_cast<double>(zf)), 3e-7) << z;
  }
}

// Lengths that are not multiples of the 16 lanes exercise the partial vectors.
TEST(CpuVectorKernels, GeluMatchesDoubleReference) {
  for (size_t n : {1u, 15u, 16u, 17u, 1000u}) {
    std::vector<float> u(n), out(n), d(n, 1.0f);
    for (size_t i = 0; i < n; ++i) u[i] = static_cast<float>(-8.0 + 16.0 * i / n);
    gelu_forward_f32(u.data(), out.data(), n);
    gelu_backward_f32(u.data(), d.data(), n);
    for (size_t i = 0; i < n; ++i) {
      EXPECT_NEAR(out[i], gelu_ref(u[i]), 1e-6 * (1 + std::fabs(gelu_ref(u[i])))) << u[i];
      // In float, 1 - t^2 and 1 + t cancel for large |u|: a few float ulps (2^-23) of t,
      // times the factor 0.5 |u| c (1 + 3a u^2) that multiplies 1 - t^2.
      const double factor = 0.5 * std::fabs(u[i]) * 0.8 * (1 + 3 * 0.044715 * u[i] * u[i]);
      EXPECT_NEAR(d[i], gelu_grad_ref(u[i]), 8 * std::ldexp(1.0, -23) * (1 + factor)) << u[i];
    }
  }
}

TEST(CpuVectorKernels, SoftmaxMatchesDoubleReference) {
  const int s = 37;  // not a multiple of 16
  std::mt19937 rng(3);
  std::uniform_real_distribution<float> dist(-5, 5);
  std::vector<float> p(size_t(2 * s) * s), dp(p.size());
  for (float& v : p) v = dist(rng);
  for (float& v : dp) v = dist(rng);
  const std::vector<float> scores = p, grad = dp;
  causal_softmax_rows_f32(p.data(), s, 0, 2 * s);
  softmax_backward_rows_f32(p.data(), dp.data(), s, 0, 2 * s);
  for (size_t r = 0; r < size_t(2 * s); ++r) {
    const size_t valid = r % s + 1, row = r * s;
    double max = -1e30, sum = 0, dot = 0;
    for (size_t j = 0; j < valid; ++j) max = std::max(max, double(scores[row + j]));
    for (size_t j = 0; j < valid; ++j) sum += std::exp(scores[row + j] - max);
    for (size_t j = 0; j < size_t(s); ++j) {
      const double ref = j < valid ? std::exp(scores[row + j] - max) / sum : 0.0;
      EXPECT_NEAR(p[row + j], ref, 1e-6) << r << "," << j;
      dot += p[row + j] * double(grad[row + j]);
    }
    for (size_t j = 0; j < size_t(s); ++j) {
      EXPECT_NEAR(dp[row + j], p[row + j] * (grad[row + j] - dot), 1e-5) << r << "," << j;
    }
  }
}

}  // namespace
}  // namespace suanli::bench
