// Collective communication time over the two-tier topology of system.h.
//
// On one tier with n ranks, per-rank bandwidth B = bw_bytes_per_s * bw_efficiency, latency a,
// message S bytes (each rank's full buffer) — the ring/pairwise formulas of DESIGN.md:
//   all-reduce      min(2(n-1)/n * S/B + 2(n-1) a,  a + (n-1) S/B)   (ring, one-shot)
//   all-gather      (n-1)/n * S/B + (n-1) a      (S = the gathered, full size)
//   reduce-scatter  (n-1)/n * S/B + (n-1) a      (S = the full, unreduced size)
//   all-to-all      (n-1)/n * S/B + (n-1) a      (S = what one rank sends in total)
//   p2p             S/B + a
//
// A group whose ranks fit inside one scale-up domain uses that tier alone. A larger group is
// hierarchical (scale-up first, then scale-out per node): g ranks share each domain and
// k = n/g domains take part; each of the g chips drives its own NIC share.
//
//   all-reduce = RS(up, g, S) + AR(out, k, S/g) + AG(up, g, S)
//   AG / RS    = pass(out, k, S/g) + pass(up, g, S)
//   all-to-all = (g-1)/n * S / B_up + (n-g)/n * S / B_out (+ latencies)
#pragma once

#include "suanli/system.h"

namespace suanli {

/// All-reduce of a `bytes` buffer over `ranks` on one tier: the faster of the ring and a
/// one-shot all-reduce (a + (n-1) S/B: one latency, each rank reads every peer's buffer), as
/// libraries choose by message size. 0 when ranks <= 1.
double all_reduce_time_s(const NetworkTier& tier, int ranks, double bytes);
/// All-gather producing a `bytes` buffer on each rank (each contributes bytes/ranks).
double all_gather_time_s(const NetworkTier& tier, int ranks, double bytes);
/// Reduce-scatter of a `bytes` buffer (each rank keeps bytes/ranks reduced).
double reduce_scatter_time_s(const NetworkTier& tier, int ranks, double bytes);
/// All-to-all where each rank sends `bytes` in total, spread evenly over the others.
double all_to_all_time_s(const NetworkTier& tier, int ranks, double bytes);
/// One point-to-point message of `bytes`.
double p2p_time_s(const NetworkTier& tier, double bytes);

/// The collectives the step model uses.
enum class CollectiveKind { all_reduce, all_gather, reduce_scatter, all_to_all };

/// Where a group's ranks sit. Ranks are numbered node-major (rank r lives in scale-up domain
/// r / domain_size); a group's members are `stride` ranks apart (Megatron's order: TP
/// innermost with stride 1, then CP, then DP, then PP).
struct GroupLayout {
  int ranks = 1;             ///< members of the group
  int ranks_per_domain = 1;  ///< members that share one scale-up domain (divides ranks)
};

/// The layout of a group of `ranks` members spaced `stride` apart on `system`.
/// REQUIRES: ranks >= 1, stride >= 1.
GroupLayout group_layout(const System& system, int ranks, int stride);

/// Size of one scale-up domain of `system` in chips (scaleup.span_chips, else chips_per_node).
int scaleup_domain_chips(const System& system);

/// Time of a collective over a group laid out as `layout`: one tier when the group is inside
/// a domain (ranks_per_domain == ranks), scale-out alone when each domain holds one member,
/// hierarchical otherwise (file comment). `bytes` as for the single-tier functions.
double collective_time_s(const System& system, CollectiveKind kind, const GroupLayout& layout,
                         double bytes);

/// A point-to-point message between two ranks `stride` apart: scale-up when stride is smaller
/// than the domain (neighbours share it), scale-out otherwise.
double p2p_time_s(const System& system, int stride, double bytes);

}  // namespace suanli
