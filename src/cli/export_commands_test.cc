// `suanli export-check` on the built-in catalog: the JSON shape, and the public outcomes of
// shared/data/chips/export_rules.md ("Check against known outcomes") on the catalog's chips
// and rule files.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "cli/cli_test_util.h"
#include "suanli/catalog.h"

namespace suanli::cli {
namespace {

using test::run_cli;

// The export-check JSON object of one chip under one rule.
nlohmann::json check(const std::string& chip, const std::string& rule) {
  test::CliOutput r = run_cli({"export-check", chip, "--rule", rule, "--format", "json"});
  EXPECT_EQ(r.code, 0) << r.err;
  nlohmann::json all = nlohmann::json::parse(r.out);
  EXPECT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0]["rules"].size(), 1u);
  return all[0];
}

nlohmann::json outcome(const std::string& chip, const std::string& rule) {
  return check(chip, rule)["rules"][0];
}

void ExpectControlled(const std::string& chip, const std::string& rule,
                      const std::string& paragraph) {
  nlohmann::json o = outcome(chip, rule);
  EXPECT_TRUE(o["controlled"].get<bool>()) << chip << " " << rule << ": " << o["reason"];
  EXPECT_TRUE(o["determined"].get<bool>()) << chip << " " << rule;
  EXPECT_EQ(o["paragraph"], paragraph) << chip << " " << rule << ": " << o["reason"];
}

void ExpectFree(const std::string& chip, const std::string& rule) {
  nlohmann::json o = outcome(chip, rule);
  EXPECT_FALSE(o["controlled"].get<bool>()) << chip << " " << rule << ": " << o["reason"];
  EXPECT_TRUE(o["determined"].get<bool>()) << chip << " " << rule << ": " << o["reason"];
  EXPECT_TRUE(o["paragraph"].is_null()) << chip << " " << rule;
}

bool Has(const nlohmann::json& o, const std::string& part) {
  return o["reason"].get<std::string>().find(part) != std::string::npos;
}

TEST(ExportCheckCommand, JsonIsOneObjectPerChipWithTheDocumentedKeys) {
  test::CliOutput r = run_cli({"export-check", "--format", "json"});
  ASSERT_EQ(r.code, 0) << r.err;
  nlohmann::json all = nlohmann::json::parse(r.out);
  Result<Catalog> catalog = Catalog::builtin();
  ASSERT_TRUE(catalog.ok());
  ASSERT_TRUE(all.is_array());
  ASSERT_EQ(all.size(), catalog->chips().size());
  for (const nlohmann::json& c : all) {
    ASSERT_TRUE(c["chip"].is_string());
    EXPECT_TRUE(c["tpp"].is_number() || c["tpp"].is_null()) << c["chip"];
    EXPECT_TRUE(c["pd"].is_number() || c["pd"].is_null()) << c["chip"];
    EXPECT_EQ(c["pd"].is_null(), c["die_area_mm2"].is_null() || c["tpp"].is_null()) << c["chip"];
    ASSERT_EQ(c["rules"].size(), catalog->rules().size());
    for (const nlohmann::json& o : c["rules"]) {
      EXPECT_TRUE(o["rule"].is_string());
      EXPECT_TRUE(o["controlled"].is_boolean());
      EXPECT_TRUE(o["determined"].is_boolean());
      EXPECT_EQ(o["paragraph"].is_string(),
                o["controlled"].get<bool>() && o["determined"].get<bool>())
          << o["reason"];
      std::string reason = o["reason"].get<std::string>();
      EXPECT_FALSE(reason.empty());
      EXPECT_EQ(reason.back(), '.') << reason;
    }
  }
}

TEST(ExportCheckCommand, PdIsNullWhereDieAreaIsUnknown) {
  nlohmann::json gaudi2 = check("gaudi2", "us-2023-10");  // die area unpublished
  EXPECT_TRUE(gaudi2["pd"].is_null());
  EXPECT_TRUE(gaudi2["tpp"].is_number());
}

TEST(ExportCheckCommand, Oct2022CatchesA100AndH100NotA800OrH800) {
  ExpectControlled("a100-80gb", "us-2022-10", "3A090.a");
  ExpectControlled("h100", "us-2022-10", "3A090.a");
  for (const char* chip : {"a800", "h800"}) {
    ExpectFree(chip, "us-2022-10");
    EXPECT_TRUE(Has(outcome(chip, "us-2022-10"), "under the 600 GB/s floor")) << chip;
  }
  nlohmann::json h100 = check("h100", "us-2022-10");
  double tpp = h100["tpp"].get<double>(), io = h100["io_bidir_gbps"].get<double>();
  EXPECT_NEAR(tpp, 1978.9 * 8, 1e-3);  // FP8 dense 1978.9 TFLOP/s x 8 bits
  EXPECT_NEAR(io, 900 + 128, 1e-9);    // NVLink 4 + PCIe Gen5 x16, bidirectional
  EXPECT_TRUE(Has(h100["rules"][0],
                  fmt::format("TPP {:.0f} ≥ 4800 ({:.1f}× the threshold) and I/O {:.0f} GB/s ≥ "
                              "600 GB/s",
                              tpp, tpp / 4800, io)));
}

