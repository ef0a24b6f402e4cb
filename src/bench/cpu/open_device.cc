// Lives with the CPU backend in suanli_backends because it links every backend that was
// built; the CUDA one only where SUANLI_HAVE_CUDA is defined (cmake/backends.cmake).
#include "bench/open_device.h"

#include <fmt/format.h>

#include <charconv>

#include "bench/cpu/cpu_backend.h"
#ifdef SUANLI_HAVE_CUDA
#include "bench/cuda/cuda_backend.h"
#endif

namespace suanli::bench {

Result<DeviceSpec> parse_device(std::string_view text) {
  if (text == "cpu") return DeviceSpec{false, 0};
  if (text == "cuda") return DeviceSpec{true, 0};
  if (text.starts_with("cuda:")) {
    std::string_view digits = text.substr(5);
    int index = -1;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), index);
    if (ec == std::errc() && end == digits.data() + digits.size() && index >= 0) {
      return DeviceSpec{true, index};
    }
  }
  return Error(fmt::format("--device: expected \"cpu\" or \"cuda:N\" (N >= 0), got \"{}\"", text));
}

Result<std::unique_ptr<Backend>> open_device(const DeviceSpec& spec, const std::string& id) {
  if (!spec.cuda) return make_cpu_backend(id);
#ifdef SUANLI_HAVE_CUDA
  return make_cuda_backend(spec.index, id);
#else
  return Error(fmt::format(
      "cuda:{}: this suanli was built without CUDA (configure where nvcc, cuBLASLt and NCCL "
      "are found, with -DSUANLI_CUDA=ON)",
      spec.index));
#endif
}

}  // namespace suanli::bench
