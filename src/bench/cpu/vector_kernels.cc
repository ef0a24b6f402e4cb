#include "bench/cpu/vector_kernels.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

// Each public kernel is compiled for AVX-512, AVX2 and the baseline and picked at load time
// (GCC/Clang function multiversioning), as frameworks dispatch on the CPU's vector width.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__SANITIZE_ADDRESS__)
#define SUANLI_VECTOR_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define SUANLI_VECTOR_CLONES
#endif
#define SUANLI_INLINE inline __attribute__((always_inline))

namespace suanli::bench {
namespace {

constexpr size_t kLanes = 16;
// 16-byte aligned (the loads and stores are unaligned anyway): GCC notes a 64-byte aligned
// by-value parameter as an ABI change.
using RawF = float __attribute__((vector_size(kLanes * sizeof(float)), aligned(16)));
using RawI = int32_t __attribute__((vector_size(kLanes * sizeof(float)), aligned(16)));

// The vectors travel wrapped in structs: Clang rejects a bare 64-byte vector argument in the
// baseline clone (an ABI change without AVX-512); a struct is passed in memory under every ABI,
// and all of these helpers are inlined anyway.
struct V {
  RawF r;
};
struct VI {
  RawI r;
};

SUANLI_INLINE V operator+(V a, V b) { return {a.r + b.r}; }
SUANLI_INLINE V operator-(V a, V b) { return {a.r - b.r}; }
SUANLI_INLINE V operator*(V a, V b) { return {a.r * b.r}; }
SUANLI_INLINE V operator+(V a, float b) { return {a.r + b}; }
SUANLI_INLINE V operator-(V a, float b) { return {a.r - b}; }
SUANLI_INLINE V operator*(V a, float b) { return {a.r * b}; }
SUANLI_INLINE V operator+(float a, V b) { return {a + b.r}; }
SUANLI_INLINE V operator-(float a, V b) { return {a - b.r}; }
SUANLI_INLINE V operator*(float a, V b) { return {a * b.r}; }
SUANLI_INLINE V operator/(float a, V b) { return {a / b.r}; }
SUANLI_INLINE V& operator+=(V& a, V b) { return a.r += b.r, a; }
SUANLI_INLINE VI operator<(V a, V b) { return {a.r < b.r}; }
SUANLI_INLINE VI operator>(V a, V b) { return {a.r > b.r}; }
SUANLI_INLINE VI operator<(VI a, int32_t b) { return {a.r < b}; }
SUANLI_INLINE VI operator&(VI a, VI b) { return {a.r & b.r}; }
SUANLI_INLINE VI operator|(VI a, VI b) { return {a.r | b.r}; }
SUANLI_INLINE VI operator~(VI a) { return {~a.r}; }
SUANLI_INLINE VI operator-(VI a, VI b) { return {a.r - b.r}; }
SUANLI_INLINE VI operator+(VI a, int32_t b) { return {a.r + b}; }
SUANLI_INLINE VI operator<<(VI a, int b) { return {a.r << b}; }
SUANLI_INLINE VI bits_of(V a) { return {(RawI)a.r}; }  // same bits, reinterpreted
SUANLI_INLINE V float_of(VI a) { return {(RawF)a.r}; }

SUANLI_INLINE V splat(float x) { return {RawF{} + x}; }
SUANLI_INLINE V select(VI mask, V a, V b) {
  return float_of((bits_of(a) & mask) | (bits_of(b) & ~mask));
}
SUANLI_INLINE V vmax(V a, V b) { return select(a > b, a, b); }
SUANLI_INLINE V vmin(V a, V b) { return select(a < b, a, b); }

// Loads `count` <= kLanes floats, the other lanes set to `fill`.
SUANLI_INLINE V load(const float* p, size_t count, float fill) {
  V v;
  if (count == kLanes) return std::memcpy(&v.r, p, sizeof v.r), v;
  v = splat(fill);
  std::memcpy(&v.r, p, count * sizeof(float));
  return v;
}
SUANLI_INLINE void store(float* p, V v, size_t count) {
  if (count == kLanes) return static_cast<void>(std::memcpy(p, &v.r, sizeof v.r));
  std::memcpy(p, &v.r, count * sizeof(float));
}

SUANLI_INLINE VI lane_index() {
  VI i{};
  for (size_t l = 0; l < kLanes; ++l) i.r[l] = static_cast<int32_t>(l);
  return i;
}

SUANLI_INLINE float horizontal_sum(V v) {
  float s = 0;
  for (size_t l = 0; l < kLanes; ++l) s += v.r[l];
  return s;
}
SUANLI_INLINE float horizontal_max(V v) {
  float m = v.r[0];
  for (size_t l = 1; l < kLanes; ++l) m = std::max(m, v.r[l]);
  return m;
}

// exp(x): n = round(x / ln 2) by the 1.5 * 2^23 rounding trick, r = x - n ln 2 in two parts
// (Cody & Waite 1980), e^r by the Cephes expf minimax polynomial, times 2^n built from bits.
SUANLI_INLINE V exp_v(V x) {
  const float magic = 12582912.0f;  // 1.5 * 2^23: adding it rounds to an integer
  x = vmin(vmax(x, splat(-87.0f)), splat(88.0f));
  const V t = x * 1.44269504088896341f + magic;
  const V n = t - magic;
  const VI ni = bits_of(t) - bits_of(splat(magic));
  const V r = x - n * 0.693359375f - n * -2.12194440e-4f;
  V p = splat(1.9875691500e-4f);
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  const V y = p * r * r + r + 1.0f;
  return y * float_of((ni + 127) << 23);
}

SUANLI_INLINE V tanh_v(V z) { return 1.0f - 2.0f / (exp_v(z + z) + 1.0f); }

constexpr float kGeluC = 0.7978845608028654f;  // sqrt(2 / pi)
constexpr float kGeluA = 0.044715f;

SUANLI_INLINE V gelu_v(V u) {
  return 0.5f * u * (1.0f + tanh_v(kGeluC * (u + kGeluA * u * u * u)));
}
SUANLI_INLINE V gelu_grad_v(V u) {
  const V t = tanh_v(kGeluC * (u + kGeluA * u * u * u));
  return 0.5f * (1.0f + t) + 0.5f * u * (1.0f - t * t) * kGeluC * (1.0f + 3 * kGeluA * u * u);
}

}  // namespace

float vector_exp(float x) { return exp_v(splat(x)).r[0]; }
float vector_tanh(float z) { return tanh_v(splat(z)).r[0]; }

SUANLI_VECTOR_CLONES void gelu_forward_f32(const float* u, float* out, size_t n) {
  for (size_t i = 0; i < n; i += kLanes) {
    const size_t c = std::min(kLanes, n - i);
    store(out + i, gelu_v(load(u + i, c, 0.0f)), c);
  }
}

SUANLI_VECTOR_CLONES void gelu_backward_f32(const float* u, float* d, size_t n) {
  for (size_t i = 0; i < n; i += kLanes) {
    const size_t c = std::min(kLanes, n - i);
    store(d + i, load(d + i, c, 0.0f) * gelu_grad_v(load(u + i, c, 0.0f)), c);
  }
}

SUANLI_VECTOR_CLONES void causal_softmax_rows_f32(float* p, int s, size_t begin, size_t end) {
  const float inf = std::numeric_limits<float>::infinity();
  const VI lanes = lane_index();
  for (size_t r = begin; r < end; ++r) {
    float* row = p + r * static_cast<size_t>(s);
    const size_t valid = r % static_cast<size_t>(s) + 1;
    V m = splat(-inf);
    for (size_t j = 0; j < valid; j += kLanes) {
      m = vmax(m, load(row + j, std::min(kLanes, valid - j), -inf));
    }
    const float max = horizontal_max(m);
    V sum{};
    for (size_t j = 0; j < valid; j += kLanes) {
      const size_t c = std::min(kLanes, valid - j);
      // Lanes past the row's last key hold exp(-87), not 0: zero them before summing.
      const V e = select(lanes < static_cast<int32_t>(c), exp_v(load(row + j, c, -inf) - max), V{});
      store(row + j, e, c);
      sum += e;
    }
    const float inv = 1.0f / horizontal_sum(sum);
    for (size_t j = 0; j < valid; j += kLanes) {
      const size_t c = std::min(kLanes, valid - j);
      store(row + j, load(row + j, c, 0.0f) * inv, c);
    }
    std::fill(row + valid, row + s, 0.0f);
  }
}

SUANLI_VECTOR_CLONES void softmax_backward_rows_f32(const float* p, float* dp, int s, size_t begin,
                                                    size_t end) {
  const size_t len = static_cast<size_t>(s);
  for (size_t r = begin; r < end; ++r) {
    const float* pr = p + r * len;
    float* dr = dp + r * len;
    V dot{};
    for (size_t j = 0; j < len; j += kLanes) {
      const size_t c = std::min(kLanes, len - j);
      dot += load(pr + j, c, 0.0f) * load(dr + j, c, 0.0f);
    }
    const float d = horizontal_sum(dot);
    for (size_t j = 0; j < len; j += kLanes) {
      const size_t c = std::min(kLanes, len - j);
      store(dr + j, load(pr + j, c, 0.0f) * (load(dr + j, c, 0.0f) - d), c);
    }
  }
}

// Two passes (mean, then variance about it) in 16 float lanes: the row stays in L1, so the
// second pass costs arithmetic, not memory traffic.
SUANLI_VECTOR_CLONES void layernorm_forward_rows_f32(const float* x, const float* gain,
                                                     const float* bias, float* out, float* xhat,
                                                     float* rstd, size_t begin, size_t end,
                                                     size_t cols, float eps) {
  for (size_t r = begin; r < end; ++r) {
    const float* xr = x + r * cols;
    V sum{};
    for (size_t c = 0; c < cols; c += kLanes) sum += load(xr + c, std::min(kLanes, cols - c), 0.0f);
    const float mean = horizontal_sum(sum) / static_cast<float>(cols);
    V var{};
    for (size_t c = 0; c < cols; c += kLanes) {
      const size_t n = std::min(kLanes, cols - c);
      const V d = load(xr + c, n, mean) - mean;
      var += d * d;
    }
    const float rs = 1.0f / std::sqrt(horizontal_sum(var) / static_cast<float>(cols) + eps);
    rstd[r] = rs;
    for (size_t c = 0; c < cols; c += kLanes) {
      const size_t n = std::min(kLanes, cols - c);
      const V h = (load(xr + c, n, 0.0f) - mean) * rs;
      store(xhat + r * cols + c, h, n);
      store(out + r * cols + c, load(gain + c, n, 0.0f) * h + load(bias + c, n, 0.0f), n);
    }
  }
}

SUANLI_VECTOR_CLONES void layernorm_backward_rows_f32(const float* dout, const float* xhat,
                                                      const float* rstd, const float* gain,
                                                      float* dx_accumulate, float* dgain,
                                                      float* dbias, size_t begin, size_t end,
                                                      size_t cols) {
  for (size_t r = begin; r < end; ++r) {
    const float* dr = dout + r * cols;
    const float* hr = xhat + r * cols;
    V sum_d{}, sum_dx{};
    for (size_t c = 0; c < cols; c += kLanes) {
      const size_t n = std::min(kLanes, cols - c);
      const V g = load(dr + c, n, 0.0f), h = load(hr + c, n, 0.0f);
      const V d = g * load(gain + c, n, 0.0f);
      sum_d += d, sum_dx += d * h;
      store(dgain + c, load(dgain + c, n, 0.0f) + g * h, n);
      store(dbias + c, load(dbias + c, n, 0.0f) + g, n);
    }
    const float mean_d = horizontal_sum(sum_d) / static_cast<float>(cols);
    const float mean_dx = horizontal_sum(sum_dx) / static_cast<float>(cols);
    float* xr = dx_accumulate + r * cols;
    for (size_t c = 0; c < cols; c += kLanes) {
      const size_t n = std::min(kLanes, cols - c);
      const V d = load(dr + c, n, 0.0f) * load(gain + c, n, 0.0f);
      const V dx = rstd[r] * (d - mean_d - load(hr + c, n, 0.0f) * mean_dx);
      store(xr + c, load(xr + c, n, 0.0f) + dx, n);
    }
  }
}

}  // namespace suanli::bench
