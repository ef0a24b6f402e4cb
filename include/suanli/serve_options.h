// Constants of the serving engine the serve model assumes. They describe the engine, not the
// chip or the model: defaults follow TensorRT-LLM (the engine behind the public serving
// validation cases); vLLM's values are given beside them.
#pragma once

namespace suanli {

/// How the engine manages memory and schedules requests (in-flight batching).
struct ServeOptions {
  /// Fraction of the memory left after weights, activation buffers and the runtime reserve
  /// that the engine gives to the paged KV cache. TensorRT-LLM's
  /// KvCacheConfig.free_gpu_memory_fraction (default 0.9); vLLM's gpu_memory_utilization is
  /// 0.9 of the total instead. Default 0.9.
  double kv_memory_fraction = 0.9;
  /// Memory per chip held outside weights, activations and KV cache: CUDA/CANN context,
  /// GEMM and communication library workspaces, decoder buffers, bytes. Default 1e9.
  double runtime_reserve_bytes = 1e9;
  /// Tokens per KV-cache block (paged attention, Kwon et al. 2023): a request holds whole
  /// blocks. TensorRT-LLM tokens_per_block 32; vLLM 16. Default 32.
  int kv_block_tokens = 32;
  /// Requests in flight per replica at most (decoder buffers). trtllm-bench caps its max
  /// batch size at 4096; vLLM's max_num_seqs defaults to 256. Default 4096.
  int max_batch = 4096;
  /// Tokens one iteration processes at most (decode tokens plus prompt chunks); sizes the
  /// activation buffers. TensorRT-LLM max_num_tokens default 8192 (vLLM
  /// max_num_batched_tokens varies). Default 8192.
  int max_num_tokens = 8192;
  /// True: a request is admitted only when the KV blocks for its whole input + output are
  /// free (TensorRT-LLM's GUARANTEED_NO_EVICT scheduler, the default). False: admission by
  /// average occupancy, input + output / 2 (vLLM, which preempts when memory runs out).
  bool reserve_full_sequence = true;
  /// Bytes per activation element passed between kernels and in TP all-reduces (16-bit
  /// activations even with 8-bit weights). Default 2.
  double activation_bytes = 2.0;
  /// Bytes per logit (the LM head writes FP32 logits that sampling reads). Default 4.
  double logit_bytes = 4.0;
};

}  // namespace suanli
