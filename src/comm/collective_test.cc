#include "suanli/collective.h"

#include <gtest/gtest.h>

#include "train/test_fixtures.h"

namespace suanli {
namespace {

TEST(Collective, RingFormulasOnOneTier) {
  const NetworkTier t{"t", 8, 100e9, 2e-6, 0.8};
  const double S = 1e9, B = 100e9 * 0.8, a = 2e-6;
  for (int n : {4, 8}) {  // a large message: the ring beats one-shot
    EXPECT_NEAR(all_reduce_time_s(t, n, S), 2.0 * (n - 1) / n * S / B + 2.0 * (n - 1) * a, 1e-12);
    EXPECT_NEAR(all_gather_time_s(t, n, S), (n - 1.0) / n * S / B + (n - 1) * a, 1e-12);
    EXPECT_NEAR(reduce_scatter_time_s(t, n, S), (n - 1.0) / n * S / B + (n - 1) * a, 1e-12);
    EXPECT_NEAR(all_to_all_time_s(t, n, S), (n - 1.0) / n * S / B + (n - 1) * a, 1e-12);
  }
  // Two ranks: one-shot is a direct exchange, one latency less than the two-step ring.
  EXPECT_NEAR(all_reduce_time_s(t, 2, S), a + S / B, 1e-12);
  EXPECT_EQ(all_reduce_time_s(t, 1, S), 0.0);
  EXPECT_NEAR(p2p_time_s(t, S), S / B + a, 1e-12);
}

TEST(Collective, SmallAllReduceIsOneShot) {
  const NetworkTier t{"t", 8, 100e9, 2e-6, 0.8};
  const double B = 100e9 * 0.8, a = 2e-6;
  const double small = 64e3;  // a decode step's activations: latency-bound
  EXPECT_NEAR(all_reduce_time_s(t, 8, small), a + 7.0 * small / B, 1e-15);
  EXPECT_LT(all_reduce_time_s(t, 8, small), 2.0 * 7 / 8 * small / B + 2.0 * 7 * a);
}

TEST(Collective, GroupLayout) {
  const System s = fixtures::dgx_a100();
  EXPECT_EQ(group_layout(s, 8, 1).ranks_per_domain, 8);   // TP 8 inside a node
  EXPECT_EQ(group_layout(s, 16, 1).ranks_per_domain, 8);  // spans two nodes
  EXPECT_EQ(group_layout(s, 4, 2).ranks_per_domain, 4);   // stride 2 still inside
  EXPECT_EQ(group_layout(s, 64, 8).ranks_per_domain, 1);  // DP across nodes after TP 8
}

TEST(Collective, SmallGroupUsesScaleUpOnly) {
  const System s = fixtures::dgx_a100();
  const double S = 5e8;
  EXPECT_NEAR(collective_time_s(s, CollectiveKind::all_reduce, group_layout(s, 8, 1), S),
              all_reduce_time_s(s.scaleup, 8, S), 1e-12);
  EXPECT_NEAR(collective_time_s(s, CollectiveKind::all_reduce, group_layout(s, 16, 8), S),
              all_reduce_time_s(s.scaleout, 16, S), 1e-12);
}

TEST(Collective, LargeGroupIsHierarchical) {
  const System s = fixtures::dgx_a100();
  const double S = 1e9;
  const GroupLayout l = group_layout(s, 32, 1);  // 4 nodes x 8
  const double expect = reduce_scatter_time_s(s.scaleup, 8, S) +
                        all_reduce_time_s(s.scaleout, 4, S / 8) +
                        all_gather_time_s(s.scaleup, 8, S);
  EXPECT_NEAR(collective_time_s(s, CollectiveKind::all_reduce, l, S), expect, 1e-12);
  // A TP group larger than the scale-up domain pays the slower tier.
  EXPECT_GT(collective_time_s(s, CollectiveKind::all_reduce, group_layout(s, 16, 1), S),
            collective_time_s(s, CollectiveKind::all_reduce, group_layout(s, 8, 1), S));
}

TEST(Collective, P2pTier) {
  const System s = fixtures::dgx_a100();
  EXPECT_NEAR(p2p_time_s(s, 4, 1e6), p2p_time_s(s.scaleup, 1e6), 1e-15);
  EXPECT_NEAR(p2p_time_s(s, 8, 1e6), p2p_time_s(s.scaleout, 1e6), 1e-15);
}

}  // namespace
}  // namespace suanli
