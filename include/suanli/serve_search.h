// Latency-target search: the deployment of `count` chips (TP, PP, replicas = count / (tp·pp),
// requests in flight) with the highest output throughput per chip whose time to first token
// and time per output token both meet their targets. With the chip count and price fixed,
// the highest throughput per chip is also the lowest cost per output token.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "suanli/chip.h"
#include "suanli/model.h"
#include "suanli/serve_estimate.h"
#include "suanli/serve_options.h"
#include "suanli/status.h"
#include "suanli/system.h"

namespace suanli {

/// Latency targets; an absent one does not constrain.
struct ServeTargets {
  std::optional<double> ttft_s;  ///< time to first token at most, seconds. Default none.
  std::optional<double> tpot_s;  ///< time per output token at most, seconds. Default none.
};

/// The best batch for one (tp, pp) split, or why none meets the targets.
struct ServeCandidate {
  int tp = 1;             ///< tensor-parallel chips per replica. Default 1.
  int pp = 1;             ///< pipeline stages per replica. Default 1.
  bool feasible = false;  ///< some batch meets both targets. Default false.
  /// What stops a larger batch ("ttft", "tpot", "ttft and tpot", or the batch cap's reason:
  /// "memory", "engine max batch", "iteration token budget"); for an infeasible split, the
  /// target missed at batch 1, or "does not fit" / "invalid" (see error). Default "".
  std::string binding;
  std::string error;  ///< the estimate's error message when the split cannot run. Default "".
  std::optional<ServeEstimate> estimate;  ///< at the best batch (feasible), else at batch 1.
};

/// The search's answer.
struct ServeSearchResult {
  std::vector<ServeCandidate> candidates;  ///< every (tp, pp) tried, by tp then pp.
  std::optional<int> best;                 ///< index of the winner in candidates, if any.
};

/// Tries every tp dividing `base.count` and the model's heads (and pp dividing count / tp, at
/// most the layers) and, for each, the largest batch meeting `targets` (binary search: TTFT
/// and TPOT grow with the batch). `base` gives count, lengths, precisions and price; its tp,
/// pp and batch are ignored. Ties go to the smaller tp * pp. Errors only for a bad `base`
/// (lengths, count); a split that cannot meet the targets is an infeasible candidate.
Result<ServeSearchResult> search_serve(const Model& model, const Chip& chip, const System& system,
                                       const ServeConfig& base, const ServeTargets& targets,
                                       const ServeOptions& options = {});

}  // namespace suanli
