// Parses a model shape: a catalog model file, or an inline table in a validation case file.
#pragma once

#include <toml++/toml.h>

#include <string>

#include "suanli/model.h"
#include "suanli/status.h"

namespace suanli {

/// Parses a model table. With `require_identity`, `id` and `name` are required (catalog
/// files); inline case tables may omit them. The shape is checked with validate_model().
Result<Model> parse_model_table(const toml::table& table, const std::string& source,
                                bool require_identity = false);

}  // namespace suanli
