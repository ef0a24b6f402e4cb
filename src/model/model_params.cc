// Parameter counts of a decoder-only transformer, term by term. Conventions follow the
// released checkpoints (Megatron-LM / Hugging Face): every linear layer is a weight matrix
// (+ a bias vector when linear_bias), every norm a weight (+ a bias for LayerNorm).
#include "suanli/model_params.h"

namespace suanli {
namespace {

// Parameters of one norm: LayerNorm has a gain and a bias, RMSNorm only a gain.
double norm_params(const Model& m, double width) {
  return m.norm == NormKind::layernorm ? 2.0 * width : width;
}

// Standard (grouped-query) attention: Q (heads*d), K and V (kv_heads*d each), output.
double mha_params(const Model& m) {
  const double h = static_cast<double>(m.hidden);
  const double q = static_cast<double>(m.heads) * static_cast<double>(m.head_dim);
  const double kv = static_cast<double>(m.kv_heads) * static_cast<double>(m.head_dim);
  double p = h * (q + 2.0 * kv) + q * h;
  if (m.linear_bias) p += q + 2.0 * kv + h;
  return p;
}

// Multi-head latent attention (DeepSeek-V2/V3, arXiv 2405.04434 section 2.1): queries through
// a low-rank down/up pair (or one matrix when q_lora_rank = 0); one down-projection to the KV
// latent plus the shared rotary key; an up-projection to per-head no-rope keys and values.
double mla_params(const Model& m) {
  const MlaConfig& a = *m.mla;
  const double h = static_cast<double>(m.hidden);
  const double heads = static_cast<double>(m.heads);
  const double qk_dim = static_cast<double>(a.qk_nope_head_dim + a.qk_rope_head_dim);
  const double q = a.q_lora_rank > 0
                       ? h * a.q_lora_rank + static_cast<double>(a.q_lora_rank) * heads * qk_dim
                       : h * heads * qk_dim;
  const double kv_down = h * (a.kv_lora_rank + a.qk_rope_head_dim);
  const double kv_up =
      static_cast<double>(a.kv_lora_rank) * heads * (a.qk_nope_head_dim + a.v_head_dim);
  const double out = heads * a.v_head_dim * h;
  double p = q + kv_down + kv_up + out;
  if (m.linear_bias) p += heads * qk_dim + heads * (a.qk_nope_head_dim + a.v_head_dim) + h;
  return p;
}

// Norms on the MLA latents (one on the query latent when compressed, one on the KV latent).
double mla_latent_norms(const Model& m) {
  if (!m.mla) return 0;
  return norm_params(m, m.mla->q_lora_rank) + norm_params(m, m.mla->kv_lora_rank);
}

// One MLP of width f: GELU has up and down matrices, a gated MLP (SwiGLU) gate, up and down.
double mlp_params(const Model& m, int64_t width) {
  const double h = static_cast<double>(m.hidden);
  const double f = static_cast<double>(width);
  const bool gated = m.mlp == MlpKind::gated;
  double p = (gated ? 3.0 : 2.0) * h * f;
  if (m.linear_bias) p += (gated ? 2.0 : 1.0) * f + h;
  return p;
}

struct MlpTotals {
  double total = 0;     // all layers' MLP parameters, router included
  double inactive = 0;  // routed-expert parameters one token does not visit
};

// Dense layers use Model::ffn; MoE layers hold routed + shared experts and a router (h x E).
MlpTotals mlp_totals(const Model& m) {
  if (!m.moe) return {m.layers * mlp_params(m, m.ffn), 0.0};
  const MoeConfig& e = *m.moe;
  const double expert = mlp_params(m, e.expert_ffn);
  const double moe_layers = static_cast<double>(m.layers - e.dense_layers);
  const double router = static_cast<double>(m.hidden) * e.experts;
  MlpTotals t;
  t.total = e.dense_layers * mlp_params(m, m.ffn) +
            moe_layers * ((e.experts + e.shared_experts) * expert + router);
  t.inactive = moe_layers * (e.experts - e.top_k) * expert;
  return t;
}

// Token embedding (+ learned positions) (+ output head when untied).
double embedding_params(const Model& m) {
  const double h = static_cast<double>(m.hidden);
  double p = static_cast<double>(m.vocab) * h;
  if (m.learned_positions) p += static_cast<double>(m.max_seq) * h;
  if (!m.tied_embeddings) p += static_cast<double>(m.vocab) * h;
  return p;
}

}  // namespace

ParamCount count_params(const Model& model) {
  const double h = static_cast<double>(model.hidden);
  ParamCount c;
  c.embedding = embedding_params(model);
  c.attention = model.layers * (model.mla ? mla_params(model) : mha_params(model));
  const MlpTotals mlp = mlp_totals(model);
  c.mlp = mlp.total;
  // Two norms per block (before attention and before the MLP) plus the final norm.
  c.norm = model.layers * (2.0 * norm_params(model, h) + mla_latent_norms(model)) +
           norm_params(model, h);
  c.total = c.embedding + c.attention + c.mlp + c.norm;
  c.active = c.total - mlp.inactive;
  return c;
}

}  // namespace suanli
