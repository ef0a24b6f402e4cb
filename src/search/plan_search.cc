#include "suanli/plan_search.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <limits>
#include <thread>
#include <tuple>

#include "train/step_model.h"

namespace suanli {
namespace {

using train_internal::MicroCost;
using train_internal::Prepared;

std::vector<int> divisors(int64_t n) {
  std::vector<int> out;
  for (int64_t d = 1; d * d <= n; ++d) {
    if (n % d != 0) continue;
    out.push_back(int(d));
    if (d != n / d) out.push_back(int(n / d));
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool allowed(const std::optional<int>& fixed, int v) { return !fixed || *fixed == v; }

// The total order used for ranking: faster first; among equally fast plans the simpler one
// (less context/expert/tensor/pipeline splitting, less interleaving and sharding) first.
auto plan_key(const ParallelPlan& p) {
  return std::make_tuple(p.cp, p.ep, p.tp, p.pp, p.vpp, p.zero, int(p.recompute),
                         p.recompute_layers, int(p.sp), -p.dp, p.micro_batch);
}

bool faster(const TrainEstimate& a, const TrainEstimate& b) {
  if (a.time.step_s != b.time.step_s) return a.time.step_s < b.time.step_s;
  return plan_key(a.plan) < plan_key(b.plan);
}

double shortfall(const TrainEstimate& e) { return e.memory.total_bytes - e.memory.capacity_bytes; }

bool closer(const TrainEstimate& a, const TrainEstimate& b) {
  if (shortfall(a) != shortfall(b)) return shortfall(a) < shortfall(b);
  return plan_key(a.plan) < plan_key(b.plan);
}

// One outer work item: everything that fixes a MicroCost.
struct Item {
  int tp, cp, ep, mb;
  bool sp;
};

// Per-thread results; merged in a fixed order afterwards.
struct Partial {
  std::vector<TrainEstimate> best;  // sorted, at most top_k
  std::optional<TrainEstimate> closest;
  int64_t enumerated = 0, evaluated = 0, fitting = 0;
};

void keep_best(Partial& part, const TrainEstimate& e, size_t k) {
  if (part.best.size() == k && !faster(e, part.best.back())) return;
  auto pos = std::upper_bound(part.best.begin(), part.best.end(), e, faster);
  if (part.best.size() == k) part.best.pop_back();  // capacity reserved: no allocation
  part.best.insert(pos, e);
}

struct Space {
  const Prepared* p;
  const Model* model;
  PlanConstraints c;
  std::vector<int> pps;  // pipeline sizes allowed by the constraints
  size_t k;
  bool uneven_batch;     // SearchOptions::uneven_batch
};

// The inner loops: pp, vpp, recompute, zero for one outer item.
void search_item(const Space& sp, const Item& it, Partial& part) {
  const Prepared& p = *sp.p;
  const MicroCost mc = train_internal::micro_batch_costs(p, it.tp, it.cp, it.ep, it.sp, it.mb);
  const int64_t layers = int64_t(p.shape.layers);
  TrainEstimate est;
  for (int pp : sp.pps) {
    const int64_t rest = p.count / (int64_t(it.tp) * it.cp);
    if (rest % pp != 0 || pp > layers) continue;
    const int dp = int(rest / pp);
    const int v_max = pp > 1 ? int(layers / pp) : 1;
    part.enumerated += int64_t(v_max) * 3 * 4;  // every (vpp, recompute, zero) for this pp
    if (!allowed(sp.c.dp, dp) || (int64_t(dp) * it.cp) % it.ep != 0) continue;
    const int64_t per_step = int64_t(dp) * it.mb;
    if (!sp.uneven_batch && int64_t(p.global_batch) % per_step != 0) continue;
    const int64_t per_replica = (int64_t(p.global_batch) + dp - 1) / dp;
    if (it.mb > per_replica) continue;  // a micro-batch larger than the replica's share
    const int64_t m = (per_replica + it.mb - 1) / it.mb;  // the fullest replica's
    for (int v = 1; v <= v_max; ++v) {
      if (!allowed(sp.c.vpp, v)) continue;
      if (v > 1 && m % pp != 0) continue;
      for (int rc = 0; rc < 3; ++rc) {
        if (sp.c.recompute && int(*sp.c.recompute) != rc) continue;
        if (sp.c.recompute_layers && rc != int(Recompute::full)) continue;
        for (int zero = 0; zero <= 3; ++zero) {
          if (!allowed(sp.c.zero, zero)) continue;
          if (zero > 0 && dp * it.cp == 1) continue;  // nothing to shard
          ParallelPlan plan{it.tp, pp, dp, it.cp, it.ep, v, it.mb, Recompute(rc), it.sp, zero};
          if (rc == int(Recompute::full) && sp.c.recompute_layers) {
            plan.recompute_layers = *sp.c.recompute_layers;
            if (plan.recompute_layers > blocks_per_stage(int(layers), pp, v)) continue;
          }
          train_internal::evaluate_plan(p, mc, plan, /*time_if_fits=*/true, est);
          ++part.evaluated;
          // Where full recomputation fits, recomputing only as many blocks as memory needs
          // is faster (Megatron's block method); a fixed recompute mode means every block.
          if (est.fits && rc == int(Recompute::full) && !sp.c.recompute &&
              !sp.c.recompute_layers) {
            if (int k = train_internal::fewest_recomputed_layers(p, mc, plan); k > 0) {
              plan.recompute_layers = k;
              train_internal::evaluate_plan(p, mc, plan, /*time_if_fits=*/true, est);
              ++part.evaluated;
            }
          }
          if (est.fits) {
            ++part.fitting;
            keep_best(part, est, sp.k);
          } else if (!part.closest || closer(est, *part.closest)) {
            part.closest = est;
          }
        }
      }
    }
  }
}

std::vector<Item> outer_items(const Prepared& p, const Model& model, const PlanConstraints& c) {
  std::vector<Item> items;
  const bool moe = p.shape.experts > 0;
  for (int tp : divisors(p.count)) {
    if (!allowed(c.tp, tp) || model.heads % tp != 0) continue;
    if (!tp_splits_kv_heads(model, tp)) continue;
    for (int cp : divisors(p.count / tp)) {
      if (!allowed(c.cp, cp) || (cp > 1 && int64_t(p.seq) % (int64_t{2} * cp) != 0)) continue;
      if (cp > 1 && !p.options.fused_attention) continue;  // ring attention needs fused kernels
      for (int ep : moe ? divisors(int64_t(p.shape.experts)) : std::vector<int>{1}) {
        if (!allowed(c.ep, ep) || (p.count / (int64_t(tp) * cp)) * cp % ep != 0) continue;
        for (int s = 0; s <= (tp > 1 ? 1 : 0); ++s) {
          if (c.sp && *c.sp != bool(s)) continue;
          for (int mb : divisors(int64_t(p.global_batch))) {
            if (allowed(c.micro_batch, mb)) items.push_back(Item{tp, cp, ep, mb, bool(s)});
          }
        }
      }
    }
  }
  return items;
}

int thread_count(const SearchOptions& o, size_t items) {
  int n = o.threads > 0 ? o.threads : int(std::max(1u, std::thread::hardware_concurrency()));
  return std::max(1, std::min(n, int(std::max<size_t>(1, items))));
}

SearchResult merge_parts(std::vector<Partial>& parts, size_t k) {
  SearchResult r;
  for (Partial& part : parts) {
    r.stats.plans_enumerated += part.enumerated;
    r.stats.plans_evaluated += part.evaluated;
    r.stats.plans_fitting += part.fitting;
    r.best.insert(r.best.end(), part.best.begin(), part.best.end());
    if (part.closest && (!r.closest || closer(*part.closest, *r.closest))) r.closest = part.closest;
  }
  std::sort(r.best.begin(), r.best.end(), faster);
  if (r.best.size() > k) r.best.resize(k);
  if (!r.best.empty()) r.closest.reset();
  return r;
}

// Time for a fitting estimate found with time skipped: recompute it fully.
void finish_closest(const Prepared& p, SearchResult& r) {
  if (!r.closest) return;
  const ParallelPlan& pl = r.closest->plan;
  const MicroCost mc = train_internal::micro_batch_costs(p, pl.tp, pl.cp, pl.ep, pl.sp,
                                                         pl.micro_batch);
  train_internal::evaluate_plan(p, mc, pl, /*time_if_fits=*/false, *r.closest);
}

}  // namespace

Result<SearchResult> search_plans(const TrainWorkload& workload, const Cluster& cluster,
                                  const PlanConstraints& constraints,
                                  const SearchOptions& options) {
  if (cluster.count < 1) return Error("count: expected at least 1 chip");
  if (workload.global_batch < 1) return Error("global batch: expected at least 1 sequence");
  Result<Prepared> prepared = train_internal::prepare(workload, cluster, options.train);
  if (!prepared.ok()) return prepared.error();
  const auto start = std::chrono::steady_clock::now();
  Space space{&*prepared, &workload.model, constraints, {}, size_t(std::max(1, options.top_k)),
              options.uneven_batch};
  for (int pp : divisors(cluster.count)) {
    if (allowed(constraints.pp, pp)) space.pps.push_back(pp);
  }
  const std::vector<Item> items = outer_items(*prepared, workload.model, constraints);
  const int n = thread_count(options, items.size());
  std::vector<Partial> parts(static_cast<size_t>(n));
  for (Partial& part : parts) part.best.reserve(space.k + 1);
  // Items are handed out dynamically; the merge sorts, so the result does not depend on
  // which thread evaluated what.
  std::atomic<size_t> next{0};
  auto work = [&](int t) {
    for (size_t i = next++; i < items.size(); i = next++) {
      search_item(space, items[i], parts[size_t(t)]);
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < n; ++t) pool.emplace_back(work, t);
  work(0);
  for (std::thread& th : pool) th.join();
  SearchResult r = merge_parts(parts, space.k);
  finish_closest(*prepared, r);
  r.stats.threads = n;
  r.stats.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  r.stats.evaluations_per_second =
      r.stats.seconds > 0 ? double(r.stats.plans_evaluated) / r.stats.seconds : 0.0;
  return r;
}

namespace {

struct Relaxation {
  const char* name;
  void (*lift)(PlanConstraints&);
  bool (*fixed)(const PlanConstraints&);
};

const Relaxation kRelaxations[] = {
    {"recompute", [](PlanConstraints& c) { c.recompute.reset(); c.recompute_layers.reset(); },
     [](const PlanConstraints& c) { return c.recompute || c.recompute_layers; }},
    {"zero", [](PlanConstraints& c) { c.zero.reset(); },
     [](const PlanConstraints& c) { return c.zero.has_value(); }},
    {"tp", [](PlanConstraints& c) { c.tp.reset(); },
     [](const PlanConstraints& c) { return c.tp.has_value(); }},
    {"pp", [](PlanConstraints& c) { c.pp.reset(); c.vpp.reset(); c.dp.reset(); },
     [](const PlanConstraints& c) { return c.pp.has_value(); }},
    {"mb", [](PlanConstraints& c) { c.micro_batch.reset(); },
     [](const PlanConstraints& c) { return c.micro_batch.has_value(); }},
    {"sp", [](PlanConstraints& c) { c.sp.reset(); },
     [](const PlanConstraints& c) { return c.sp.has_value(); }},
    {"cp", [](PlanConstraints& c) { c.cp.reset(); c.dp.reset(); },
     [](const PlanConstraints& c) { return c.cp.has_value(); }},
};

}  // namespace

std::vector<FitAdvice> advise_fit(const TrainWorkload& workload, const Cluster& cluster,
                                  const PlanConstraints& constraints,
                                  const SearchOptions& options) {
  std::vector<FitAdvice> out;
  SearchOptions one = options;
  one.top_k = 1;
  for (const Relaxation& r : kRelaxations) {
    if (!r.fixed(constraints)) continue;
    PlanConstraints c = constraints;
    r.lift(c);
    Result<SearchResult> s = search_plans(workload, cluster, c, one);
    if (s.ok() && !s->best.empty()) {
      out.push_back({std::string("let the search choose ") + r.name, s->best.front(),
                     cluster.count});
    }
  }
  PlanConstraints free_dp = constraints;
  free_dp.dp.reset();
  for (int64_t factor = 2; factor <= 64; factor *= 2) {
    Cluster bigger = cluster;
    bigger.count = cluster.count * factor;
    Result<SearchResult> s = search_plans(workload, bigger, free_dp, one);
    if (s.ok() && !s->best.empty()) {
      out.push_back({"use " + std::to_string(bigger.count) + " chips", s->best.front(),
                     bigger.count});
      break;
    }
  }
  return out;
}

namespace {

// Best step time at `count` chips, +infinity when nothing fits.
double best_step_at(const TrainWorkload& w, Cluster c, int64_t count, const SearchOptions& o,
                    CountMatch& m, std::optional<TrainEstimate>& best) {
  c.count = count;
  ++m.searches;
  Result<SearchResult> r = search_plans(w, c, PlanConstraints{}, o);
  best.reset();
  if (!r.ok() || r->best.empty()) return std::numeric_limits<double>::infinity();
  best = r->best.front();
  return best->time.step_s;
}

}  // namespace

Result<CountMatch> match_step_time(const TrainWorkload& workload, const Cluster& cluster,
                                   double target_step_s, int64_t max_count,
                                   const SearchOptions& options) {
  SearchOptions o = options;
  o.top_k = 1;
  const int64_t node = std::max(1, cluster.system.chips_per_node);
  CountMatch m;
  std::optional<TrainEstimate> best;
  int64_t hi = node;  // grow until fast enough
  while (best_step_at(workload, cluster, hi, o, m, best) > target_step_s) {
    if (hi >= max_count) return m;  // count stays 0: no match within the limit
    hi = std::min(max_count, hi * 2);
  }
  TrainEstimate found = *best;
  int64_t lo = hi / 2;  // known (or assumed) too slow
  while (hi - lo > node) {
    const int64_t mid = (lo + hi) / 2 / node * node;
    if (mid <= lo || mid >= hi) break;
    if (best_step_at(workload, cluster, mid, o, m, best) <= target_step_s) {
      hi = mid;
      found = *best;
    } else {
      lo = mid;
    }
  }
  m.count = hi;
  m.best = found;
  return m;
}

}  // namespace suanli
