#include "bench/cpu/cpu_info.h"

#include <gtest/gtest.h>

namespace suanli::bench {
namespace {

// Two sockets x 2 cores, hyper-threaded: 8 logical CPUs, 4 physical cores.
std::string cpuinfo_text() {
  std::string text;
  int processor = 0;
  for (int socket = 0; socket < 2; ++socket) {
    for (int thread = 0; thread < 2; ++thread) {
      for (int core = 0; core < 2; ++core) {
        text += "processor\t: " + std::to_string(processor++) +
                "\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Xeon(R) Test CPU\n"
                "physical id\t: " +
                std::to_string(socket) + "\ncore id\t\t: " + std::to_string(core) +
                "\ncpu MHz\t\t: 2100.000\n"
                "flags\t\t: fpu sse2 avx avx2 fma avx512f\n\n";
      }
    }
  }
  return text;
}

TEST(CpuInfo, ParsesIdentityCoresAndFlags) {
  CpuInfo cpu = parse_cpuinfo(cpuinfo_text(), std::nullopt);
  EXPECT_EQ(cpu.model_name, "Intel(R) Xeon(R) Test CPU");
  EXPECT_EQ(cpu.vendor, "Intel");
  EXPECT_EQ(cpu.logical_cpus, 8);
  EXPECT_EQ(cpu.physical_cores, 4);
  ASSERT_TRUE(cpu.clock_hz.has_value());
  EXPECT_DOUBLE_EQ(*cpu.clock_hz, 2100e6);
  EXPECT_FALSE(cpu.clock_is_max);
  EXPECT_TRUE(cpu.flags.count("avx512f"));
}

TEST(CpuInfo, MaxFrequencyWinsOverCpuMhz) {
  CpuInfo cpu = parse_cpuinfo(cpuinfo_text(), 3500000.0);  // kHz
  EXPECT_DOUBLE_EQ(*cpu.clock_hz, 3.5e9);
  EXPECT_TRUE(cpu.clock_is_max);
}

TEST(CpuInfo, PeakIsCoresTimesClockTimesFlopPerCycle) {
  CpuInfo cpu = parse_cpuinfo(cpuinfo_text(), std::nullopt);
  DeviceFacts facts;
  set_theoretical_peak(cpu, false, facts);
  // AVX-512, two FMA pipes: 2 pipes x 16 lanes x 2 FLOP per FMA.
  EXPECT_DOUBLE_EQ(*facts.theoretical_flop_per_s[index_of(Precision::fp32)],
                   4 * 2.1e9 * 2 * 16 * 2);
  EXPECT_DOUBLE_EQ(*facts.theoretical_flop_per_s[index_of(Precision::fp64)], 4 * 2.1e9 * 2 * 8 * 2);
  EXPECT_FALSE(facts.theoretical_flop_per_s[index_of(Precision::bf16)].has_value());
  EXPECT_NE(facts.theoretical_note.find("no maximum clock is available"), std::string::npos);
}

TEST(CpuInfo, FlopPerCycleFollowsTheWidestVectorUnit) {
  EXPECT_EQ(fp32_flop_per_cycle({"avx2", "fma"}), 2 * 8 * 2);
  EXPECT_EQ(fp32_flop_per_cycle({"avx"}), 8 + 8);
  EXPECT_EQ(fp32_flop_per_cycle({"sse2"}), 4 + 4);
}

TEST(CpuInfo, UnknownClockLeavesThePeakUnknownAndSaysSo) {
  CpuInfo cpu = parse_cpuinfo("processor : 0\nmodel name : X\n", std::nullopt);
  DeviceFacts facts;
  set_theoretical_peak(cpu, false, facts);
  EXPECT_FALSE(facts.theoretical_flop_per_s[index_of(Precision::fp32)].has_value());
  EXPECT_EQ(facts.theoretical_note.rfind("cannot be determined", 0), 0u);
}

TEST(CpuInfo, MemTotalIsInKibibytes) {
  EXPECT_DOUBLE_EQ(*parse_meminfo_total_bytes("MemTotal:       24684092 kB\nMemFree: 1 kB\n"),
                   24684092.0 * 1024);
  EXPECT_FALSE(parse_meminfo_total_bytes("MemFree: 1 kB\n").has_value());
  EXPECT_FALSE(parse_meminfo_total_bytes("MemTotal: lots\n").has_value());
}

}  // namespace
}  // namespace suanli::bench
