// suanli bench | calibrate: measure this machine's GEMM throughput and memory bandwidth,
// write a chip profile, refit a catalog chip to a measured sweep, and run the CPU closed loop
// (a GPT block's training step, measured against its prediction). Parsing and printing only;
// the measuring and fitting live in src/bench/.
#include <fmt/format.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <csignal>
#include <ctime>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "bench/atomic_file.h"
#include "bench/calibrate.h"
#include "bench/cpu/gpt_block.h"
#include "bench/open_device.h"
#include "bench/run.h"
#include "bench/stats.h"
#include "catalog/toml_document.h"
#include "cli/cli.h"
#include "report/table.h"
#include "suanli/device_profile.h"
#include "suanli/units.h"

namespace suanli::cli {
namespace {

// Set by SIGINT; the sweep checks it between samples. The only global: a signal handler can
// reach nothing else.
std::atomic<bool> g_interrupted{false};
extern "C" void on_sigint(int) { g_interrupted.store(true); }

// Installs the SIGINT handler for the lifetime of a measurement, then restores the old one.
class InterruptGuard {
 public:
  InterruptGuard() {
    g_interrupted.store(false);
    struct sigaction sa {};
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_);
  }
  ~InterruptGuard() { sigaction(SIGINT, &old_, nullptr); }
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;

