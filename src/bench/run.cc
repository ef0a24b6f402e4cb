#include "bench/run.h"

#include <fmt/format.h>

#include "bench/stats.h"

namespace suanli::bench {
namespace {

bool stopped(const SweepPlan& plan) {
  return plan.timing.stop && plan.timing.stop->load(std::memory_order_relaxed);
}

Error measurement_error(const std::string& label, const Error& e) {
  return Error(fmt::format("{}: {}", label, e.message()));
}

}  // namespace

double stream_bytes(StreamKernel kernel, int64_t elements) {
  const double per_array = 8.0 * static_cast<double>(elements);
  switch (kernel) {
    case StreamKernel::read:
    case StreamKernel::write:
      return per_array;
    case StreamKernel::copy:
      return 2 * per_array;
    case StreamKernel::triad:
      return 3 * per_array;
  }
  return 0;
}

const char* to_string(StreamKernel kernel) {
  switch (kernel) {
    case StreamKernel::read:
      return "read";
    case StreamKernel::write:
      return "write";
    case StreamKernel::copy:
      return "copy";
    case StreamKernel::triad:
      return "triad";
  }
  return "?";
}

Result<Measurements> run_sweep(Backend& backend, const SweepPlan& plan, const std::string& date,
                               const ProgressFn& progress) {
  Measurements out{backend.device(), backend.facts().name, date, {}, {}, {}};
  const std::vector<Precision> precisions = backend.gemm_precisions();
  const bool collectives = backend.collective_ranks() > 1;
  const int total = static_cast<int>(plan.gemm.size() * precisions.size()) + 4 +
                    (collectives ? static_cast<int>(plan.all_reduce_bytes.size()) : 0);
  int done = 0;
  auto step = [&](std::string label) -> bool {
    if (progress) progress({done++, total, std::move(label)});
    return !stopped(plan);
  };
  for (Precision p : precisions) {
    for (const GemmShape& s : plan.gemm) {
      const std::string label = fmt::format("gemm {} {}x{}x{}", to_string(p), s.m, s.n, s.k);
      if (!step(label)) return Error("interrupted");
      Result<std::vector<double>> t = backend.time_gemm(s.m, s.n, s.k, p, plan.timing);
      if (stopped(plan)) return Error("interrupted");
      if (!t.ok()) return measurement_error(label, t.error());
      const RepeatStats r = summarize(*t);
      out.gemm.push_back({s.m, s.n, s.k, p, r.min_s, r.median_s, r.repeats});
    }
  }
  for (StreamKernel kernel :
       {StreamKernel::read, StreamKernel::write, StreamKernel::copy, StreamKernel::triad}) {
    const std::string label = fmt::format("bandwidth {}", to_string(kernel));
    if (!step(label)) return Error("interrupted");
    Result<std::vector<double>> t = backend.time_stream(kernel, plan.stream_elements, plan.timing);
    if (stopped(plan)) return Error("interrupted");
    if (!t.ok()) return measurement_error(label, t.error());
    const RepeatStats r = summarize(*t);
    out.bandwidth.push_back({to_string(kernel), stream_bytes(kernel, plan.stream_elements), r.min_s,
                             r.median_s, r.repeats, backend.stream_threads()});
  }
  for (double bytes : collectives ? plan.all_reduce_bytes : std::vector<double>{}) {
    const std::string label = fmt::format("all_reduce {:.0f} MB", bytes / 1e6);
    if (!step(label)) return Error("interrupted");
    Result<std::vector<double>> t = backend.time_all_reduce(bytes, plan.timing);
    if (stopped(plan)) return Error("interrupted");
    if (!t.ok()) return measurement_error(label, t.error());
    const RepeatStats r = summarize(*t);
    out.collective.push_back(
        {"all_reduce", backend.collective_ranks(), bytes, r.min_s, r.median_s, r.repeats});
  }
  if (progress) progress({done, total, "done"});
  return out;
}

}  // namespace suanli::bench
