// Exhaustive search of parallel training plans: every divisor combination of tp, cp, pp, dp
// (and ep for MoE), every micro-batch size, interleaving depth, recompute mode, ZeRO stage and
// sequence-parallel switch consistent with the constraints; plans that do not fit in memory
// are pruned; the fastest are ranked. Deterministic: the same input gives the same ranking
// on any number of threads (ties broken by the plan's fields).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "suanli/plan.h"
#include "suanli/status.h"
#include "suanli/train_estimate.h"

namespace suanli {

/// How to search.
struct SearchOptions {
  int top_k = 5;         ///< plans to return, fastest first (>= 1)
  int threads = 0;       ///< worker threads; 0 = all hardware threads
  TrainOptions train;    ///< modelling options passed to every estimate
  /// Admit data-parallel sizes that do not divide the global batch: each replica then runs
  /// ceil(batch / (dp * mb)) micro-batches (the fullest replica sets the step). validate
  /// sets it, as published batch sizes are often rounded ("2M tokens").
  bool uneven_batch = false;
};

/// Counters of one search.
struct SearchStats {
  int64_t plans_enumerated = 0;  ///< combinations generated (before divisibility checks)
  int64_t plans_evaluated = 0;   ///< valid plans whose memory (and, if they fit, time) was computed
  int64_t plans_fitting = 0;     ///< evaluated plans that fit in memory
  double seconds = 0;            ///< wall time of the search
  double evaluations_per_second = 0;  ///< plans_evaluated / seconds
  int threads = 1;               ///< threads used
};

/// The result: the best plans, or — when nothing fits — the plan closest to fitting.
struct SearchResult {
  std::vector<TrainEstimate> best;       ///< up to top_k fitting plans, fastest first
  std::optional<TrainEstimate> closest;  ///< set when `best` is empty: smallest shortfall
  SearchStats stats;
};

/// Searches the plans of `workload` on `cluster` that satisfy `constraints`. Errors only on
/// bad input (e.g. precision the chip lacks, a constraint no plan can meet); "nothing fits"
/// is a result with an empty `best`.
Result<SearchResult> search_plans(const TrainWorkload& workload, const Cluster& cluster,
                                  const PlanConstraints& constraints,
                                  const SearchOptions& options);

/// A way out when no plan fits.
struct FitAdvice {
  std::string change;            ///< e.g. "drop the fixed recompute=none", "use 128 chips"
  TrainEstimate best;            ///< the fastest plan after the change
  int64_t count = 0;             ///< chips in that cluster
};

/// Tries, in order: lifting each fixed constraint (recompute, zero, tp, pp, mb, sp, cp), then
/// doubling the chip count (up to 64x, keeping the global batch). Returns what fits.
std::vector<FitAdvice> advise_fit(const TrainWorkload& workload, const Cluster& cluster,
                                  const PlanConstraints& constraints,
                                  const SearchOptions& options);

/// The smallest cluster of another chip that trains as fast.
struct CountMatch {
  int64_t count = 0;             ///< chips needed (0 when none up to max_count matches)
  TrainEstimate best;            ///< its best plan
  int searches = 0;              ///< plan searches run
};

/// Finds the smallest count (a multiple of the system's chips per node, at most `max_count`)
/// at which `cluster.chip` on `cluster.system` reaches a step time <= `target_step_s` for the
/// same workload (hence the same time to train). Bisection over the count: the best step
/// time falls roughly monotonically with the count; the answer is verified by a search.
Result<CountMatch> match_step_time(const TrainWorkload& workload, const Cluster& cluster,
                                   double target_step_s, int64_t max_count,
                                   const SearchOptions& options);

}  // namespace suanli
