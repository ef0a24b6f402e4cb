// The backend-neutral sweep: runs a SweepPlan on a Backend and collects Measurements.
#pragma once

#include <functional>
#include <string>

#include "bench/backend.h"
#include "bench/sweep.h"
#include "suanli/measurements.h"

namespace suanli::bench {

/// Where a sweep is, for a progress display.
struct Progress {
  int done = 0;       ///< measurements finished
  int total = 0;      ///< measurements planned
  std::string label;  ///< what runs next, e.g. "gemm fp32 1024x1024x1024"
};

/// Called before each measurement; may be empty.
using ProgressFn = std::function<void(const Progress&)>;

/// Times every GEMM shape in every supported precision, every streaming kernel, and (with
/// more than one device) all-reduce. Stops with Error("interrupted") as soon as
/// plan.timing.stop is set. `date` is recorded in the result ("YYYY-MM-DD").
Result<Measurements> run_sweep(Backend& backend, const SweepPlan& plan, const std::string& date,
                               const ProgressFn& progress);

}  // namespace suanli::bench
