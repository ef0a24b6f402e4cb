#include "suanli/device_profile.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "suanli/units.h"

namespace suanli {
namespace {

std::string toml_float(double x) {
  std::string text = fmt::format("{:.6g}", x);
  if (text.find_first_of(".eE") == std::string::npos) text += ".0";
  return text;
}

std::string quoted(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c == '\n' ? ' ' : c;
  }
  return out + "\"";
}

std::vector<GemmSample> samples_at(const Measurements& m, Precision p, double& best_flop_per_s) {
  std::vector<GemmSample> out;
  for (const GemmMeasurement& g : m.gemm) {
    if (g.precision != p) continue;
    out.push_back({g.m, g.n, g.k, g.median_s});
    best_flop_per_s = std::max(best_flop_per_s, g.median_flop_per_s());
  }
  return out;
}

// Bandwidth of the first kernel present among triad, copy, read, write (bytes / median).
std::optional<double> streaming_bw(const Measurements& m, std::string& kernel) {
  for (const char* name : {"triad", "copy", "read", "write"}) {
    for (const BandwidthMeasurement& b : m.bandwidth) {
      if (b.kernel == name) {
        kernel = name;
        return b.bytes / b.median_s;
      }
    }
  }
  return std::nullopt;
}

// Training precision first: the [efficiency] curve should describe what training runs in.
Precision pick_fit_precision(const DeviceProfile& p) {
  for (Precision q : {Precision::bf16, Precision::fp16, Precision::tf32, Precision::fp32,
                      Precision::fp8, Precision::fp64}) {
    if (p.fits[index_of(q)]) return q;
  }
  return Precision::fp32;
}

std::string peak_notes(const DeviceProfile& p, const DeviceFacts& facts, const Measurements& m) {
  std::string out;
  for (Precision q : kAllPrecisions) {
    const std::optional<GemmFit>& fit = p.fits[index_of(q)];
    if (!fit) continue;
    double best = 0;
    const size_t shapes = samples_at(m, q, best).size();
    out += fmt::format(
        " {}: {:.1f} GFLOP/s for large GEMMs (fitted asymptote of {} shapes, rms error {:.1f}%; "
        "best shape {:.1f} GFLOP/s)",
        to_string(q), *p.measured_flop_per_s[index_of(q)] / units::kGiga, shapes,
        100.0 * fit->rms_log_error, best / units::kGiga);
    if (const auto& theory = facts.theoretical_flop_per_s[index_of(q)]) {
      out += fmt::format(" = {:.0f}% of the theoretical {:.1f} GFLOP/s",
                         100.0 * *p.measured_flop_per_s[index_of(q)] / *theory,
                         *theory / units::kGiga);
    } else {
      out += ", theoretical peak unknown";
    }
    out += ".";
  }
  return out;
}

std::string compose_notes(const DeviceProfile& p, const DeviceFacts& facts, const Measurements& m,
                          const std::string& bw_kernel) {
  std::string notes = fmt::format("Measured by suanli bench on {} ({}).", m.date, m.device);
  notes += peak_notes(p, facts, m);
  notes += fmt::format(
      " [dense_tflops] holds these measured peaks, so gemm_max_fraction = 1; gemm_half_dim and "
      "kernel_overhead_us are fitted to the {} sweep. memory: {} bandwidth (STREAM "
      "convention), so memory_bw_fraction = 1. attention_fraction is not measured (generic).",
      to_string(p.fit_precision), bw_kernel);
  if (!facts.theoretical_note.empty()) notes += " Theoretical peak: " + facts.theoretical_note;
  for (const std::string& u : facts.unsupported) notes += " Not measured: " + u + ".";
  if (!facts.conditions.empty()) notes += " Conditions: " + facts.conditions + ".";
  return notes;
}

}  // namespace

Result<DeviceProfile> build_device_profile(const Measurements& m, const DeviceFacts& facts) {
  DeviceProfile p;
  p.id = facts.id, p.name = facts.name, p.vendor = facts.vendor, p.date = m.date;
  p.memory_bytes = facts.memory_bytes;
  for (Precision q : kAllPrecisions) {
    double best = 0;
    std::vector<GemmSample> samples = samples_at(m, q, best);
    if (samples.size() < 3) continue;
    const double reference = facts.theoretical_flop_per_s[index_of(q)].value_or(best);
    Result<GemmFit> fit = fit_gemm_efficiency(samples, reference);
    if (!fit.ok()) return Error(fmt::format("{}: {}", to_string(q), fit.error().message()));
    p.fits[index_of(q)] = *fit;
    p.reference_flop_per_s[index_of(q)] = reference;
    p.measured_flop_per_s[index_of(q)] = reference * fit->gemm_max_fraction;
  }
  p.fit_precision = pick_fit_precision(p);
  const std::optional<GemmFit>& fit = p.fits[index_of(p.fit_precision)];
  if (!fit) return Error("no precision has the 3 GEMM shapes a fit needs");
  std::string bw_kernel;
  std::optional<double> bw = streaming_bw(m, bw_kernel);
  if (!bw) return Error("no memory bandwidth measurement");
  p.memory_bw_bytes_per_s = *bw;
  p.efficiency.gemm_max_fraction = 1.0;
  p.efficiency.gemm_half_dim = fit->gemm_half_dim;
  p.efficiency.memory_bw_fraction = 1.0;
  p.efficiency.kernel_overhead_s = fit->kernel_overhead_s;
  p.notes = compose_notes(p, facts, m, bw_kernel);
  return p;
}

std::string device_profile_to_toml(const DeviceProfile& p) {
  const std::string source = quoted(fmt::format("measured by suanli bench on {}", p.date));
  std::string out = fmt::format(
      "# Chip profile measured by `suanli bench` (docs/bench.md); use it as --chip FILE.\n"
      "id = {}\nname = {}\nvendor = {}\nefficiency_profile = \"generic\"\nnotes = {}\n"
      "\n[dense_tflops]\n",
      quoted(p.id), quoted(p.name), quoted(p.vendor), quoted(p.notes));
  for (Precision q : kAllPrecisions) {
    if (const auto& peak = p.measured_flop_per_s[index_of(q)]) {
      out += fmt::format("{} = {}\n", to_string(q), toml_float(*peak / units::kTflops));
    }
  }
  out += "\n[memory]\n";
  if (p.memory_bytes) {
    out += fmt::format("capacity_gb = {}\n", toml_float(*p.memory_bytes / units::kGB));
  }
  out +=
      fmt::format("bandwidth_tb_per_s = {}\n", toml_float(p.memory_bw_bytes_per_s / units::kTBps));
  out += fmt::format(
      "\n[efficiency]\ngemm_max_fraction = {}\ngemm_half_dim = {}\nmemory_bw_fraction = {}\n"
      "kernel_overhead_us = {}\n",
      toml_float(p.efficiency.gemm_max_fraction), toml_float(p.efficiency.gemm_half_dim),
      toml_float(p.efficiency.memory_bw_fraction),
      toml_float(p.efficiency.kernel_overhead_s / units::kMicrosecond));
  out += fmt::format("\n[sources]\ndense_tflops = {}\nmemory = {}\n", source, source);
  return out;
}

}  // namespace suanli
