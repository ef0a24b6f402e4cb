#include "bench/cpu/gpt_block.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

namespace suanli::bench {
namespace {

// Loss L = sum(y * r) for a fixed random r, so dL/dy = r.
double loss(GptBlock<double>& block, const std::vector<double>& x, const std::vector<double>& r) {
  std::vector<double> y;
  block.forward(x, y);
  double l = 0;
  for (size_t i = 0; i < y.size(); ++i) l += y[i] * r[i];
  return l;
}

std::vector<double> random(size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> d(-1, 1);
  std::vector<double> v(n);
  for (double& x : v) x = d(rng);
  return v;
}

// Central difference (L(p + e) - L(p - e)) / 2e has error O(e^2); with e = 1e-5 in double
// the agreement should be ~1e-8 relative.
double numeric(GptBlock<double>& block, double& p, const std::vector<double>& x,
               const std::vector<double>& r) {
  const double e = 1e-5, saved = p;
  p = saved + e;
  const double up = loss(block, x, r);
  p = saved - e;
  const double down = loss(block, x, r);
  p = saved;
  return (up - down) / (2 * e);
}

void expect_close(double analytic, double numeric_grad, const char* what, size_t i) {
  EXPECT_NEAR(analytic, numeric_grad, 1e-6 * (1 + std::fabs(numeric_grad)))
      << what << "[" << i << "]";
}

class GptBlockGradient : public ::testing::Test {
 protected:
  const BlockShape shape{2, 5, 8, 2, 12};
  GptBlock<double> block{shape, 7};
  std::vector<double> x = random(size_t(shape.tokens()) * shape.hidden, 8);
  std::vector<double> r = random(x.size(), 9);
  std::vector<double> dx;

  void SetUp() override {
    std::vector<double> y;
    block.forward(x, y);
    block.backward(r, dx);
  }
  // Checks every element of one parameter (the shapes are tiny).
  void check(std::vector<double>& param, const std::vector<double>& grad, const char* what) {
    for (size_t i = 0; i < param.size(); ++i)
      expect_close(grad[i], numeric(block, param[i], x, r), what, i);
  }
};

TEST_F(GptBlockGradient, InputGradientMatchesFiniteDifferences) {
  for (size_t i = 0; i < x.size(); ++i) expect_close(dx[i], numeric(block, x[i], x, r), "x", i);
}

TEST_F(GptBlockGradient, AttentionWeightGradientsMatch) {
  const BlockParams<double> g = block.grads();
  check(block.params().w_qkv, g.w_qkv, "w_qkv");
  check(block.params().w_out, g.w_out, "w_out");
}

TEST_F(GptBlockGradient, MlpAndLayerNormGradientsMatch) {
  const BlockParams<double> g = block.grads();
  check(block.params().w_up, g.w_up, "w_up");
  check(block.params().w_down, g.w_down, "w_down");
  check(block.params().ln1_gain, g.ln1_gain, "ln1_gain");
  check(block.params().ln1_bias, g.ln1_bias, "ln1_bias");
  check(block.params().ln2_gain, g.ln2_gain, "ln2_gain");
  check(block.params().ln2_bias, g.ln2_bias, "ln2_bias");
}

TEST(GptBlock, MultiThreadedElementwisePathHasTheSameGradients) {
  // 64 heads x 64 positions = 4096 softmax rows and 64 x 64 GeLU inputs: the threaded path.
  const BlockShape shape{1, 64, 64, 64, 64};
  GptBlock<double> block(shape, 11);
  std::vector<double> x = random(size_t(shape.tokens()) * shape.hidden, 12);
  const std::vector<double> r = random(x.size(), 13);
  std::vector<double> y, dx;
  block.forward(x, y);
  block.backward(r, dx);
  for (size_t i = 0; i < x.size(); i += x.size() / 16) {
    expect_close(dx[i], numeric(block, x[i], x, r), "x", i);
  }
  const BlockParams<double> g = block.grads();
  for (size_t i = 0; i < g.w_up.size(); i += g.w_up.size() / 16) {
    expect_close(g.w_up[i], numeric(block, block.params().w_up[i], x, r), "w_up", i);
  }
}

TEST(GptBlock, CausalMaskHidesTheFuture) {
  // Changing the last token must not change any earlier token's output.
  const BlockShape shape{1, 4, 8, 2, 16};
  GptBlock<double> block(shape, 3);
  std::vector<double> x = random(size_t(shape.tokens()) * shape.hidden, 4), y1, y2;
  block.forward(x, y1);
  for (int c = 0; c < shape.hidden; ++c) x[3 * shape.hidden + c] += 0.5;
  block.forward(x, y2);
  for (int i = 0; i < 3 * shape.hidden; ++i) EXPECT_DOUBLE_EQ(y1[i], y2[i]);
  EXPECT_NE(y1[3 * shape.hidden], y2[3 * shape.hidden]);
}

// The float block runs the vectorised kernels (vector_kernels.h) on every core; the double
// block the scalar reference that the finite-difference tests check. Same weights (the
// double ones rounded to float), so they must agree to float precision. The shape takes the
// threaded path (> 4096 elements per kernel) and has rows that are not multiples of 16 lanes.
TEST(GptBlock, FloatKernelsMatchTheDoubleReference) {
  const BlockShape shape{2, 40, 72, 4, 120};
  GptBlock<double> ref(shape, 21);
  GptBlock<float> block(shape, 21);
  const std::vector<double> x = random(size_t(shape.tokens()) * shape.hidden, 22),
                            r = random(x.size(), 23);
  std::vector<double> y, dx;
  ref.forward(x, y);
  ref.backward(r, dx);
  const std::vector<float> xf(x.begin(), x.end()), rf(r.begin(), r.end());
  std::vector<float> yf, dxf;
  block.forward(xf, yf);
  block.backward(rf, dxf);
  // float keeps ~7 digits; a few hundred roundings per value leave ~1e-5 relative.
  auto expect_near = [](const auto& got, const std::vector<double>& want, const char* what) {
    ASSERT_EQ(got.size(), want.size()) << what;
    double scale = 0;
    for (double w : want) scale = std::max(scale, std::fabs(w));
    for (size_t i = 0; i < want.size(); ++i) {
      EXPECT_NEAR(got[i], want[i], 1e-4 * scale) << what << "[" << i << "]";
    }
  };
  expect_near(yf, y, "y");
  expect_near(dxf, dx, "dx");
  expect_near(block.grads().w_qkv, ref.grads().w_qkv, "w_qkv");
  expect_near(block.grads().w_up, ref.grads().w_up, "w_up");
  expect_near(block.grads().ln1_gain, ref.grads().ln1_gain, "ln1_gain");
  expect_near(block.grads().ln2_bias, ref.grads().ln2_bias, "ln2_bias");
}

TEST(GptBlock, KernelTimesFollowGptBlockOps) {
  const BlockShape shape{1, 8, 16, 2, 32};
  Result<std::vector<double>> t = time_block_kernels(shape, TimingOptions{0, 3, 0.0, nullptr});
  ASSERT_TRUE(t.ok());
  ASSERT_EQ(t->size(), gpt_block_ops(shape, 4.0).size());
  for (double s : *t) EXPECT_GE(s, 0.0);
}

TEST(GptBlock, FloatTimingRuns) {
  TimingOptions o{0, 2, 0.0, nullptr};
  Result<std::vector<double>> t = time_block_step({1, 8, 16, 2, 32}, o);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->size(), 2u);
  EXPECT_FALSE(time_block_step({1, 8, 15, 2, 32}, o).ok());
}

}  // namespace
}  // namespace suanli::bench
