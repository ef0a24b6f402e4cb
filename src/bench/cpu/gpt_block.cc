#include "bench/cpu/gpt_block.h"

#include <cblas.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <mutex>
#include <random>
#include <thread>
#include <type_traits>

#include "bench/cpu/time_calls.h"
#include "bench/stats.h"
#include "bench/cpu/vector_kernels.h"

namespace suanli::bench {
namespace {

constexpr double kLayerNormEps = 1e-5;

// Row-major C[m,n] = alpha * op(A)[m,k] op(B)[k,n] + beta * C.
void gemm(bool ta, bool tb, int m, int n, int k, float alpha, const float* a, int lda,
          const float* b, int ldb, float beta, float* c, int ldc) {
  cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, m, n,
              k, alpha, a, lda, b, ldb, beta, c, ldc);
}
void gemm(bool ta, bool tb, int m, int n, int k, double alpha, const double* a, int lda,
          const double* b, int ldb, double beta, double* c, int ldc) {
  cblas_dgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, m, n,
              k, alpha, a, lda, b, ldb, beta, c, ldc);
}

// Runs fn(begin, end) over units [0, elements / unit) (a unit: one element or one row of
// `unit` elements) split across the hardware threads, as a framework's elementwise kernels
// use every core (the cost model's bandwidth is the all-core one). Under 4096 elements the
// thread start-up would cost more than it saves.
template <class Fn>
void parallel_for(size_t elements, size_t unit, Fn&& fn) {
  const size_t threads = std::max(1u, std::thread::hardware_concurrency());
  const size_t n = elements / unit;
  if (threads == 1 || elements < 4096) return fn(size_t{0}, n);
  std::vector<std::thread> pool;
  const size_t per = (n + threads - 1) / threads;
  for (size_t t = 1; t < threads; ++t) {
    const size_t b = std::min(n, t * per), e = std::min(n, b + per);
    pool.emplace_back([&fn, b, e] { fn(b, e); });
  }
  fn(size_t{0}, std::min(n, per));
  for (std::thread& th : pool) th.join();
}

// LayerNorm over rows (Ba et al. 2016): out = gain * xhat + bias, xhat = (x - mean) * rstd.
template <class T>
void layernorm_forward_rows(const T* x, const T* gain, const T* bias, T* out, T* xhat, T* rstd,
                            size_t begin, size_t end, int cols) {
  for (size_t r = begin; r < end; ++r) {
    const T* xr = x + static_cast<size_t>(r) * cols;
    double mean = 0, var = 0;
    for (int c = 0; c < cols; ++c) mean += xr[c];
    mean /= cols;
    for (int c = 0; c < cols; ++c) var += (xr[c] - mean) * (xr[c] - mean);
    const T rs = static_cast<T>(1.0 / std::sqrt(var / cols + kLayerNormEps));
    rstd[r] = rs;
    for (int c = 0; c < cols; ++c) {
      const size_t i = static_cast<size_t>(r) * cols + c;
      xhat[i] = static_cast<T>((xr[c] - mean) * rs);
      out[i] = gain[c] * xhat[i] + bias[c];
    }
  }
}
template <class T>
void layernorm_forward(const T* x, const T* gain, const T* bias, T* out, T* xhat, T* rstd, int rows,
                       int cols) {
  parallel_for(size_t(rows) * cols, cols, [&](size_t b, size_t e) {
    if constexpr (std::is_same_v<T, float>) {
      layernorm_forward_rows_f32(x, gain, bias, out, xhat, rstd, b, e, cols,
                                 static_cast<float>(kLayerNormEps));
    } else {
      layernorm_forward_rows(x, gain, bias, out, xhat, rstd, b, e, cols);
    }
  });
}

