#include "catalog/field_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "suanli/spellcheck.h"

namespace suanli {

std::string position_of(const std::string& source, const toml::source_region& region) {
  const auto line = region.begin.line == 0 ? 1u : region.begin.line;
  const auto column = region.begin.column == 0 ? 1u : region.begin.column;
  return fmt::format("{}:{}:{}", source, line, column);
}

FieldReader::FieldReader(const toml::table& table, std::string source, std::string prefix)
    : table_(table), source_(std::move(source)), prefix_(std::move(prefix)) {}

std::string FieldReader::field(const std::string& key) const {
  return prefix_.empty() ? key : prefix_ + "." + key;
}

void FieldReader::fail_at(const toml::node* node, const std::string& key,
                          const std::string& expected) {
  if (error_) return;
  const toml::source_region& where = node ? node->source() : table_.source();
  error_ = Error(fmt::format("{}: {}: {}", position_of(source_, where), field(key), expected));
}

void FieldReader::fail(const std::string& key, const std::string& expected) {
  fail_at(table_.get(key), key, expected);
}

void FieldReader::fail_here(const std::string& message) {
  if (error_) return;
  error_ = Error(fmt::format("{}: {}", position_of(source_, table_.source()), message));
}

const toml::node* FieldReader::find(const std::string& key) {
  used_.insert(key);
  return table_.get(key);
}

std::string FieldReader::required_string(const std::string& key) {
  const toml::node* node = find(key);
  if (!node) {
    fail_at(nullptr, key, "missing required field (a string)");
    return {};
  }
  std::optional<std::string> value = optional_string(key);
  return value.value_or("");
}

std::optional<std::string> FieldReader::optional_string(const std::string& key) {
  const toml::node* node = find(key);
  if (!node) return std::nullopt;
  if (!node->is_string()) {
    fail_at(node, key, "expected a string");
    return std::nullopt;
  }
  return node->as_string()->get();
}

std::vector<std::string> FieldReader::string_array(const std::string& key) {
  const toml::node* node = find(key);
  std::vector<std::string> out;
  if (!node) return out;
  const toml::array* array = node->as_array();
  if (!array) {
    fail_at(node, key, "expected an array of strings");
    return out;
  }
  for (const toml::node& element : *array) {
    if (!element.is_string()) {
      fail_at(&element, key, "expected an array of strings");
      return {};
    }
    out.push_back(element.as_string()->get());
  }
  return out;
}

std::optional<bool> FieldReader::optional_bool(const std::string& key) {
  const toml::node* node = find(key);
  if (!node) return std::nullopt;
  if (!node->is_boolean()) {
    fail_at(node, key, "expected true or false");
    return std::nullopt;
  }
  return node->as_boolean()->get();
}

std::optional<int64_t> FieldReader::optional_int(const std::string& key, int64_t min_value) {
  const toml::node* node = find(key);
  if (!node) return std::nullopt;
  if (!node->is_integer()) {
    fail_at(node, key, fmt::format("expected an integer >= {}", min_value));
    return std::nullopt;
  }
  int64_t value = node->as_integer()->get();
  if (value < min_value) {
    fail_at(node, key, fmt::format("expected an integer >= {}, got {}", min_value, value));
    return std::nullopt;
  }
  return value;
}

int64_t FieldReader::required_int(const std::string& key, int64_t min_value) {
  if (!table_.get(key)) {
    used_.insert(key);
    fail_at(nullptr, key, fmt::format("missing required field (an integer >= {})", min_value));
    return 0;
  }
  return optional_int(key, min_value).value_or(0);
}

std::optional<double> FieldReader::optional_in_range(const std::string& key, double low,
                                                     double high) {
  const toml::node* node = find(key);
  if (!node) return std::nullopt;
  std::optional<double> value;
  if (node->is_integer()) value = static_cast<double>(node->as_integer()->get());
  if (node->is_floating_point()) value = node->as_floating_point()->get();
  if (!value || !std::isfinite(*value) || *value < low || *value > high) {
    fail_at(node, key,
            value ? fmt::format("expected a number in [{}, {}], got {}", low, high, *value)
                  : fmt::format("expected a number in [{}, {}]", low, high));
    return std::nullopt;
  }
  return value;
}

std::optional<double> FieldReader::optional_positive(const std::string& key) {
  const toml::node* node = find(key);
  if (!node) return std::nullopt;
  std::optional<double> value;
  if (node->is_integer()) value = static_cast<double>(node->as_integer()->get());
  if (node->is_floating_point()) value = node->as_floating_point()->get();
  if (!value || !std::isfinite(*value) || *value <= 0) {
    fail_at(node, key,
            value ? fmt::format("expected a positive number, got {}", *value)
                  : "expected a positive number");
    return std::nullopt;
  }
  return value;
}

double FieldReader::required_positive(const std::string& key) {
  if (!table_.get(key)) {
    used_.insert(key);
    fail_at(nullptr, key, "missing required field (a positive number)");
    return 0;
  }
  return optional_positive(key).value_or(0);
}

const toml::table* FieldReader::optional_table(const std::string& key) {
  const toml::node* node = find(key);
  if (!node) return nullptr;
  if (!node->is_table()) {
    fail_at(node, key, "expected a table");
    return nullptr;
  }
  return node->as_table();
}

std::vector<const toml::table*> FieldReader::table_array(const std::string& key) {
  const toml::node* node = find(key);
  std::vector<const toml::table*> out;
  if (!node) return out;
  const toml::array* array = node->as_array();
  if (!array) {
    fail_at(node, key, "expected an array of tables");
    return out;
  }
  for (const toml::node& element : *array) {
    if (!element.is_table()) {
      fail_at(&element, key, "expected an array of tables");
      return {};
    }
    out.push_back(element.as_table());
  }
  return out;
}

std::vector<std::string> FieldReader::keys() const {
  std::vector<std::pair<toml::source_position, std::string>> ordered;
  for (const auto& [key, node] : table_) {
    ordered.emplace_back(node.source().begin, std::string(key.str()));
  }
  std::sort(ordered.begin(), ordered.end(), [](const auto& a, const auto& b) {
    return std::tie(a.first.line, a.first.column, a.second) <
           std::tie(b.first.line, b.first.column, b.second);
  });
  std::vector<std::string> out;
  for (auto& entry : ordered) out.push_back(std::move(entry.second));
  return out;
}

Status FieldReader::finish() {
  if (error_) return *error_;
  for (const std::string& key : keys()) {
    if (!used_.count(key)) {
      std::vector<std::string> known(used_.begin(), used_.end());
      std::optional<std::string> guess = closest_match(key, known);
      fail_at(table_.get(key), key,
              guess ? fmt::format("unknown key; did you mean '{}'?", *guess) : "unknown key");
      return *error_;
    }
  }
  return Status::Ok();
}

}  // namespace suanli
