#include "suanli/catalog.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "catalog/builtin_files.h"
#include "catalog/entry_loaders.h"
#include "catalog/field_reader.h"
#include "catalog/model_loader.h"
#include "catalog/toml_document.h"
#include "suanli/spellcheck.h"
#include "suanli/units.h"

namespace suanli {

struct Catalog::Batch {
  std::map<std::string, std::string> first_seen;  // "kind:name" -> source that defined it
};

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool looks_like_path(std::string_view name) {
  return name.find('/') != std::string_view::npos ||
         (name.size() > 5 && name.substr(name.size() - 5) == ".toml");
}

// Every name (id and aliases) an entry answers to.
template <class Entry>
std::vector<std::string> names_of(const Entry& e) {
  std::vector<std::string> names = {e.id};
  names.insert(names.end(), e.aliases.begin(), e.aliases.end());
  return names;
}

template <class Entry>
std::vector<std::string> all_names(const std::vector<Entry>& entries) {
  std::vector<std::string> names;
  for (const Entry& e : entries) {
    for (std::string& n : names_of(e)) names.push_back(std::move(n));
  }
  return names;
}

template <class Entry>
const Entry* find_entry(const std::vector<Entry>& entries, std::string_view name) {
  const std::string wanted = lower(name);
  for (const Entry& e : entries) {
    for (const std::string& n : names_of(e)) {
      if (lower(n) == wanted) return &e;
    }
  }
  return nullptr;
}

// Inserts or replaces `entry`. Within one batch a repeated id or alias is an error; an id
// that exists from an earlier load is replaced; an alias may not shadow another entry.
template <class Entry>
Status insert_entry(std::vector<Entry>& entries, Entry entry, const std::string& kind,
                    const std::string& source, std::map<std::string, std::string>* batch) {
  for (const std::string& n : names_of(entry)) {
    const std::string key = kind + ":" + lower(n);
    if (batch) {
      auto [it, inserted] = batch->emplace(key, source);
      if (!inserted) {
        return Error(fmt::format("{}: id: duplicate {} name '{}' (already defined in {})", source,
                                 kind, n, it->second));
      }
    }
  }
  std::erase_if(entries, [&](const Entry& e) { return lower(e.id) == lower(entry.id); });
  for (const std::string& n : names_of(entry)) {
    if (const Entry* other = find_entry(entries, n)) {
      return Error(fmt::format("{}: aliases: name '{}' is already used by {} '{}'", source, n,
                               kind, other->id));
    }
  }
  entries.push_back(std::move(entry));
  std::sort(entries.begin(), entries.end(),
            [](const Entry& a, const Entry& b) { return a.id < b.id; });
  return Status::Ok();
}

std::string stem_of(std::string_view path) {
  std::string p(path);
  size_t slash = p.find_last_of('/');
  std::string file = slash == std::string::npos ? p : p.substr(slash + 1);
  size_t dot = file.rfind(".toml");
  return dot == std::string::npos ? file : file.substr(0, dot);
}

// "file:line:column" of a top-level key, for errors found after parsing.
std::string key_position(const toml::table& table, const std::string& source, const char* key) {
  const toml::node* node = table.get(key);
  return position_of(source, node ? node->source() : table.source());
}

}  // namespace

Result<Catalog> Catalog::builtin() {
  Catalog catalog;
  Batch batch;
  // Profiles first: chips resolve their efficiency profile while loading.
  for (bool profiles_pass : {true, false}) {
    for (const EmbeddedFile& file : builtin_catalog_files()) {
      const bool is_profile = file.path.find("/efficiency/") != std::string_view::npos;
      if (is_profile != profiles_pass) continue;
      if (Status s = catalog.add_by_path(file.path, file.text, &batch); !s.ok()) return s.error();
    }
  }
  if (Status s = catalog.check_references(); !s.ok()) return s.error();
  return catalog;
}

Status Catalog::add_by_path(std::string_view path, std::string_view text, Batch* batch) {
  const std::string source(path);
  std::string folder;
  if (size_t slash = source.find_last_of('/'); slash != std::string::npos) {
    size_t before = source.find_last_of('/', slash - 1);
    folder = source.substr(before == std::string::npos ? 0 : before + 1,
                           slash - (before == std::string::npos ? 0 : before + 1));
  }
  if (folder == "chips") return add_chip_in(text, source, batch);
  if (folder == "systems") return add_system_in(text, source, batch);
  if (folder == "models") return add_model_in(text, source, batch);
  if (folder == "rules") return add_rule_in(text, source, batch);
  if (folder == "efficiency") return add_profile_in(text, source, batch);
  return Error(fmt::format("{}: not in a catalog subfolder (expected chips/, systems/, models/, "
                           "rules/ or efficiency/)",
                           source));
}

