// A measurement backend: one device that can time GEMMs and streaming kernels. The CPU
// backend (OpenBLAS, std::thread) and the CUDA backend (cuBLASLt, NCCL) implement it; the
// sweep driver (run.h) is the same for both.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "suanli/device_profile.h"
#include "suanli/precision.h"
#include "suanli/status.h"

namespace suanli::bench {

/// How long and how often to time one kernel.
struct TimingOptions {
  int warmup = 1;              ///< untimed calls before the samples
  int repeats = 5;             ///< timed samples
  double min_sample_s = 2e-3;  ///< each sample loops the kernel until it lasts at least this
  /// Set asynchronously (SIGINT); checked between samples. nullptr: never stop.
  const std::atomic<bool>* stop = nullptr;
};

/// The streaming kernels of STREAM (McCalpin 1995) plus pure read and write.
enum class StreamKernel { read, write, copy, triad };

/// Bytes a kernel moves per call over arrays of `elements` doubles: read/write 8 bytes per
/// element, copy 16, triad 24 (write-allocate not counted).
double stream_bytes(StreamKernel kernel, int64_t elements);
/// "read", "write", "copy", "triad".
const char* to_string(StreamKernel kernel);

class Backend {
 public:
  virtual ~Backend() = default;
  /// The device's identity and theoretical peaks.
  virtual const DeviceFacts& facts() const = 0;
  /// "cpu" or "cuda:N".
  virtual std::string device() const = 0;
  /// Precisions whose GEMM this backend can time on this device.
  virtual std::vector<Precision> gemm_precisions() const = 0;
  /// Seconds per call of C[m,n] = A[m,k] B[k,n], one entry per timed sample.
  virtual Result<std::vector<double>> time_gemm(int64_t m, int64_t n, int64_t k, Precision p,
                                                const TimingOptions& options) = 0;
  /// Seconds per call of `kernel` over arrays of `elements` doubles, one entry per sample.
  virtual Result<std::vector<double>> time_stream(StreamKernel kernel, int64_t elements,
                                                  const TimingOptions& options) = 0;
  /// Threads (CPU) used by the streaming kernels; 0 on a GPU.
  virtual int stream_threads() const = 0;
  /// Devices an all-reduce can span (1: no collective measurement).
  virtual int collective_ranks() const { return 1; }
  /// Seconds per all-reduce of `bytes` per rank across collective_ranks() devices.
  virtual Result<std::vector<double>> time_all_reduce(double bytes, const TimingOptions& options) {
    (void)bytes, (void)options;
    return Error("all-reduce needs more than one device");
  }
};

}  // namespace suanli::bench