// dx = rstd * (dxhat - mean(dxhat) - xhat * mean(dxhat * xhat)), dxhat = dout * gain, for rows
// [begin, end); adds dx to `dx_accumulate` (the residual stream's gradient) and the rows'
// parameter gradients to dgain and dbias.
template <class T>
void layernorm_backward_rows(const T* dout, const T* xhat, const T* rstd, const T* gain,
                             T* dx_accumulate, T* dgain, T* dbias, size_t begin, size_t end,
                             int cols) {
  for (size_t r = begin; r < end; ++r) {
    const size_t row = r * cols;
    double mean_d = 0, mean_dx = 0;
    for (int c = 0; c < cols; ++c) {
      const double d = dout[row + c] * gain[c];
      mean_d += d, mean_dx += d * xhat[row + c];
      dgain[c] += dout[row + c] * xhat[row + c];
      dbias[c] += dout[row + c];
    }
    mean_d /= cols, mean_dx /= cols;
    for (int c = 0; c < cols; ++c) {
      const double d = dout[row + c] * gain[c];
      dx_accumulate[row + c] += static_cast<T>(rstd[r] * (d - mean_d - xhat[row + c] * mean_dx));
    }
  }
}
// All rows on every core; each thread sums its rows' parameter gradients apart, then adds them.
template <class T>
void layernorm_backward(const T* dout, const T* xhat, const T* rstd, const T* gain,
                        T* dx_accumulate, T* dgain, T* dbias, int rows, int cols) {
  std::fill(dgain, dgain + cols, T(0));
  std::fill(dbias, dbias + cols, T(0));
  std::mutex merge;
  parallel_for(size_t(rows) * cols, cols, [&](size_t b, size_t e) {
    std::vector<T> g(cols, T(0)), bias(cols, T(0));
    if constexpr (std::is_same_v<T, float>) {
      layernorm_backward_rows_f32(dout, xhat, rstd, gain, dx_accumulate, g.data(), bias.data(), b,
                                  e, cols);
    } else {
      layernorm_backward_rows(dout, xhat, rstd, gain, dx_accumulate, g.data(), bias.data(), b, e,
                              cols);
    }
    const std::lock_guard<std::mutex> lock(merge);
    for (int c = 0; c < cols; ++c) dgain[c] += g[c], dbias[c] += bias[c];
  });
}

// GeLU, tanh form (Hendrycks & Gimpel 2016, eq. in Sec. 2).
constexpr double kGeluC = 0.7978845608028654;  // sqrt(2 / pi)
// Computed in T (tanhf for float): double tanh would make the float step compute-bound.
template <class T>
T gelu(T u) {
  return T(0.5) * u * (T(1) + std::tanh(T(kGeluC) * (u + T(0.044715) * u * u * u)));
}
template <class T>
T gelu_grad(T u) {
  const T t = std::tanh(T(kGeluC) * (u + T(0.044715) * u * u * u));
  return T(0.5) * (T(1) + t) +
         T(0.5) * u * (T(1) - t * t) * T(kGeluC) * (T(1) + T(3 * 0.044715) * u * u);
}

// Causal softmax of rows [begin, end) of stacked s x s score blocks, in place: row r is
// query position r % s, which sees keys 0 .. r % s.
template <class T>
void causal_softmax_rows(T* p, int s, size_t begin, size_t end) {
  for (size_t r = begin; r < end; ++r) {
    T* row = p + r * s;
    const int i = static_cast<int>(r % s);
    const T max = *std::max_element(row, row + i + 1);
    double sum = 0;
    for (int j = 0; j <= i; ++j) sum += (row[j] = std::exp(row[j] - max));
    for (int j = 0; j <= i; ++j) row[j] = static_cast<T>(row[j] / sum);
    std::fill(row + i + 1, row + s, T(0));
  }
}

// dS = P * (dP - rowsum(P * dP)), in place on dP (softmax Jacobian-vector product).
template <class T>
void softmax_backward_rows(const T* p, T* dp, int s, size_t begin, size_t end) {
  for (size_t r = begin; r < end; ++r) {
    const size_t row = r * s;
    double dot = 0;
    for (int j = 0; j < s; ++j) dot += p[row + j] * dp[row + j];
    for (int j = 0; j < s; ++j) dp[row + j] = static_cast<T>(p[row + j] * (dp[row + j] - dot));
  }
}

