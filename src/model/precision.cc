#include "suanli/precision.h"

namespace suanli {
namespace {
struct PrecisionInfo {
  std::string_view id;
  int bits;
  double bytes;
};
constexpr std::array<PrecisionInfo, kPrecisionCount> kInfo = {{
    {"fp64", 64, 8.0}, {"fp32", 32, 4.0}, {"tf32", 19, 4.0}, {"bf16", 16, 2.0}, {"fp16", 16, 2.0},
    {"fp8", 8, 1.0},   {"int8", 8, 1.0},  {"fp4", 4, 0.5},   {"int4", 4, 0.5},
}};
}  // namespace

// TF32 multiplies 19-bit operands (1 sign, 8 exponent, 10 mantissa bits) held in 32-bit
// registers; counting 19 reproduces the TPP figures derived in shared/data/chips (where FP8,
// not TF32, sets the L2's and L20's TPP).
int bit_length(Precision p) { return kInfo[index_of(p)].bits; }
double bytes_per_element(Precision p) { return kInfo[index_of(p)].bytes; }
std::string_view to_string(Precision p) { return kInfo[index_of(p)].id; }

std::optional<Precision> parse_precision(std::string_view text) {
  for (Precision p : kAllPrecisions) {
    if (kInfo[index_of(p)].id == text) return p;
  }
  return std::nullopt;
}

}  // namespace suanli
