#include "suanli/model_params.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "suanli/catalog.h"
#include "suanli/model_check.h"

namespace suanli {
namespace {

// GPT-style block: learned positions, tied embeddings, biases, LayerNorm, GELU MLP.
Model tiny_gpt() {
  Model m;
  m.layers = 2;
  m.hidden = 4;
  m.heads = 2;
  m.kv_heads = 2;
  m.head_dim = 2;
  m.ffn = 16;
  m.vocab = 10;
  m.max_seq = 8;
  m.mlp = MlpKind::gelu;
  m.norm = NormKind::layernorm;
  m.linear_bias = true;
  m.learned_positions = true;
  m.tied_embeddings = true;
  return m;
}

TEST(CountParams, TinyGptTermByTerm) {
  const double l = 2, h = 4, f = 16, v = 10, s = 8;
  const ParamCount c = count_params(tiny_gpt());
  EXPECT_DOUBLE_EQ(c.embedding, v * h + s * h);            // tied: no output head
  EXPECT_DOUBLE_EQ(c.attention, l * (4 * h * h + 4 * h));  // Q, K, V, O + biases
  EXPECT_DOUBLE_EQ(c.mlp, l * (2 * h * f + f + h));        // up, down + biases
  EXPECT_DOUBLE_EQ(c.norm, l * 2 * (2 * h) + 2 * h);       // 2 LayerNorms/layer + final
  EXPECT_DOUBLE_EQ(c.total, 72 + 160 + 296 + 40);          // the four terms above
  EXPECT_DOUBLE_EQ(c.active, c.total);
}

// Narayanan et al. 2021, section 5.1: P = 12 l h^2 (1 + 13/(12h) + (V + s)/(12 l h)) for
// GPT models with tied embeddings; it omits the final LayerNorm (2h).
TEST(CountParams, MatchesMegatronClosedFormForGpt3_175B) {
  Model m = tiny_gpt();
  m.layers = 96;
  m.hidden = 12288;
  m.heads = 96;
  m.kv_heads = 96;
  m.head_dim = 128;
  m.ffn = 4 * m.hidden;
  m.vocab = 50257;
  m.max_seq = 2048;
  const double l = 96, h = 12288, v = 50257, s = 2048;
  const double closed = 12 * l * h * h * (1 + 13 / (12 * h) + (v + s) / (12 * l * h));
  EXPECT_NEAR(count_params(m).total, closed + 2 * h, 1e-3);
}

TEST(CountParams, GroupedQueryAttentionUntiedRmsNormGated) {
  Model m;
  m.layers = 1;
  m.hidden = 8;
  m.heads = 4;
  m.kv_heads = 2;
  m.head_dim = 2;
  m.ffn = 12;
  m.vocab = 5;
  m.mlp = MlpKind::gated;
  m.norm = NormKind::rmsnorm;
  const double h = 8, q = 4 * 2, kv = 2 * 2, f = 12, v = 5;
  const ParamCount c = count_params(m);
  EXPECT_DOUBLE_EQ(c.embedding, 2 * v * h);  // input embedding + output head
  EXPECT_DOUBLE_EQ(c.attention, h * q + 2 * h * kv + q * h);
  EXPECT_DOUBLE_EQ(c.mlp, 3 * h * f);   // gate, up, down
  EXPECT_DOUBLE_EQ(c.norm, 2 * h + h);  // RMSNorm: gain only
  EXPECT_DOUBLE_EQ(c.total, c.embedding + c.attention + c.mlp + c.norm);
}

Model tiny_moe() {
  Model m;
  m.layers = 2;
  m.hidden = 4;
  m.heads = 2;
  m.kv_heads = 2;
  m.head_dim = 2;
  m.ffn = 6;
  m.vocab = 3;
  m.mlp = MlpKind::gated;
  m.norm = NormKind::rmsnorm;
  m.moe = MoeConfig{/*experts=*/4, /*top_k=*/1, /*shared_experts=*/1, /*expert_ffn=*/3,
                    /*dense_layers=*/1};
  return m;
}

TEST(CountParams, MixtureOfExpertsTotalAndActive) {
  const double h = 4, dense_f = 6, ef = 3, experts = 4, top_k = 1, shared = 1;
  const double expert = 3 * h * ef;
  const ParamCount c = count_params(tiny_moe());
  // Layer 1 is dense; layer 2 holds routed + shared experts and a router (h x experts).
  EXPECT_DOUBLE_EQ(c.mlp, 3 * h * dense_f + (experts + shared) * expert + h * experts);
  EXPECT_DOUBLE_EQ(c.active, c.total - (experts - top_k) * expert);
}

TEST(CountParams, TopKEqualToExpertsMeansAllActive) {
  Model m = tiny_moe();
  m.moe->top_k = m.moe->experts;
  const ParamCount c = count_params(m);
  EXPECT_DOUBLE_EQ(c.active, c.total);
}

Model tiny_mla(int q_lora_rank) {
  Model m;
  m.layers = 1;
  m.hidden = 8;
  m.heads = 2;
  m.kv_heads = 2;
  m.head_dim = 2;
  m.ffn = 4;
  m.vocab = 3;
  m.mlp = MlpKind::gated;
  m.norm = NormKind::rmsnorm;
  m.mla = MlaConfig{q_lora_rank, /*kv_lora_rank=*/3, /*qk_nope_head_dim=*/2,
                    /*qk_rope_head_dim=*/1, /*v_head_dim=*/2};
  return m;
}

// DeepSeek-V2 (arXiv 2405.04434) section 2.1: W_DQ h->r_q, W_UQ r_q->heads*(nope+rope),
// W_DKV + W_KR h->(r_kv + rope), W_UK/W_UV r_kv->heads*(nope+v), W_O heads*v->h.
TEST(CountParams, LatentAttentionWithQueryCompression) {
  const double h = 8, heads = 2, rq = 4, rkv = 3, nope = 2, rope = 1, v = 2;
  const ParamCount c = count_params(tiny_mla(4));
  EXPECT_DOUBLE_EQ(c.attention, h * rq + rq * heads * (nope + rope) + h * (rkv + rope) +
                                    rkv * heads * (nope + v) + heads * v * h);
  EXPECT_DOUBLE_EQ(c.norm, 2 * h + rq + rkv + h);  // block norms, latent norms, final norm
}

TEST(CountParams, LatentAttentionWithoutQueryCompression) {
  const double h = 8, heads = 2, rkv = 3, nope = 2, rope = 1, v = 2;
  const ParamCount c = count_params(tiny_mla(0));
  EXPECT_DOUBLE_EQ(c.attention, h * heads * (nope + rope) + h * (rkv + rope) +
                                    rkv * heads * (nope + v) + heads * v * h);
  EXPECT_DOUBLE_EQ(c.norm, 2 * h + rkv + h);
}

// Every catalog model lands near the count its authors state. 2% covers the rounded size
// names (GPT-3's "350M" is 355.9M); unconfirmed shapes (estimate = true) get 5%.
TEST(CatalogParams, EveryModelNearPublishedCount) {
  Result<Catalog> catalog = Catalog::builtin();
  ASSERT_TRUE(catalog.ok()) << catalog.error().message();
  ASSERT_FALSE(catalog->models().empty());
  for (const Model& m : catalog->models()) {
    ASSERT_TRUE(validate_model(m).ok()) << m.id;
    ASSERT_TRUE(m.published_params.has_value()) << m.id << " has no published_params_b";
    const double tolerance = m.estimate ? 0.05 : 0.02;
    const double total = count_params(m).total;
    EXPECT_NEAR(total / *m.published_params, 1.0, tolerance)
        << m.id << ": computed " << total / 1e9 << "B, published " << *m.published_params / 1e9
        << "B";
  }
}

struct Published {
  const char* id;
  double total_b;    // stated total, 1e9
  double active_b;   // stated active per token, 1e9 (0 = dense)
  double tolerance;  // relative
};

// Where the authors state an exact count (not a rounded name), the shape must reproduce it
// tightly: model cards for Llama and Qwen, Jiang et al. 2024 for Mixtral, DeepSeek-V3's
// abstract (671B total, 37B activated, without the MTP module), Narayanan et al. 2021 Table 1.
TEST(CatalogParams, ExactPublishedCounts) {
  Result<Catalog> catalog = Catalog::builtin();
  ASSERT_TRUE(catalog.ok()) << catalog.error().message();
  const Published cases[] = {
      {"llama2-7b", 6.74, 0, 0.005},   {"llama3-8b", 8.03, 0, 0.005},
      {"llama3-70b", 70.6, 0, 0.005},  {"qwen2.5-72b", 72.7, 0, 0.005},
      {"megatron-1t", 1008, 0, 0.005}, {"mixtral-8x7b", 46.7, 12.9, 0.005},
      {"deepseek-v3", 671, 37, 0.03},
  };
  for (const Published& p : cases) {
    Result<Model> m = catalog->model(p.id);
    ASSERT_TRUE(m.ok()) << m.error().message();
    const ParamCount c = count_params(*m);
    EXPECT_NEAR(c.total / (p.total_b * 1e9), 1.0, p.tolerance) << p.id;
    if (p.active_b > 0) {
      EXPECT_NEAR(c.active / (p.active_b * 1e9), 1.0, p.tolerance) << p.id << " active";
    } else {
      EXPECT_DOUBLE_EQ(c.active, c.total) << p.id;
    }
  }
}

}  // namespace
}  // namespace suanli
