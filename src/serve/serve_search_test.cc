#include "suanli/serve_search.h"

#include <gtest/gtest.h>

#include "serve/serve_test_fixtures.h"

namespace suanli {
namespace {

using serve_testing::h100;
using serve_testing::llama3_70b;
using serve_testing::nvlink_system;

ServeConfig base(int count) {
  ServeConfig c;
  c.count = count;
  c.input_tokens = 2048;
  c.output_tokens = 256;
  c.weight_precision = Precision::fp8;
  return c;
}

TEST(ServeSearch, BestMeetsTargetsAndOneMoreRequestWouldNot) {
  ServeTargets t;
  t.ttft_s = 1.0;
  t.tpot_s = 0.040;
  Result<ServeSearchResult> r = search_serve(llama3_70b(), h100(), nvlink_system(), base(8), t);
  ASSERT_TRUE(r.ok()) << r.error().message();
  ASSERT_TRUE(r->best.has_value());
  const ServeCandidate& best = r->candidates[*r->best];
  ASSERT_TRUE(best.estimate.has_value());
  EXPECT_LE(best.estimate->ttft_s, *t.ttft_s);
  EXPECT_LE(best.estimate->tpot_s, *t.tpot_s);
  for (const ServeCandidate& c : r->candidates) {
    if (c.feasible) {
      EXPECT_LE(c.estimate->output_tokens_per_s_per_chip,
                best.estimate->output_tokens_per_s_per_chip);
    }
  }
  if (best.binding == "tpot" || best.binding == "ttft" || best.binding == "ttft and tpot") {
    ServeConfig next = base(8);
    next.tp = best.tp;
    next.pp = best.pp;
    next.batch = best.estimate->batch + 1;
    Result<ServeEstimate> e = estimate_serve(llama3_70b(), h100(), nvlink_system(), next);
    ASSERT_TRUE(e.ok());
    EXPECT_TRUE(e->ttft_s > *t.ttft_s || e->tpot_s > *t.tpot_s);
  }
}

TEST(ServeSearch, ImpossibleTargetsLeaveNoWinner) {
  ServeTargets t;
  t.tpot_s = 1e-6;
  Result<ServeSearchResult> r = search_serve(llama3_70b(), h100(), nvlink_system(), base(8), t);
  ASSERT_TRUE(r.ok()) << r.error().message();
  EXPECT_FALSE(r->best.has_value());
  for (const ServeCandidate& c : r->candidates) EXPECT_FALSE(c.feasible);
}

TEST(ServeSearch, TriesOnlySplitsThatDivideCountAndHeads) {
  ServeTargets t;
  t.tpot_s = 1.0;
  Result<ServeSearchResult> r = search_serve(llama3_70b(), h100(), nvlink_system(), base(8), t);
  ASSERT_TRUE(r.ok());
  for (const ServeCandidate& c : r->candidates) {
    EXPECT_EQ(8 % (c.tp * c.pp), 0);
    EXPECT_EQ(64 % c.tp, 0);
  }
  EXPECT_FALSE(search_serve(llama3_70b(), h100(), nvlink_system(), base(8), ServeTargets{}).ok());
}

}  // namespace
}  // namespace suanli
