// The key/value cache of a decoder-only transformer: bytes per token, and how a
// tensor-parallel group splits (or replicates) the cached heads.
//
//   standard / GQA:  per token per layer  2 · kv_heads · head_dim · bytes   (K and V)
//   MLA (DeepSeek):  per token per layer  (kv_lora_rank + qk_rope_head_dim) · bytes
//
// Pope et al. 2023 ("Efficiently Scaling Transformer Inference", sec. 2.1) give the first
// form; DeepSeek-AI 2024 (DeepSeek-V2, sec. 2.1.2, eq. 14-19) the latent one.
#pragma once

#include "suanli/model.h"
#include "suanli/precision.h"
#include "suanli/status.h"

namespace suanli {

/// The KV cache of one model on one chip of a tensor-parallel group of `tp` chips.
struct KvLayout {
  /// KV heads one chip stores; tp > kv_heads replicates each head on tp / kv_heads chips, as
  /// vLLM and TensorRT-LLM do. 0 for MLA (the latent is not split into heads). Default 0.
  int kv_heads_per_chip = 0;
  /// Copies of each KV head across the TP group (1 = no replication; tp for MLA, whose latent
  /// every rank holds whole). Default 1.
  int replication = 1;
  /// True when the cache is MLA's compressed latent. Default false.
  bool latent = false;
  /// Cache bytes one chip stores per token per layer, bytes. Default 0.
  double bytes_per_token_layer = 0;
};

/// KV-cache bytes per token of the whole model (every layer, every KV head once, no
/// replication): 2 · layers · kv_heads · head_dim · bytes, or the MLA latent form above.
/// REQUIRES: model passes validate_model().
double kv_bytes_per_token(const Model& model, Precision kv_precision);

/// How a TP group of `tp` chips holds the cache. Errors: tp < 1; tp does not divide the query
/// heads; tp and kv_heads where neither divides the other (engines reject those too).
Result<KvLayout> kv_layout(const Model& model, int tp, Precision kv_precision);

}  // namespace suanli
