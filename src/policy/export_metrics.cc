// Export figures of a chip: TPP, PD, I/O and DRAM bandwidth (export_rules.md, section 2).
#include <fmt/format.h>

#include <cmath>

#include "suanli/export_check.h"
#include "suanli/units.h"

namespace suanli {
namespace {

// Relative tolerance under which two precisions give the same TPP (A100: INT8 624 x 8 and
// TF32 156 x 32 are both 4992).
constexpr double kTieTolerance = 1e-9;

// True when precision a should set TPP rather than b, given equal TPP: shorter bit length
// first (the figure the datasheet headlines), then enum order (float before integer).
bool preferred_on_tie(Precision a, Precision b) {
  if (bit_length(a) != bit_length(b)) return bit_length(a) < bit_length(b);
  return index_of(a) < index_of(b);
}

// TPP = dense TOPS x bit length, maximised over precisions (BIS Technical Note to 3A090).
void set_tpp(const Chip& chip, ChipMetrics& m) {
  for (Precision p : kAllPrecisions) {
    std::optional<double> peak = chip.peak(p);
    if (!peak) continue;
    double tpp = *peak / units::kTera * bit_length(p);
    bool tie = m.tpp && std::abs(tpp - *m.tpp) <= kTieTolerance * *m.tpp;
    if (!m.tpp || (tie && preferred_on_tie(p, *m.tpp_precision)) || (!tie && tpp > *m.tpp)) {
      m.tpp = tpp;
      m.tpp_precision = p;
    }
  }
}

// I/O to non-memory ICs (export_rules.md, section 4: scale-up + PCIe, bidirectional, plus
// integrated NICs where the chip has them).
void set_io(const Chip& chip, ChipMetrics& m) {
  auto add = [&](const std::optional<double>& bytes_per_s) {
    if (!bytes_per_s) return;
    m.io_bidir_gbps = m.io_bidir_gbps.value_or(0.0) + *bytes_per_s / units::kGBps;
  };
  add(chip.scaleup_bw_bidir_bytes_per_s);
  add(chip.host_link_bw_bidir_bytes_per_s);
  add(chip.other_io_bw_bidir_bytes_per_s);
  if (!chip.scaleup_bw_bidir_bytes_per_s) m.io_missing.push_back("scale-up");
  m.io_complete = chip.scaleup_bw_bidir_bytes_per_s || chip.scaleup_interconnect.empty();
  if (!chip.host_link_bw_bidir_bytes_per_s) m.io_missing.push_back("host link");
}

}  // namespace

ChipMetrics export_metrics(const Chip& chip) {
  ChipMetrics m;
  set_tpp(chip, m);
  m.die_area_mm2 = chip.die_area_mm2;
  if (m.tpp && m.die_area_mm2 && *m.die_area_mm2 > 0) m.pd = *m.tpp / *m.die_area_mm2;
  set_io(chip, m);
  if (chip.memory_bw_bytes_per_s) m.dram_bw_gbps = *chip.memory_bw_bytes_per_s / units::kGBps;
  return m;
}

std::string io_caveat(const ChipMetrics& m) {
  if (m.io_missing.empty()) return "";
  if (!m.io_complete) return "scale-up bandwidth unknown";
  return fmt::format("no {} figure", fmt::join(m.io_missing, " or "));
}

}  // namespace suanli
