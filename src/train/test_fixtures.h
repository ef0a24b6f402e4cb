// Value types built directly (no catalog) for the training-model tests and benchmarks.
#pragma once

#include "suanli/chip.h"
#include "suanli/model.h"
#include "suanli/system.h"

namespace suanli::fixtures {

/// A100 80GB SXM figures (312 TFLOP/s FP16/BF16, 2.039 TB/s, 80 GB, 400 W).
inline Chip a100_chip() {
  Chip c;
  c.id = "a100-test";
  c.dense_flop_per_s[index_of(Precision::fp16)] = 312e12;
  c.dense_flop_per_s[index_of(Precision::bf16)] = 312e12;
  c.memory_bytes = 80e9;
  c.memory_bw_bytes_per_s = 2.039e12;
  c.tdp_w = 400;
  c.efficiency.gemm_max_fraction = 0.75;  // by name: ChipEfficiency grows fields
  c.efficiency.gemm_half_dim = 64;
  c.efficiency.attention_fraction = 0.6;
  c.efficiency.memory_bw_fraction = 0.88;
  c.efficiency.kernel_overhead_s = 4e-6;
  return c;
}

/// DGX A100: 8 GPUs on NVLink (300 GB/s per direction), 200 Gb/s InfiniBand per GPU.
inline System dgx_a100() {
  System s;
  s.id = "dgx-a100-test";
  s.chips_per_node = 8;
  s.scaleup = NetworkTier{"nvlink", 8, 300e9, 3e-6, 0.75};
  s.scaleout = NetworkTier{"ib", 0, 25e9, 5e-6, 0.9};
  return s;
}

/// A GPT-style model (Narayanan et al. 2021 Table 1 shapes): ffn = 4h, vocab 51200.
inline Model gpt(int layers, int64_t hidden, int heads) {
  Model m;
  m.id = "gpt-test";
  m.layers = layers;
  m.hidden = hidden;
  m.heads = heads;
  m.kv_heads = heads;
  m.ffn = 4 * hidden;
  m.vocab = 51200;
  m.max_seq = 2048;
  return m;
}

}  // namespace suanli::fixtures
