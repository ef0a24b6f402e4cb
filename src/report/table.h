// A table of text cells, printed aligned for a terminal or as CSV (RFC 4180 quoting).
// Headers carry their units, e.g. "BF16 (TFLOP/s)".
#pragma once

#include <string>
#include <vector>

namespace suanli::report {

enum class Align { left, right };

struct Column {
  std::string header;          ///< shown as is; include the unit in parentheses
  Align align = Align::right;  ///< numbers right, text left
};

struct Table {
  std::vector<Column> columns;
  std::vector<std::vector<std::string>> rows;  ///< each row has columns.size() cells
};

/// Aligned columns separated by two spaces, a dashed rule under the header.
std::string render_text(const Table& table);
/// Comma-separated with a header row; cells quoted when they hold ',', '"' or a newline.
std::string render_csv(const Table& table);

/// Fixed-point text with `decimals` digits; "-" for a missing value.
std::string format_number(double value, int decimals);

}  // namespace suanli::report