Status Catalog::load_directory(const std::filesystem::path& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return Error(fmt::format("{}: not a folder", dir.string()));
  std::vector<fs::path> profiles, entries;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_directory()) continue;
    const fs::path& p = it->path();
    if (p.extension() != ".toml") {
      return Error(fmt::format("{}: not a catalog file (expected a .toml file in chips/, "
                               "systems/, models/, rules/ or efficiency/)",
                               p.string()));
    }
    (p.parent_path().filename() == "efficiency" ? profiles : entries).push_back(p);
  }
  if (ec) return Error(fmt::format("{}: cannot list folder: {}", dir.string(), ec.message()));
  std::sort(profiles.begin(), profiles.end());
  std::sort(entries.begin(), entries.end());
  Batch batch;
  for (const auto* group : {&profiles, &entries}) {
    for (const fs::path& p : *group) {
      Result<std::string> text = read_text_file(p.string());
      if (!text.ok()) return text.error();
      if (Status s = add_by_path(p.string(), *text, &batch); !s.ok()) return s;
    }
  }
  return check_references();
}

Status Catalog::add_profile_in(std::string_view text, const std::string& source, Batch* batch) {
  Result<toml::table> table = parse_toml(text, source);
  if (!table.ok()) return table.error();
  Result<NamedEfficiency> parsed = parse_efficiency_profile(*table, source);
  if (!parsed.ok()) return parsed.error();
  if (parsed->name != stem_of(source) && source.find(".toml") != std::string::npos) {
    return Error(fmt::format("{}: name: expected \"{}\" (the file name), got \"{}\"",
                             key_position(*table, source, "name"), stem_of(source), parsed->name));
  }
  const std::string key = "efficiency:" + parsed->name;
  if (batch && !batch->first_seen.emplace(key, source).second) {
    return Error(fmt::format("{}: name: duplicate efficiency profile '{}'", source, parsed->name));
  }
  std::erase_if(efficiency_profiles_,
                [&](const EfficiencyProfile& p) { return p.name == parsed->name; });
  efficiency_profiles_.push_back({parsed->name, parsed->efficiency});
  return Status::Ok();
}

Result<Chip> Catalog::parse_chip_text(std::string_view text, const std::string& source,
                                      std::string* default_system_position) const {
  Result<toml::table> table = parse_toml(text, source);
  if (!table.ok()) return table.error();
  std::vector<std::string> profile_names;
  for (const EfficiencyProfile& p : efficiency_profiles_) profile_names.push_back(p.name);
  auto lookup = [this](const std::string& name) -> std::optional<ChipEfficiency> {
    for (const EfficiencyProfile& p : efficiency_profiles_) {
      if (p.name == name) return p.efficiency;
    }
    return std::nullopt;
  };
  if (default_system_position) {
    *default_system_position = key_position(*table, source, "default_system");
  }
  return parse_chip(*table, source, lookup, profile_names);
}

Status Catalog::add_chip_in(std::string_view text, const std::string& source, Batch* batch) {
  std::string position;
  Result<Chip> chip = parse_chip_text(text, source, &position);
  if (!chip.ok()) return chip.error();
  if (!chip->default_system.empty()) reference_positions_.emplace_back("chip:" + chip->id, position);
  return insert_entry(chips_, std::move(chip).value(), "chip", source,
                      batch ? &batch->first_seen : nullptr);
}

Status Catalog::add_system_in(std::string_view text, const std::string& source, Batch* batch) {
  Result<toml::table> table = parse_toml(text, source);
  if (!table.ok()) return table.error();
  Result<System> system = parse_system(*table, source);
  if (!system.ok()) return system.error();
  reference_positions_.emplace_back("system:" + system->id, key_position(*table, source, "chip"));
  return insert_entry(systems_, std::move(system).value(), "system", source,
                      batch ? &batch->first_seen : nullptr);
}

Status Catalog::add_model_in(std::string_view text, const std::string& source, Batch* batch) {
  Result<toml::table> table = parse_toml(text, source);
  if (!table.ok()) return table.error();
  Result<Model> model = parse_model_table(*table, source, /*require_identity=*/true);
  if (!model.ok()) return model.error();
  return insert_entry(models_, std::move(model).value(), "model", source,
                      batch ? &batch->first_seen : nullptr);
}

Status Catalog::add_rule_in(std::string_view text, const std::string& source, Batch* batch) {
  Result<toml::table> table = parse_toml(text, source);
  if (!table.ok()) return table.error();
  Result<ExportRule> rule = parse_rule(*table, source);
  if (!rule.ok()) return rule.error();
  const std::string key = "rule:" + lower(rule->id);
  if (batch && !batch->first_seen.emplace(key, source).second) {
    return Error(fmt::format("{}: id: duplicate rule '{}'", source, rule->id));
  }
  std::erase_if(rules_, [&](const ExportRule& r) { return r.id == rule->id; });
  rules_.push_back(std::move(rule).value());
  std::sort(rules_.begin(), rules_.end(),
            [](const ExportRule& a, const ExportRule& b) { return a.id < b.id; });
  return Status::Ok();
}

