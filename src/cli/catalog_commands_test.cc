#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <tuple>

#include "cli/cli_test_util.h"
#include "suanli/catalog.h"

namespace suanli::cli {
namespace {

using test::csv_cells;
using test::lines_of;
using test::run_cli;

const Catalog& builtin() {
  static const Catalog catalog = [] {
    Result<Catalog> c = Catalog::builtin();
    EXPECT_TRUE(c.ok()) << c.error().message();
    return c.ok() ? *c : Catalog{};
  }();
  return catalog;
}

TEST(ChipsCommand, JsonParsesWithOneObjectPerChipSortedByVendorThenId) {
  test::CliOutput r = run_cli({"chips", "--format", "json"});
  ASSERT_EQ(r.code, 0) << r.err;
  nlohmann::json chips = nlohmann::json::parse(r.out);
  ASSERT_TRUE(chips.is_array());
  ASSERT_EQ(chips.size(), builtin().chips().size());
  for (size_t i = 1; i < chips.size(); ++i) {
    auto key = [&](size_t k) {
      return std::make_tuple(chips[k]["vendor"].get<std::string>(),
                             chips[k]["id"].get<std::string>());
    };
    EXPECT_LT(key(i - 1), key(i));
  }
  for (const nlohmann::json& c : chips) {
    for (const char* k : {"id", "name", "vendor", "year", "dense_tflops", "memory_gb",
                          "memory_bw_tb_per_s", "scaleup_gb_per_s_bidir", "tdp_w", "tpp", "pd",
                          "io_bidir_gbps", "dram_bw_gbps", "rules"}) {
      EXPECT_TRUE(c.contains(k)) << c["id"] << " lacks " << k;
    }
    EXPECT_EQ(c["rules"].size(), builtin().rules().size());
  }
}

TEST(ChipsCommand, JsonFiguresAreTheCatalogsInDisplayUnits) {
  nlohmann::json chips = nlohmann::json::parse(run_cli({"chips", "--format", "json"}).out);
  Result<Chip> h100 = builtin().chip("h100");
  ASSERT_TRUE(h100.ok());
  for (const nlohmann::json& c : chips) {
    if (c["id"] != "h100") continue;
    EXPECT_NEAR(c["dense_tflops"]["bf16"].get<double>(), *h100->peak(Precision::bf16) / 1e12, 1e-6);
    EXPECT_NEAR(c["memory_gb"].get<double>(), *h100->memory_bytes / 1e9, 1e-6);
    EXPECT_NEAR(c["tpp"].get<double>(), *h100->peak(Precision::fp8) / 1e12 * 8, 1e-3);
    EXPECT_EQ(c["tpp_precision"], "fp8");
    EXPECT_TRUE(c["dense_tflops"]["int4"].is_null());  // unknown is null, never 0
    return;
  }
  FAIL() << "h100 missing from `suanli chips --format json`";
}

TEST(ChipsCommand, TableHeadersCarryUnitsAndUnknownsShowDash) {
  test::CliOutput r = run_cli({"chips"});
  ASSERT_EQ(r.code, 0) << r.err;
  std::string header = lines_of(r.out).at(0);
  for (const char* h : {"BF16 (TFLOP/s)", "FP8 (TFLOP/s)", "INT8 (TOP/s)", "Memory (GB)",
                        "Memory BW (TB/s)", "Scale-up (GB/s bidir)", "TDP (W)", "TPP (TOPS×bit)",
                        "PD (TPP/mm²)", "us-2022-10 (status)", "us-2023-10 (status)"}) {
    EXPECT_NE(header.find(h), std::string::npos) << h;
  }
  // One line per chip below the header and the rule.
  EXPECT_EQ(lines_of(r.out).size(), builtin().chips().size() + 2);
  EXPECT_NE(r.out.find(" - "), std::string::npos);  // some figure is unknown somewhere
}

TEST(ChipsCommand, CsvLeavesUnknownCellsEmpty) {
  test::CliOutput r = run_cli({"chips", "--format", "csv"});
  ASSERT_EQ(r.code, 0) << r.err;
  std::vector<std::string> lines = lines_of(r.out);
  std::vector<std::string> header = csv_cells(lines.at(0));
  size_t fp8 = std::find(header.begin(), header.end(), "FP8 (TFLOP/s)") - header.begin();
  ASSERT_LT(fp8, header.size());
  for (size_t i = 1; i < lines.size(); ++i) {
    std::vector<std::string> cells = csv_cells(lines[i]);
    if (cells.at(0) != "a100-80gb") continue;
    EXPECT_EQ(cells.at(fp8), "");  // Ampere has no FP8
    EXPECT_EQ(cells.size(), header.size());
    return;
  }
  FAIL() << "a100-80gb missing from CSV";
}

TEST(ChipsCommand, OutputIsDeterministic) {
  EXPECT_EQ(run_cli({"chips", "--format", "json"}).out, run_cli({"chips", "--format", "json"}).out);
}

TEST(ChipCommand, EveryRequiredIdPrints) {
  for (const std::string& id : test::required_chip_ids()) {
    test::CliOutput r = run_cli({"chip", id});
    EXPECT_EQ(r.code, 0) << id << ": " << r.err;
    EXPECT_NE(r.out.find("Efficiency profile"), std::string::npos) << id;
    test::CliOutput j = run_cli({"chip", id, "--format", "json"});
    ASSERT_EQ(j.code, 0) << id << ": " << j.err;
    EXPECT_NO_THROW(std::ignore = nlohmann::json::parse(j.out)) << id;
  }
}

TEST(ChipCommand, JsonHasSourcesEfficiencyAndDefaultSystem) {
  test::CliOutput r = run_cli({"chip", "h100", "--format", "json"});
  ASSERT_EQ(r.code, 0) << r.err;
  nlohmann::json c = nlohmann::json::parse(r.out);
  EXPECT_EQ(c["id"], "h100");
  EXPECT_FALSE(c["sources"].empty());
  EXPECT_EQ(c["efficiency"]["profile"], "nvidia-hopper");
  EXPECT_GT(c["efficiency"]["gemm_max_fraction"].get<double>(), 0);
  EXPECT_EQ(c["default_system"]["id"], "dgx-h100");
  EXPECT_EQ(c["default_system"]["generic"], false);
}

TEST(ChipCommand, TableShowsSourcesBesideFigures) {
  test::CliOutput r = run_cli({"chip", "h100"});
  ASSERT_EQ(r.code, 0) << r.err;
  Result<Chip> h100 = builtin().chip("h100");
  ASSERT_TRUE(h100.ok());
  for (const std::string& line : lines_of(r.out)) {
    if (line.rfind("Dense bf16 (TFLOP/s)", 0) != 0) continue;
    std::string source = h100->sources.count("dense_tflops.bf16")
                             ? h100->sources.at("dense_tflops.bf16")
                             : h100->sources.at("dense_tflops");
    EXPECT_NE(line.find(source), std::string::npos) << line;
    return;
  }
  FAIL() << "no BF16 row in `suanli chip h100`";
}

TEST(ChipCommand, AcceptsAFilePath) {
  std::string path = std::string(SUANLI_SOURCE_DIR) + "/catalog/chips/h20.toml";
  test::CliOutput r = run_cli({"chip", path, "--format", "json"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["id"], "h20");
}

TEST(ChipCommand, UnknownIdFailsWithSuggestion) {
  test::CliOutput r = run_cli({"chip", "h10"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("did you mean"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("h100"), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");
}

TEST(SystemCommand, EveryRequiredIdPrintsItsTiers) {
  for (const std::string& id : test::required_system_ids()) {
    test::CliOutput r = run_cli({"system", id});
    EXPECT_EQ(r.code, 0) << id << ": " << r.err;
    EXPECT_NE(r.out.find("scale-up"), std::string::npos) << id;
    EXPECT_NE(r.out.find("scale-out"), std::string::npos) << id;
    test::CliOutput j = run_cli({"system", id, "--format", "json"});
    ASSERT_EQ(j.code, 0) << id << ": " << j.err;
    nlohmann::json s = nlohmann::json::parse(j.out);
    EXPECT_EQ(s["id"], id);
    EXPECT_GT(s["scaleup"]["gb_per_s"].get<double>(), 0) << id;
  }
}

TEST(SystemCommand, TierBandwidthIsTheCatalogsInGbPerSecond) {
  Result<System> dgx = builtin().system("dgx-h100");
  ASSERT_TRUE(dgx.ok());
  nlohmann::json s = nlohmann::json::parse(run_cli({"system", "dgx-h100", "--format", "json"}).out);
  EXPECT_NEAR(s["scaleup"]["gb_per_s"].get<double>(), dgx->scaleup.bw_bytes_per_s / 1e9, 1e-6);
  EXPECT_NEAR(s["scaleout"]["gbit_per_s"].get<double>(), dgx->scaleout.bw_bytes_per_s * 8 / 1e9,
              1e-6);
  EXPECT_NEAR(s["scaleup"]["latency_us"].get<double>(), dgx->scaleup.latency_s * 1e6, 1e-6);
}

TEST(SystemCommand, UnknownIdFailsWithSuggestion) {
  test::CliOutput r = run_cli({"system", "dgx-h10"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("did you mean"), std::string::npos) << r.err;
}

TEST(SystemsCommand, ListsEverySystem) {
  test::CliOutput r = run_cli({"systems", "--format", "json"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out).size(), builtin().systems().size());
  test::CliOutput t = run_cli({"systems"});
  EXPECT_NE(lines_of(t.out).at(0).find("Scale-up (GB/s per dir)"), std::string::npos);
}

TEST(ModelCommands, EveryModelPrintsItsComputedParameters) {
  test::CliOutput list = run_cli({"models", "--format", "json"});
  ASSERT_EQ(list.code, 0) << list.err;
  nlohmann::json models = nlohmann::json::parse(list.out);
  ASSERT_EQ(models.size(), builtin().models().size());
  for (const nlohmann::json& m : models) {
    const nlohmann::json& p = m["params"];
    EXPECT_EQ(p["total"].get<int64_t>(), p["embedding"].get<int64_t>() +
                                             p["attention"].get<int64_t>() +
                                             p["mlp"].get<int64_t>() + p["norm"].get<int64_t>())
        << m["id"];
    EXPECT_LE(p["active"].get<int64_t>(), p["total"].get<int64_t>()) << m["id"];
    test::CliOutput one = run_cli({"model", m["id"].get<std::string>()});
    EXPECT_EQ(one.code, 0) << m["id"] << ": " << one.err;
    EXPECT_NE(one.out.find("Total params (10⁹)"), std::string::npos);
  }
}

TEST(ModelCommands, UnknownModelFailsWithSuggestion) {
  test::CliOutput r = run_cli({"model", "llama3-70"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("did you mean"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace suanli::cli
