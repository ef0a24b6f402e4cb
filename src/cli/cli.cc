#include "cli/cli.h"

#include <CLI/CLI.hpp>
#include <cmath>
#include <ostream>
#include <string>

namespace suanli::cli {

Result<Catalog> Context::load_catalog() const {
  Result<Catalog> catalog = Catalog::builtin();
  if (!catalog.ok() || catalog_dir.empty()) return catalog;
  Status loaded = catalog->load_directory(catalog_dir);
  if (!loaded.ok()) return loaded.error();
  return catalog;
}

void add_format_option(CLI::App& sub, Format& format) {
  const std::map<std::string, Format> names = {
      {"table", Format::table}, {"json", Format::json}, {"csv", Format::csv}};
  sub.add_option("--format", format, "Output format: table, json or csv")
      ->transform(CLI::CheckedTransformer(names, CLI::ignore_case))
      ->default_str("table");
}

namespace {
CLI::Validator number_at_least(double low, bool strict, const char* expected) {
  return CLI::Validator(
      [=](std::string& text) -> std::string {
        double value = 0;
        size_t used = 0;
        try {
          value = std::stod(text, &used);
        } catch (const std::exception&) {
          used = 0;
        }
        const bool ok = used == text.size() && std::isfinite(value) &&
                        (strict ? value > low : value >= low);
        return ok ? std::string() : std::string("expected ") + expected + ", got '" + text + "'";
      },
      expected, expected);
}
}  // namespace

CLI::Validator positive_number() { return number_at_least(0, true, "a positive number"); }
CLI::Validator non_negative_number() { return number_at_least(0, false, "a number >= 0"); }

void SoftwareFlags::apply(TrainOptions& options) const {
  options.fused_attention = attention == "fused";
  options.overlap_dp_comm = dp_overlap == "on";
  options.overlap_ep_comm = ep_overlap == "on";
}

CaseSoftware SoftwareFlags::per_case() const {
  auto choice = [](const std::string& flag, const char* on) {
    return flag == "auto" ? SoftwareChoice::by_chip_era
                          : flag == on ? SoftwareChoice::on : SoftwareChoice::off;
  };
  return {choice(attention, "fused"), choice(dp_overlap, "on"), choice(ep_overlap, "on")};
}

void add_software_options(CLI::App& sub, SoftwareFlags& flags, const std::string& defaults_from) {
  // Where some default is "auto", `defaults_from` says how auto chooses; elsewhere it says
  // what the defaults describe.
  const bool has_auto =
      flags.attention == "auto" || flags.dp_overlap == "auto" || flags.ep_overlap == "auto";
  auto with_default = [&](const std::string& value) {
    if (has_auto && value != "auto") return " (default " + value + ")";
    return " (default " + value + ": " + defaults_from + ")";
  };
  // "auto" is offered where it is the default (validate: chosen per case).
  auto choices = [](const std::string& current, std::vector<std::string> values) {
    if (current == "auto") values.push_back("auto");
    return CLI::IsMember(values);
  };
  sub.add_option("--attention", flags.attention,
                 "Attention kernel: fused (FlashAttention) or unfused (batched GEMMs + softmax + "
                 "dropout, Megatron-LM before 2022)" + with_default(flags.attention))
      ->check(choices(flags.attention, {"fused", "unfused"}));
  sub.add_option("--dp-overlap", flags.dp_overlap,
                 "Data-parallel traffic overlapped with compute: on (bucketed gradient "
                 "reduction, ZeRO gathers: DDP, FSDP, Megatron --overlap-grad-reduce) or off" +
                     with_default(flags.dp_overlap))
      ->check(choices(flags.dp_overlap, {"on", "off"}));
  sub.add_option("--ep-overlap", flags.ep_overlap,
                 "MoE all-to-all overlapped with another micro-batch's compute: on (DeepSeek-V3 "
                 "DualPipe, Megatron-Core expert-parallel overlap) or off" +
                     with_default(flags.ep_overlap))
      ->check(choices(flags.ep_overlap, {"on", "off"}));
}

int fail(Context& ctx, const Error& error) {
  ctx.err << "error: " << error.message() << "\n";
  return 1;
}

int run(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  CLI::App app{"suanli (算力): plan and predict AI compute — training, serving, chips, export rules"};
  app.require_subcommand(1);
  std::string catalog_dir;
  app.add_option("--catalog", catalog_dir,
                 "Folder of user catalog files (chips/, systems/, models/, rules/) that add to "
                 "or override the built-in catalog")
      ->check(CLI::ExistingDirectory);
  app.set_version_flag("--version", "suanli 0.1.0");

  Action action;
  register_catalog_commands(app, action);
  register_export_commands(app, action);
  register_bench_commands(app, action);
  register_serve_commands(app, action);
  register_validate_commands(app, action);
  register_train_commands(app, action);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e, out, err);
  }
  Context ctx{out, err, catalog_dir};
  if (!action) return fail(ctx, Error("no action for this command"));
  return action(ctx);
}

}  // namespace suanli::cli