template <class T>
std::vector<T> random_vector(size_t n, double scale, double offset, std::mt19937& rng) {
  std::uniform_real_distribution<double> dist(-scale, scale);
  std::vector<T> v(n);
  for (T& x : v) x = static_cast<T>(offset + dist(rng));
  return v;
}

}  // namespace

template <class T>
GptBlock<T>::GptBlock(const BlockShape& shape, unsigned seed) : shape_(shape) {
  std::mt19937 rng(seed);
  const size_t h = shape.hidden, f = shape.ffn;
  const double w = 1.0 / std::sqrt(static_cast<double>(h));
  params_.ln1_gain = random_vector<T>(h, 0.1, 1.0, rng);
  params_.ln1_bias = random_vector<T>(h, 0.1, 0.0, rng);
  params_.w_qkv = random_vector<T>(h * 3 * h, w, 0.0, rng);
  params_.w_out = random_vector<T>(h * h, w, 0.0, rng);
  params_.ln2_gain = random_vector<T>(h, 0.1, 1.0, rng);
  params_.ln2_bias = random_vector<T>(h, 0.1, 0.0, rng);
  params_.w_up = random_vector<T>(h * f, w, 0.0, rng);
  params_.w_down = random_vector<T>(f * h, 1.0 / std::sqrt(static_cast<double>(f)), 0.0, rng);
  grads_ = params_;
  const size_t t = shape.tokens(),
               scores = size_t(shape.batch) * shape.heads * shape.seq * shape.seq;
  for (auto* v : {&xhat1_, &a1_, &att_, &x1_, &xhat2_, &a2_, &da_, &dx1_, &datt_}) v->resize(t * h);
  rstd1_.resize(t), rstd2_.resize(t);
  qkv_.resize(t * 3 * h), dqkv_.resize(t * 3 * h);
  up_.resize(t * f), act_.resize(t * f), dact_.resize(t * f);
  probs_.resize(scores), dprobs_.resize(scores);
}

template <class T>
void GptBlock<T>::lap(size_t index) {
  if (!kernel_s_) return;
  const Clock::time_point now = Clock::now();
  if (kernel_s_->size() <= index) kernel_s_->resize(index + 1, 0.0);
  (*kernel_s_)[index] += std::chrono::duration<double>(now - last_lap_).count();
  last_lap_ = now;
}

// Kernel indices below are positions in gpt_block_ops (checked by a test).
template <class T>
void GptBlock<T>::forward(const std::vector<T>& x, std::vector<T>& y) {
  const int t = shape_.tokens(), h = shape_.hidden, f = shape_.ffn, s = shape_.seq;
  const int d = shape_.head_dim(), h3 = 3 * h;
  const T scale = static_cast<T>(1.0 / std::sqrt(static_cast<double>(d)));
  last_lap_ = Clock::now();
  y.resize(x.size());
  layernorm_forward(x.data(), params_.ln1_gain.data(), params_.ln1_bias.data(), a1_.data(),
                    xhat1_.data(), rstd1_.data(), t, h);
  lap(0);
  gemm(false, false, t, h3, h, T(1), a1_.data(), h, params_.w_qkv.data(), h3, T(0), qkv_.data(),
       h3);
  lap(1);
  // Scores for every (sequence, head), one softmax over all of them, then P @ V.
  const size_t blocks = size_t(shape_.batch) * shape_.heads;
  for (size_t bh = 0; bh < blocks; ++bh) {
    const T* q = qkv_.data() + (bh / shape_.heads) * s * h3 + (bh % shape_.heads) * d;
    gemm(false, true, s, s, d, scale, q, h3, q + h, h3, T(0), probs_.data() + bh * s * s, s);
  }
  lap(2);
  parallel_for(blocks * s * s, s, [this, s](size_t b, size_t e) {
    if constexpr (std::is_same_v<T, float>) {
      causal_softmax_rows_f32(probs_.data(), s, b, e);
    } else {
      causal_softmax_rows(probs_.data(), s, b, e);
    }
  });
  lap(3);
  for (size_t bh = 0; bh < blocks; ++bh) {
    const size_t row0 = (bh / shape_.heads) * s, col = (bh % shape_.heads) * d;
    gemm(false, false, s, d, s, T(1), probs_.data() + bh * s * s, s,
         qkv_.data() + row0 * h3 + 2 * h + col, h3, T(0), att_.data() + row0 * h + col, h);
  }
  lap(4);
  x1_ = x;  // residual: x1 = x + att @ w_out
  lap(6);
  gemm(false, false, t, h, h, T(1), att_.data(), h, params_.w_out.data(), h, T(1), x1_.data(), h);
  lap(5);
  layernorm_forward(x1_.data(), params_.ln2_gain.data(), params_.ln2_bias.data(), a2_.data(),
                    xhat2_.data(), rstd2_.data(), t, h);
  lap(7);
  gemm(false, false, t, f, h, T(1), a2_.data(), h, params_.w_up.data(), f, T(0), up_.data(), f);
  lap(8);
  parallel_for(up_.size(), 1, [this](size_t b, size_t e) {
    if constexpr (std::is_same_v<T, float>) {
      gelu_forward_f32(up_.data() + b, act_.data() + b, e - b);
    } else {
      for (size_t i = b; i < e; ++i) act_[i] = gelu(up_[i]);
    }
  });
  lap(9);
  y = x1_;  // residual: y = x1 + gelu(up) @ w_down
  lap(11);
  gemm(false, false, t, h, f, T(1), act_.data(), f, params_.w_down.data(), h, T(1), y.data(), h);
  lap(10);
}

