// Summaries of repeated timings: the minimum (least disturbed run) and the median (typical
// run); their gap shows the noise.
#pragma once

#include <vector>

namespace suanli::bench {

/// Min and median of a set of timed samples.
struct RepeatStats {
  double min_s = 0;     ///< fastest sample, seconds
  double median_s = 0;  ///< median sample (mean of the middle two for an even count), seconds
  int repeats = 0;      ///< number of samples
};

/// REQUIRES: samples non-empty (an empty set gives all zeros).
RepeatStats summarize(std::vector<double> samples_s);

}  // namespace suanli::bench
