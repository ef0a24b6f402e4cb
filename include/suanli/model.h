// A transformer's shape. Parameter counts are computed from it (model_params.h).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace suanli {

enum class MlpKind { gelu, gated };        ///< gelu: 2 matrices; gated (SwiGLU): 3 matrices
enum class NormKind { layernorm, rmsnorm };  ///< layernorm has weight and bias

/// Mixture-of-experts layout of the MLP.
struct MoeConfig {
  int experts = 0;          ///< routed experts per MoE layer
  int top_k = 0;            ///< routed experts each token visits
  int shared_experts = 0;   ///< experts every token visits
  int64_t expert_ffn = 0;   ///< hidden width of one expert's MLP
  int dense_layers = 0;     ///< leading layers with a dense MLP of width Model::ffn
};

/// Multi-head latent attention (DeepSeek-V2/V3): low-rank compressed Q and KV.
struct MlaConfig {
  int q_lora_rank = 0;        ///< rank of the query compression (0 = no compression)
  int kv_lora_rank = 0;       ///< rank of the joint KV compression (the cached latent)
  int qk_nope_head_dim = 0;   ///< per-head query/key width without rotary embedding
  int qk_rope_head_dim = 0;   ///< per-head rotary width (shared key part is cached)
  int v_head_dim = 0;         ///< per-head value width
};

/// A decoder-only transformer.
struct Model {
  std::string id;                    ///< catalog id, e.g. "llama3-70b"
  std::vector<std::string> aliases;  ///< other names
  std::string name;                  ///< human name
  int layers = 0;                    ///< transformer blocks
  int64_t hidden = 0;                ///< model width h
  int heads = 0;                     ///< attention (query) heads
  int kv_heads = 0;                  ///< key/value heads (== heads without GQA)
  int64_t head_dim = 0;              ///< per-head width; hidden / heads when not given
  int64_t ffn = 0;                   ///< MLP hidden width (dense layers)
  MlpKind mlp = MlpKind::gelu;       ///< MLP kind
  NormKind norm = NormKind::layernorm;  ///< normalisation kind
  bool linear_bias = false;          ///< linear layers carry biases (GPT-2/3)
  bool learned_positions = false;    ///< learned absolute position embedding (max_seq x h)
  /// Trained with dropout (attention and residual, as GPT-2/3 and Megatron models; LLaMA-era
  /// models train without): masks are stored and dropout kernels run.
  bool dropout = true;
  int64_t vocab = 0;                 ///< vocabulary size
  int64_t max_seq = 0;               ///< longest context the model supports, tokens (0 = unknown)
  /// Sequence length of its pre-training, tokens; 0 = max_seq. Long-context models pre-train
  /// short and extend late (DeepSeek-V3: 4K, then 128K), so training plans default to this.
  int64_t train_seq = 0;
  bool tied_embeddings = false;      ///< output projection shares the input embedding
  std::optional<MoeConfig> moe;      ///< present for MoE models
  std::optional<MlaConfig> mla;      ///< present for models using latent attention
  std::optional<double> published_params;  ///< parameter count the authors state
  bool estimate = false;             ///< true when the shape is unconfirmed (e.g. GPT-4)
  std::string notes;                 ///< caveats
  std::map<std::string, std::string> sources;  ///< field -> source
};

}  // namespace suanli
