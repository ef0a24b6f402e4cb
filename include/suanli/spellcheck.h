// "Did you mean ...?" for unknown names (after ninja's SpellcheckString).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace suanli {

/// Edit distance (insert, delete, substitute), case-insensitive.
int edit_distance(std::string_view a, std::string_view b);

/// The candidate closest to `name`, if one is close enough to be a plausible typo
/// (distance <= max(2, name.size() / 3)) or has `name` as a prefix.
std::optional<std::string> closest_match(std::string_view name,
                                         const std::vector<std::string>& candidates);

/// "unknown chip 'h10'; did you mean 'h100'?" or "unknown chip 'xyz'; known: a, b, ...".
std::string unknown_name_message(std::string_view kind, std::string_view name,
                                 const std::vector<std::string>& candidates);

}  // namespace suanli
