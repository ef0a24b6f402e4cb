#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "bench/gpt_block_ops.h"
#include "cli/cli.h"
#include "cli/cli_test_util.h"
#include "suanli/gemm_fit.h"
#include "suanli/measurements.h"
#include "test_util/scratch_dir.h"
#ifdef SUANLI_HAVE_CUDA
#include "bench/cuda/cuda_backend.h"
#endif

namespace suanli::cli {
namespace {

using test::run_cli;

namespace fs = std::filesystem;

// A chip file with an FP32 peak, and a sweep generated from a known curve relative to it.
constexpr double kPeakTflops = 0.5, kFraction = 0.4, kHalfDim = 100, kOverheadUs = 3;

void write_fixture(const fs::path& dir) {
  std::ofstream(dir / "test-cpu.toml")
      << "id = \"test-cpu\"\nname = \"Test CPU\"\nvendor = \"AMD\"\nefficiency_profile = "
         "\"generic\"\n[dense_tflops]\nfp32 = 0.5\n[memory]\nbandwidth_tb_per_s = 1.0\n"
         "[sources]\ndense_tflops = \"test\"\nmemory = \"test\"\n";
  Measurements m{"cpu", "Test CPU", "2025-01-01", {}, {}, {}};
  for (int64_t d : {64, 256, 1024, 2048}) {
    const double t =
        gemm_curve_time_s(d, d, d, kPeakTflops * 1e12, kFraction, kHalfDim, kOverheadUs * 1e-6);
    m.gemm.push_back({d, d, d, Precision::fp32, t, t, 3});
  }
  std::ofstream(dir / "test.sweep.toml") << measurements_to_toml(m);
}

TEST(CalibrateCommand, FitsTheChipToTheSweepAndPrintsBeforeAndAfter) {
  const suanli::test::ScratchDir scratch;
  const fs::path& dir = scratch.path();
  write_fixture(dir);
  test::CliOutput r = run_cli({"calibrate", "--chip", (dir / "test-cpu.toml").string(), "--profile",
                      (dir / "test.toml").string(), "--format", "json"});
  ASSERT_EQ(r.code, 0) << r.err;
  nlohmann::json j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["chip"], "test-cpu");
  EXPECT_EQ(j["precision"], "fp32");
  EXPECT_NEAR(j["after"]["gemm_max_fraction"].get<double>(), kFraction, 1e-4);
  EXPECT_NEAR(j["after"]["gemm_half_dim"].get<double>(), kHalfDim, 0.1);
  EXPECT_NEAR(j["after"]["kernel_overhead_s"].get<double>(), kOverheadUs * 1e-6, 1e-9);
  EXPECT_LT(j["median_abs_error_after"].get<double>(), 1e-3);
  EXPECT_EQ(j["rows"].size(), 4u);
  test::CliOutput table = run_cli({"calibrate", "--chip", (dir / "test-cpu.toml").string(), "--profile",
                          (dir / "test.sweep.toml").string()});
  ASSERT_EQ(table.code, 0) << table.err;
  EXPECT_NE(table.out.find("before error (%)"), std::string::npos);
  EXPECT_NE(table.out.find("gemm_half_dim = 100"), std::string::npos);
}

TEST(CalibrateCommand, MissingSweepNamesTheFile) {
  const suanli::test::ScratchDir scratch;
  const fs::path& dir = scratch.path();
  write_fixture(dir);
  test::CliOutput r = run_cli({"calibrate", "--chip", (dir / "test-cpu.toml").string(), "--profile",
                      (dir / "absent.toml").string()});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("absent.sweep.toml: cannot open file"), std::string::npos);
}

TEST(BenchCommand, TrainStepPrintsMeasuredPredictedAndError) {
  const suanli::test::ScratchDir scratch;
  const fs::path& dir = scratch.path();
  write_fixture(dir);
  test::CliOutput r =
      run_cli({"bench", "--train-step", "--chip", (dir / "test-cpu.toml").string(), "--batch", "1",
               "--seq", "8", "--hidden", "16", "--heads", "2", "--ffn", "32", "--format", "json"});
  ASSERT_EQ(r.code, 0) << r.err;
  nlohmann::json j = nlohmann::json::parse(r.out);
  EXPECT_GT(j["measured_s"].get<double>(), 0);
  EXPECT_GT(j["predicted_s"].get<double>(), 0);
  EXPECT_DOUBLE_EQ(j["error"].get<double>(),
                   (j["predicted_s"].get<double>() - j["measured_s"].get<double>()) /
                       j["measured_s"].get<double>());
  EXPECT_EQ(j["shape"]["hidden"], 16);
  EXPECT_EQ(j["shape"]["ffn"], 32);
}

TEST(BenchCommand, TrainStepKernelsListEveryKernelWithItsPrediction) {
  const suanli::test::ScratchDir scratch;
  const fs::path& dir = scratch.path();
  write_fixture(dir);
  test::CliOutput r = run_cli(
      {"bench", "--train-step", "--kernels", "--chip", (dir / "test-cpu.toml").string(), "--batch",
       "1", "--seq", "8", "--hidden", "16", "--heads", "2", "--ffn", "32", "--format", "json"});
  ASSERT_EQ(r.code, 0) << r.err;
  nlohmann::json j = nlohmann::json::parse(r.out);
  const bench::BlockShape shape{1, 8, 16, 2, 32};
  const std::vector<bench::BlockOp> ops = bench::gpt_block_ops(shape, 4.0);
  ASSERT_EQ(j["kernels"].size(), ops.size());
  double predicted = 0;
  for (size_t i = 0; i < ops.size(); ++i) {
    EXPECT_EQ(j["kernels"][i]["kernel"], ops[i].name);
    EXPECT_GE(j["kernels"][i]["measured_s"].get<double>(), 0.0);
    predicted += j["kernels"][i]["predicted_s"].get<double>();
  }
  // The per-kernel predictions add up to the step's (same functions, same order).
  EXPECT_NEAR(predicted, j["predicted_s"].get<double>(), 1e-12 * predicted);
}

TEST(BenchCommand, BadShapeOrDeviceIsAnError) {
  test::CliOutput r = run_cli({"bench", "--train-step", "--hidden", "10", "--heads", "3"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("hidden (10) must be divisible by heads (3)"), std::string::npos);
  r = run_cli({"bench", "--device", "tpu"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("--device: expected"), std::string::npos);
}

TEST(BenchCommand, CudaWithoutDeviceFailsWithOneLine) {
#ifdef SUANLI_HAVE_CUDA
  std::string why;
  if (bench::cuda_device_count(why) > 0) GTEST_SKIP() << "a CUDA device is present";
#endif
  test::CliOutput r = run_cli({"bench", "--device", "cuda:0", "--quick"});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err.rfind("error: cuda:0: ", 0), 0u);
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1);
  EXPECT_EQ(r.out, "");
}

}  // namespace
}  // namespace suanli::cli
