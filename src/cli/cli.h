// The command line: parses flags, calls the library, prints. No modelling logic here.
#pragma once

#include <functional>
#include <iosfwd>
#include <optional>
#include <string>

#include "suanli/catalog.h"
#include "suanli/status.h"
#include "suanli/train_estimate.h"
#include "suanli/validation.h"

namespace CLI {
class App;
class Validator;
}

namespace suanli::cli {

/// Output format shared by every subcommand (--format).
enum class Format { table, json, csv };

/// What every subcommand sees: streams, global options, and the catalog (loaded on demand).
struct Context {
  std::ostream& out;
  std::ostream& err;
  std::string catalog_dir;  ///< --catalog DIR (user entries that add to or override built-ins)
  /// The built-in catalog plus --catalog; errors name the file and line.
  Result<Catalog> load_catalog() const;
};

/// A subcommand's action, run after parsing succeeds. Returns the process exit code.
using Action = std::function<int(Context&)>;

/// Adds `--format table|json|csv` to a subcommand.
void add_format_option(CLI::App& sub, Format& format);

/// Flag checks with plain messages ("--count: expected a positive number, got '-5'"); CLI11's
/// own range checks print the whole double range.
CLI::Validator positive_number();
CLI::Validator non_negative_number();

/// The software a training prediction assumes: --attention, --dp-overlap, --ep-overlap.
/// `train` defaults to today's stacks, `validate` to those of the published runs.
struct SoftwareFlags {
  std::string attention = "fused";  ///< "fused" (FlashAttention), "unfused" or "auto"
  std::string dp_overlap = "on";    ///< DP traffic behind compute: "on", "off" or "auto"
  std::string ep_overlap = "off";   ///< MoE all-to-all behind compute: "on", "off" or "auto"
  /// Sets the matching TrainOptions fields.
  void apply(TrainOptions& options) const;
  /// The per-case choices validate makes: "auto" by the chip's era, else fixed.
  CaseSoftware per_case() const;
};

/// Adds the three flags to `sub`; their help states the defaults in `flags` and says they
/// describe `defaults_from` (e.g. "today's software"), or, where a default is "auto" (offered
/// only then), how auto chooses.
void add_software_options(CLI::App& sub, SoftwareFlags& flags, const std::string& defaults_from);

/// Prints "error: <message>" to ctx.err and returns 1.
int fail(Context& ctx, const Error& error);

/// Each subcommand group registers itself here; `action` is set when it is chosen.
void register_catalog_commands(CLI::App& app, Action& action);
void register_export_commands(CLI::App& app, Action& action);
void register_bench_commands(CLI::App& app, Action& action);
void register_serve_commands(CLI::App& app, Action& action);
void register_validate_commands(CLI::App& app, Action& action);
void register_train_commands(CLI::App& app, Action& action);

/// Runs the tool as `main` would, writing to the given streams. Returns the exit code.
int run(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

}  // namespace suanli::cli
