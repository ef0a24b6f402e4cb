// A fresh folder for one test: ctest runs tests in parallel processes, so a fixed name under
// /tmp is shared between them and one test's clean-up deletes another's files.
// Test-only (included by *_test.cc files).
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

namespace suanli::test {

/// Creates <tmp>/suanli_<suite>_<test>_<pid>[_<tag>] and removes it when it goes out of scope.
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& tag = "") {
    const ::testing::TestInfo* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = "suanli_";
    name += info != nullptr ? std::string(info->test_suite_name()) + "_" + info->name() : "noname";
    name += "_" + std::to_string(::getpid());
    if (!tag.empty()) name += "_" + tag;
    path_ = std::filesystem::temp_directory_path() / name;
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& child) const { return path_ / child; }

 private:
  std::filesystem::path path_;
};

}  // namespace suanli::test