 private:
  struct sigaction old_ {};
};

constexpr int kInterruptedExit = 130;

struct BenchOptions {
  std::string device = "cpu";
  bool quick = false;
  std::string out;
  std::string id = "cpu-measured";
  bool train_step = false;
  bool kernels = false;
  std::string chip;
  bench::BlockShape block;
  Format format = Format::table;
};

struct CalibrateOptions {
  std::string chip;
  std::string profile;
  std::string precision;
  Format format = Format::table;
};

std::string today_utc() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  return fmt::format("{:04}-{:02}-{:02}", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

// The raw sweep sits beside the profile: cpu.toml -> cpu.sweep.toml.
std::string sweep_path(const std::string& profile) {
  const std::string ext = ".toml";
  if (profile.ends_with(".sweep.toml")) return profile;
  if (profile.ends_with(ext)) return profile.substr(0, profile.size() - ext.size()) + ".sweep.toml";
  return profile + ".sweep.toml";
}

// A one-line progress display on stderr, only when stderr is a terminal.
bench::ProgressFn progress_display(Context& ctx) {
  if (&ctx.err != &std::cerr || !::isatty(STDERR_FILENO)) return {};
  return [&ctx](const bench::Progress& p) {
    if (p.done >= p.total) {
      ctx.err << "\r\033[K" << std::flush;
    } else {
      ctx.err << fmt::format("\r\033[K[{:>3}/{}] {}", p.done + 1, p.total, p.label) << std::flush;
    }
  };
}

std::string ms(double s) { return report::format_number(s / units::kMillisecond, 3); }

report::Table gemm_table(const Measurements& m, const DeviceProfile& profile) {
  report::Table t{{{"precision", report::Align::left},
                   {"m"},
                   {"n"},
                   {"k"},
                   {"min (ms)"},
                   {"median (ms)"},
                   {"median (GFLOP/s)"},
                   {"of reference peak (%)"}},
                  {}};
  for (const GemmMeasurement& g : m.gemm) {
    const auto& ref = profile.reference_flop_per_s[index_of(g.precision)];
    t.rows.push_back({std::string(to_string(g.precision)), std::to_string(g.m), std::to_string(g.n),
                      std::to_string(g.k), ms(g.min_s), ms(g.median_s),
                      report::format_number(g.median_flop_per_s() / units::kGiga, 1),
                      ref ? report::format_number(100 * g.median_flop_per_s() / *ref, 1) : "-"});
  }
  return t;
}

report::Table bandwidth_table(const Measurements& m) {
  report::Table t{{{"kernel", report::Align::left},
                   {"bytes (MB)"},
                   {"threads"},
                   {"min (ms)"},
                   {"median (ms)"},
                   {"best (GB/s)"},
                   {"median (GB/s)"}},
                  {}};
  for (const BandwidthMeasurement& b : m.bandwidth) {
    t.rows.push_back({b.kernel, report::format_number(b.bytes / 1e6, 0), std::to_string(b.threads),
                      ms(b.min_s), ms(b.median_s),
                      report::format_number(b.bytes / b.min_s / 1e9, 1),
                      report::format_number(b.bytes / b.median_s / 1e9, 1)});
  }
  for (const CollectiveMeasurement& c : m.collective) {
    const double bus = 2.0 * (c.ranks - 1) / c.ranks * c.bytes;  // ring all-reduce traffic
    t.rows.push_back({fmt::format("all_reduce x{} (bus)", c.ranks),
                      report::format_number(c.bytes / 1e6, 0), "0", ms(c.min_s), ms(c.median_s),
                      report::format_number(bus / c.min_s / 1e9, 1),
                      report::format_number(bus / c.median_s / 1e9, 1)});
  }
  return t;
}

nlohmann::json profile_json(const DeviceProfile& p) {
  nlohmann::json peaks = nlohmann::json::object();
  for (Precision q : kAllPrecisions) {
    if (!p.fits[index_of(q)]) continue;
    const GemmFit& f = *p.fits[index_of(q)];
    peaks[std::string(to_string(q))] = {
        {"measured_flop_per_s", *p.measured_flop_per_s[index_of(q)]},
        {"reference_flop_per_s", *p.reference_flop_per_s[index_of(q)]},
        {"fit",
         {{"gemm_max_fraction", f.gemm_max_fraction},
          {"gemm_half_dim", f.gemm_half_dim},
          {"kernel_overhead_s", f.kernel_overhead_s},
          {"rms_log_error", f.rms_log_error}}}};
  }
  return {{"id", p.id},
          {"name", p.name},
          {"vendor", p.vendor},
          {"date", p.date},
          {"peaks", peaks},
          {"memory_bw_bytes_per_s", p.memory_bw_bytes_per_s},
          {"fit_precision", std::string(to_string(p.fit_precision))},
          {"gemm_half_dim", p.efficiency.gemm_half_dim},
          {"kernel_overhead_s", p.efficiency.kernel_overhead_s},
          {"notes", p.notes}};
}

nlohmann::json measurements_json(const Measurements& m) {
  nlohmann::json gemm = nlohmann::json::array(), bw = nlohmann::json::array(),
                 coll = nlohmann::json::array();
  for (const GemmMeasurement& g : m.gemm) {
    gemm.push_back({{"precision", std::string(to_string(g.precision))},
                    {"m", g.m},
                    {"n", g.n},
                    {"k", g.k},
                    {"min_s", g.min_s},
                    {"median_s", g.median_s},
                    {"repeats", g.repeats},
                    {"median_flop_per_s", g.median_flop_per_s()}});
  }
  for (const BandwidthMeasurement& b : m.bandwidth) {
    bw.push_back({{"kernel", b.kernel},
                  {"bytes", b.bytes},
                  {"min_s", b.min_s},
                  {"median_s", b.median_s},
                  {"repeats", b.repeats},
                  {"threads", b.threads}});
  }
  for (const CollectiveMeasurement& c : m.collective) {
    coll.push_back({{"op", c.op},
                    {"ranks", c.ranks},
                    {"bytes", c.bytes},
                    {"min_s", c.min_s},
                    {"median_s", c.median_s},
                    {"repeats", c.repeats}});
  }
  return {{"device", m.device}, {"name", m.name},  {"date", m.date},
          {"gemm", gemm},       {"bandwidth", bw}, {"collective", coll}};
}

void print_bench(Context& ctx, const Measurements& m, const DeviceProfile& p, Format format) {
  if (format == Format::json) {
    ctx.out << nlohmann::json{{"measurements", measurements_json(m)}, {"profile", profile_json(p)}}
                   .dump(2)
            << "\n";
    return;
  }
  const auto render = format == Format::csv ? report::render_csv : report::render_text;
  ctx.out << render(gemm_table(m, p)) << "\n" << render(bandwidth_table(m));
  if (format == Format::table) {
    ctx.out << fmt::format(
        "\n{} ({}), {}: fitted on {}: gemm_half_dim {:.1f}, kernel_overhead {:.2f} us\n{}\n",
        p.name, m.device, p.date, to_string(p.fit_precision), p.efficiency.gemm_half_dim,
        p.efficiency.kernel_overhead_s / units::kMicrosecond, p.notes);
  }
}

// Writes the profile and its sweep (temp + rename each); removes neither on success.
Status write_outputs(const std::string& out, const Measurements& m, const DeviceProfile& p) {
  Status s = bench::write_file_atomically(out, device_profile_to_toml(p), &g_interrupted);
  if (!s.ok()) return s;
  return bench::write_file_atomically(sweep_path(out), measurements_to_toml(m), &g_interrupted);
}

// Runs the sweep and builds the profile; `interrupted` is set on Ctrl-C.
Result<std::pair<Measurements, DeviceProfile>> measure(Context& ctx, bench::Backend& backend,
                                                       bool accelerator, bool quick) {
  bench::SweepPlan plan = bench::make_sweep(accelerator, quick);
  plan.timing.stop = &g_interrupted;
  Result<Measurements> m = bench::run_sweep(backend, plan, today_utc(), progress_display(ctx));
  if (!m.ok()) return m.error();
  Result<DeviceProfile> p = build_device_profile(*m, backend.facts());
  if (!p.ok()) return p.error();
  return std::make_pair(std::move(*m), std::move(*p));
}

int run_train_step(Context& ctx, const BenchOptions& o, bench::Backend& backend);

int run_bench(Context& ctx, const BenchOptions& o) {
  Result<bench::DeviceSpec> spec = bench::parse_device(o.device);
  if (!spec.ok()) return fail(ctx, spec.error());
  Result<std::unique_ptr<bench::Backend>> backend = bench::open_device(*spec, o.id);
  if (!backend.ok()) return fail(ctx, backend.error());
  InterruptGuard guard;
  if (o.train_step) {
    if (spec->cuda) return fail(ctx, Error("--train-step runs on the CPU only (--device cpu)"));
    return run_train_step(ctx, o, **backend);
  }
  auto result = measure(ctx, **backend, spec->cuda, o.quick);
  if (!result.ok()) {
    if (g_interrupted.load()) {
      ctx.err << "interrupted; no profile written\n";
      return kInterruptedExit;
    }
    return fail(ctx, result.error());
  }
  const auto& [m, p] = *result;
  if (!o.out.empty()) {
    if (Status s = write_outputs(o.out, m, p); !s.ok()) {
      if (g_interrupted.load())
        return ctx.err << "interrupted; no profile written\n", kInterruptedExit;
      return fail(ctx, s.error());
    }
  }
  print_bench(ctx, m, p, o.format);
  if (!o.out.empty()) ctx.err << fmt::format("wrote {} and {}\n", o.out, sweep_path(o.out));
  return 0;
}

// The chip to predict with: --chip, or a profile measured now with the quick sweep (loaded
// back through the catalog, as `--chip PROFILE.toml` would be).
Result<Chip> closed_loop_chip(Context& ctx, const BenchOptions& o, bench::Backend& backend) {
  Result<Catalog> catalog = ctx.load_catalog();
  if (!catalog.ok()) return catalog.error();
  if (!o.chip.empty()) return catalog->chip(o.chip);
  auto measured = measure(ctx, backend, false, true);
  if (!measured.ok()) return measured.error();
  const std::string text = device_profile_to_toml(measured->second);
  if (Status s = catalog->add_chip(text, "<measured profile>"); !s.ok()) return s.error();
  return catalog->chip(measured->second.id);
}

// Each kernel's prediction beside its measured median (--kernels), as a table and as JSON.
struct KernelReport {
  report::Table table;
  nlohmann::json json = nlohmann::json::array();
};

Result<KernelReport> kernel_report(const bench::BlockShape& shape, const Chip& chip) {
  bench::TimingOptions timing{1, 5, 0.0, &g_interrupted};
  Result<std::vector<double>> measured = bench::time_block_kernels(shape, timing);
  if (!measured.ok()) return measured.error();
  Result<std::vector<double>> predicted =
      bench::predict_block_kernels(shape, chip, Precision::fp32);
  if (!predicted.ok()) return predicted.error();
  const std::vector<bench::BlockOp> ops = bench::gpt_block_ops(shape, 4.0);
  KernelReport out{{{{"kernel", report::Align::left},
                     {"kind", report::Align::left},
                     {"calls"},
                     {"predicted (ms)"},
                     {"measured (ms)"},
                     {"error (%)"}},
                    {}}};
  for (size_t i = 0; i < ops.size(); ++i) {
    const double p = (*predicted)[i], m = (*measured)[i];
    const char* kind = ops[i].gemm ? "gemm" : "memory";
    out.table.rows.push_back({ops[i].name, kind, report::format_number(ops[i].count, 0), ms(p),
                              ms(m), report::format_number(100 * bench::relative_error(p, m), 1)});
    out.json.push_back({{"kernel", ops[i].name},
                        {"kind", kind},
                        {"calls", ops[i].count},
                        {"predicted_s", p},
                        {"measured_s", m}});
  }
  return out;
}

int run_train_step(Context& ctx, const BenchOptions& o, bench::Backend& backend) {
  if (Status ok = bench::check_block_shape(o.block); !ok) return fail(ctx, ok.error());
  Result<Chip> chip = closed_loop_chip(ctx, o, backend);
  if (!chip.ok()) {
    if (g_interrupted.load()) return ctx.err << "interrupted\n", kInterruptedExit;
    return fail(ctx, chip.error());
  }
  const bench::BlockShape shape = o.block;
  std::optional<KernelReport> kernels;
  if (o.kernels) {
    Result<KernelReport> k = kernel_report(shape, *chip);
    if (!k.ok()) return fail(ctx, k.error());
    kernels = std::move(*k);
  }
  bench::TimingOptions timing{1, 5, 0.0, &g_interrupted};
  Result<std::vector<double>> samples = bench::time_block_step(shape, timing);
  if (!samples.ok()) return fail(ctx, samples.error());
  const bench::RepeatStats measured = bench::summarize(*samples);
  Result<bench::BlockPrediction> predicted =
      bench::predict_block_step(shape, *chip, Precision::fp32);
  if (!predicted.ok()) return fail(ctx, predicted.error());
  const double error = bench::relative_error(predicted->total_s(), measured.median_s);
  const nlohmann::json shape_json = {{"batch", shape.batch},   {"seq", shape.seq},
                                     {"hidden", shape.hidden}, {"heads", shape.heads},
                                     {"ffn", shape.ffn},       {"precision", "fp32"}};
  if (o.format == Format::json) {
    nlohmann::json j{{"chip", chip->id},
                     {"shape", shape_json},
                     {"flops", bench::gpt_block_flops(shape)},
                     {"measured_s", measured.median_s},
                     {"measured_min_s", measured.min_s},
                     {"repeats", measured.repeats},
                     {"predicted_s", predicted->total_s()},
                     {"predicted_gemm_s", predicted->gemm_s},
                     {"predicted_memory_s", predicted->memory_s},
                     {"error", error},
                     {"conditions", backend.facts().conditions}};
    if (kernels) j["kernels"] = kernels->json;
    ctx.out << j.dump(2) << "\n";
    return 0;
  }
  report::Table t{{{"quantity", report::Align::left}, {"value"}}, {}};
  t.rows = {
      {"shape (batch x seq x hidden, heads, ffn)",
       fmt::format("{}x{}x{}, {}, {}", shape.batch, shape.seq, shape.hidden, shape.heads,
                   shape.ffn)},
      {"GFLOP per step (fwd+bwd)", report::format_number(bench::gpt_block_flops(shape) / 1e9, 2)},
      {"measured median (ms)", ms(measured.median_s)},
      {"measured min (ms)", ms(measured.min_s)},
      {"predicted (ms)", ms(predicted->total_s())},
      {"predicted GEMMs (ms)", ms(predicted->gemm_s)},
      {"predicted memory-bound (ms)", ms(predicted->memory_s)},
      {"error (%)", report::format_number(100 * error, 1)},
      {"conditions", backend.facts().conditions}};
  const auto render = [&](const report::Table& table) {
    return o.format == Format::csv ? report::render_csv(table) : report::render_text(table);
  };
  if (kernels) ctx.out << render(kernels->table) << "\n";
  ctx.out << render(t);
  return 0;
}

report::Table calibration_table(const bench::Calibration& c) {
  report::Table t{{{"m"},
                   {"n"},
                   {"k"},
                   {"measured (ms)"},
                   {"before (ms)"},
                   {"before error (%)"},
                   {"after (ms)"},
                   {"after error (%)"}},
                  {}};
  for (const bench::CalibrationRow& r : c.rows) {
    t.rows.push_back(
        {std::to_string(r.m), std::to_string(r.n), std::to_string(r.k), ms(r.measured_s),
         ms(r.before_s),
         report::format_number(100 * bench::relative_error(r.before_s, r.measured_s), 1),
         ms(r.after_s),
         report::format_number(100 * bench::relative_error(r.after_s, r.measured_s), 1)});
  }
  return t;
}

nlohmann::json efficiency_json(const ChipEfficiency& e) {
  return {{"gemm_max_fraction", e.gemm_max_fraction},
          {"gemm_half_dim", e.gemm_half_dim},
          {"kernel_overhead_s", e.kernel_overhead_s}};
}

void print_calibration(Context& ctx, const Chip& chip, const bench::Calibration& c, Format format) {
  const double before = bench::median_abs_error(c.rows, false),
               after = bench::median_abs_error(c.rows, true);
  if (format == Format::json) {
    nlohmann::json rows = nlohmann::json::array();
    for (const bench::CalibrationRow& r : c.rows) {
      rows.push_back({{"m", r.m},
                      {"n", r.n},
                      {"k", r.k},
                      {"measured_s", r.measured_s},
                      {"before_s", r.before_s},
                      {"after_s", r.after_s}});
    }
    ctx.out << nlohmann::json{{"chip", chip.id},
                              {"precision", std::string(to_string(c.precision))},
                              {"before", efficiency_json(c.before)},
                              {"after", efficiency_json(c.after)},
                              {"median_abs_error_before", before},
                              {"median_abs_error_after", after},
                              {"rows", rows}}
                   .dump(2)
            << "\n";
    return;
  }
  ctx.out << (format == Format::csv ? report::render_csv(calibration_table(c))
                                    : report::render_text(calibration_table(c)));
  if (format != Format::table) return;
  ctx.out << fmt::format(
      "\n{} at {}: median |error| {:.1f}% before, {:.1f}% after.\n"
      "Fitted values for the chip's [efficiency] table (relative to its {} peak {:.1f} TFLOP/s):\n"
      "gemm_max_fraction = {:.4g}   # was {:.4g}\ngemm_half_dim = {:.4g}   # was {:.4g}\n"
      "kernel_overhead_us = {:.4g}   # was {:.4g}\n",
      chip.id, to_string(c.precision), 100 * before, 100 * after, to_string(c.precision),
      *chip.peak(c.precision) / units::kTflops, c.after.gemm_max_fraction,
      c.before.gemm_max_fraction, c.after.gemm_half_dim, c.before.gemm_half_dim,
      c.after.kernel_overhead_s / units::kMicrosecond,
      c.before.kernel_overhead_s / units::kMicrosecond);
}

int run_calibrate(Context& ctx, const CalibrateOptions& o) {
  Result<Catalog> catalog = ctx.load_catalog();
  if (!catalog.ok()) return fail(ctx, catalog.error());
  Result<Chip> chip = catalog->chip(o.chip);
  if (!chip.ok()) return fail(ctx, chip.error());
  const std::string path = sweep_path(o.profile);
  Result<std::string> text = read_text_file(path);
  if (!text.ok()) return fail(ctx, text.error());
  Result<Measurements> sweep = parse_measurements(*text, path);
  if (!sweep.ok()) return fail(ctx, sweep.error());
  std::optional<Precision> precision;
  if (!o.precision.empty()) {
    precision = parse_precision(o.precision);
    if (!precision)
      return fail(ctx,
                  Error("--precision: expected e.g. fp32, bf16, fp8, got \"" + o.precision + "\""));
  }
  Result<bench::Calibration> c = bench::calibrate_chip(*chip, *sweep, precision);
  if (!c.ok()) return fail(ctx, c.error());
  print_calibration(ctx, *chip, *c, o.format);
  return 0;
}

}  // namespace

void register_bench_commands(CLI::App& app, Action& action) {
  auto bench = std::make_shared<BenchOptions>();
  CLI::App* sub = app.add_subcommand(
      "bench",
      "Measure this machine: GEMM throughput per precision over square and transformer "
      "shapes, memory bandwidth (read, write, copy, triad), all-reduce with >1 GPU; "
      "write a chip profile usable as --chip");
  sub->add_option("--device", bench->device, "cpu or cuda:N")->default_str("cpu");
  sub->add_flag("--quick", bench->quick, "Fewer shapes and repeats (under a minute on 2 cores)");
  sub->add_option("--out", bench->out,
                  "Write the chip profile here (and the raw sweep to <stem>.sweep.toml)");
  sub->add_option("--id", bench->id, "Chip id written into the profile")
      ->default_str("cpu-measured");
  sub->add_flag("--train-step", bench->train_step,
                "Time a GPT block's forward+backward on the CPU and compare with the prediction");
  sub->add_flag("--kernels", bench->kernels,
                "With --train-step: also time each kernel inside the step and list it beside its "
                "prediction");
  sub->add_option("--chip", bench->chip,
                  "With --train-step: chip (id or profile path) to predict with; default: "
                  "measure a quick profile first");
  sub->add_option("--batch", bench->block.batch, "With --train-step: sequences")->default_val(4);
  sub->add_option("--seq", bench->block.seq, "With --train-step: tokens per sequence")
      ->default_val(256);
  sub->add_option("--hidden", bench->block.hidden, "With --train-step: model width")
      ->default_val(768);
  sub->add_option("--heads", bench->block.heads, "With --train-step: attention heads")
      ->default_val(12);
  sub->add_option("--ffn", bench->block.ffn, "With --train-step: MLP width")->default_val(3072);
  add_format_option(*sub, bench->format);
  sub->footer("Example: suanli bench --quick --out cpu.toml && suanli chip cpu.toml");
  sub->callback(
      [&action, bench] { action = [bench](Context& ctx) { return run_bench(ctx, *bench); }; });

  auto cal = std::make_shared<CalibrateOptions>();
  CLI::App* csub = app.add_subcommand(
      "calibrate",
      "Fit a chip's GEMM efficiency (gemm_max_fraction, gemm_half_dim, "
      "kernel_overhead) to a measured sweep; print predicted vs measured before/after");
  csub->add_option("--chip", cal->chip, "Chip id, alias or path")->required();
  csub->add_option("--profile", cal->profile,
                   "Profile written by suanli bench --out (its <stem>.sweep.toml is read)")
      ->required();
  csub->add_option("--precision", cal->precision,
                   "Precision to fit (default: bf16, else fp16, "
                   "tf32, fp32, fp8, fp64 — the first measured that the chip has a peak for)");
  add_format_option(*csub, cal->format);
  csub->footer("Example: suanli calibrate --chip h100 --profile h100-measured.toml");
  csub->callback(
      [&action, cal] { action = [cal](Context& ctx) { return run_calibrate(ctx, *cal); }; });
}

}  // namespace suanli::cli
