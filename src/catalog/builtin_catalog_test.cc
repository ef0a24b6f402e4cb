// The built-in catalog's data: every id the project promises resolves, references hold,
// every model is a valid shape. (The loader's own behaviour is tested in catalog_test.cc.)
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "catalog/required_ids_test_util.h"
#include "suanli/catalog.h"
#include "suanli/model_check.h"

namespace suanli {
namespace {

// System id -> the chip it is built from (shared/data/README.md's system table).
const std::vector<std::pair<std::string, std::string>> kSystems = {
    {"dgx-a100", "a100-80gb"},
    {"dgx-h100", "h100"},
    {"hgx-h800", "h800"},
    {"hgx-h20", "h20"},
    {"hgx-h200", "h200"},
    {"hgx-b200", "b200"},
    {"gb200-nvl72", "gb200"},
    {"gaudi2-hls", "gaudi2"},
    {"atlas-800t-a2", "ascend-910b3"},
    {"cloudmatrix-384", "ascend-910c"},
    {"mi300x-8", "mi300x"},
};

const std::vector<std::string> kRuleIds = {"us-2022-10", "us-2023-10", "us-2024-12", "us-2025-04",
                                           "us-2026-01"};

// Loaded once for the whole suite; every test checks that the load succeeded.
const Result<Catalog>& builtin() {
  static const Result<Catalog> catalog = Catalog::builtin();
  return catalog;
}

class BuiltinCatalog : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(builtin().ok()) << builtin().error().message();
    catalog_ = &builtin().value();
  }
  const Catalog* catalog_ = nullptr;
};

TEST_F(BuiltinCatalog, EveryPromisedChipResolves) {
  size_t ids = 0;
  for (const std::string& id : test::required_chip_ids()) {
    if (id == "ascend-910b") continue;  // an alias, tested below
    Result<Chip> chip = catalog_->chip(id);
    ASSERT_TRUE(chip.ok()) << id << ": " << chip.error().message();
    EXPECT_EQ(chip->id, id);
    ++ids;
  }
  EXPECT_EQ(catalog_->chips().size(), ids);
}

TEST_F(BuiltinCatalog, Ascend910bIsThe910b3) {
  Result<Chip> chip = catalog_->chip("ascend-910b");
  ASSERT_TRUE(chip.ok()) << chip.error().message();
  EXPECT_EQ(chip->id, "ascend-910b3");
}

TEST_F(BuiltinCatalog, EveryPromisedSystemResolvesAndIsItsChipsDefault) {
  for (const auto& [id, chip_id] : kSystems) {
    Result<System> system = catalog_->system(id);
    ASSERT_TRUE(system.ok()) << id << ": " << system.error().message();
    EXPECT_EQ(system->chip, chip_id) << id;
    Result<Chip> chip = catalog_->chip(chip_id);
    ASSERT_TRUE(chip.ok()) << chip.error().message();
    EXPECT_EQ(chip->default_system, id) << chip_id;
  }
}

TEST_F(BuiltinCatalog, EveryChipHasAUsableDefaultSystem) {
  for (const Chip& chip : catalog_->chips()) {
    Result<System> system = catalog_->default_system(chip);
    ASSERT_TRUE(system.ok()) << chip.id << ": " << system.error().message();
    EXPECT_GE(system->scaleup.span_chips, 1) << chip.id;
    EXPECT_GT(system->chips_per_node, 0) << chip.id;
  }
}

TEST_F(BuiltinCatalog, EveryModelIsAValidShape) {
  ASSERT_FALSE(catalog_->models().empty());
  for (const Model& m : catalog_->models()) {
    Status s = validate_model(m);
    EXPECT_TRUE(s.ok()) << m.id << ": " << (s.ok() ? "" : s.error().message());
  }
}

TEST_F(BuiltinCatalog, EveryExportRuleExistsWithClauses) {
  for (const std::string& id : kRuleIds) {
    Result<ExportRule> rule = catalog_->rule(id);
    ASSERT_TRUE(rule.ok()) << id << ": " << rule.error().message();
    EXPECT_FALSE(rule->clauses.empty()) << id;
    EXPECT_FALSE(rule->instrument.empty()) << id;
  }
}

// A chip with any figure names its sources (the loader checks each figure; this guards the
// data against a loader that stops reading [sources]).
TEST_F(BuiltinCatalog, ChipsWithFiguresNameSources) {
  for (const Chip& chip : catalog_->chips()) {
    const bool has_figure = chip.memory_bytes || chip.memory_bw_bytes_per_s || chip.tdp_w ||
                            chip.peak(Precision::bf16) || chip.peak(Precision::fp16);
    if (has_figure) {
      EXPECT_FALSE(chip.sources.empty()) << chip.id;
    }
  }
}

}  // namespace
}  // namespace suanli
