// What `suanli bench` measures: GEMM shapes (square, and the skinny shapes of a transformer
// layer: m = tokens, n/k = multiples of the hidden size), streaming-kernel array sizes and
// all-reduce message sizes. Sized separately for CPUs and accelerators.
#pragma once

#include <cstdint>
#include <vector>

#include "bench/backend.h"

namespace suanli::bench {

struct GemmShape {
  int64_t m = 0;  ///< rows of A and C (tokens for a transformer layer)
  int64_t n = 0;  ///< columns of B and C
  int64_t k = 0;  ///< inner dimension
};

/// A complete measurement plan.
struct SweepPlan {
  std::vector<GemmShape> gemm;           ///< shapes, each timed in every supported precision
  int64_t stream_elements = 0;           ///< doubles per array for the streaming kernels
  std::vector<double> all_reduce_bytes;  ///< message sizes per rank, bytes (> 1 device only)
  TimingOptions timing;                  ///< repeats and sample length
};

/// The plan for a device class. `quick` keeps a CPU run under a minute on 2 cores.
/// Transformer shapes per hidden size h and token count t: QKV (t, 3h, h), output
/// projection (t, h, h), MLP up (t, 4h, h) and down (t, h, 4h). CPUs also time unfused
/// attention's per-head GEMMs for sequence s and head width d: (s, s, d) and (s, d, s).
SweepPlan make_sweep(bool accelerator, bool quick);

}  // namespace suanli::bench
