#include "report/table.h"

#include <gtest/gtest.h>

namespace suanli::report {
namespace {

Table sample() {
  Table t;
  t.columns = {{"Chip", Align::left}, {"BF16 (TFLOP/s)", Align::right}};
  t.rows = {{"h100", "989.4"}, {"ascend-910b3, \"B\"", "313.0"}};
  return t;
}

TEST(RenderText, AlignsColumns) {
  const std::string text = render_text(sample());
  EXPECT_EQ(text,
            "Chip               BF16 (TFLOP/s)\n"
            "-----------------  --------------\n"
            "h100                        989.4\n"
            "ascend-910b3, \"B\"           313.0\n");
}

TEST(RenderCsv, QuotesCellsWithCommasAndQuotes) {
  EXPECT_EQ(render_csv(sample()),
            "Chip,BF16 (TFLOP/s)\nh100,989.4\n\"ascend-910b3, \"\"B\"\"\",313.0\n");
}

TEST(FormatNumber, FixedDecimalsAndMissing) {
  EXPECT_EQ(format_number(989.44, 1), "989.4");
  EXPECT_EQ(format_number(-0.0001, 2), "0.00");
  EXPECT_EQ(format_number(std::numeric_limits<double>::quiet_NaN(), 1), "-");
}

}  // namespace
}  // namespace suanli::report
