#include "suanli/serve_search.h"

#include <fmt/format.h>

namespace suanli {
namespace {

// Which targets `e` misses: "", "ttft", "tpot" or "ttft and tpot".
std::string missed(const ServeEstimate& e, const ServeTargets& t) {
  const bool ttft = t.ttft_s && e.ttft_s > *t.ttft_s;
  const bool tpot = t.tpot_s && e.tpot_s > *t.tpot_s;
  if (ttft && tpot) return "ttft and tpot";
  if (ttft) return "ttft";
  if (tpot) return "tpot";
  return "";
}

// The largest batch in [1, cap] meeting the targets, given that batch 1 meets them.
// Both latencies grow with the batch, so the feasible set is a prefix.
int largest_feasible_batch(const Model& model, const Chip& chip, const System& system,
                           ServeConfig config, const ServeTargets& targets,
                           const ServeOptions& options, int cap) {
  int lo = 1, hi = cap;
  while (lo < hi) {
    const int mid = lo + (hi - lo + 1) / 2;
    config.batch = mid;
    Result<ServeEstimate> e = estimate_serve(model, chip, system, config, options);
    if (e.ok() && missed(*e, targets).empty()) {
      lo = mid;
    } else {
      hi = mid - 1;
    }
  }
  return lo;
}

ServeCandidate evaluate_split(const Model& model, const Chip& chip, const System& system,
                              ServeConfig config, const ServeTargets& targets,
                              const ServeOptions& options) {
  ServeCandidate cand{config.tp, config.pp, false, "", "", std::nullopt};
  config.batch = 1;
  Result<ServeEstimate> one = estimate_serve(model, chip, system, config, options);
  if (!one.ok()) {
    cand.error = one.error().message();
    cand.binding =
        cand.error.find("does not fit") != std::string::npos ? "does not fit" : "invalid";
    return cand;
  }
  cand.estimate = *one;
  if (std::string m = missed(*one, targets); !m.empty()) {
    cand.binding = m + " (missed at batch 1)";
    return cand;
  }
  const int cap = one->max_batch;
  const int best = largest_feasible_batch(model, chip, system, config, targets, options, cap);
  config.batch = best;
  cand.estimate = *estimate_serve(model, chip, system, config, options);
  cand.feasible = true;
  if (best == cap) {
    cand.binding = one->batch_limit;
  } else {
    config.batch = best + 1;
    Result<ServeEstimate> next = estimate_serve(model, chip, system, config, options);
    cand.binding = next.ok() ? missed(*next, targets) : one->batch_limit;
  }
  return cand;
}

bool better(const ServeCandidate& a, const ServeCandidate& b) {
  const double ta = a.estimate->output_tokens_per_s_per_chip;
  const double tb = b.estimate->output_tokens_per_s_per_chip;
  if (ta != tb) return ta > tb;
  return a.tp * a.pp < b.tp * b.pp;
}

}  // namespace

Result<ServeSearchResult> search_serve(const Model& model, const Chip& chip, const System& system,
                                       const ServeConfig& base, const ServeTargets& targets,
                                       const ServeOptions& options) {
  if (base.count < 1) return Error(fmt::format("count: expected >= 1, got {}", base.count));
  if (base.input_tokens <= 0 || base.output_tokens <= 0) {
    return Error(fmt::format("input, output: expected > 0 tokens, got {} and {}", base.input_tokens,
                             base.output_tokens));
  }
  if (!targets.ttft_s && !targets.tpot_s) return Error("slo: expected a ttft or tpot target");
  ServeSearchResult result;
  for (int tp = 1; tp <= base.count; ++tp) {
    if (base.count % tp != 0 || model.heads % tp != 0) continue;
    for (int pp = 1; pp <= base.count / tp && pp <= model.layers; ++pp) {
      if ((base.count / tp) % pp != 0) continue;
      ServeConfig config = base;
      config.tp = tp;
      config.pp = pp;
      config.batch.reset();
      result.candidates.push_back(evaluate_split(model, chip, system, config, targets, options));
      const ServeCandidate& c = result.candidates.back();
      if (!c.feasible) continue;
      if (!result.best || better(c, result.candidates[*result.best])) {
        result.best = static_cast<int>(result.candidates.size()) - 1;
      }
    }
  }
  if (result.candidates.empty()) {
    return Error(fmt::format("count: no tp in 1..{} divides both {} and the model's {} heads",
                             base.count, base.count, model.heads));
  }
  return result;
}

}  // namespace suanli
