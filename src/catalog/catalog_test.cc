// The loader's contract: strict parsing, errors that name file:line:column and field.
#include "suanli/catalog.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>

#include "suanli/units.h"
#include "test_util/scratch_dir.h"

namespace suanli {
namespace {

const char* kProfile = R"(name = "test-profile"
gemm_max_fraction = 0.8
gemm_half_dim = 64
attention_fraction = 0.6
memory_bw_fraction = 0.9
kernel_overhead_us = 4
)";

const char* kChip = R"(id = "test-chip"
aliases = ["tc"]
name = "Test Chip"
vendor = "Test"
efficiency_profile = "test-profile"
die_area_mm2 = 800

[dense_tflops]
bf16 = 1000
fp8 = 2000

[memory]
capacity_gb = 80
bandwidth_tb_per_s = 3

[interconnect]
scaleup_gb_per_s_bidir = 900

[sources]
dense_tflops = "TEST-A"
memory = "TEST-B"
"interconnect.scaleup_gb_per_s_bidir" = "TEST-C"
die_area_mm2 = "TEST-D"
)";

Catalog with_profile() {
  Catalog c;
  EXPECT_TRUE(c.add_efficiency_profile(kProfile, "efficiency/test-profile.toml").ok());
  return c;
}

// Loads `text` as a chip and returns the error message ("" on success).
std::string chip_error(const std::string& text) {
  Catalog c = with_profile();
  Status s = c.add_chip(text, "chips/bad.toml");
  return s.ok() ? "" : s.error().message();
}

std::string replace(std::string text, const std::string& from, const std::string& to) {
  size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return text.replace(at, from.size(), to);
}

TEST(ChipLoader, ConvertsUnitsAtTheEdge) {
  Catalog c = with_profile();
  ASSERT_TRUE(c.add_chip(kChip, "chips/test-chip.toml").ok());
  Result<Chip> chip = c.chip("TC");  // alias, case-insensitive
  ASSERT_TRUE(chip.ok()) << chip.error().message();
  EXPECT_EQ(chip->id, "test-chip");
  EXPECT_DOUBLE_EQ(*chip->peak(Precision::bf16), 1000 * units::kTflops);
  EXPECT_FALSE(chip->peak(Precision::fp64).has_value());  // unknown stays absent
  EXPECT_DOUBLE_EQ(*chip->memory_bytes, 80 * units::kGB);
  EXPECT_DOUBLE_EQ(*chip->memory_bw_bytes_per_s, 3 * units::kTBps);
  EXPECT_DOUBLE_EQ(*chip->scaleup_bw_bidir_bytes_per_s, 900 * units::kGBps);
  EXPECT_DOUBLE_EQ(chip->efficiency.kernel_overhead_s, 4 * units::kMicrosecond);
  EXPECT_EQ(chip->sources.at("memory"), "TEST-B");
}

TEST(ChipLoader, EfficiencyOverridesReplaceSingleProfileFields) {
  Catalog c = with_profile();
  ASSERT_TRUE(c.add_chip(std::string(kChip) + "\n[efficiency]\ngemm_max_fraction = 0.5\n",
                         "chips/test-chip.toml")
                  .ok());
  Chip chip = *c.chip("test-chip");
  EXPECT_DOUBLE_EQ(chip.efficiency.gemm_max_fraction, 0.5);
  EXPECT_DOUBLE_EQ(chip.efficiency.memory_bw_fraction, 0.9);  // from the profile
}

TEST(ChipLoader, UnknownKeyNamesFileLineAndSuggestsTheKnownKey) {
  EXPECT_EQ(chip_error(replace(kChip, "capacity_gb = 80", "capacity_bg = 80")),
            "chips/bad.toml:13:15: memory.capacity_bg: unknown key; did you mean 'capacity_gb'?");
}

TEST(ChipLoader, NegativeBandwidthIsAnError) {
  EXPECT_EQ(chip_error(replace(kChip, "bandwidth_tb_per_s = 3", "bandwidth_tb_per_s = -3")),
            "chips/bad.toml:14:22: memory.bandwidth_tb_per_s: expected a positive number, got -3");
}

TEST(ChipLoader, WrongTypeIsAnError) {
  EXPECT_EQ(chip_error(replace(kChip, "name = \"Test Chip\"", "name = 5")),
            "chips/bad.toml:3:8: name: expected a string");
}

TEST(ChipLoader, MissingRequiredFieldIsAnError) {
  EXPECT_EQ(chip_error(replace(kChip, "vendor = \"Test\"\n", "")),
            "chips/bad.toml:1:1: vendor: missing required field (a string)");
}

TEST(ChipLoader, FigureWithoutSourceIsAnError) {
  const std::string text = replace(kChip, "die_area_mm2 = \"TEST-D\"\n", "");
  EXPECT_EQ(chip_error(text),
            "chips/bad.toml:6:16: die_area_mm2: 'die_area_mm2' has no source: add "
            "\"die_area_mm2\" (or \"die_area_mm2\") to [sources]");
}

