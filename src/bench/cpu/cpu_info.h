// What /proc/cpuinfo and /proc/meminfo say about the host CPU, and the theoretical peak
// that follows: physical cores x clock x FLOPs per cycle per core.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "suanli/device_profile.h"

namespace suanli::bench {

struct CpuInfo {
  std::string model_name;  ///< "model name" of the first processor, e.g. "AMD EPYC"
  std::string vendor;      ///< "AMD", "Intel", or the raw vendor_id
  int logical_cpus = 0;    ///< processor entries
  int physical_cores = 0;  ///< distinct (physical id, core id) pairs; logical_cpus if absent
  std::optional<double> clock_hz;  ///< clock used for the peak, Hz (absent when unknown)
  bool clock_is_max = false;       ///< true when clock_hz is the maximum (cpufreq), not "cpu MHz"
  std::set<std::string> flags;     ///< ISA flags of the first processor
};

/// Parses /proc/cpuinfo text. `max_freq_khz` is cpufreq's cpuinfo_max_freq when readable.
CpuInfo parse_cpuinfo(std::string_view cpuinfo_text, std::optional<double> max_freq_khz);

/// MemTotal from /proc/meminfo text, bytes (the file's "kB" are KiB); nullopt when absent.
std::optional<double> parse_meminfo_total_bytes(std::string_view meminfo_text);

/// FP32 FLOPs per cycle per core from the ISA flags, assuming two FMA pipes (every x86 server
/// core since Haswell and Zen 2): avx512f 2x16x2 = 64, avx2+fma 2x8x2 = 32, avx 16, sse2 8.
/// FP64 is half. BF16 (avx512_bf16 dot products) is twice FP32.
double fp32_flop_per_cycle(const std::set<std::string>& flags);

/// Fills facts.theoretical_flop_per_s (fp64, fp32, and bf16 when `bf16_measured`) and
/// facts.theoretical_note, saying how the clock and width were obtained or why the peak is
/// unknown.
void set_theoretical_peak(const CpuInfo& cpu, bool bf16_measured, DeviceFacts& facts);

/// Reads /proc/cpuinfo, /proc/meminfo and cpufreq of this machine.
CpuInfo read_host_cpu();
std::optional<double> read_host_memory_bytes();
/// The 1-minute load average from /proc/loadavg; nullopt when unreadable.
std::optional<double> read_host_load_average();

}  // namespace suanli::bench
