#include "suanli/spellcheck.h"

#include <gtest/gtest.h>

namespace suanli {
namespace {

TEST(EditDistance, CountsInsertionsDeletionsAndSubstitutions) {
  EXPECT_EQ(edit_distance("h100", "h100"), 0);
  EXPECT_EQ(edit_distance("h10", "h100"), 1);     // one insertion
  EXPECT_EQ(edit_distance("h1000", "h100"), 1);   // one deletion
  EXPECT_EQ(edit_distance("h200", "h100"), 1);    // one substitution
  EXPECT_EQ(edit_distance("H100", "h100"), 0);    // case-insensitive
  EXPECT_EQ(edit_distance("", "abc"), 3);
}

TEST(ClosestMatch, SuggestsTyposAndPrefixes) {
  const std::vector<std::string> ids = {"h100", "h100-pcie", "h800", "a100-80gb", "ascend-910b3"};
  EXPECT_EQ(closest_match("h1OO", ids), "h100");
  EXPECT_EQ(closest_match("a100-80", ids), "a100-80gb");
  EXPECT_EQ(closest_match("ascend-910b", ids), "ascend-910b3");
  EXPECT_EQ(closest_match("tpu-v9", ids), std::nullopt);
}

TEST(UnknownNameMessage, SaysDidYouMean) {
  EXPECT_EQ(unknown_name_message("chip", "h10", {"h100", "b200"}),
            "unknown chip 'h10'; did you mean 'h100'?");
  EXPECT_EQ(unknown_name_message("rule", "xyz-long-name", {"us-2022-10"}),
            "unknown rule 'xyz-long-name'; known: us-2022-10");
}

}  // namespace
}  // namespace suanli
