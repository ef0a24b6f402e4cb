// Consistency checks on a model's shape, with messages that name the field.
#pragma once

#include "suanli/model.h"
#include "suanli/status.h"

namespace suanli {

/// OK when the shape is usable: positive dimensions, kv_heads divides heads, MoE and MLA
/// fields consistent. The error names the field and what was expected.
Status validate_model(const Model& model);

}  // namespace suanli