template <class T>
void GptBlock<T>::backward(const std::vector<T>& dy, std::vector<T>& dx) {
  const int t = shape_.tokens(), h = shape_.hidden, f = shape_.ffn, s = shape_.seq;
  const int d = shape_.head_dim(), h3 = 3 * h;
  const T scale = static_cast<T>(1.0 / std::sqrt(static_cast<double>(d)));
  last_lap_ = Clock::now();
  // MLP.
  gemm(true, false, f, h, t, T(1), act_.data(), f, dy.data(), h, T(0), grads_.w_down.data(), h);
  lap(12);
  gemm(false, true, t, f, h, T(1), dy.data(), h, params_.w_down.data(), h, T(0), dact_.data(), f);
  lap(13);
  parallel_for(dact_.size(), 1, [this](size_t b, size_t e) {
    if constexpr (std::is_same_v<T, float>) {
      gelu_backward_f32(up_.data() + b, dact_.data() + b, e - b);
    } else {
      for (size_t i = b; i < e; ++i) dact_[i] *= gelu_grad(up_[i]);
    }
  });
  lap(14);
  gemm(true, false, h, f, t, T(1), a2_.data(), h, dact_.data(), f, T(0), grads_.w_up.data(), f);
  lap(15);
  gemm(false, true, t, h, f, T(1), dact_.data(), f, params_.w_up.data(), f, T(0), da_.data(), h);
  lap(16);
  dx1_ = dy;
  lap(17);
  layernorm_backward(da_.data(), xhat2_.data(), rstd2_.data(), params_.ln2_gain.data(), dx1_.data(),
                     grads_.ln2_gain.data(), grads_.ln2_bias.data(), t, h);
  lap(18);
  // Attention.
  gemm(true, false, h, h, t, T(1), att_.data(), h, dx1_.data(), h, T(0), grads_.w_out.data(), h);
  lap(19);
  gemm(false, true, t, h, h, T(1), dx1_.data(), h, params_.w_out.data(), h, T(0), datt_.data(), h);
  lap(20);
  // dP and dV for every (sequence, head), one softmax backward, then dQ and dK.
  const size_t blocks = size_t(shape_.batch) * shape_.heads;
  for (size_t bh = 0; bh < blocks; ++bh) {
    const size_t row0 = (bh / shape_.heads) * s, col = (bh % shape_.heads) * d;
    gemm(false, true, s, s, d, T(1), datt_.data() + row0 * h + col, h,
         qkv_.data() + row0 * h3 + 2 * h + col, h3, T(0), dprobs_.data() + bh * s * s, s);
  }
  lap(21);
  for (size_t bh = 0; bh < blocks; ++bh) {
    const size_t row0 = (bh / shape_.heads) * s, col = (bh % shape_.heads) * d;
    gemm(true, false, s, d, s, T(1), probs_.data() + bh * s * s, s, datt_.data() + row0 * h + col,
         h, T(0), dqkv_.data() + row0 * h3 + 2 * h + col, h3);
  }
  lap(22);
  parallel_for(blocks * s * s, s, [this, s](size_t b, size_t e) {
    if constexpr (std::is_same_v<T, float>) {
      softmax_backward_rows_f32(probs_.data(), dprobs_.data(), s, b, e);
    } else {
      softmax_backward_rows(probs_.data(), dprobs_.data(), s, b, e);
    }
  });
  lap(23);
  for (size_t bh = 0; bh < blocks; ++bh) {
    const size_t row0 = (bh / shape_.heads) * s, col = (bh % shape_.heads) * d;
    const T* q = qkv_.data() + row0 * h3 + col;
    gemm(false, false, s, d, s, scale, dprobs_.data() + bh * s * s, s, q + h, h3, T(0),
         dqkv_.data() + row0 * h3 + col, h3);
  }
  lap(24);
  for (size_t bh = 0; bh < blocks; ++bh) {
    const size_t row0 = (bh / shape_.heads) * s, col = (bh % shape_.heads) * d;
    const T* q = qkv_.data() + row0 * h3 + col;
    gemm(true, false, s, d, s, scale, dprobs_.data() + bh * s * s, s, q, h3, T(0),
         dqkv_.data() + row0 * h3 + h + col, h3);
  }
  lap(25);
  gemm(true, false, h, h3, t, T(1), a1_.data(), h, dqkv_.data(), h3, T(0), grads_.w_qkv.data(), h3);
  lap(26);
  gemm(false, true, t, h, h3, T(1), dqkv_.data(), h3, params_.w_qkv.data(), h3, T(0), da_.data(),
       h);
  lap(27);
  dx = dx1_;
  lap(28);
  layernorm_backward(da_.data(), xhat1_.data(), rstd1_.data(), params_.ln1_gain.data(), dx.data(),
                     grads_.ln1_gain.data(), grads_.ln1_bias.data(), t, h);
  lap(29);
}

