// Speed of the serving model: one estimate, and a latency-target search over every split of
// 64 chips (the search the CLI runs for --slo-ttft/--slo-tpot).
#include <benchmark/benchmark.h>

#include "serve/serve_test_fixtures.h"
#include "suanli/serve_estimate.h"
#include "suanli/serve_search.h"

namespace suanli {
namespace {

ServeConfig bench_config(int count) {
  ServeConfig c;
  c.count = count;
  c.tp = 8;
  c.input_tokens = 2048;
  c.output_tokens = 256;
  c.weight_precision = Precision::fp8;
  return c;
}

void BM_EstimateServeLlama70b(benchmark::State& state) {
  const Model m = serve_testing::llama3_70b();
  const Chip chip = serve_testing::h100();
  const System sys = serve_testing::nvlink_system();
  const ServeConfig c = bench_config(8);
  for (auto _ : state) benchmark::DoNotOptimize(estimate_serve(m, chip, sys, c));
}
BENCHMARK(BM_EstimateServeLlama70b);

void BM_SearchServeDeepseek64Chips(benchmark::State& state) {
  const Model m = serve_testing::deepseek_v3();
  const Chip chip = serve_testing::h100();
  const System sys = serve_testing::nvlink_system();
  ServeTargets t;
  t.ttft_s = 3.0;
  t.tpot_s = 0.080;
  const ServeConfig c = bench_config(64);
  for (auto _ : state) benchmark::DoNotOptimize(search_serve(m, chip, sys, c, t));
}
BENCHMARK(BM_SearchServeDeepseek64Chips)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace suanli
