#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli.h"
#include "cli/cli_test_util.h"

namespace suanli::cli {
namespace {

using test::run_cli;

TEST(ServeCommand, JsonReportsLatencyThroughputMemoryAndCost) {
  test::CliOutput r = run_cli({"serve", "--model", "llama3-8b", "--chip", "h100", "--input", "1024",
                      "--output", "256", "--precision", "fp8", "--format", "json"});
  ASSERT_EQ(r.code, 0) << r.err;
  nlohmann::json j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["tp"], 1);
  EXPECT_EQ(j["tp_choice"], "smallest tp that fits");
  EXPECT_TRUE(j["batch_is_max"].get<bool>());
  EXPECT_EQ(j["batch"], j["max_batch"]);
  EXPECT_EQ(j["kv_precision"], "fp8");
  EXPECT_GT(j["ttft_ms"].get<double>(), 0);
  EXPECT_GT(j["tpot_ms"].get<double>(), 0);
  EXPECT_DOUBLE_EQ(j["price_per_chip_hour_usd"].get<double>(), 2.0);
  // Cost per million tokens follows from the price and the throughput.
  EXPECT_NEAR(j["cost_per_million_output_tokens_usd"].get<double>(),
              2.0 / 3600.0 / j["output_tokens_per_s"].get<double>() * 1e6, 1e-9);
  EXPECT_GT(j["memory_per_chip"]["kv_pool_gb"].get<double>(), 0);
}

TEST(ServeCommand, OutputIsDeterministicInEveryFormat) {
  for (const char* f : {"table", "csv", "json"}) {
    std::vector<std::string> args = {
        "serve",   "--model", "llama3-70b", "--chip", "h20",      "--count", "8",
        "--input", "2048",    "--output",   "256",    "--format", f};
    test::CliOutput a = run_cli(args), b = run_cli(args);
    ASSERT_EQ(a.code, 0) << a.err;
    EXPECT_EQ(a.out, b.out) << f;
  }
}

TEST(ServeCommand, CompareShowsPeakAndServingRatios) {
  test::CliOutput r =
      run_cli({"serve", "--model", "llama3-70b", "--chip", "h100", "--compare", "h20", "--count",
               "8", "--tp", "8", "--input", "2048", "--output", "256", "--format", "json"});
  ASSERT_EQ(r.code, 0) << r.err;
  nlohmann::json j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["chips"].size(), 2u);
  EXPECT_EQ(j["baseline"], "h100");
  EXPECT_DOUBLE_EQ(j["chips"][0]["serving_ratio"].get<double>(), 1.0);
  // bf16 peaks from the catalog: 148 / 989.4 TFLOP/s.
  EXPECT_NEAR(j["chips"][1]["peak_flops_ratio"].get<double>(), 148.0 / 989.4, 1e-3);
  EXPECT_GT(j["chips"][1]["serving_ratio"].get<double>(),
            j["chips"][1]["peak_flops_ratio"].get<double>());
}

TEST(ServeCommand, LatencyTargetsSearchAndNameTheBindingConstraint) {
  test::CliOutput r = run_cli({"serve", "--model", "llama3-70b", "--chip", "h100", "--count", "8", "--input",
                      "2048", "--output", "256", "--precision", "fp8", "--slo-ttft", "2000",
                      "--slo-tpot", "50", "--format", "json"});
  ASSERT_EQ(r.code, 0) << r.err;
  nlohmann::json j = nlohmann::json::parse(r.out);
  ASSERT_FALSE(j["best"].is_null());
  EXPECT_LE(j["best"]["tpot_ms"].get<double>(), 50.0);
  EXPECT_LE(j["best"]["ttft_ms"].get<double>(), 2000.0);
  const std::string binding = j["candidates"][j["best_index"].get<int>()]["binding"];
  EXPECT_FALSE(binding.empty());
}

TEST(ServeCommand, BadInputIsAnErrorThatNamesTheField) {
  test::CliOutput zero = run_cli(
      {"serve", "--model", "llama3-8b", "--chip", "h100", "--input", "0", "--output", "10"});
  EXPECT_EQ(zero.code, 1);
  EXPECT_NE(zero.err.find("input: expected > 0"), std::string::npos) << zero.err;
  test::CliOutput tp = run_cli({"serve", "--model", "llama3-70b", "--chip", "h100", "--tp", "3", "--input",
                       "10", "--output", "10"});
  EXPECT_EQ(tp.code, 1);
  EXPECT_NE(tp.err.find("does not divide"), std::string::npos) << tp.err;
  test::CliOutput nofit = run_cli({"serve", "--model", "llama3-405b", "--chip", "h100", "--tp", "1",
                          "--input", "10", "--output", "10"});
  EXPECT_EQ(nofit.code, 1);
  EXPECT_NE(nofit.err.find("GB short"), std::string::npos) << nofit.err;
  test::CliOutput prec = run_cli({"serve", "--model", "llama3-8b", "--chip", "h100", "--input", "10",
                         "--output", "10", "--precision", "fp64"});
  EXPECT_EQ(prec.code, 1);
  EXPECT_NE(prec.err.find("--precision: expected"), std::string::npos) << prec.err;
}

TEST(ServeCommand, HelpSaysWhatIsNotModelled) {
  test::CliOutput r = run_cli({"serve", "--help"});
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("speculative decoding"), std::string::npos);
  EXPECT_NE(r.out.find("Example"), std::string::npos);
}

}  // namespace
}  // namespace suanli::cli
