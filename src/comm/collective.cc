#include "suanli/collective.h"

#include <algorithm>

namespace suanli {
namespace {

double effective_bw(const NetworkTier& tier) { return tier.bw_bytes_per_s * tier.bw_efficiency; }

// (n-1)/n * S/B + (n-1) a: the cost of one ring pass (all-gather, reduce-scatter).
double ring_pass_s(const NetworkTier& tier, int ranks, double bytes) {
  if (ranks <= 1 || bytes <= 0) return 0.0;
  const double n = ranks;
  return (n - 1.0) / n * bytes / effective_bw(tier) + (n - 1.0) * tier.latency_s;
}

}  // namespace

double all_reduce_time_s(const NetworkTier& tier, int ranks, double bytes) {
  if (ranks <= 1 || bytes <= 0) return 0.0;
  // One-shot: every rank reads the n-1 peer buffers and reduces locally, paying one latency
  // instead of the ring's 2(n-1). Libraries pick it for small messages (TensorRT-LLM's custom
  // all-reduce, NCCL's low-latency protocols); the ring wins once bandwidth dominates.
  const double one_shot = tier.latency_s + (ranks - 1.0) * bytes / effective_bw(tier);
  return std::min(2.0 * ring_pass_s(tier, ranks, bytes), one_shot);
}

double all_gather_time_s(const NetworkTier& tier, int ranks, double bytes) {
  return ring_pass_s(tier, ranks, bytes);
}

double reduce_scatter_time_s(const NetworkTier& tier, int ranks, double bytes) {
  return ring_pass_s(tier, ranks, bytes);
}

double all_to_all_time_s(const NetworkTier& tier, int ranks, double bytes) {
  return ring_pass_s(tier, ranks, bytes);
}

double p2p_time_s(const NetworkTier& tier, double bytes) {
  if (bytes <= 0) return 0.0;
  return bytes / effective_bw(tier) + tier.latency_s;
}

int scaleup_domain_chips(const System& system) {
  return system.scaleup.span_chips > 0 ? system.scaleup.span_chips
                                       : std::max(1, system.chips_per_node);
}

GroupLayout group_layout(const System& system, int ranks, int stride) {
  const int domain = scaleup_domain_chips(system);
  GroupLayout layout;
  layout.ranks = std::max(1, ranks);
  int per_domain = stride >= domain ? 1 : std::max(1, domain / std::max(1, stride));
  per_domain = std::min(per_domain, layout.ranks);
  // Keep it a divisor of the group so that every domain holds the same share.
  while (layout.ranks % per_domain != 0) --per_domain;
  layout.ranks_per_domain = per_domain;
  return layout;
}

namespace {

double hierarchical_all_to_all_s(const System& system, const GroupLayout& l, double bytes) {
  const double n = l.ranks;
  const double g = l.ranks_per_domain;
  const double up_s = (g - 1.0) / n * bytes / effective_bw(system.scaleup) +
                      (g - 1.0) * system.scaleup.latency_s;
  const double out_s = (n - g) / n * bytes / effective_bw(system.scaleout) +
                       (n - g) * system.scaleout.latency_s;
  return std::max(up_s, out_s);  // both tiers move data at the same time
}

}  // namespace

double collective_time_s(const System& system, CollectiveKind kind, const GroupLayout& l,
                         double bytes) {
  if (l.ranks <= 1 || bytes <= 0) return 0.0;
  const int g = l.ranks_per_domain;
  const int k = l.ranks / g;
  if (kind == CollectiveKind::all_to_all) {
    if (k == 1) return all_to_all_time_s(system.scaleup, g, bytes);
    return hierarchical_all_to_all_s(system, l, bytes);
  }
  if (k == 1) {  // inside one domain
    return kind == CollectiveKind::all_reduce ? all_reduce_time_s(system.scaleup, g, bytes)
                                              : ring_pass_s(system.scaleup, g, bytes);
  }
  // Hierarchical: the g chips of a domain each carry 1/g of the buffer across domains.
  const double out_pass = ring_pass_s(system.scaleout, k, bytes / g);
  const double up_pass = ring_pass_s(system.scaleup, g, bytes);
  if (kind == CollectiveKind::all_reduce) return 2.0 * up_pass + 2.0 * out_pass;
  return up_pass + out_pass;
}

double p2p_time_s(const System& system, int stride, double bytes) {
  const bool same_domain = stride < scaleup_domain_chips(system);
  return p2p_time_s(same_domain ? system.scaleup : system.scaleout, bytes);
}

}  // namespace suanli
