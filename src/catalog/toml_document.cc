#include "catalog/toml_document.h"

#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "catalog/field_reader.h"

namespace suanli {

Result<toml::table> parse_toml(std::string_view text, const std::string& source) {
  // Debian's toml++ is built with exceptions on: parse errors arrive as toml::parse_error.
  try {
    return toml::parse(text, source);
  } catch (const toml::parse_error& e) {
    return Error(fmt::format("{}: invalid TOML: {}", position_of(source, e.source()),
                             e.description()));
  }
}

Result<std::string> read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error(fmt::format("{}: cannot open file", path));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return Error(fmt::format("{}: cannot read file", path));
  return text.str();
}

}  // namespace suanli
