#include "suanli/plan_search.h"

#include <gtest/gtest.h>

#include "train/test_fixtures.h"

namespace suanli {
namespace {

TrainWorkload gpt175(int64_t batch) {
  return TrainWorkload{fixtures::gpt(96, 12288, 96), 2048, batch, Precision::bf16};
}

bool same_plan(const ParallelPlan& a, const ParallelPlan& b) { return to_string(a) == to_string(b); }

TEST(PlanSearch, DeterministicOnOneAndTwoThreads) {
  const Cluster c{fixtures::a100_chip(), fixtures::dgx_a100(), 1024};
  SearchOptions o;
  o.top_k = 8;
  o.threads = 1;
  Result<SearchResult> one = search_plans(gpt175(1536), c, {}, o);
  o.threads = 2;
  Result<SearchResult> two = search_plans(gpt175(1536), c, {}, o);
  ASSERT_TRUE(one.ok() && two.ok());
  ASSERT_EQ(one->best.size(), 8u);
  ASSERT_EQ(one->best.size(), two->best.size());
  for (size_t i = 0; i < one->best.size(); ++i) {
    EXPECT_TRUE(same_plan(one->best[i].plan, two->best[i].plan));
    EXPECT_EQ(one->best[i].time.step_s, two->best[i].time.step_s);  // bit-identical
    if (i > 0) {
      EXPECT_LE(one->best[i - 1].time.step_s, one->best[i].time.step_s);
    }
  }
  EXPECT_EQ(one->stats.plans_evaluated, two->stats.plans_evaluated);
  EXPECT_EQ(one->stats.plans_enumerated, two->stats.plans_enumerated);
  EXPECT_EQ(two->stats.threads, 2);
}

TEST(PlanSearch, RespectsConstraintsAndMatchesEstimate) {
  const Cluster c{fixtures::a100_chip(), fixtures::dgx_a100(), 512};
  PlanConstraints k;
  k.tp = 8;
  k.pp = 8;
  k.recompute = Recompute::full;
  SearchOptions o;
  o.top_k = 3;
  Result<SearchResult> r = search_plans(gpt175(512), c, k, o);
  ASSERT_TRUE(r.ok());
  ASSERT_FALSE(r->best.empty());
  for (const TrainEstimate& e : r->best) {
    EXPECT_EQ(e.plan.tp, 8);
    EXPECT_EQ(e.plan.pp, 8);
    EXPECT_EQ(e.plan.recompute, Recompute::full);
    Result<TrainEstimate> again = estimate_train(gpt175(512), c, e.plan);
    ASSERT_TRUE(again.ok());
    EXPECT_DOUBLE_EQ(again->time.step_s, e.time.step_s);
  }
}

TEST(PlanSearch, NothingFitsGivesClosestAndAdvice) {
  // Megatron 1T (Narayanan et al. 2021 Table 1) on 64 A100s cannot hold 16 B/param of state.
  const TrainWorkload w{fixtures::gpt(128, 25600, 160), 2048, 512, Precision::bf16};
  const Cluster c{fixtures::a100_chip(), fixtures::dgx_a100(), 64};
  SearchOptions o;
  Result<SearchResult> r = search_plans(w, c, {}, o);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->best.empty());
  ASSERT_TRUE(r->closest.has_value());
  EXPECT_GT(r->closest->memory.total_bytes, r->closest->memory.capacity_bytes);
  const std::vector<FitAdvice> advice = advise_fit(w, c, {}, o);
  ASSERT_FALSE(advice.empty());
  EXPECT_GT(advice.back().count, 64);
  EXPECT_TRUE(advice.back().best.fits);
}

TEST(PlanSearch, MatchStepTimeFindsMoreSlowerChips) {
  const TrainWorkload w = gpt175(256);
  Cluster fast{fixtures::a100_chip(), fixtures::dgx_a100(), 256};
  SearchOptions o;
  o.top_k = 1;
  const double target = search_plans(w, fast, {}, o)->best.front().time.step_s;
  Cluster slow = fast;
  slow.chip.dense_flop_per_s[index_of(Precision::bf16)] = 156e12;  // half the compute
  Result<CountMatch> m = match_step_time(w, slow, target, int64_t{64} * 256, o);
  ASSERT_TRUE(m.ok());
  EXPECT_GT(m->count, 256);
  EXPECT_LE(m->best.time.step_s, target);
}

// Where memory allows some blocks to keep their activations, the search recomputes only as
// many as it must; a fixed recompute=full recomputes every block.
TEST(PlanSearch, RecomputesOnlyTheBlocksMemoryNeeds) {
  Chip small = fixtures::a100_chip();
  small.memory_bytes = 55e9;
  const Cluster c{small, fixtures::dgx_a100(), 64};
  PlanConstraints k;
  k.tp = 8;
  k.pp = 8;
  k.vpp = 1;
  k.micro_batch = 1;
  k.sp = true;
  SearchOptions o;
  o.top_k = 1;
  Result<SearchResult> free_rc = search_plans(gpt175(64), c, k, o);
  ASSERT_TRUE(free_rc.ok());
  ASSERT_FALSE(free_rc->best.empty());
  const ParallelPlan& best = free_rc->best.front().plan;
  EXPECT_EQ(best.recompute, Recompute::full);
  EXPECT_GT(best.recompute_layers, 0);
  k.recompute = Recompute::full;
  Result<SearchResult> fixed = search_plans(gpt175(64), c, k, o);
  ASSERT_TRUE(fixed.ok());
  ASSERT_FALSE(fixed->best.empty());
  EXPECT_EQ(fixed->best.front().plan.recompute_layers, 0);
  EXPECT_LT(free_rc->best.front().time.step_s, fixed->best.front().time.step_s);
}

// A rounded published batch (1,024 sequences on 124 data-parallel replicas) admits the
// replicas only with uneven_batch; the fullest replica runs ceil(1024/124) = 9 micro-batches.
TEST(PlanSearch, UnevenBatchRunsTheFullestReplicasMicroBatches) {
  const Cluster c{fixtures::a100_chip(), fixtures::dgx_a100(), 992};
  PlanConstraints k;
  k.tp = 8;
  k.pp = 1;
  k.cp = 1;
  k.micro_batch = 1;
  SearchOptions o;
  o.top_k = 1;
  Result<SearchResult> strict = search_plans(gpt175(1024), c, k, o);
  ASSERT_TRUE(strict.ok());
  EXPECT_TRUE(strict->best.empty() && !strict->closest);
  o.uneven_batch = true;
  Result<SearchResult> uneven = search_plans(gpt175(1024), c, k, o);
  ASSERT_TRUE(uneven.ok());
  ASSERT_FALSE(uneven->best.empty());
  EXPECT_EQ(uneven->best.front().plan.dp, 124);
  EXPECT_EQ(uneven->best.front().micro_batches, 9);
}

}  // namespace
}  // namespace suanli
