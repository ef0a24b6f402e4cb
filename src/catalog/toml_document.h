// Parsing a TOML document with errors in the catalog's "file:line:column: message" form.
#pragma once

#include <toml++/toml.h>

#include <string>
#include <string_view>

#include "suanli/status.h"

namespace suanli {

/// Parses `text`; `source` names it in error messages.
Result<toml::table> parse_toml(std::string_view text, const std::string& source);

/// Reads a whole file into a string; the error names the path.
Result<std::string> read_text_file(const std::string& path);

}  // namespace suanli
