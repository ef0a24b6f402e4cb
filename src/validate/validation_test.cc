#include "suanli/validation.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/cli.h"

namespace suanli {
namespace {

const Catalog& catalog() {
  static const Catalog c = *Catalog::builtin();
  return c;
}

const char* kCase = R"([[case]]
id = "c1"
kind = "train"
source = "test"
model = { layers = 24, hidden = 2304, heads = 24, kv_heads = 24, ffn = 9216, mlp = "gelu", vocab = 51200 }
chip = "a100-80gb"
system = "dgx-a100"
count = 32
seq = 2048
global_batch = 512
precision = "fp16"
plan = { tp = 1, pp = 1, recompute = "full" }
measured = { metric = "tflops_per_chip", flops = "megatron", value = 137.0 }
)";

// kCase with its first `from` replaced by `to`.
std::string case_with(const std::string& from, const std::string& to) {
  std::string text = kCase;
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

TEST(CaseFile, ParsesACase) {
  Result<std::vector<ValidationCase>> r = parse_cases(kCase, "cases.toml", catalog());
  ASSERT_TRUE(r.ok()) << r.error().message();
  ASSERT_EQ(r->size(), 1u);
  const ValidationCase& c = r->front();
  EXPECT_EQ(c.model.layers, 24);
  EXPECT_EQ(c.chip.id, "a100-80gb");
  EXPECT_EQ(*c.plan.tp, 1);
  EXPECT_EQ(*c.plan.recompute, Recompute::full);
  EXPECT_FALSE(c.plan.micro_batch.has_value());
  EXPECT_EQ(c.flops, "megatron");
}

TEST(CaseFile, AssumedFieldsFillOnlyWhatTheCaseLeavesOut) {
  Result<std::vector<ValidationCase>> r = parse_cases(kCase, "cases.toml", catalog());
  ASSERT_TRUE(r.ok()) << r.error().message();
  Result<PlanConstraints> assumed = parse_plan_constraints("tp=2,sp=0,zero=0");
  ASSERT_TRUE(assumed.ok());
  assume_plan_fields(*r, *assumed);
  const ValidationCase& c = r->front();
  EXPECT_EQ(*c.plan.tp, 1);  // fixed by the case: kept
  EXPECT_EQ(*c.plan.sp, false);
  EXPECT_EQ(*c.plan.zero, 0);
  EXPECT_FALSE(c.plan.micro_batch.has_value());  // neither fixes it: still searched
}

TEST(CaseFile, UnknownKeyNamesFileLineColumn) {
  const std::string text = case_with("count = 32", "cuont = 32");
  Result<std::vector<ValidationCase>> r = parse_cases(text, "cases.toml", catalog());
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message().find("cases.toml:"), std::string::npos) << r.error().message();
}

TEST(CaseFile, UnknownPlanKeyIsAnError) {
  const std::string text = case_with("pp = 1", "qq = 1");
  Result<std::vector<ValidationCase>> r = parse_cases(text, "cases.toml", catalog());
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message().find("cases.toml:12:"), std::string::npos) << r.error().message();
  EXPECT_NE(r.error().message().find("plan.qq"), std::string::npos);
}

TEST(CaseFile, UnknownChipSuggestsAName) {
  const std::string text = case_with("\"a100-80gb\"", "\"a100-80g\"");
  Result<std::vector<ValidationCase>> r = parse_cases(text, "cases.toml", catalog());
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message().find("cases.toml:6:"), std::string::npos) << r.error().message();
  EXPECT_NE(r.error().message().find("did you mean"), std::string::npos) << r.error().message();
}

TEST(CaseFile, MegatronFlopsFormula) {
  const ValidationCase c = parse_cases(kCase, "c.toml", catalog())->front();
  const double B = 512, s = 2048, l = 24, h = 2304, V = 51200;
  EXPECT_NEAR(*case_flops_per_step(c, true),
              96 * B * s * l * h * h * (1 + s / (6 * h) + V / (16 * l * h)), 1e3);
  EXPECT_NEAR(*case_flops_per_step(c, false),
              72 * B * s * l * h * h * (1 + s / (6 * h) + V / (12 * l * h)), 1e3);
}

TEST(ValidateCommand, JsonShape) {
  const std::string path = std::string(SUANLI_SOURCE_DIR) + "/tests/data/validation_small.toml";
  const char* argv[] = {"suanli", "validate", "--cases", path.c_str(), "--format", "json"};
  std::ostringstream out, err;
  ASSERT_EQ(cli::run(6, argv, out, err), 0) << err.str();
  const nlohmann::json j = nlohmann::json::parse(out.str());
  ASSERT_TRUE(j["cases"].is_array());
  ASSERT_EQ(j["cases"].size(), 2u);
  for (const auto& c : j["cases"]) {
    for (const char* key : {"id", "kind", "metric", "predicted", "measured", "error", "plan"}) {
      EXPECT_TRUE(c.contains(key)) << key;
    }
  }
  const auto& train = j["cases"][0];
  const double error = train["predicted"].get<double>() / train["measured"].get<double>() - 1;
  EXPECT_NEAR(train["error"].get<double>(), error, 1e-12);
  EXPECT_TRUE(j["summary"]["train"].contains("median_abs_error"));
  EXPECT_TRUE(j["summary"]["train"].contains("worst_abs_error"));
  // A case whose fixed plan cannot fit is reported, not dropped.
  EXPECT_TRUE(j["cases"][1].contains("reason"));
}

