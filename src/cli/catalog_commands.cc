// suanli chips | chip ID | models | model ID | systems | system ID: browse the catalog.
// Presentation only; figures come from the catalog and src/policy (export figures).
#include <CLI/CLI.hpp>
#include <algorithm>
#include <memory>

#include "cli/catalog_view.h"
#include "cli/cli.h"
#include "cli/export_view.h"

namespace suanli::cli {
namespace {

template <class T>
std::vector<T> by_id(std::vector<T> entries) {
  std::sort(entries.begin(), entries.end(), [](const T& a, const T& b) { return a.id < b.id; });
  return entries;
}

int run_chips(Context& ctx, Format format) {
  Result<Catalog> catalog = ctx.load_catalog();
  if (!catalog.ok()) return fail(ctx, catalog.error());
  std::vector<Chip> chips = chips_by_vendor(*catalog);
  std::vector<ExportRule> rules = rules_by_date(*catalog);
  if (format == Format::json) {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const Chip& chip : chips) list.push_back(chip_summary_json(chip, rules));
    print_json(ctx, list);
  } else {
    print_table(ctx, chips_table(chips, rules, format), format);
  }
  return 0;
}

int run_chip(Context& ctx, const std::string& name, Format format) {
  Result<Catalog> catalog = ctx.load_catalog();
  if (!catalog.ok()) return fail(ctx, catalog.error());
  Result<Chip> chip = catalog->chip(name);
  if (!chip.ok()) return fail(ctx, chip.error());
  Result<System> system = catalog->default_system(*chip);
  std::optional<System> default_system;
  if (system.ok()) default_system = *system;
  std::vector<ExportRule> rules = rules_by_date(*catalog);
  if (format == Format::json) {
    print_json(ctx, chip_detail_json(*chip, default_system, rules));
    return 0;
  }
  std::vector<RuleOutcome> outcomes = evaluate_all(rules, *chip, export_metrics(*chip));
  print_fields(ctx, chip_fields_table(*chip, default_system, outcomes, format), format);
  if (format == Format::table && !outcomes.empty()) {
    ctx.out << "\n" << report::render_text(outcomes_table(outcomes));
  }
  return 0;
}

int run_models(Context& ctx, Format format) {
  Result<Catalog> catalog = ctx.load_catalog();
  if (!catalog.ok()) return fail(ctx, catalog.error());
  std::vector<Model> models = by_id(catalog->models());
  if (format == Format::json) {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const Model& m : models) list.push_back(model_json(m));
    print_json(ctx, list);
  } else {
    print_table(ctx, models_table(models, format), format);
  }
  return 0;
}

int run_model(Context& ctx, const std::string& name, Format format) {
  Result<Catalog> catalog = ctx.load_catalog();
  if (!catalog.ok()) return fail(ctx, catalog.error());
  Result<Model> model = catalog->model(name);
  if (!model.ok()) return fail(ctx, model.error());
  if (format == Format::json) {
    print_json(ctx, model_json(*model));
  } else {
    print_fields(ctx, model_fields_table(*model, format), format);
  }
  return 0;
}

int run_systems(Context& ctx, Format format) {
  Result<Catalog> catalog = ctx.load_catalog();
  if (!catalog.ok()) return fail(ctx, catalog.error());
  std::vector<System> systems = by_id(catalog->systems());
  if (format == Format::json) {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const System& s : systems) list.push_back(system_json(s));
    print_json(ctx, list);
  } else {
    print_table(ctx, systems_table(systems, format), format);
  }
  return 0;
}

int run_system(Context& ctx, const std::string& name, Format format) {
  Result<Catalog> catalog = ctx.load_catalog();
  if (!catalog.ok()) return fail(ctx, catalog.error());
  Result<System> system = catalog->system(name);
  if (!system.ok()) return fail(ctx, system.error());
  if (format == Format::json) {
    print_json(ctx, system_json(*system));
  } else if (format == Format::csv) {
    print_table(ctx, tiers_table(*system), format);
  } else {
    print_fields(ctx, system_fields_table(*system, format), format);
    ctx.out << "\n" << report::render_text(tiers_table(*system));
  }
  return 0;
}

// Options of one subcommand, kept alive by the action that reads them.
struct Options {
  Format format = Format::table;
  std::string name;
};

CLI::App* add_list(CLI::App& app, Action& action, const char* name, const char* help,
                   int (*run)(Context&, Format)) {
  auto options = std::make_shared<Options>();
  CLI::App* sub = app.add_subcommand(name, help);
  add_format_option(*sub, options->format);
  sub->callback([&action, options, run] {
    action = [options, run](Context& ctx) { return run(ctx, options->format); };
  });
  return sub;
}

CLI::App* add_show(CLI::App& app, Action& action, const char* name, const char* help,
                   const char* what, int (*run)(Context&, const std::string&, Format)) {
  auto options = std::make_shared<Options>();
  CLI::App* sub = app.add_subcommand(name, help);
  sub->add_option("id", options->name, std::string(what) + " id, alias or path to a .toml file")
      ->required();
  add_format_option(*sub, options->format);
  sub->callback([&action, options, run] {
    action = [options, run](Context& ctx) { return run(ctx, options->name, options->format); };
  });
  return sub;
}

}  // namespace

void register_catalog_commands(CLI::App& app, Action& action) {
  add_list(app, action, "chips",
           "Every chip side by side: dense peaks, memory, interconnect, power, TPP/PD and "
           "export status under each rule",
           run_chips)
      ->footer("Example: suanli chips --format csv > chips.csv");
  add_show(app, action, "chip",
           "Every figure of one chip with its source, efficiency profile, "
           "default system and export status",
           "chip", run_chip)
      ->footer("Example: suanli chip h20");
  add_list(app, action, "models", "Every model: shape and computed parameter counts", run_models)
      ->footer("Example: suanli models --format json");
  add_show(app, action, "model",
           "One model's shape, computed parameters by part and the "
           "published count",
           "model", run_model)
      ->footer("Example: suanli model llama3-70b");
  add_list(app, action, "systems", "Every system: node size and network tiers", run_systems)
      ->footer("Example: suanli systems");
  add_show(app, action, "system", "One system's node and network tiers", "system", run_system)
      ->footer("Example: suanli system dgx-h100");
}

}  // namespace suanli::cli
