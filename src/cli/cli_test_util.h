// Test helpers for the command tests: run the CLI in-process and split CSV/text output.
// Test-only (included by *_test.cc files).
#pragma once

#include <sstream>
#include <string>
#include <vector>

#include "catalog/required_ids_test_util.h"
#include "cli/cli.h"

namespace suanli::cli::test {

/// Exit code and both streams of one in-process run.
struct CliOutput {
  int code = 0;
  std::string out;
  std::string err;
};

/// Runs `suanli args...` as main would.
inline CliOutput run_cli(std::vector<std::string> args) {
  args.insert(args.begin(), "suanli");
  std::vector<const char*> argv;
  for (const std::string& a : args) argv.push_back(a.c_str());
  std::ostringstream out, err;
  int code = run(static_cast<int>(argv.size()), argv.data(), out, err);
  return {code, out.str(), err.str()};
}

/// The lines of `text`, without their newlines.
inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

/// Cells of one CSV line without quoted commas (the rows these tests read).
inline std::vector<std::string> csv_cells(const std::string& line) {
  std::vector<std::string> cells(1);
  for (char c : line) {
    if (c == ',') {
      cells.emplace_back();
    } else {
      cells.back() += c;
    }
  }
  return cells;
}

using suanli::test::required_chip_ids;
using suanli::test::required_system_ids;

}  // namespace suanli::cli::test
