#include "bench/cpu/cpu_info.h"

#include <fmt/format.h>

#include <charconv>
#include <fstream>
#include <sstream>
#include <utility>

namespace suanli::bench {
namespace {

std::string trim(std::string_view s) {
  const size_t b = s.find_first_not_of(" \t");
  const size_t e = s.find_last_not_of(" \t\r");
  return b == std::string_view::npos ? std::string() : std::string(s.substr(b, e - b + 1));
}

// "key : value" lines; an empty line ends a processor block.
std::pair<std::string, std::string> split_line(std::string_view line) {
  const size_t colon = line.find(':');
  if (colon == std::string_view::npos) return {trim(line), ""};
  return {trim(line.substr(0, colon)), trim(line.substr(colon + 1))};
}

std::string vendor_name(const std::string& vendor_id) {
  if (vendor_id == "AuthenticAMD") return "AMD";
  if (vendor_id == "GenuineIntel") return "Intel";
  return vendor_id.empty() ? "unknown" : vendor_id;
}

std::optional<double> to_number(std::string_view s) {
  double value = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end == s.data()) return std::nullopt;
  return value;
}

std::optional<std::string> slurp(const char* path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

CpuInfo parse_cpuinfo(std::string_view text, std::optional<double> max_freq_khz) {
  CpuInfo cpu;
  std::set<std::pair<std::string, std::string>> cores;
  std::string physical_id, vendor_id;
  std::optional<double> mhz;
  std::istringstream in{std::string(text)};
  for (std::string line; std::getline(in, line);) {
    auto [key, value] = split_line(line);
    if (key == "processor") ++cpu.logical_cpus;
    if (key == "physical id") physical_id = value;
    if (key == "core id") cores.insert({physical_id, value});
    if (cpu.logical_cpus > 1) continue;  // identity from the first processor only
    if (key == "model name") cpu.model_name = value;
    if (key == "vendor_id") vendor_id = value;
    if (key == "cpu MHz") mhz = to_number(value);
    if (key == "flags") {
      std::istringstream words(value);
      for (std::string w; words >> w;) cpu.flags.insert(w);
    }
  }
  cpu.vendor = vendor_name(vendor_id);
  cpu.physical_cores = cores.empty() ? cpu.logical_cpus : static_cast<int>(cores.size());
  if (max_freq_khz) {
    cpu.clock_hz = *max_freq_khz * 1e3;
    cpu.clock_is_max = true;
  } else if (mhz) {
    cpu.clock_hz = *mhz * 1e6;
  }
  return cpu;
}

std::optional<double> parse_meminfo_total_bytes(std::string_view text) {
  std::istringstream in{std::string(text)};
  for (std::string line; std::getline(in, line);) {
    auto [key, value] = split_line(line);
    if (key != "MemTotal") continue;
    std::optional<double> kib = to_number(value);
    return kib ? std::optional<double>(*kib * 1024.0) : std::nullopt;
  }
  return std::nullopt;
}

double fp32_flop_per_cycle(const std::set<std::string>& flags) {
  const auto has = [&](const char* f) { return flags.count(f) > 0; };
  if (has("avx512f")) return 2 * 16 * 2;
  if (has("avx2") && has("fma")) return 2 * 8 * 2;
  if (has("avx")) return 16;  // one 8-wide add and one 8-wide multiply per cycle
  return 8;                   // SSE2: 4-wide add and multiply
}

void set_theoretical_peak(const CpuInfo& cpu, bool bf16_measured, DeviceFacts& facts) {
  if (!cpu.clock_hz || cpu.physical_cores <= 0) {
    facts.theoretical_note =
        "cannot be determined: no clock in cpufreq or /proc/cpuinfo; GEMM efficiency is fitted "
        "relative to the best measured throughput.";
    return;
  }
  const double per_cycle = fp32_flop_per_cycle(cpu.flags);
  const double fp32 = cpu.physical_cores * *cpu.clock_hz * per_cycle;
  facts.theoretical_flop_per_s[index_of(Precision::fp32)] = fp32;
  facts.theoretical_flop_per_s[index_of(Precision::fp64)] = fp32 / 2;
  if (bf16_measured) facts.theoretical_flop_per_s[index_of(Precision::bf16)] = 2 * fp32;
  facts.theoretical_note = fmt::format(
      "{} cores x {:.3f} GHz x {:g} FP32 FLOP/cycle = {:.1f} GFLOP/s (FP64 half). FLOP/cycle "
      "assumes two FMA pipes of the widest vector unit in the flags; {}",
      cpu.physical_cores, *cpu.clock_hz / 1e9, per_cycle, fp32 / 1e9,
      cpu.clock_is_max ? "clock is cpufreq's cpuinfo_max_freq."
                       : "no maximum clock is available (no cpufreq), so the clock is "
                         "/proc/cpuinfo's 'cpu MHz' (nominal; boost may exceed it).");
}

CpuInfo read_host_cpu() {
  std::optional<double> max_khz;
  if (auto f = slurp("/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq")) {
    max_khz = to_number(trim(*f));
  }
  return parse_cpuinfo(slurp("/proc/cpuinfo").value_or(""), max_khz);
}

std::optional<double> read_host_memory_bytes() {
  std::optional<std::string> text = slurp("/proc/meminfo");
  return text ? parse_meminfo_total_bytes(*text) : std::nullopt;
}

std::optional<double> read_host_load_average() {
  std::optional<std::string> text = slurp("/proc/loadavg");
  return text ? to_number(*text) : std::nullopt;
}

}  // namespace suanli::bench
