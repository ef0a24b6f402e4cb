#include "bench/cpu/cpu_stream.h"

#include <fmt/format.h>

#include <atomic>
#include <memory>
#include <new>
#include <thread>

#include "bench/cpu/time_calls.h"

namespace suanli::bench {
namespace {

constexpr double kScalar = 3.0;  // STREAM's triad scalar

// Eight independent accumulators: without -ffast-math the compiler keeps the additions in
// order, and one chain would be latency-bound rather than memory-bound.
double sum_slice(const double* a, int64_t begin, int64_t end) {
  double s[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  int64_t i = begin;
  for (; i + 8 <= end; i += 8) {
    for (int j = 0; j < 8; ++j) s[j] += a[i + j];
  }
  for (; i < end; ++i) s[0] += a[i];
  return ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]));
}

struct Arrays {
  std::unique_ptr<double[]> a, b, c;
};

// Splits [0, elements) into `threads` slices and runs fn(begin, end) on each in parallel.
template <class Fn>
void parallel_slices(int64_t elements, int threads, Fn&& fn) {
  std::vector<std::thread> pool;
  const int64_t per = (elements + threads - 1) / threads;
  for (int t = 0; t < threads; ++t) {
    const int64_t begin = std::min(elements, t * per), end = std::min(elements, begin + per);
    pool.emplace_back([&fn, begin, end] { fn(begin, end); });
  }
  for (std::thread& th : pool) th.join();
}

}  // namespace

double run_stream_slice(StreamKernel kernel, double* a, const double* b, const double* c,
                        int64_t begin, int64_t end) {
  switch (kernel) {
    case StreamKernel::read:
      return sum_slice(b, begin, end);
    case StreamKernel::write:
      for (int64_t i = begin; i < end; ++i) a[i] = kScalar;
      return 0;
    case StreamKernel::copy:
      for (int64_t i = begin; i < end; ++i) a[i] = b[i];
      return 0;
    case StreamKernel::triad:
      for (int64_t i = begin; i < end; ++i) a[i] = b[i] + kScalar * c[i];
      return 0;
  }
  return 0;
}

Result<std::vector<double>> time_cpu_stream(StreamKernel kernel, int64_t elements, int threads,
                                            const TimingOptions& options) {
  if (elements <= 0 || threads <= 0) return Error("stream kernel: expected elements, threads > 0");
  Arrays arr;
  const size_t n = static_cast<size_t>(elements);
  arr.a.reset(new (std::nothrow) double[n]);
  arr.b.reset(new (std::nothrow) double[n]);
  arr.c.reset(new (std::nothrow) double[n]);
  if (!arr.a || !arr.b || !arr.c) {
    return Error(fmt::format("cannot allocate 3 arrays of {:.0f} MB", 8e-6 * elements));
  }
  // First touch by the thread that will use each slice (NUMA placement).
  parallel_slices(elements, threads, [&](int64_t b, int64_t e) {
    for (int64_t i = b; i < e; ++i) arr.a[i] = 0, arr.b[i] = 1.0, arr.c[i] = 2.0;
  });
  std::atomic<double> sink{0};
  return time_calls(
      [&] {
        parallel_slices(elements, threads, [&](int64_t b, int64_t e) {
          const double s = run_stream_slice(kernel, arr.a.get(), arr.b.get(), arr.c.get(), b, e);
          if (s == -1.0) sink.store(s);  // never true (sums of 1.0); keeps the reads alive
        });
      },
      options);
}

}  // namespace suanli::bench
