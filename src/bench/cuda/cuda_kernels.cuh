// Device kernels for the CUDA backend: operand initialisation and STREAM-style kernels.
#pragma once

#include <cstdint>

#include "bench/backend.h"
#include "suanli/precision.h"
#include "suanli/status.h"

namespace suanli::bench {

/// Fills `elements` values of type `p` (as stored by cuBLASLt) with deterministic values in
/// [-1, 1) so that tensor cores see realistic, non-zero operands.
Status fill_operand(void* data, int64_t elements, Precision p, uint32_t seed);

/// Launches `kernel` once over arrays of `elements` doubles on the current device's default
/// stream (a is written, b and c read; `sink` receives the read kernel's partial sums).
Status launch_stream_kernel(StreamKernel kernel, double* a, const double* b, const double* c,
                            double* sink, int64_t elements);

}  // namespace suanli::bench
