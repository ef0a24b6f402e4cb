// Numeric formats a chip computes in, with their bit lengths (used by TPP and byte sizes).
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace suanli {

/// A numeric format. The order is the index into Chip::dense_flop_per_s.
enum class Precision { fp64, fp32, tf32, bf16, fp16, fp8, int8, fp4, int4 };

inline constexpr int kPrecisionCount = 9;
inline constexpr std::array<Precision, kPrecisionCount> kAllPrecisions = {
    Precision::fp64, Precision::fp32, Precision::tf32, Precision::bf16, Precision::fp16,
    Precision::fp8,  Precision::int8, Precision::fp4,  Precision::int4};

/// Bit length of one operand as export rules count it (TF32: 19, its multiplier width).
int bit_length(Precision p);
/// Bytes per stored element (TF32 is stored as 4 bytes; fp4/int4 as 0.5).
double bytes_per_element(Precision p);
/// Lower-case id: "fp64", "bf16", "fp8", "int4", ...
std::string_view to_string(Precision p);
/// Parses an id such as "bf16" (case-sensitive); nullopt when unknown.
std::optional<Precision> parse_precision(std::string_view text);
/// Index of p into per-precision arrays.
constexpr int index_of(Precision p) { return static_cast<int>(p); }

}  // namespace suanli