Status Catalog::add_chip(std::string_view text, const std::string& source) {
  return add_chip_in(text, source, nullptr);
}
Status Catalog::add_system(std::string_view text, const std::string& source) {
  return add_system_in(text, source, nullptr);
}
Status Catalog::add_model(std::string_view text, const std::string& source) {
  return add_model_in(text, source, nullptr);
}
Status Catalog::add_rule(std::string_view text, const std::string& source) {
  return add_rule_in(text, source, nullptr);
}
Status Catalog::add_efficiency_profile(std::string_view text, const std::string& source) {
  return add_profile_in(text, source, nullptr);
}

Status Catalog::check_references() const {
  auto where = [this](const std::string& key) {
    for (auto it = reference_positions_.rbegin(); it != reference_positions_.rend(); ++it) {
      if (it->first == key) return it->second;
    }
    return std::string("catalog");
  };
  for (const Chip& c : chips_) {
    if (!c.default_system.empty() && !find_entry(systems_, c.default_system)) {
      return Error(fmt::format("{}: default_system: {}", where("chip:" + c.id),
                               unknown_name_message("system", c.default_system,
                                                    all_names(systems_))));
    }
  }
  for (const System& s : systems_) {
    if (!find_entry(chips_, s.chip)) {
      return Error(fmt::format("{}: chip: {}", where("system:" + s.id),
                               unknown_name_message("chip", s.chip, all_names(chips_))));
    }
  }
  return Status::Ok();
}

Result<Chip> Catalog::chip(std::string_view name) const {
  if (looks_like_path(name)) {
    Result<std::string> text = read_text_file(std::string(name));
    if (!text.ok()) return text.error();
    Result<Chip> chip = parse_chip_text(*text, std::string(name), nullptr);
    if (chip.ok() && !chip->default_system.empty() && !find_entry(systems_, chip->default_system)) {
      return Error(fmt::format("{}: default_system: {}", name,
                               unknown_name_message("system", chip->default_system,
                                                    all_names(systems_))));
    }
    return chip;
  }
  if (const Chip* c = find_entry(chips_, name)) return *c;
  return Error(unknown_name_message("chip", name, all_names(chips_)));
}

Result<System> Catalog::system(std::string_view name) const {
  if (looks_like_path(name)) {
    Result<std::string> text = read_text_file(std::string(name));
    if (!text.ok()) return text.error();
    Result<toml::table> table = parse_toml(*text, std::string(name));
    if (!table.ok()) return table.error();
    return parse_system(*table, std::string(name));
  }
  if (const System* s = find_entry(systems_, name)) return *s;
  return Error(unknown_name_message("system", name, all_names(systems_)));
}

Result<Model> Catalog::model(std::string_view name) const {
  if (looks_like_path(name)) {
    Result<std::string> text = read_text_file(std::string(name));
    if (!text.ok()) return text.error();
    Result<toml::table> table = parse_toml(*text, std::string(name));
    if (!table.ok()) return table.error();
    Result<Model> model = parse_model_table(*table, std::string(name));
    if (model.ok() && model->id.empty()) model->id = stem_of(name);
    return model;
  }
  if (const Model* m = find_entry(models_, name)) return *m;
  return Error(unknown_name_message("model", name, all_names(models_)));
}

Result<ExportRule> Catalog::rule(std::string_view name) const {
  for (const ExportRule& r : rules_) {
    if (lower(r.id) == lower(name)) return r;
  }
  std::vector<std::string> ids;
  for (const ExportRule& r : rules_) ids.push_back(r.id);
  return Error(unknown_name_message("rule", name, ids));
}

Result<System> Catalog::default_system(const Chip& chip) const {
  if (!chip.default_system.empty()) return system(chip.default_system);
  // A generic node of 8: scale-up over the chip's own links (or its host link for PCIe
  // cards), scale-out over its reference NIC (or a 100 Gb/s assumption, stated).
  System s;
  s.id = chip.id + "-generic-8";
  s.name = fmt::format("generic 8 x {} node", chip.name);
  s.chip = chip.id;
  s.chips_per_node = 8;
  s.generic = true;
  s.estimate = true;
  const bool has_scaleup = chip.scaleup_bw_bidir_bytes_per_s.has_value();
  const std::optional<double> link =
      has_scaleup ? chip.scaleup_bw_bidir_bytes_per_s : chip.host_link_bw_bidir_bytes_per_s;
  s.scaleup = {has_scaleup ? chip.scaleup_interconnect : std::string("PCIe (host link)"), 8,
               link.value_or(64 * units::kGBps) / 2, 3 * units::kMicrosecond, 0.7};
  s.scaleout = {"scale-out NIC", 0, chip.scaleout_nic_bytes_per_s.value_or(100 * units::kGbps),
                8 * units::kMicrosecond, 0.8};
  s.notes = fmt::format(
      "generated: {} has no system preset; scale-up = {} ({}), scale-out = {}; estimates",
      chip.id, s.scaleup.name,
      link ? "from the chip's figures" : "unknown, 64 GB/s bidirectional assumed",
      chip.scaleout_nic_bytes_per_s ? "the chip's reference NIC" : "100 Gb/s per chip assumed");
  return s;
}

}  // namespace suanli
