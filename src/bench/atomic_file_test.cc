#include "bench/atomic_file.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "test_util/scratch_dir.h"

namespace suanli::bench {
namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(AtomicFile, ReplacesTheTargetAndLeavesNoTemporary) {
  const test::ScratchDir scratch;
  const fs::path& dir = scratch.path();
  fs::path target = dir / "out.toml";
  std::ofstream(target) << "old";
  ASSERT_TRUE(write_file_atomically(target.string(), "new text\n").ok());
  EXPECT_EQ(slurp(target), "new text\n");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1);
}

TEST(AtomicFile, InterruptedWriteKeepsTheOldFileAndRemovesTheTemporary) {
  const test::ScratchDir scratch;
  const fs::path& dir = scratch.path();
  fs::path target = dir / "out.toml";
  std::ofstream(target) << "old";
  std::atomic<bool> stop{true};
  Status s = write_file_atomically(target.string(), "new", &stop);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message(), "interrupted");
  EXPECT_EQ(slurp(target), "old");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1);
}

TEST(AtomicFile, UnwritableFolderIsAnError) {
  Status s = write_file_atomically("/nonexistent-suanli-dir/x.toml", "x");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message().find("cannot create file"), std::string::npos);
}

}  // namespace
}  // namespace suanli::bench