TEST(ExportCheckCommand, Oct2023CatchesA800AndH800UnderA1) {
  ExpectControlled("a800", "us-2023-10", "3A090.a.1");
  ExpectControlled("h800", "us-2023-10", "3A090.a.1");
}

TEST(ExportCheckCommand, H20L20L2PassOct2023WithTheirMargins) {
  for (const char* chip : {"h20", "l20", "l2"}) ExpectFree(chip, "us-2023-10");
  nlohmann::json h20 = check("h20", "us-2023-10");
  double tpp = h20["tpp"].get<double>(), pd = h20["pd"].get<double>();
  EXPECT_NEAR(tpp, 296.0 * 8, 1e-9);  // FP8 dense 296 x 8 bits
  EXPECT_TRUE(Has(h20["rules"][0], fmt::format("TPP {:.0f} is {:.1f}% under the 2400 floor of "
                                               "3A090.b.1",
                                               tpp, (2400 - tpp) / 2400 * 100)));
  EXPECT_TRUE(Has(h20["rules"][0], fmt::format("PD {:.2f} is {:.1f}% under the 3.2 floor of "
                                               "3A090.b.2",
                                               pd, (3.2 - pd) / 3.2 * 100)));
  nlohmann::json l20 = check("l20", "us-2023-10");
  EXPECT_LT(l20["pd"].get<double>(), 3.2);
  nlohmann::json l2 = check("l2", "us-2023-10");
  EXPECT_LT(l2["tpp"].get<double>(), 1600);
}

TEST(ExportCheckCommand, Oct2023PutsL40SUnderA1AndL4UnderA2) {
  ExpectControlled("l40s", "us-2023-10", "3A090.a.1");
  ExpectControlled("l4", "us-2023-10", "3A090.a.2");
}

TEST(ExportCheckCommand, April2025LettersCatchH20OnDramBandwidth) {
  nlohmann::json o = outcome("h20", "us-2025-04");
  EXPECT_TRUE(o["controlled"].get<bool>()) << o["reason"];
  EXPECT_TRUE(Has(o, fmt::format("DRAM bandwidth {:.0f} GB/s ≥ 1400 GB/s", 4.0 * 1000)))
      << o["reason"];
}

TEST(ExportCheckCommand, Jan2026ZoneHoldsH200ButNotB200) {
  nlohmann::json h200 = outcome("h200", "us-2026-01");
  EXPECT_TRUE(h200["controlled"].get<bool>());
  EXPECT_NE(h200["meaning"].get<std::string>().find("case-by-case"), std::string::npos)
      << h200["reason"];
  nlohmann::json b200 = outcome("b200", "us-2026-01");
  EXPECT_TRUE(b200["controlled"].get<bool>());
  EXPECT_EQ(b200["meaning"].get<std::string>().find("case-by-case"), std::string::npos)
      << b200["reason"];
  EXPECT_TRUE(Has(b200, "≥ 21000")) << b200["reason"];
}

TEST(ExportCheckCommand, UnknownDieAreaIsUndeterminedWithTheAreaCutOff) {
  nlohmann::json tpu = check("tpu-v4", "us-2023-10");
  nlohmann::json o = tpu["rules"][0];
  EXPECT_FALSE(o["determined"].get<bool>());
  double tpp = tpu["tpp"].get<double>();
  EXPECT_NEAR(tpp, 275.0 * 16, 1e-9);
  EXPECT_TRUE(Has(o, fmt::format("3A090.a.2 holds if the applicable die area is ≤ TPP/5.92 = "
                                 "{:.0f} mm²",
                                 tpp / 5.92)))
      << o["reason"];
}

TEST(ExportCheckCommand, UnknownChipOrRuleFailsWithSuggestion) {
  test::CliOutput chip = run_cli({"export-check", "h2O"});
  EXPECT_EQ(chip.code, 1);
  EXPECT_NE(chip.err.find("did you mean"), std::string::npos) << chip.err;
  test::CliOutput rule = run_cli({"export-check", "h20", "--rule", "us-2023-1"});
  EXPECT_EQ(rule.code, 1);
  EXPECT_NE(rule.err.find("did you mean 'us-2023-10'"), std::string::npos) << rule.err;
}

TEST(ExportCheckCommand, CsvHasOneRowPerChipAndRule) {
  test::CliOutput r = run_cli({"export-check", "h20", "l20", "--format", "csv"});
  ASSERT_EQ(r.code, 0) << r.err;
  std::vector<std::string> lines = test::lines_of(r.out);
  Result<Catalog> catalog = Catalog::builtin();
  ASSERT_TRUE(catalog.ok());
  EXPECT_EQ(lines.size(), 1 + 2 * catalog->rules().size());
  EXPECT_EQ(lines.at(0).rfind("Chip,TPP (TOPS×bit),TPP precision,PD (TPP/mm²),I/O (GB/s bidir),"
                              "DRAM BW (GB/s),Rule,Controlled",
                              0),
            0u);
}

TEST(ExportCheckCommand, TableNamesEachChipAndItsFigures) {
  test::CliOutput r = run_cli({"export-check", "h20", "--rule", "us-2023-10"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("h20 (", 0), 0u) << r.out;
  EXPECT_NE(r.out.find("TPP 2368 (fp8 296 × 8)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("us-2023-10  no"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace suanli::cli
