// The CUDA measurement backend (cuBLASLt GEMMs, copy-kernel bandwidth, NCCL all-reduce).
// Plain C++ interface: callers need no CUDA headers. Built only with SUANLI_HAVE_CUDA.
#pragma once

#include <memory>
#include <string>

#include "bench/backend.h"

namespace suanli::bench {

/// Number of CUDA devices; 0 with `why` set when none is usable (no driver, no device).
int cuda_device_count(std::string& why);

/// The CUDA device `index` as a Backend; a one-line error when it does not exist.
Result<std::unique_ptr<Backend>> make_cuda_backend(int index, const std::string& id);

}  // namespace suanli::bench
