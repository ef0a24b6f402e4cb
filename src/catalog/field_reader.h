// Strict reading of one TOML table: every key read is marked used; finish() reports the
// first error, or the first key nobody read. Errors read "file:line:column: field: expected".
#pragma once

#include <toml++/toml.h>

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "suanli/status.h"

namespace suanli {

/// "file:line:column" of a TOML node (line 1, column 1 when the node has no position).
std::string position_of(const std::string& source, const toml::source_region& region);

/// Reads fields from one table. The first error sticks; later reads return empty values.
class FieldReader {
 public:
  /// `prefix` names the table in messages ("memory" gives "memory.capacity_gb").
  FieldReader(const toml::table& table, std::string source, std::string prefix = "");

  std::string required_string(const std::string& key);
  std::optional<std::string> optional_string(const std::string& key);
  std::vector<std::string> string_array(const std::string& key);
  std::optional<bool> optional_bool(const std::string& key);
  std::optional<int64_t> optional_int(const std::string& key, int64_t min_value);
  int64_t required_int(const std::string& key, int64_t min_value);
  /// A number (integer or float) > 0, finite.
  std::optional<double> optional_positive(const std::string& key);
  double required_positive(const std::string& key);
  /// A number in [low, high] (both inclusive), finite.
  std::optional<double> optional_in_range(const std::string& key, double low, double high);
  /// A sub-table; nullptr (and an error) when present with another type.
  const toml::table* optional_table(const std::string& key);
  /// An array of tables; an error when an element is not a table.
  std::vector<const toml::table*> table_array(const std::string& key);

  /// The raw node under `key` (nullptr when absent), marked as read; the caller checks it.
  const toml::node* node(const std::string& key) { return find(key); }

  /// Records an error about `key` (for checks the reader cannot express).
  void fail(const std::string& key, const std::string& expected);
  /// Records an error at the table itself.
  void fail_here(const std::string& message);
  /// Keeps the error of a nested reader (already positioned) if none is recorded yet.
  void absorb(const Status& nested) {
    if (!nested.ok() && !error_) error_ = nested.error();
  }
  bool ok() const { return !error_; }
  /// The first error, or an error for the first unread key, or OK.
  Status finish();
  /// Keys present in the table, in file order.
  std::vector<std::string> keys() const;
  const std::string& source() const { return source_; }

 private:
  const toml::node* find(const std::string& key);
  std::string field(const std::string& key) const;
  void fail_at(const toml::node* node, const std::string& key, const std::string& expected);

  const toml::table& table_;
  std::string source_;
  std::string prefix_;
  std::set<std::string> used_;
  std::optional<Error> error_;
};

}  // namespace suanli
