#include "suanli/plan.h"

#include <gtest/gtest.h>

#include "train/test_fixtures.h"

namespace suanli {
namespace {

TEST(Plan, ParsesAndPrintsBack) {
  Result<PlanConstraints> c = parse_plan_constraints("tp=8,pp=4,mb=2,recompute=selective,sp=1,zero=1");
  ASSERT_TRUE(c.ok()) << c.error().message();
  EXPECT_EQ(*c->tp, 8);
  EXPECT_EQ(*c->pp, 4);
  EXPECT_EQ(*c->micro_batch, 2);
  EXPECT_EQ(*c->recompute, Recompute::selective);
  EXPECT_TRUE(*c->sp);
  EXPECT_FALSE(c->dp.has_value());
  const ParallelPlan p{8, 4, 2, 1, 1, 1, 2, Recompute::selective, true, 1};
  Result<PlanConstraints> back = parse_plan_constraints(to_string(p));
  ASSERT_TRUE(back.ok());
  EXPECT_TRUE(satisfies(p, *back));
}

TEST(Plan, ParseErrorsNameTheKey) {
  EXPECT_NE(parse_plan_constraints("tq=8").error().message().find("unknown key 'tq'"),
            std::string::npos);
  EXPECT_NE(parse_plan_constraints("tp=0").error().message().find("tp"), std::string::npos);
  EXPECT_NE(parse_plan_constraints("tp=2,tp=4").error().message().find("twice"),
            std::string::npos);
  EXPECT_FALSE(parse_plan_constraints("recompute=some").ok());
}

TEST(Plan, RejectsPlansThatDoNotDivideTheCount) {
  const Model m = fixtures::gpt(96, 12288, 96);
  const ParallelPlan p{8, 4, 3, 1, 1, 1, 1, Recompute::full, false, 0};
  Status s = check_plan(p, m, 64, 96, 2048);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message().find("does not equal the chip count 64"), std::string::npos);
}

TEST(Plan, RejectsTpAboveTheHeads) {
  const Model m = fixtures::gpt(24, 2304, 24);
  const ParallelPlan p{32, 1, 1, 1, 1, 1, 1, Recompute::full, false, 0};
  Status s = check_plan(p, m, 32, 32, 2048);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message().find("tp=32 does not divide the model's 24 attention heads"),
            std::string::npos);
}

// A tp that is a multiple of the KV heads replicates them (multi-query attention, PaLM);
// one that neither divides nor is a multiple of them cannot split them.
TEST(Plan, TpMayReplicateKvHeads) {
  Model m = fixtures::gpt(24, 2304, 24);
  m.kv_heads = 1;
  EXPECT_TRUE(check_plan({8, 1, 4, 1, 1, 1, 1, Recompute::full, false, 0}, m, 32, 32, 2048).ok());
  m.kv_heads = 2;
  Status s = check_plan({3, 1, 1, 1, 1, 1, 1, Recompute::full, false, 0}, m, 3, 3, 2048);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message().find("tp=3 neither divides the model's 2 key/value heads"),
            std::string::npos);
}

TEST(Plan, RejectsBadBatchAndInterleaving) {
  const Model m = fixtures::gpt(96, 12288, 96);
  EXPECT_FALSE(check_plan({8, 1, 2, 1, 1, 1, 3, Recompute::full, false, 0}, m, 16, 16, 2048).ok());
  // vpp=64 with pp=2: 128 virtual stages for 96 layers leave some empty.
  EXPECT_FALSE(check_plan({1, 2, 1, 1, 1, 64, 1, Recompute::full, false, 0}, m, 2, 16, 2048).ok());
  // vpp=5 with pp=2: 10 chunks of 96 layers are uneven (10 or 9 layers), which is allowed.
  EXPECT_TRUE(check_plan({1, 2, 1, 1, 1, 5, 1, Recompute::full, false, 0}, m, 2, 16, 2048).ok());
  EXPECT_FALSE(check_plan({1, 1, 1, 1, 1, 1, 1, Recompute::full, true, 0}, m, 1, 16, 2048).ok());
  EXPECT_TRUE(check_plan({8, 4, 2, 1, 1, 3, 1, Recompute::full, true, 1}, m, 64, 16, 2048).ok());
}

TEST(Plan, ExplainsFixedFieldsThatCannotWork) {
  const Model m = fixtures::gpt(96, 12288, 96);
  PlanConstraints c;
  c.tp = 8;
  c.pp = 7;
  Status s = check_constraints(c, m, 1000, 1536);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message().find("8*1*7*1 = 56 do not divide the chip count 1000"),
            std::string::npos)
      << s.error().message();
  c.pp = 200;  // 8 * 200 divides 1600 chips, but the model has 96 layers
  s = check_constraints(c, m, 1600, 1536);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message().find("pp=200 exceeds the model's 96 layers"), std::string::npos);
  c.pp = 4;
  EXPECT_TRUE(check_constraints(c, m, 1024, 1536).ok());
}

TEST(Plan, RecomputeLayersRoundTripsAndNeedsFullRecompute) {
  const Model m = fixtures::gpt(96, 12288, 96);
  ParallelPlan p{8, 8, 1, 1, 1, 1, 1, Recompute::full, true, 1};
  p.recompute_layers = 4;
  EXPECT_TRUE(check_plan(p, m, 64, 16, 2048).ok());
  const std::string text = to_string(p);
  EXPECT_NE(text.find(",recompute_layers=4"), std::string::npos);
  Result<PlanConstraints> back = parse_plan_constraints(text);
  ASSERT_TRUE(back.ok());
  EXPECT_TRUE(satisfies(p, *back));
  p.recompute_layers = 13;  // a stage holds 12 blocks
  EXPECT_FALSE(check_plan(p, m, 64, 16, 2048).ok());
  p.recompute_layers = 4;
  p.recompute = Recompute::selective;
  EXPECT_FALSE(check_plan(p, m, 64, 16, 2048).ok());
  // A fixed recompute=full means every block.
  PlanConstraints all_blocks;
  all_blocks.recompute = Recompute::full;
  p.recompute = Recompute::full;
  EXPECT_FALSE(satisfies(p, all_blocks));
  p.recompute_layers = 0;
  EXPECT_TRUE(satisfies(p, all_blocks));
  // Fixed fields that cannot work together are explained before any search.
  PlanConstraints c = *parse_plan_constraints("recompute=selective,recompute_layers=3");
  Status s = check_constraints(c, m, 64, 16);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message().find("needs recompute=full"), std::string::npos);
  c = *parse_plan_constraints("pp=8,recompute_layers=13");
  s = check_constraints(c, m, 64, 16);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message().find("exceeds the 12 blocks"), std::string::npos);
}

}  // namespace
}  // namespace suanli
