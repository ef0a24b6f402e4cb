// libFuzzer target: any bytes fed to the catalog loaders give a value or an Error, never a
// crash, hang or sanitizer report. Build: CXX=clang++ cmake -DSUANLI_FUZZ=ON; run
// ./catalog_fuzz -max_total_time=60 catalog/   (the built-in files make a good corpus).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "suanli/catalog.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const suanli::Catalog base = [] {
    suanli::Result<suanli::Catalog> c = suanli::Catalog::builtin();
    return c.ok() ? std::move(c).value() : suanli::Catalog();
  }();
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  suanli::Catalog catalog = base;
  (void)catalog.add_chip(text, "fuzz/chips/x.toml");
  (void)catalog.add_system(text, "fuzz/systems/x.toml");
  (void)catalog.add_model(text, "fuzz/models/x.toml");
  (void)catalog.add_rule(text, "fuzz/rules/x.toml");
  (void)catalog.add_efficiency_profile(text, "fuzz/efficiency/x.toml");
  return 0;
}
