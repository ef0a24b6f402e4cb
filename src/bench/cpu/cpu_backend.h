// The CPU measurement backend: OpenBLAS GEMMs and std::thread streaming kernels.
#pragma once

#include <memory>

#include "bench/backend.h"
#include "bench/cpu/cpu_info.h"

namespace suanli::bench {

/// The host CPU as a Backend. `id` is the chip id the profile will carry.
std::unique_ptr<Backend> make_cpu_backend(const std::string& id);

/// The facts (name, vendor, memory, theoretical peaks, unsupported precisions) for `cpu`.
DeviceFacts cpu_facts(const CpuInfo& cpu, std::optional<double> memory_bytes,
                      const std::string& id);

}  // namespace suanli::bench
