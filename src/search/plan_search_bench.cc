// Speed of the plan search: GPT-3 175B on 4,096 H100-class chips (the DESIGN.md target:
// under a second, >= 1 million plan evaluations per second per core).
#include <benchmark/benchmark.h>

#include "suanli/plan_search.h"
#include "train/step_model.h"
#include "train/test_fixtures.h"

namespace suanli {
namespace {

Chip h100_like() {
  Chip c = fixtures::a100_chip();
  c.dense_flop_per_s[index_of(Precision::bf16)] = 989.4e12;
  c.memory_bw_bytes_per_s = 3.35e12;
  c.efficiency.gemm_half_dim = 96;  // the rest as the A100 fixture
  return c;
}

System dgx_h100_like() {
  System s = fixtures::dgx_a100();
  s.scaleup.bw_bytes_per_s = 450e9;
  s.scaleout.bw_bytes_per_s = 50e9;
  return s;
}

void BM_SearchGpt3On4096(benchmark::State& state) {
  const TrainWorkload w{fixtures::gpt(96, 12288, 96), 2048, 1536, Precision::bf16};
  const Cluster c{h100_like(), dgx_h100_like(), 4096};
  SearchOptions o;
  o.threads = int(state.range(0));
  int64_t evaluated = 0;
  for (auto _ : state) {
    Result<SearchResult> r = search_plans(w, c, {}, o);
    benchmark::DoNotOptimize(r);
    evaluated += r->stats.plans_evaluated;
  }
  state.counters["evaluations_per_s"] =
      benchmark::Counter(double(evaluated), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_SearchGpt3On4096)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

// One plan evaluation with its per-micro-batch costs already computed (the inner loop).
void BM_EvaluatePlan(benchmark::State& state) {
  const TrainWorkload w{fixtures::gpt(96, 12288, 96), 2048, 1536, Precision::bf16};
  const Cluster c{h100_like(), dgx_h100_like(), 4096};
  const train_internal::Prepared p = *train_internal::prepare(w, c, {});
  const train_internal::MicroCost mc = train_internal::micro_batch_costs(p, 8, 1, 1, true, 1);
  const ParallelPlan plan{8, 16, 32, 1, 1, 3, 1, Recompute::selective, true, 1};
  TrainEstimate e;
  for (auto _ : state) {
    train_internal::evaluate_plan(p, mc, plan, true, e);
    benchmark::DoNotOptimize(e);
  }
}
BENCHMARK(BM_EvaluatePlan);

}  // namespace
}  // namespace suanli
