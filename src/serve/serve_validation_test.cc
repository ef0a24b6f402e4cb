// Runs the public serving cases (kind = "serve") through predict_serve_metric and prints
// each case's error and the median; fails when the median |error| exceeds 10%.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "suanli/catalog.h"
#include "suanli/serve_estimate.h"
#include "suanli/validation.h"

namespace suanli {
namespace {

// The project's copy of the public cases, else the shared data folder beside the checkout.
std::optional<std::filesystem::path> public_cases() {
  const std::filesystem::path root = SUANLI_SOURCE_DIR;
  for (const auto& p :
       {root / "data/validation/public.toml", root / "../shared/data/validation/public.toml"}) {
    if (std::filesystem::exists(p)) return p;
  }
  return std::nullopt;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

TEST(ServeValidation, PublicServingCasesMedianErrorWithinTenPercent) {
  std::optional<std::filesystem::path> path = public_cases();
  if (!path) GTEST_SKIP() << "public.toml not found";
  Result<Catalog> catalog = Catalog::builtin();
  ASSERT_TRUE(catalog.ok()) << catalog.error().message();
  std::ifstream in(*path);
  std::stringstream text;
  text << in.rdbuf();
  Result<std::vector<ValidationCase>> cases = parse_cases(text.str(), path->string(), *catalog);
  ASSERT_TRUE(cases.ok()) << cases.error().message();
  std::vector<double> errors;
  for (const ValidationCase& c : *cases) {
    if (c.kind != "serve") continue;
    ServeConfig cfg;
    cfg.count = static_cast<int>(c.count);
    cfg.tp = c.plan.tp.value_or(1);
    cfg.pp = c.plan.pp.value_or(1);
    cfg.input_tokens = c.input;
    cfg.output_tokens = c.output;
    if (c.batch) cfg.batch = static_cast<int>(*c.batch);
    cfg.weight_precision = c.precision;
    Result<double> v = predict_serve_metric(c.model, c.chip, c.system, cfg, c.metric);
    ASSERT_TRUE(v.ok()) << c.id << ": " << v.error().message();
    const double err = *v / c.measured - 1.0;
    errors.push_back(std::fabs(err));
    std::printf("  %-12s %-22s predicted %10.1f measured %10.1f error %+6.1f%%\n", c.id.c_str(),
                c.metric.c_str(), *v, c.measured, 100.0 * err);
  }
  ASSERT_FALSE(errors.empty());
  const double med = median(errors);
  std::printf("  serving cases: %zu, median |error| %.1f%%, worst %.1f%%\n", errors.size(),
              100.0 * med, 100.0 * *std::max_element(errors.begin(), errors.end()));
  EXPECT_LE(med, 0.10);
}

}  // namespace
}  // namespace suanli
