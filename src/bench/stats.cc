#include "bench/stats.h"

#include <algorithm>

namespace suanli::bench {

RepeatStats summarize(std::vector<double> samples_s) {
  if (samples_s.empty()) return {};
  std::sort(samples_s.begin(), samples_s.end());
  const size_t n = samples_s.size();
  const double median = n % 2 ? samples_s[n / 2] : 0.5 * (samples_s[n / 2 - 1] + samples_s[n / 2]);
  return {samples_s.front(), median, static_cast<int>(n)};
}

}  // namespace suanli::bench
