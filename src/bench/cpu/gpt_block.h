// One GPT block's forward and backward pass computed for real on the CPU (OpenBLAS GEMMs,
// plain loops for LayerNorm, softmax and GeLU), kernel for kernel as gpt_block_ops lists
// them, so that its measured time can be compared with the cost model's prediction.
#pragma once

#include <atomic>
#include <chrono>
#include <vector>

#include "bench/backend.h"
#include "bench/gpt_block_ops.h"

namespace suanli::bench {

/// Parameters (or their gradients) of one block, row-major.
template <class T>
struct BlockParams {
  std::vector<T> ln1_gain, ln1_bias;  ///< [h]
  std::vector<T> w_qkv;               ///< [h, 3h]: Q, K, V column blocks
  std::vector<T> w_out;               ///< [h, h]
  std::vector<T> ln2_gain, ln2_bias;  ///< [h]
  std::vector<T> w_up;                ///< [h, f]
  std::vector<T> w_down;              ///< [f, h]
};

/// A block with its saved activations. T is float (timing) or double (gradient checks).
template <class T>
class GptBlock {
 public:
  /// Random weights (N(0, 0.02)-like, uniform) from `seed`. REQUIRES: check_block_shape ok.
  GptBlock(const BlockShape& shape, unsigned seed);

  /// y = block(x); x and y are [tokens, hidden]. Saves what backward needs.
  void forward(const std::vector<T>& x, std::vector<T>& y);
  /// Given dL/dy, sets dL/dx and grads() (overwritten, not accumulated).
  /// REQUIRES: forward ran on the input whose gradient is wanted.
  void backward(const std::vector<T>& dy, std::vector<T>& dx);

  BlockParams<T>& params() { return params_; }
  const BlockParams<T>& grads() const { return grads_; }
  const BlockShape& shape() const { return shape_; }

  /// When non-null, forward and backward add each kernel's wall time, in seconds, to
  /// (*seconds)[i], i the kernel's index in gpt_block_ops (resized to match if smaller).
  /// Per-head GEMM loops count as one kernel, as gpt_block_ops lists them.
  void time_kernels(std::vector<double>* seconds) { kernel_s_ = seconds; }

 private:
  using Clock = std::chrono::steady_clock;
  // Ends kernel `index` (adds the time since the previous lap); no-op when not timing.
  void lap(size_t index);

  BlockShape shape_;
  BlockParams<T> params_, grads_;
  // Saved activations.
  std::vector<T> xhat1_, rstd1_, a1_, qkv_, probs_, att_, x1_, xhat2_, rstd2_, a2_, up_, act_;
  // Backward scratch.
  std::vector<T> dact_, da_, dx1_, datt_, dqkv_, dprobs_;
  std::vector<double>* kernel_s_ = nullptr;
  Clock::time_point last_lap_;
};

/// Seconds per training step (forward + backward) of a float block for each sample.
Result<std::vector<double>> time_block_step(const BlockShape& shape, const TimingOptions& options);

/// Median seconds per step of each kernel of gpt_block_ops (same order) over
/// options.repeats timed steps after options.warmup untimed ones.
Result<std::vector<double>> time_block_kernels(const BlockShape& shape,
                                               const TimingOptions& options);

}  // namespace suanli::bench
