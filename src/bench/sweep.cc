#include "bench/sweep.h"

namespace suanli::bench {
namespace {

void add_transformer_shapes(std::vector<GemmShape>& out, const std::vector<int64_t>& tokens,
                            const std::vector<int64_t>& hiddens, bool all_four) {
  for (int64_t h : hiddens) {
    for (int64_t t : tokens) {
      out.push_back({t, 3 * h, h});
      if (all_four) out.push_back({t, h, h});
      out.push_back({t, 4 * h, h});
      out.push_back({t, h, 4 * h});
    }
  }
}

// The per-head GEMMs of unfused attention for sequence length s and head width d: scores
// (s, s, d) and probabilities x V (s, d, s), far smaller than the projections around them.
void add_attention_shapes(std::vector<GemmShape>& out, const std::vector<int64_t>& seqs,
                          const std::vector<int64_t>& head_dims) {
  for (int64_t d : head_dims) {
    for (int64_t s : seqs) {
      out.push_back({s, s, d});
      out.push_back({s, d, s});
    }
  }
}

}  // namespace

SweepPlan make_sweep(bool accelerator, bool quick) {
  SweepPlan plan;
  const std::vector<int64_t> squares =
      accelerator ? (quick ? std::vector<int64_t>{256, 1024, 2048, 4096, 8192}
                           : std::vector<int64_t>{128, 256, 512, 1024, 2048, 4096, 8192, 16384})
                  : (quick ? std::vector<int64_t>{64, 128, 256, 512, 1024, 2048}
                           : std::vector<int64_t>{32, 64, 128, 256, 512, 1024, 2048, 4096});
  for (int64_t d : squares) plan.gemm.push_back({d, d, d});
  if (accelerator) {
    add_transformer_shapes(
        plan.gemm,
        quick ? std::vector<int64_t>{512, 4096} : std::vector<int64_t>{128, 512, 2048, 8192},
        quick ? std::vector<int64_t>{4096} : std::vector<int64_t>{4096, 8192}, !quick);
  } else {
    add_transformer_shapes(
        plan.gemm, quick ? std::vector<int64_t>{256, 1024} : std::vector<int64_t>{128, 512, 2048},
        quick ? std::vector<int64_t>{1024} : std::vector<int64_t>{1024, 2048}, !quick);
    add_attention_shapes(plan.gemm,
                         quick ? std::vector<int64_t>{256} : std::vector<int64_t>{256, 1024},
                         quick ? std::vector<int64_t>{64} : std::vector<int64_t>{64, 128});
  }
  // CPU arrays: 128-256 MiB each, far beyond any server's last-level cache per thread.
  // GPU arrays: 1-2 GiB each, 20x an H100's 50 MB L2.
  plan.stream_elements =
      accelerator ? (quick ? (1LL << 27) : (1LL << 28)) : (quick ? (1LL << 24) : (1LL << 25));
  if (accelerator) plan.all_reduce_bytes = {1 << 20, 16 << 20, 256 << 20};
  plan.timing.repeats = quick ? 3 : 5;
  plan.timing.min_sample_s = quick ? 2e-3 : 1e-2;
  return plan;
}

}  // namespace suanli::bench
