// Multi-threaded STREAM-style kernels (McCalpin 1995) over arrays far larger than the
// last-level cache: read (sum), write (fill), copy (a = b), triad (a = b + s*c).
#pragma once

#include <cstdint>
#include <vector>

#include "bench/backend.h"

namespace suanli::bench {

/// Seconds per call for each timed sample of `kernel` over `elements` doubles per array,
/// split across `threads` std::threads (each first-touches its own slice).
Result<std::vector<double>> time_cpu_stream(StreamKernel kernel, int64_t elements, int threads,
                                            const TimingOptions& options);

/// Runs `kernel` once over the given slice [begin, end); returns the read kernel's sum (0 for
/// the others) so that the compiler cannot drop the reads. Exposed for the unit test.
double run_stream_slice(StreamKernel kernel, double* a, const double* b, const double* c,
                        int64_t begin, int64_t end);

}  // namespace suanli::bench
