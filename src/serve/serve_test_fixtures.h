// Chips, systems and models built directly for the serve tests (figures from the catalog's
// h100 / dgx-h100 / llama3 / deepseek-v3 entries), so the tests do not depend on the catalog.
#pragma once

#include "suanli/chip.h"
#include "suanli/model.h"
#include "suanli/system.h"

namespace suanli::serve_testing {

/// H100 SXM5: dense BF16 989.4, FP8 1978.9 TFLOP/s; 80 GB at 3.35 TB/s.
inline Chip h100() {
  Chip c;
  c.id = "h100";
  c.dense_flop_per_s[index_of(Precision::bf16)] = 989.4e12;
  c.dense_flop_per_s[index_of(Precision::fp16)] = 989.4e12;
  c.dense_flop_per_s[index_of(Precision::fp8)] = 1978.9e12;
  c.memory_bytes = 80e9;
  c.memory_bw_bytes_per_s = 3.35e12;
  c.efficiency.gemm_max_fraction = 0.75;
  c.efficiency.gemm_half_dim = 96.0;
  c.efficiency.attention_fraction = 0.6;
  c.efficiency.memory_bw_fraction = 0.88;
  c.efficiency.kernel_overhead_s = 4e-6;
  return c;
}

/// 8 chips on NVLink (450 GB/s per direction), InfiniBand (50 GB/s) between nodes;
/// `span` chips per scale-up domain.
inline System nvlink_system(int span = 8) {
  System s;
  s.id = "test-system";
  s.chips_per_node = span;
  s.scaleup = NetworkTier{"NVLink", span, 450e9, 3e-6, 0.8};
  s.scaleout = NetworkTier{"InfiniBand", 0, 50e9, 5e-6, 0.9};
  return s;
}

/// Llama-3-8B shape (GQA, 8 KV heads).
inline Model llama3_8b() {
  Model m;
  m.id = "llama3-8b";
  m.layers = 32;
  m.hidden = 4096;
  m.heads = 32;
  m.kv_heads = 8;
  m.head_dim = 128;
  m.ffn = 14336;
  m.mlp = MlpKind::gated;
  m.norm = NormKind::rmsnorm;
  m.vocab = 128256;
  m.max_seq = 8192;
  return m;
}

/// Llama-3-70B shape.
inline Model llama3_70b() {
  Model m = llama3_8b();
  m.id = "llama3-70b";
  m.layers = 80;
  m.hidden = 8192;
  m.heads = 64;
  m.ffn = 28672;
  return m;
}

/// DeepSeek-V3 shape (MLA + 256 routed experts, top-8, 1 shared).
inline Model deepseek_v3() {
  Model m;
  m.id = "deepseek-v3";
  m.layers = 61;
  m.hidden = 7168;
  m.heads = 128;
  m.kv_heads = 128;
  m.head_dim = 128;
  m.ffn = 18432;
  m.mlp = MlpKind::gated;
  m.norm = NormKind::rmsnorm;
  m.vocab = 129280;
  m.max_seq = 131072;
  m.moe = MoeConfig{256, 8, 1, 2048, 3};
  m.mla = MlaConfig{1536, 512, 128, 64, 128};
  return m;
}

}  // namespace suanli::serve_testing
