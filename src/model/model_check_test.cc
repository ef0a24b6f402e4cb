#include "suanli/model_check.h"

#include <gtest/gtest.h>

#include <string>

namespace suanli {
namespace {

Model valid_model() {
  Model m;
  m.layers = 4;
  m.hidden = 64;
  m.heads = 8;
  m.kv_heads = 2;
  m.head_dim = 8;
  m.ffn = 256;
  m.vocab = 100;
  return m;
}

std::string message_of(const Model& m) {
  Status s = validate_model(m);
  return s.ok() ? "" : s.error().message();
}

TEST(ValidateModel, AcceptsValidShapes) {
  EXPECT_TRUE(validate_model(valid_model()).ok());
  Model moe = valid_model();
  moe.moe = MoeConfig{8, 2, 1, 128, 1};
  EXPECT_TRUE(validate_model(moe).ok());
  Model mla = valid_model();
  mla.mla = MlaConfig{0, 16, 8, 4, 8};
  EXPECT_TRUE(validate_model(mla).ok());
}

TEST(ValidateModel, RejectsNonPositiveDimensionNamingTheField) {
  Model m = valid_model();
  m.hidden = 0;
  EXPECT_EQ(message_of(m), "hidden: expected a positive integer, got 0");
  m = valid_model();
  m.vocab = -3;
  EXPECT_EQ(message_of(m), "vocab: expected a positive integer, got -3");
}

TEST(ValidateModel, KvHeadsMustDivideHeads) {
  Model m = valid_model();
  m.kv_heads = 3;
  EXPECT_EQ(message_of(m), "kv_heads: expected a divisor of heads (8), got 3");
}

TEST(ValidateModel, LearnedPositionsNeedMaxSeq) {
  Model m = valid_model();
  m.learned_positions = true;
  EXPECT_NE(message_of(m).find("max_seq:"), std::string::npos);
  m.max_seq = 512;
  EXPECT_TRUE(validate_model(m).ok());
}

TEST(ValidateModel, MoeFieldsConsistent) {
  Model m = valid_model();
  m.moe = MoeConfig{4, 5, 0, 128, 0};
  EXPECT_EQ(message_of(m), "top_k: expected at most experts (4), got 5");
  m.moe = MoeConfig{4, 2, 0, 0, 0};
  EXPECT_EQ(message_of(m), "expert_ffn: expected a positive integer, got 0");
  m.moe = MoeConfig{4, 2, 0, 128, 5};
  EXPECT_EQ(message_of(m), "dense_layers: expected between 0 and layers (4), got 5");
  m.moe = MoeConfig{4, 2, -1, 128, 0};
  EXPECT_EQ(message_of(m), "shared_experts: expected >= 0, got -1");
}

TEST(ValidateModel, MlaFieldsPositive) {
  Model m = valid_model();
  m.mla = MlaConfig{0, 0, 8, 4, 8};
  EXPECT_EQ(message_of(m), "kv_lora_rank: expected a positive integer, got 0");
  m.mla = MlaConfig{-1, 16, 8, 4, 8};
  EXPECT_NE(message_of(m).find("q_lora_rank:"), std::string::npos);
  m.mla = MlaConfig{0, 16, 8, 4, 0};
  EXPECT_EQ(message_of(m), "v_head_dim: expected a positive integer, got 0");
}

}  // namespace
}  // namespace suanli