// The case format has no field for the software: validate takes it from the chip's era.
TEST(CaseSoftware, ByChipEraFollowsTheReleaseYear) {
  ValidationCase a100;
  a100.chip = *catalog().chip("a100-80gb");
  ValidationCase h100;
  h100.chip = *catalog().chip("h100");
  const TrainOptions base;
  const TrainOptions old_run = case_train_options(base, {}, a100);
  EXPECT_FALSE(old_run.fused_attention);
  EXPECT_FALSE(old_run.overlap_dp_comm);
  const TrainOptions new_run = case_train_options(base, {}, h100);
  EXPECT_TRUE(new_run.fused_attention);
  EXPECT_TRUE(new_run.overlap_dp_comm);
  EXPECT_TRUE(new_run.overlap_ep_comm);
  EXPECT_FALSE(old_run.overlap_ep_comm);
  Chip unknown_year = a100.chip;
  unknown_year.year.reset();
  EXPECT_TRUE(runs_current_software(unknown_year));
  // A fixed choice applies to every chip.
  const CaseSoftware fixed{SoftwareChoice::on, SoftwareChoice::off};
  EXPECT_TRUE(case_train_options(base, fixed, a100).fused_attention);
  EXPECT_FALSE(case_train_options(base, fixed, h100).overlap_dp_comm);
  // A stated ZeRO-3 overlaps by era's choice, not against a fixed off.
  a100.plan.zero = 3;
  EXPECT_TRUE(case_train_options(base, {}, a100).overlap_dp_comm);
  EXPECT_FALSE(case_train_options(base, fixed, a100).overlap_dp_comm);
}

TEST(ValidateCommand, AutoIsOfferedByValidateNotByTrain) {
  const std::string path = std::string(SUANLI_SOURCE_DIR) + "/tests/data/validation_small.toml";
  std::ostringstream out, err;
  const char* by_era[] = {"suanli", "validate", "--cases", path.c_str(), "--attention", "auto"};
  EXPECT_EQ(cli::run(6, by_era, out, err), 0) << err.str();
  const char* fixed[] = {"suanli", "validate", "--cases", path.c_str(), "--attention", "fused"};
  std::ostringstream fixed_out;
  EXPECT_EQ(cli::run(6, fixed, fixed_out, err), 0) << err.str();
  EXPECT_NE(out.str(), fixed_out.str());  // the A100 case changes kernel
  const char* train[] = {"suanli", "train", "--model", "gpt3-1.3b", "--chip", "h100", "--count",
                         "8", "--global-batch", "8", "--attention", "auto"};
  std::ostringstream train_out, train_err;
  EXPECT_NE(cli::run(12, train, train_out, train_err), 0);
}

// A case that states ZeRO-3 overlaps its weight gathers even on an A100-era chip (every
// FSDP/DeepSpeed stage-3 implementation prefetches); --dp-overlap off still turns it off.
TEST(CaseSoftware, StatedZero3OverlapsOnAnyChip) {
  const std::string text = case_with("plan = { tp = 1, pp = 1, recompute = \"full\" }",
                                     "plan = { tp = 1, pp = 1, zero = 3 }");
  Result<std::vector<ValidationCase>> cases = parse_cases(text, "cases.toml", catalog());
  ASSERT_TRUE(cases.ok()) << cases.error().message();
  const ValidationReport by_era = run_validation(*cases);
  const ValidationReport off =
      run_validation(*cases, {}, CaseSoftware{SoftwareChoice::by_chip_era, SoftwareChoice::off});
  ASSERT_TRUE(by_era.cases[0].predicted && off.cases[0].predicted);
  EXPECT_GT(*by_era.cases[0].predicted, *off.cases[0].predicted);
}

// The shipped case files stay readable and every case in them gets a prediction (their
// accuracy is a measurement, reported by `suanli validate`, not a pass/fail here).
TEST(ShippedCases, EveryCaseIsPredicted) {
  for (const char* name : {"/data/validation/public.toml", "/data/validation/extra.toml"}) {
    const std::string path = std::string(SUANLI_SOURCE_DIR) + name;
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    Result<std::vector<ValidationCase>> cases = parse_cases(text.str(), path, catalog());
    ASSERT_TRUE(cases.ok()) << cases.error().message();
    ASSERT_FALSE(cases->empty()) << path;
    const ValidationReport report = run_validation(*cases);
    for (const CaseResult& c : report.cases) {
      EXPECT_TRUE(c.predicted.has_value()) << path << ": " << c.id << ": " << c.reason;
    }
  }
}

}  // namespace
}  // namespace suanli
