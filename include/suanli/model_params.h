// Parameter counts computed from a model's shape.
#pragma once

#include "suanli/model.h"

namespace suanli {

/// Parameters by part. "active" counts what one token uses (top-k + shared experts).
struct ParamCount {
  double embedding = 0;  ///< input embedding (+ learned positions), plus the output head if untied
  double attention = 0;  ///< all layers' attention projections (+ biases)
  double mlp = 0;        ///< all layers' MLP / expert weights (+ router)
  double norm = 0;       ///< all normalisation weights (+ biases)
  double total = 0;      ///< sum of the above
  double active = 0;     ///< parameters used per token
};

/// Counts parameters from the shape. REQUIRES: model passes validate_model().
ParamCount count_params(const Model& model);

}  // namespace suanli
