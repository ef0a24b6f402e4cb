// SI units, chosen once: GB = 1e9 bytes, TB/s = 1e12 bytes/s, TFLOP/s = 1e12 FLOP/s.
// Values inside the library are in base SI units (bytes, seconds, FLOP/s, bytes/s, watts);
// names carry the unit as a suffix (memory_bytes, step_s, peak_flop_per_s). Convert only at
// the edges: catalog parsing and report printing.
#pragma once

namespace suanli::units {

inline constexpr double kKilo = 1e3;
inline constexpr double kMega = 1e6;
inline constexpr double kGiga = 1e9;
inline constexpr double kTera = 1e12;
inline constexpr double kPeta = 1e15;

inline constexpr double kGB = 1e9;             ///< bytes in a gigabyte (SI)
inline constexpr double kGiB = 1073741824.0;   ///< bytes in a gibibyte, only where a source says GiB
inline constexpr double kGBps = 1e9;           ///< bytes/s in 1 GB/s
inline constexpr double kTBps = 1e12;          ///< bytes/s in 1 TB/s
inline constexpr double kGbps = 1e9 / 8.0;     ///< bytes/s in 1 Gb/s (network links)
inline constexpr double kTflops = 1e12;        ///< FLOP/s in 1 TFLOP/s
inline constexpr double kMicrosecond = 1e-6;   ///< seconds
inline constexpr double kMillisecond = 1e-3;   ///< seconds
inline constexpr double kHour = 3600.0;        ///< seconds
inline constexpr double kDay = 86400.0;        ///< seconds

}  // namespace suanli::units
