#include "suanli/spellcheck.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace suanli {
namespace {
char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

bool starts_with_ci(std::string_view text, std::string_view prefix) {
  if (prefix.size() > text.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (lower(text[i]) != lower(prefix[i])) return false;
  }
  return true;
}
}  // namespace

int edit_distance(std::string_view a, std::string_view b) {
  std::vector<int> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = static_cast<int>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    int diagonal = row[0];
    row[0] = static_cast<int>(i);
    for (size_t j = 1; j <= b.size(); ++j) {
      int substitute = diagonal + (lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1);
      diagonal = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, substitute});
    }
  }
  return row[b.size()];
}

std::optional<std::string> closest_match(std::string_view name,
                                         const std::vector<std::string>& candidates) {
  const int allowed = std::max<int>(2, static_cast<int>(name.size()) / 3);
  std::optional<std::string> best;
  int best_distance = allowed + 1;
  for (const std::string& candidate : candidates) {
    int distance = edit_distance(name, candidate);
    // A prefix ("h10" of "h100-pcie") counts as close as the letters it lacks allow.
    if (!name.empty() && starts_with_ci(candidate, name)) distance = std::min(distance, 1);
    if (distance < best_distance || (distance == best_distance && best && candidate < *best)) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

std::string unknown_name_message(std::string_view kind, std::string_view name,
                                 const std::vector<std::string>& candidates) {
  if (std::optional<std::string> guess = closest_match(name, candidates)) {
    return fmt::format("unknown {} '{}'; did you mean '{}'?", kind, name, *guess);
  }
  if (candidates.empty()) return fmt::format("unknown {} '{}'; none are known", kind, name);
  std::vector<std::string> sorted = candidates;
  std::sort(sorted.begin(), sorted.end());
  return fmt::format("unknown {} '{}'; known: {}", kind, name, fmt::join(sorted, ", "));
}

}  // namespace suanli
