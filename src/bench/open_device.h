// Choosing a measurement backend from a --device string.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "bench/backend.h"

namespace suanli::bench {

/// A parsed --device value: "cpu" or "cuda:N".
struct DeviceSpec {
  bool cuda = false;  ///< true for "cuda:N"
  int index = 0;      ///< N for "cuda:N"
};

/// Parses "cpu", "cuda" (= cuda:0) or "cuda:N"; errors name the expected forms.
Result<DeviceSpec> parse_device(std::string_view text);

/// Opens the backend for `spec`. A CUDA device errors with one line when suanli was built
/// without CUDA or when no such device is present. `id` is the chip id for the profile.
Result<std::unique_ptr<Backend>> open_device(const DeviceSpec& spec, const std::string& id);

}  // namespace suanli::bench
