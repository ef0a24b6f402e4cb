// Float elementwise kernels of the CPU GPT block (GeLU, causal softmax and their backward),
// vectorised the way frameworks' CPU kernels are (PyTorch's Vectorized<float> with SLEEF-style
// polynomial exp/tanh, Intel's oneDNN eltwise): 16 lanes at a time, the widest vector unit
// picked at run time. Scalar libm tanhf/expf cost ~20-30 ns per element, which made these
// kernels 50x slower than the bytes they move; vectorised they run near memory bandwidth,
// which is what the cost model (memory_op_time_s) assumes.
#pragma once

#include <cstddef>

namespace suanli::bench {

/// exp(x) as the kernels compute it: Cephes expf polynomial with Cody-Waite range reduction,
/// relative error below 2e-7 for x in [-87, 88]; inputs are clamped to that range.
float vector_exp(float x);

/// tanh(z) = 1 - 2 / (exp(2z) + 1) with vector_exp; absolute error below 3e-7.
float vector_tanh(float z);

/// out[i] = gelu(u[i]), tanh form (Hendrycks & Gimpel 2016, Sec. 2), i in [0, n).
void gelu_forward_f32(const float* u, float* out, size_t n);

/// d[i] *= gelu'(u[i]) for the same GeLU, i in [0, n).
void gelu_backward_f32(const float* u, float* d, size_t n);

/// In place, rows [begin, end) of stacked s x s score blocks: row r is query r % s, which sees
/// keys 0 .. r % s; the rest of the row is set to 0.
void causal_softmax_rows_f32(float* p, int s, size_t begin, size_t end);

/// dS = P * (dP - rowsum(P * dP)) in place on dP, rows [begin, end) of length s.
void softmax_backward_rows_f32(const float* p, float* dp, int s, size_t begin, size_t end);

/// LayerNorm (Ba et al. 2016) of rows [begin, end) of width `cols`: xhat = (x - mean) * rstd,
/// out = gain * xhat + bias, rstd = 1 / sqrt(var + eps); saves xhat and rstd for backward.
void layernorm_forward_rows_f32(const float* x, const float* gain, const float* bias, float* out,
                                float* xhat, float* rstd, size_t begin, size_t end, size_t cols,
                                float eps);

/// LayerNorm backward of rows [begin, end): adds dx = rstd * (dxhat - mean(dxhat) -
/// xhat * mean(dxhat * xhat)), dxhat = dout * gain, to dx_accumulate, and the rows'
/// dout * xhat and dout to dgain and dbias.
void layernorm_backward_rows_f32(const float* dout, const float* xhat, const float* rstd,
                                 const float* gain, float* dx_accumulate, float* dgain,
                                 float* dbias, size_t begin, size_t end, size_t cols);

}  // namespace suanli::bench
