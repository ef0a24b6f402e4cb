// suanli serve: latency, throughput, memory and cost of serving a model on a chip; latency
// targets (--slo-ttft/--slo-tpot) search the deployment; --compare answers for other chips.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <memory>
#include <ostream>

#include "cli/cli.h"
#include "cli/serve_view.h"
#include "suanli/serve_estimate.h"
#include "suanli/serve_search.h"
#include "suanli/units.h"

namespace suanli::cli {
namespace {

struct ServeArgs {
  std::string model, chip, system, precision = "bf16", kv_precision;
  int count = 0, tp = 0, pp = 1, batch = 0;
  int64_t input = 0, output = 0;
  double price = kDefaultPricePerChipHourUsd;
  double slo_ttft_ms = 0, slo_tpot_ms = 0;
  std::vector<std::string> compare;
  Format format = Format::table;
  CLI::Option* count_opt = nullptr;
  CLI::Option* tp_opt = nullptr;
  CLI::Option* batch_opt = nullptr;
  CLI::Option* ttft_opt = nullptr;
  CLI::Option* tpot_opt = nullptr;
};

Result<Precision> precision_arg(const char* flag, const std::string& text) {
  std::optional<Precision> p = parse_precision(text);
  if (!p || (*p != Precision::bf16 && *p != Precision::fp16 && *p != Precision::fp8 &&
             *p != Precision::int8 && *p != Precision::int4 && *p != Precision::fp4)) {
    return Error(
        fmt::format("{}: expected bf16, fp16, fp8, int8, int4 or fp4, got '{}'", flag, text));
  }
  return *p;
}

Result<ServeConfig> base_config(const ServeArgs& a) {
  ServeConfig c;
  c.input_tokens = a.input;
  c.output_tokens = a.output;
  c.pp = a.pp;
  c.price_per_chip_hour_usd = a.price;
  if (a.batch_opt->count() > 0) c.batch = a.batch;
  Result<Precision> w = precision_arg("--precision", a.precision);
  if (!w.ok()) return w.error();
  c.weight_precision = *w;
  if (!a.kv_precision.empty()) {
    Result<Precision> kv = precision_arg("--kv-precision", a.kv_precision);
    if (!kv.ok()) return kv.error();
    c.kv_precision = *kv;
  }
  return c;
}

// Estimates with the user's tp, or chooses it: with --count, the tp (dividing the count and
// the heads) with the most output tokens/s per chip; without, the smallest tp at which the
// model fits, searched inside one scale-up domain.
Result<ServeRow> estimate_row(const ServeArgs& a, const Model& model, const Chip& chip,
                              const System& system, ServeConfig c) {
  ServeRow row{chip, system, c, {}, ""};
  const bool fixed_count = a.count_opt->count() > 0;
  if (a.tp_opt->count() > 0) {
    c.tp = a.tp;
    c.count = fixed_count ? a.count : c.tp * c.pp;
    Result<ServeEstimate> e = estimate_serve(model, chip, system, c);
    if (!e.ok()) return e.error();
    row.config = c;
    row.estimate = *e;
    return row;
  }
  row.tp_choice = fixed_count ? "most tokens/s per chip" : "smallest tp that fits";
  const int domain =
      system.scaleup.span_chips > 0 ? system.scaleup.span_chips : system.chips_per_node;
  const int limit = fixed_count ? a.count / c.pp : std::max(1, domain);
  std::optional<Error> last;
  bool found = false;
  for (int tp = 1; tp <= limit; ++tp) {
    if (model.heads % tp != 0 || (fixed_count && a.count % (tp * c.pp) != 0)) continue;
    c.tp = tp;
    c.count = fixed_count ? a.count : tp * c.pp;
    Result<ServeEstimate> e = estimate_serve(model, chip, system, c);
    if (!e.ok()) {
      last = e.error();
      continue;
    }
    if (!found || e->output_tokens_per_s_per_chip > row.estimate.output_tokens_per_s_per_chip) {
      row.config = c;
      row.estimate = *e;
      found = true;
    }
    if (!fixed_count) break;
  }
  if (found) return row;
  if (last) return *last;
  return Error(fmt::format("tp: no tp up to {} divides the model's {} heads", limit, model.heads));
}

void print(Context& ctx, const report::Table& t, Format f) {
  ctx.out << (f == Format::csv ? report::render_csv(t) : report::render_text(t));
}

bool has_targets(const ServeArgs& a) { return a.ttft_opt->count() > 0 || a.tpot_opt->count() > 0; }

ServeTargets targets_of(const ServeArgs& a) {
  ServeTargets targets;
  if (a.ttft_opt->count() > 0) targets.ttft_s = a.slo_ttft_ms * units::kMillisecond;
  if (a.tpot_opt->count() > 0) targets.tpot_s = a.slo_tpot_ms * units::kMillisecond;
  return targets;
}

// The latency search on one chip; `best` is set when some split meets the targets.
Result<ServeSearchResult> search_row(const ServeArgs& a, const Model& model, const Chip& chip,
                                     const System& system, ServeConfig c,
                                     std::optional<ServeRow>& best) {
  c.count = a.count_opt->count() > 0 ? a.count : system.chips_per_node;
  Result<ServeSearchResult> r = search_serve(model, chip, system, c, targets_of(a));
  if (!r.ok() || !r->best) return r;
  const ServeCandidate& w = r->candidates[*r->best];
  c.tp = w.tp;
  c.pp = w.pp;
  c.batch = w.estimate->batch;
  best = ServeRow{chip, system, c, *w.estimate, "latency search, binding: " + w.binding};
  return r;
}

int run_search(Context& ctx, const ServeArgs& a, const Model& model, const Chip& chip,
               const System& system, const ServeConfig& c) {
  std::optional<ServeRow> best;
  Result<ServeSearchResult> r = search_row(a, model, chip, system, c, best);
  if (!r.ok()) return fail(ctx, r.error());
  if (a.format == Format::json) {
    nlohmann::json j = search_json(*r, targets_of(a));
    j["best"] = best ? serve_json(model, *best) : nlohmann::json(nullptr);
    ctx.out << j.dump(2) << "\n";
  } else {
    print(ctx, search_table(*r), a.format);
    if (best && a.format == Format::table) {
      ctx.out << "\nbest: tp " << best->config.tp << " x pp " << best->config.pp << ", "
              << best->estimate.replicas << " replicas, batch " << best->estimate.batch
              << "; binding: " << r->candidates[*r->best].binding << "\n\n";
      print(ctx, serve_table(model, *best), a.format);
    }
  }
  if (!best) return fail(ctx, Error("no deployment of these chips meets the latency targets"));
  return 0;
}

// Each chip answers the same question: the latency search when targets are given, else the
// estimate at the largest batch (or --batch).
int run_compare(Context& ctx, const ServeArgs& a, const Model& model,
                const std::vector<std::pair<Chip, System>>& chips, const ServeConfig& c) {
  std::vector<ServeRow> rows;
  for (const auto& [chip, system] : chips) {
    if (has_targets(a)) {
      std::optional<ServeRow> best;
      Result<ServeSearchResult> r = search_row(a, model, chip, system, c, best);
      if (!r.ok()) return fail(ctx, Error(chip.id + ": " + r.error().message()));
      if (!best) return fail(ctx, Error(chip.id + ": no deployment meets the latency targets"));
      rows.push_back(*best);
      continue;
    }
    Result<ServeRow> row = estimate_row(a, model, chip, system, c);
    if (!row.ok()) return fail(ctx, Error(chip.id + ": " + row.error().message()));
    rows.push_back(*row);
  }
  if (a.format == Format::json) {
    ctx.out << compare_json(model, rows).dump(2) << "\n";
  } else {
    print(ctx, compare_table(rows), a.format);
  }
  return 0;
}

int run_serve(Context& ctx, const ServeArgs& a) {
  Result<Catalog> catalog = ctx.load_catalog();
  if (!catalog.ok()) return fail(ctx, catalog.error());
  Result<Model> model = catalog->model(a.model);
  if (!model.ok()) return fail(ctx, model.error());
  Result<ServeConfig> c = base_config(a);
  if (!c.ok()) return fail(ctx, c.error());
  std::vector<std::pair<Chip, System>> chips;
  std::vector<std::string> names = {a.chip};
  names.insert(names.end(), a.compare.begin(), a.compare.end());
  for (size_t i = 0; i < names.size(); ++i) {
    Result<Chip> chip = catalog->chip(names[i]);
    if (!chip.ok()) return fail(ctx, chip.error());
    Result<System> system =
        (i == 0 && !a.system.empty()) ? catalog->system(a.system) : catalog->default_system(*chip);
    if (!system.ok()) return fail(ctx, system.error());
    chips.emplace_back(*chip, *system);
  }
  if (!a.compare.empty()) return run_compare(ctx, a, *model, chips, *c);
  const auto& [chip, system] = chips.front();
  if (has_targets(a)) return run_search(ctx, a, *model, chip, system, *c);
  Result<ServeRow> row = estimate_row(a, *model, chip, system, *c);
  if (!row.ok()) return fail(ctx, row.error());
  if (a.format == Format::json) {
    ctx.out << serve_json(*model, *row).dump(2) << "\n";
  } else {
    print(ctx, serve_table(*model, *row), a.format);
  }
  return 0;
}

constexpr const char* kDescription =
    "Serving estimate: time to first token, time per output token, end-to-end latency, "
    "output tokens/s per chip and per deployment, the largest batch that fits with the memory "
    "per chip (weights, activations, runtime reserve, KV cache), and the cost per million "
    "output tokens. Engine: in-flight batching with a paged KV cache (blocks of 32 tokens, "
    "each request reserving its whole input+output, 90% of free memory for KV, as "
    "TensorRT-LLM). Offline steady state: each request costs its prefill once plus its "
    "decode steps; the average KV length is input + output/2. Without --batch the batch is "
    "the largest that fits. TP must divide the attention heads; with tp > kv_heads each KV "
    "head is replicated (vLLM/TensorRT-LLM). MLA caches its latent on every TP rank; MoE "
    "reads only the experts the batch's tokens touch. Not modelled: speculative decoding, "
    "prefix caching, KV offload, expert parallelism, disaggregated prefill.";

}  // namespace

void register_serve_commands(CLI::App& app, Action& action) {
  auto a = std::make_shared<ServeArgs>();
  CLI::App* sub = app.add_subcommand("serve", kDescription);
  sub->add_option("--model", a->model, "Model id, alias or .toml path")->required();
  sub->add_option("--chip", a->chip, "Chip id, alias or .toml path")->required();
  sub->add_option("--system", a->system, "System id (default: the chip's default system)");
  a->count_opt = sub->add_option("--count", a->count,
                                 "Chips in the deployment, a multiple of tp*pp (default: tp*pp; "
                                 "with latency targets, one node)")
                     ->check(positive_number());
  a->tp_opt = sub->add_option("--tp", a->tp,
                              "Tensor-parallel chips per replica (default: the "
                              "smallest that fits)")
                  ->check(positive_number());
  sub->add_option("--pp", a->pp, "Pipeline stages per replica (default 1)")
      ->check(positive_number());
  sub->add_option("--input", a->input, "Prompt tokens per request")->required();
  sub->add_option("--output", a->output, "Generated tokens per request")->required();
  a->batch_opt = sub->add_option("--batch", a->batch,
                                 "Requests in flight per replica (default: the largest that fits)");
  sub->add_option("--precision", a->precision,
                  "Weights: bf16, fp16, fp8, int8 (W8A8), int4 (W4A16) or fp4 (default bf16)");
  sub->add_option("--kv-precision", a->kv_precision,
                  "KV cache precision (default: fp8 with fp8/fp4 weights, else 16-bit)");
  sub->add_option("--price-per-chip-hour", a->price,
                  fmt::format("USD per chip-hour for the cost column (default {:.2f})",
                              kDefaultPricePerChipHourUsd))
      ->check(non_negative_number());
  a->ttft_opt = sub->add_option("--slo-ttft", a->slo_ttft_ms,
                                "Time-to-first-token target, ms: search tp, pp, replicas, batch")
                    ->check(positive_number());
  a->tpot_opt = sub->add_option("--slo-tpot", a->slo_tpot_ms,
                                "Time-per-output-token target, ms: search tp, pp, replicas, batch")
                    ->check(positive_number());
  sub->add_option("--compare", a->compare, "Other chips to answer for, side by side")
      ->delimiter(',');
  add_format_option(*sub, a->format);
  sub->footer(
      "Examples:\n"
      "  suanli serve --model llama3-70b --chip h20 --count 8 --input 2048 --output 256\n"
      "  suanli serve --model llama3-70b --chip h100 --count 8 --input 2048 --output 256 "
      "--slo-ttft 1000 --slo-tpot 50\n"
      "  suanli serve --model llama3-70b --chip h100 --compare h20,ascend-910b,mi300x "
      "--count 8 --tp 8 --input 2048 --output 256");
  sub->callback([&action, a] { action = [a](Context& ctx) { return run_serve(ctx, *a); }; });
}

}  // namespace suanli::cli
