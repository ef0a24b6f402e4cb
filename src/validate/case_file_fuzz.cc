// libFuzzer target: the validation case-file parser must return a value or an error for any
// input, never crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "suanli/catalog.h"
#include "suanli/validation.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const suanli::Catalog catalog = *suanli::Catalog::builtin();
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto cases = suanli::parse_cases(text, "fuzz.toml", catalog);
  (void)cases;
  return 0;
}