TEST(ChipLoader, UnknownProfileSuggestsClosest) {
  EXPECT_EQ(chip_error(replace(kChip, "\"test-profile\"", "\"test-profil\"")),
            "chips/bad.toml:5:22: efficiency_profile: unknown efficiency profile 'test-profil'; "
            "did you mean 'test-profile'?");
}

TEST(ChipLoader, InvalidTomlNamesThePosition) {
  const std::string message = chip_error("id = \"x\"\nname = \n");
  EXPECT_EQ(message.rfind("chips/bad.toml:2:", 0), 0u) << message;
  EXPECT_NE(message.find("invalid TOML"), std::string::npos) << message;
}

TEST(CatalogLookup, UnknownChipSuggestsClosest) {
  Catalog c = with_profile();
  ASSERT_TRUE(c.add_chip(kChip, "chips/test-chip.toml").ok());
  Result<Chip> chip = c.chip("test-chp");
  ASSERT_FALSE(chip.ok());
  EXPECT_EQ(chip.error().message(), "unknown chip 'test-chp'; did you mean 'test-chip'?");
}

TEST(CatalogLookup, GenericSystemIsBuiltFromTheChipsOwnLinks) {
  Catalog c = with_profile();
  ASSERT_TRUE(c.add_chip(kChip, "chips/test-chip.toml").ok());
  Result<System> s = c.default_system(*c.chip("test-chip"));
  ASSERT_TRUE(s.ok());
  EXPECT_TRUE(s->generic);
  EXPECT_TRUE(s->estimate);
  EXPECT_EQ(s->chips_per_node, 8);
  EXPECT_DOUBLE_EQ(s->scaleup.bw_bytes_per_s, 900 * units::kGBps / 2);  // per direction
}

const char* kSystem = R"(id = "test-node"
name = "Test node"
chip = "test-chip"
chips_per_node = 8

[scaleup]
name = "link"
span_chips = 8
gb_per_s = 450
latency_us = 3
bw_efficiency = 0.8

[scaleout]
name = "net"
gbit_per_s = 400
latency_us = 5
bw_efficiency = 0.9

[sources]
scaleup = "S1"
scaleout = "S2"
)";

TEST(SystemLoader, ReadsBothTiersPerDirection) {
  Catalog c;
  ASSERT_TRUE(c.add_system(kSystem, "systems/test-node.toml").ok());
  System s = *c.system("test-node");
  EXPECT_DOUBLE_EQ(s.scaleup.bw_bytes_per_s, 450 * units::kGBps);
  EXPECT_DOUBLE_EQ(s.scaleout.bw_bytes_per_s, 400 * units::kGbps);
  EXPECT_DOUBLE_EQ(s.scaleout.latency_s, 5 * units::kMicrosecond);
}

TEST(SystemLoader, BothBandwidthUnitsIsAnError) {
  Catalog c;
  Status st = c.add_system(replace(kSystem, "gbit_per_s = 400", "gbit_per_s = 400\ngb_per_s = 50"),
                           "systems/bad.toml");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().message().rfind("systems/bad.toml:15:14: scaleout.gbit_per_s: give exactly", 0),
            0u)
      << st.error().message();
}

class UserCatalogDir : public ::testing::Test {
 protected:
  void SetUp() override {
    scratch_ = std::make_unique<test::ScratchDir>();
    dir_ = scratch_->path();
    std::filesystem::create_directories(dir_ / "chips");
    std::filesystem::create_directories(dir_ / "efficiency");
    write("efficiency/test-profile.toml", kProfile);
  }
  void TearDown() override { scratch_.reset(); }
  void write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
  }
  std::unique_ptr<test::ScratchDir> scratch_;
  std::filesystem::path dir_;
};

TEST_F(UserCatalogDir, LoadsAndLooksUpByPath) {
  write("chips/test-chip.toml", kChip);
  Catalog c;
  ASSERT_TRUE(c.load_directory(dir_).ok());
  EXPECT_TRUE(c.chip("test-chip").ok());
  Result<Chip> by_path = c.chip((dir_ / "chips/test-chip.toml").string());
  ASSERT_TRUE(by_path.ok()) << by_path.error().message();
  EXPECT_EQ(by_path->name, "Test Chip");
}

TEST_F(UserCatalogDir, DuplicateIdIsAnError) {
  write("chips/a.toml", kChip);
  write("chips/b.toml", kChip);
  Catalog c;
  Status s = c.load_directory(dir_);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message().find("duplicate chip name 'test-chip'"), std::string::npos)
      << s.error().message();
}

TEST_F(UserCatalogDir, StrayFileIsAnErrorNotSkipped) {
  write("chips/notes.txt", "hello");
  Catalog c;
  Status s = c.load_directory(dir_);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message().find("notes.txt: not a catalog file"), std::string::npos);
}

TEST_F(UserCatalogDir, UnknownDefaultSystemNamesFileAndLine) {
  write("chips/test-chip.toml", replace(kChip, "vendor = \"Test\"\n",
                                        "vendor = \"Test\"\ndefault_system = \"dgx-h1000\"\n"));
  Catalog c;
  Status s = c.load_directory(dir_);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message().find("test-chip.toml:5:18: default_system: unknown system "
                                     "'dgx-h1000'"),
            std::string::npos)
      << s.error().message();
}

}  // namespace
}  // namespace suanli