template class GptBlock<float>;
template class GptBlock<double>;

namespace {

// A float block with a fixed random input and output gradient: what both timers run.
struct TimedBlock {
  explicit TimedBlock(const BlockShape& shape) : block(shape, 1) {
    std::mt19937 rng(2);
    const size_t n = size_t(shape.tokens()) * shape.hidden;
    x = random_vector<float>(n, 1.0, 0.0, rng);
    dy = random_vector<float>(n, 1.0, 0.0, rng);
  }
  void step() {
    block.forward(x, y);
    block.backward(dy, dx);
  }
  GptBlock<float> block;
  std::vector<float> x, dy, y, dx;
};

}  // namespace

Result<std::vector<double>> time_block_step(const BlockShape& shape, const TimingOptions& options) {
  if (Status ok = check_block_shape(shape); !ok) return ok.error();
  TimedBlock run(shape);
  return time_calls([&] { run.step(); }, options);
}

Result<std::vector<double>> time_block_kernels(const BlockShape& shape,
                                               const TimingOptions& options) {
  if (Status ok = check_block_shape(shape); !ok) return ok.error();
  TimedBlock run(shape);
  for (int i = 0; i < options.warmup; ++i) run.step();
  const size_t kernels = gpt_block_ops(shape, sizeof(float)).size();
  std::vector<std::vector<double>> per_kernel(kernels);
  for (int r = 0; r < options.repeats; ++r) {
    if (options.stop && options.stop->load()) return Error("interrupted");
    std::vector<double> seconds(kernels, 0.0);
    run.block.time_kernels(&seconds);
    run.step();
    run.block.time_kernels(nullptr);
    for (size_t i = 0; i < kernels; ++i) per_kernel[i].push_back(seconds[i]);
  }
  std::vector<double> median(kernels, 0.0);
  for (size_t i = 0; i < kernels; ++i) median[i] = summarize(per_kernel[i]).median_s;
  return median;
}

}  // namespace suanli::bench
