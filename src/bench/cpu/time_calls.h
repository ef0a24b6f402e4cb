// Wall-clock timing of a host-side call: warm-up, then samples that each loop the call long
// enough to dwarf the clock's resolution. Returns seconds per call for each sample.
#pragma once

#include <algorithm>
#include <chrono>
#include <cmath>
#include <vector>

#include "bench/backend.h"
#include "suanli/status.h"

namespace suanli::bench {

template <class Call>
Result<std::vector<double>> time_calls(Call&& call, const TimingOptions& options) {
  using Clock = std::chrono::steady_clock;
  const auto stopped = [&] { return options.stop && options.stop->load(); };
  for (int i = 0; i < options.warmup; ++i) call();
  const auto t0 = Clock::now();
  call();
  const double once_s = std::chrono::duration<double>(Clock::now() - t0).count();
  const int calls = static_cast<int>(
      std::clamp(std::ceil(options.min_sample_s / std::max(once_s, 1e-9)), 1.0, 1e6));
  std::vector<double> samples;
  for (int r = 0; r < options.repeats; ++r) {
    if (stopped()) return Error("interrupted");
    const auto start = Clock::now();
    for (int c = 0; c < calls; ++c) call();
    samples.push_back(std::chrono::duration<double>(Clock::now() - start).count() / calls);
  }
  return samples;
}

}  // namespace suanli::bench
