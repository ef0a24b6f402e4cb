#include "report/table.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace suanli::report {
namespace {

// Display width of a UTF-8 string: counts code points, not bytes.
size_t display_width(const std::string& s) {
  return static_cast<size_t>(std::count_if(s.begin(), s.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

void append_padded(std::string& line, const std::string& cell, size_t width, Align align) {
  std::string pad(width - display_width(cell), ' ');
  line += align == Align::right ? pad + cell : cell + pad;
}

std::string csv_cell(const std::string& cell) {
  if (cell.find_first_of(",\"\n") == std::string::npos) return cell;
  std::string quoted = "\"";
  for (char c : cell) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

}  // namespace

std::string render_text(const Table& table) {
  std::vector<size_t> widths;
  for (const Column& c : table.columns) widths.push_back(display_width(c.header));
  for (const auto& row : table.rows) {
    for (size_t i = 0; i < row.size() && i < widths.size(); ++i) {
      widths[i] = std::max(widths[i], display_width(row[i]));
    }
  }
  auto render_row = [&](auto cell_of) {
    std::string line;
    for (size_t i = 0; i < widths.size(); ++i) {
      if (i > 0) line += "  ";
      append_padded(line, cell_of(i), widths[i], table.columns[i].align);
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    return line + "\n";
  };
  std::string out = render_row([&](size_t i) { return table.columns[i].header; });
  out += render_row([&](size_t i) { return std::string(widths[i], '-'); });
  for (const auto& row : table.rows) {
    out += render_row([&](size_t i) { return i < row.size() ? row[i] : std::string(); });
  }
  return out;
}

std::string render_csv(const Table& table) {
  std::string out;
  for (size_t i = 0; i < table.columns.size(); ++i) {
    out += (i ? "," : "") + csv_cell(table.columns[i].header);
  }
  out += "\n";
  for (const auto& row : table.rows) {
    for (size_t i = 0; i < row.size(); ++i) out += (i ? "," : "") + csv_cell(row[i]);
    out += "\n";
  }
  return out;
}

std::string format_number(double value, int decimals) {
  if (!std::isfinite(value)) return "-";
  std::string s = fmt::format("{:.{}f}", value, decimals);
  return s == "-0" || s.find_first_not_of("-0.") == std::string::npos ? fmt::format("{:.{}f}", 0.0, decimals) : s;
}

}  // namespace suanli::report
