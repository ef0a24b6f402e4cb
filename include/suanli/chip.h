// An accelerator as the catalog describes it: spec-sheet figures (each with its source) and
// the efficiency parameters the cost model uses. Unknown figures are absent (nullopt), never 0.
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "suanli/precision.h"

namespace suanli {

/// How close to its peaks a chip runs real kernels. Defaults come from the chip's efficiency
/// profile (catalog/efficiency/*.toml, by vendor and generation); a chip file or a measured
/// profile (`suanli bench`) overrides single fields. Dimensionless unless the name says so.
struct ChipEfficiency {
  /// Fraction of dense peak that a large, square GEMM reaches (cuBLAS on H100 BF16: ~0.75).
  double gemm_max_fraction = 0.75;
  /// GEMM dimension at which that dimension alone halves efficiency: a GEMM of shape
  /// (m, n, k) runs at gemm_max_fraction * s'(min(m, n)) * s(max(m, n)) * s(k), where
  /// s(d) = d / (d + gemm_half_dim) and s' uses gemm_skinny_half_dim instead.
  double gemm_half_dim = 64.0;
  /// Fused attention (FlashAttention-style) throughput relative to a large GEMM's.
  double attention_fraction = 0.6;
  /// Fused attention backward's FLOP rate relative to its forward's: FlashAttention-2 on A100
  /// and FlashAttention-3 on H100 run the backward at about 0.75-0.85 of the forward rate
  /// (Dao 2023 figs. 4-5; Shah et al. 2024), the recomputed scores and dQ accumulation.
  double attention_backward_ratio = 0.8;
  /// Fraction of peak memory bandwidth a streaming kernel reaches.
  double memory_bw_fraction = 0.85;
  /// Fixed cost of launching one kernel, seconds.
  double kernel_overhead_s = 4e-6;
  /// Half-efficiency size of the SMALLER output dimension, min(m, n). Kernels map a skinny
  /// operand onto the narrow side of the matrix instruction (n = 8 on NVIDIA tensor cores), so
  /// a decode GEMM with a few tokens pads to a few rows, not to a whole tile; it replaces
  /// gemm_half_dim for that dimension.
  double gemm_skinny_half_dim = 16.0;
  /// Unfused attention only: rate of the forward scale-mask-softmax and dropout kernels over
  /// the s x s scores, as a fraction of the streaming rate (bw * memory_bw_fraction). Dropout
  /// draws a random number per score and softmax reduces rows, so they stream slower than a
  /// copy; their backward streams at the plain rate.
  double softmax_dropout_stream_fraction = 0.74;
  /// gemm_max_fraction for 8-bit GEMMs (FP8/INT8), whose epilogue and operand traffic weigh
  /// more at twice the rate; nullopt = gemm_max_fraction.
  std::optional<double> gemm_max_fraction_8bit;
};

/// One accelerator (one package as sold: a GPU, an NPU card's chip, or a superchip).
struct Chip {
  std::string id;                    ///< catalog id, e.g. "h100" (see shared/data/README.md)
  std::vector<std::string> aliases;  ///< other names that resolve to this chip
  std::string name;                  ///< marketing name, e.g. "H100 SXM5 80GB"
  std::string vendor;                ///< "NVIDIA", "Huawei", ...
  std::string form_factor;           ///< "SXM5", "PCIe", "OAM", ...
  std::string process;               ///< process node, e.g. "TSMC 4N"
  std::optional<int> year;           ///< release year
  std::optional<double> transistors_billion;  ///< transistor count, 1e9
  /// Applicable die area for export rules (all non-planar logic dies), mm^2.
  std::optional<double> die_area_mm2;
  /// Dense (no 2:4 sparsity) peak throughput per precision, FLOP/s (OP/s for int8/int4).
  /// Indexed by index_of(Precision); nullopt where unsupported or unknown.
  std::array<std::optional<double>, kPrecisionCount> dense_flop_per_s{};
  std::optional<double> memory_bytes;           ///< device memory (HBM/GDDR) capacity, bytes
  std::optional<double> memory_bw_bytes_per_s;  ///< peak device memory bandwidth, bytes/s
  std::string scaleup_interconnect;             ///< "NVLink 4", "HCCS", ...
  /// Scale-up link bandwidth per chip, both directions added (NVIDIA's 900 GB/s), bytes/s.
  std::optional<double> scaleup_bw_bidir_bytes_per_s;
  /// Host link (PCIe) bandwidth, both directions added, bytes/s (export-rule I/O figure).
  std::optional<double> host_link_bw_bidir_bytes_per_s;
  /// Extra I/O to other ICs not counted above (integrated NICs, e.g. Gaudi's RoCE), both
  /// directions, bytes/s.
  std::optional<double> other_io_bw_bidir_bytes_per_s;
  /// Scale-out NIC bandwidth per chip in the vendor's reference system, per direction, bytes/s.
  std::optional<double> scaleout_nic_bytes_per_s;
  std::optional<double> tdp_w;                 ///< thermal design power, watts
  std::optional<double> launch_price_usd;      ///< list price at launch, USD
  bool datacenter = true;                      ///< designed or marketed for data centres
  std::string default_system;                  ///< system id used when none is given
  std::string confidence;                      ///< "high", "medium", "low"
  std::string notes;                           ///< free text: disagreements, caveats
  /// Source ids (shared/data/chips/SOURCES.md) per field name, e.g. {"bf16": "KLOCK-H100"}.
  std::map<std::string, std::string> sources;
  std::string efficiency_profile;  ///< name of the profile the defaults came from
  ChipEfficiency efficiency;       ///< resolved efficiency parameters

  /// Dense peak at p, FLOP/s; nullopt when unknown or unsupported.
  std::optional<double> peak(Precision p) const { return dense_flop_per_s[index_of(p)]; }
};

}  // namespace suanli
