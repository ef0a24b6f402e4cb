#include "suanli/kv_cache.h"

#include <gtest/gtest.h>

#include "serve/serve_test_fixtures.h"

namespace suanli {
namespace {

using serve_testing::deepseek_v3;
using serve_testing::llama3_70b;

TEST(KvCache, BytesPerTokenIsTwoLayersKvHeadsHeadDimBytes) {
  const Model m = llama3_70b();
  // Pope et al. 2023 sec. 2.1: K and V per layer per KV head.
  EXPECT_DOUBLE_EQ(kv_bytes_per_token(m, Precision::bf16), 2.0 * 80 * 8 * 128 * 2);
  EXPECT_DOUBLE_EQ(kv_bytes_per_token(m, Precision::fp8), 2.0 * 80 * 8 * 128 * 1);
}

TEST(KvCache, MlaCachesLatentPlusRotaryKey) {
  const Model m = deepseek_v3();
  EXPECT_DOUBLE_EQ(kv_bytes_per_token(m, Precision::bf16), 61.0 * (512 + 64) * 2);
}

TEST(KvCache, TpSplitsKvHeadsWhenItDividesThem) {
  Result<KvLayout> l = kv_layout(llama3_70b(), 4, Precision::bf16);
  ASSERT_TRUE(l.ok()) << l.error().message();
  EXPECT_EQ(l->kv_heads_per_chip, 8 / 4);
  EXPECT_EQ(l->replication, 1);
  EXPECT_DOUBLE_EQ(l->bytes_per_token_layer, 2.0 * (8.0 / 4) * 128 * 2);
}

TEST(KvCache, TpAboveKvHeadsReplicatesEachHead) {
  Model m = llama3_70b();
  m.heads = 128;  // so that tp = 16 divides the query heads
  Result<KvLayout> l = kv_layout(m, 16, Precision::bf16);
  ASSERT_TRUE(l.ok()) << l.error().message();
  EXPECT_EQ(l->kv_heads_per_chip, 1);
  EXPECT_EQ(l->replication, 16 / 8);
  // The group stores replication copies of the whole cache.
  EXPECT_DOUBLE_EQ(l->bytes_per_token_layer * 16,
                   l->replication * kv_bytes_per_token(m, Precision::bf16) / m.layers);
}

TEST(KvCache, MlaLatentIsReplicatedOnEveryTpRank) {
  Result<KvLayout> l = kv_layout(deepseek_v3(), 8, Precision::bf16);
  ASSERT_TRUE(l.ok()) << l.error().message();
  EXPECT_TRUE(l->latent);
  EXPECT_EQ(l->replication, 8);
  EXPECT_DOUBLE_EQ(l->bytes_per_token_layer, (512 + 64) * 2.0);
}

TEST(KvCache, RejectsTpNotDividingHeads) {
  Result<KvLayout> l = kv_layout(llama3_70b(), 3, Precision::bf16);
  ASSERT_FALSE(l.ok());
  EXPECT_NE(l.error().message().find("does not divide the model's 64 attention heads"),
            std::string::npos);
  EXPECT_FALSE(kv_layout(llama3_70b(), 0, Precision::bf16).ok());
}

TEST(KvCache, RejectsTpAndKvHeadsThatDoNotDivideOneAnother) {
  Model m = llama3_70b();
  m.heads = 48;
  m.kv_heads = 8;  // tp = 12 divides 48 heads, but neither 8 % 12 nor 12 % 8 is 0
  Result<KvLayout> l = kv_layout(m, 12, Precision::bf16);
  ASSERT_FALSE(l.ok());
  EXPECT_NE(l.error().message().find("KV heads"), std::string::npos);
}

}  // namespace
}  // namespace suanli
