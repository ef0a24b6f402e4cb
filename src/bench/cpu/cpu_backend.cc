#include "bench/cpu/cpu_backend.h"

#include <fmt/format.h>

#include <thread>

#include "bench/cpu/cpu_gemm.h"
#include "bench/cpu/cpu_stream.h"

namespace suanli::bench {
namespace {

class CpuBackend final : public Backend {
 public:
  CpuBackend(CpuInfo cpu, DeviceFacts facts) : cpu_(std::move(cpu)), facts_(std::move(facts)) {}

  const DeviceFacts& facts() const override { return facts_; }
  std::string device() const override { return "cpu"; }
  std::vector<Precision> gemm_precisions() const override {
    std::vector<Precision> out = {Precision::fp32, Precision::fp64};
    if (cpu_bf16_unsupported_reason(cpu_).empty()) out.push_back(Precision::bf16);
    return out;
  }
  Result<std::vector<double>> time_gemm(int64_t m, int64_t n, int64_t k, Precision p,
                                        const TimingOptions& options) override {
    return time_cpu_gemm(m, n, k, p, options);
  }
  Result<std::vector<double>> time_stream(StreamKernel kernel, int64_t elements,
                                          const TimingOptions& options) override {
    return time_cpu_stream(kernel, elements, stream_threads(), options);
  }
  int stream_threads() const override { return std::max(1, cpu_.logical_cpus); }

 private:
  CpuInfo cpu_;
  DeviceFacts facts_;
};

}  // namespace

DeviceFacts cpu_facts(const CpuInfo& cpu, std::optional<double> memory_bytes,
                      const std::string& id) {
  DeviceFacts facts;
  facts.id = id;
  facts.name = cpu.model_name.empty() ? "unknown CPU" : cpu.model_name;
  facts.vendor = cpu.vendor;
  facts.memory_bytes = memory_bytes;
  const std::string bf16 = cpu_bf16_unsupported_reason(cpu);
  if (!bf16.empty()) facts.unsupported.push_back(bf16);
  set_theoretical_peak(cpu, bf16.empty(), facts);
  return facts;
}

std::unique_ptr<Backend> make_cpu_backend(const std::string& id) {
  CpuInfo cpu = read_host_cpu();
  if (cpu.logical_cpus <= 0)
    cpu.logical_cpus = static_cast<int>(std::thread::hardware_concurrency());
  DeviceFacts facts = cpu_facts(cpu, read_host_memory_bytes(), id);
  if (std::optional<double> load = read_host_load_average()) {
    // Other work on the machine takes cores from the kernels being timed.
    facts.conditions = fmt::format(
        "load average {:.2f} on {} logical CPUs when the run started{}", *load, cpu.logical_cpus,
        *load > 0.5 * cpu.logical_cpus ? " (busy: numbers are low)" : "");
  }
  return std::make_unique<CpuBackend>(std::move(cpu), std::move(facts));
}

}  // namespace suanli::bench
