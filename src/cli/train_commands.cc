// suanli train: best parallel plans, step time, memory, time/energy/cost to train, and how
// many chips of another type match. Presentation only; the model is in src/train and
// src/search.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <cmath>
#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>

#include "cli/cli.h"
#include "report/table.h"
#include "suanli/model_params.h"
#include "suanli/plan_search.h"
#include "suanli/units.h"

namespace suanli::cli {
namespace {

constexpr double kDefaultPue = 1.2;
constexpr double kDefaultPriceUsd = 2.0;       // per chip-hour, stated in --help and output
constexpr double kTokensPerParam = 20.0;       // Hoffmann et al. 2022 (Chinchilla)

struct TrainArgs {
  std::string model, chip, system, plan, precision, compare;
  SoftwareFlags software;  // today's software: fused attention, DP overlapped
  int64_t count = 0, global_batch = 0, seq = 0;
  double tokens = 0, pue = kDefaultPue, price = kDefaultPriceUsd;
  int top = 3, threads = 0;
  bool stats = false, explain = false;
  Format format = Format::table;
};

SearchOptions search_options(const TrainArgs& a) {
  SearchOptions o;
  o.threads = a.threads;
  a.software.apply(o.train);
  return o;
}

struct Setup {
  TrainWorkload workload;
  Cluster cluster;
  PlanConstraints constraints;
  double tokens = 0;
  std::string seq_note, tokens_note;
};

Result<Setup> make_setup(const Catalog& catalog, const TrainArgs& a) {
  Setup s;
  Result<Model> model = catalog.model(a.model);
  if (!model.ok()) return model.error();
  Result<Chip> chip = catalog.chip(a.chip);
  if (!chip.ok()) return chip.error();
  Result<System> system = a.system.empty() ? catalog.default_system(*chip) : catalog.system(a.system);
  if (!system.ok()) return system.error();
  std::optional<Precision> precision = parse_precision(a.precision);
  if (a.precision.empty()) {  // bf16 where the chip has it, else fp16
    precision = chip->peak(Precision::bf16) ? Precision::bf16 : Precision::fp16;
  }
  if (!precision || !chip->peak(*precision)) {
    return Error(fmt::format("--precision {}: chip '{}' has no dense peak at that precision",
                             a.precision, chip->id));
  }
  s.workload = {*model, a.seq, a.global_batch, *precision};
  if (a.seq == 0) {
    const int64_t model_seq = model->train_seq > 0 ? model->train_seq : model->max_seq;
    s.workload.seq = model_seq > 0 ? model_seq : 2048;
    s.seq_note = model->train_seq > 0 ? " (the model's pre-training sequence; set --seq)"
                 : model->max_seq > 0 ? " (the model's max_seq; set --seq)"
                                      : " (default; set --seq)";
  }
  s.cluster = {*chip, *system, a.count};
  if (!a.plan.empty()) {
    Result<PlanConstraints> c = parse_plan_constraints(a.plan);
    if (!c.ok()) return c.error();
    s.constraints = *c;
  }
  s.tokens = a.tokens;
  if (s.tokens <= 0) {
    s.tokens = kTokensPerParam * count_params(*model).active;
    s.tokens_note = " (20 tokens per active parameter, Hoffmann et al. 2022; set --tokens)";
  }
  return s;
}

std::string gb(double bytes) { return fmt::format("{:.1f}", bytes / units::kGB); }
std::string sec(double s) { return fmt::format("{:.3f}", s); }
std::string pct(double f) { return fmt::format("{:.1f}", 100.0 * f); }

report::Table plans_table(const std::vector<TrainEstimate>& plans) {
  report::Table t;
  t.columns = {{"#"}, {"plan", report::Align::left}, {"step (s)"}, {"tokens/s"}, {"MFU (%)"},
               {"HFU (%)"}, {"memory (GB)"}, {"compute (s)"}, {"TP/CP/EP comm (s)"},
               {"bubble (s)"}, {"DP comm (s)"}};
  int rank = 0;
  for (const TrainEstimate& e : plans) {
    const StepBreakdown& b = e.time;
    t.rows.push_back({std::to_string(++rank), to_string(e.plan), sec(b.step_s),
                      fmt::format("{:.0f}", e.tokens_per_s), pct(e.mfu), pct(e.hfu),
                      gb(e.memory.total_bytes), sec(b.compute_s),
                      sec(b.tp_comm_s + b.cp_comm_s + b.ep_comm_s), sec(b.bubble_s),
                      sec(b.dp_comm_s)});
  }
  return t;
}

report::Table step_table(const StepBreakdown& b) {
  report::Table t;
  t.columns = {{"step part", report::Align::left}, {"time (s)"}, {"share (%)"}};
  const std::pair<const char*, double> parts[] = {
      {"compute (incl. recompute)", b.compute_s}, {"TP/SP comm (exposed)", b.tp_comm_s},
      {"CP comm (exposed)", b.cp_comm_s},         {"EP all-to-all", b.ep_comm_s},
      {"PP point-to-point", b.pp_comm_s},         {"pipeline bubble", b.bubble_s},
      {"DP comm (exposed)", b.dp_comm_s},         {"optimizer", b.optimizer_s},
      {"step", b.step_s}};
  for (const auto& [name, v] : parts) t.rows.push_back({name, sec(v), pct(v / b.step_s)});
  return t;
}

report::Table memory_table(const MemoryBreakdown& m) {
  report::Table t;
  t.columns = {{"memory per chip", report::Align::left}, {"GB"}};
  const std::pair<const char*, double> parts[] = {
      {"weights", m.weights_bytes},        {"gradients", m.gradients_bytes},
      {"optimizer state", m.optimizer_bytes}, {"activations", m.activations_bytes},
      {"comm buffers", m.comm_buffers_bytes}, {"reserve (1 GB + 5%)", m.reserve_bytes},
      {"total", m.total_bytes},            {"capacity", m.capacity_bytes}};
  for (const auto& [name, v] : parts) t.rows.push_back({name, gb(v)});
  return t;
}

nlohmann::json estimate_json(const TrainEstimate& e) {
  const StepBreakdown& b = e.time;
  const MemoryBreakdown& m = e.memory;
  const ParallelPlan& p = e.plan;
  return {{"plan", {{"tp", p.tp}, {"pp", p.pp}, {"dp", p.dp}, {"cp", p.cp}, {"ep", p.ep},
                    {"vpp", p.vpp}, {"micro_batch", p.micro_batch},
                    {"recompute", std::string(to_string(p.recompute))},
                    {"recompute_layers", p.recompute_layers}, {"sp", p.sp},
                    {"zero", p.zero}, {"text", to_string(p)}}},
          {"micro_batches", e.micro_batches},
          {"step_s", b.step_s},
          {"time_s", {{"compute", b.compute_s}, {"tp_comm", b.tp_comm_s},
                      {"cp_comm", b.cp_comm_s}, {"ep_comm", b.ep_comm_s},
                      {"pp_comm", b.pp_comm_s}, {"bubble", b.bubble_s},
                      {"dp_comm", b.dp_comm_s}, {"optimizer", b.optimizer_s}}},
          {"memory_bytes", {{"weights", m.weights_bytes}, {"gradients", m.gradients_bytes},
                            {"optimizer", m.optimizer_bytes}, {"activations", m.activations_bytes},
                            {"comm_buffers", m.comm_buffers_bytes}, {"reserve", m.reserve_bytes},
                            {"total", m.total_bytes}, {"capacity", m.capacity_bytes}}},
          {"fits", e.fits},
          {"tokens_per_s", e.tokens_per_s},
          {"model_flops_per_step", e.model_flops_per_step},
          {"hardware_flops_per_step", e.hardware_flops_per_step},
          {"mfu", e.mfu},
          {"hfu", e.hfu}};
}

nlohmann::json totals_json(const TrainTotals& t, const Setup& s, const TrainArgs& a) {
  return {{"tokens", s.tokens},         {"time_s", t.time_s},   {"chip_hours", t.chip_hours},
          {"energy_j", t.energy_j},     {"energy_mwh", t.energy_j / 3.6e9},
          {"cost_usd", t.cost_usd},     {"pue", a.pue},         {"price_per_chip_hour_usd", a.price}};
}

void print_header(Context& ctx, const Setup& s, const TrainArgs& a) {
  const TrainWorkload& w = s.workload;
  ctx.out << fmt::format("{} on {} x {} ({}), {}\n", w.model.id, s.cluster.count,
                         s.cluster.chip.id, s.cluster.system.id, to_string(w.precision));
  ctx.out << fmt::format("sequence {} tokens{}, global batch {} sequences ({} tokens/step)\n",
                         w.seq, s.seq_note, w.global_batch, w.seq * w.global_batch);
  ctx.out << fmt::format("tokens to train {:.3g}{}; PUE {}; price {:.2f} USD/chip-hour{}\n\n",
                         s.tokens, s.tokens_note, a.pue, a.price,
                         a.price == kDefaultPriceUsd ? " (default; set --price-per-chip-hour)" : "");
}

void print_totals(Context& ctx, const TrainTotals& t, const Setup& s) {
  const std::string energy =
      s.cluster.chip.tdp_w
          ? fmt::format("{:.1f} MWh (TDP {:.0f} W x chips x time x PUE)", t.energy_j / 3.6e9,
                        *s.cluster.chip.tdp_w)
          : std::string("unknown (the chip has no TDP in the catalog)");
  ctx.out << fmt::format(
      "time to train {:.3g} tokens: {:.1f} days ({:.3g} chip-hours); energy {}; cost {:.3g} "
      "USD\n",
      s.tokens, t.time_s / units::kDay, t.chip_hours, energy, t.cost_usd);
}

void print_explain(Context& ctx, const SearchResult& r) {
  const TrainEstimate& best = r.best.front();
  ctx.out << "\nwhy this plan: it has the shortest step among " << r.stats.plans_fitting
          << " plans that fit (" << r.stats.plans_evaluated - r.stats.plans_fitting
          << " evaluated plans were rejected for memory).\n";
  if (r.best.size() > 1) {
    const TrainEstimate& next = r.best[1];
    ctx.out << fmt::format("runner-up {} is {:.2f}% slower.\n", to_string(next.plan),
                           100.0 * (next.time.step_s / best.time.step_s - 1.0));
  }
  const StepBreakdown& b = best.time;
  ctx.out << fmt::format("largest costs beyond compute: TP/SP comm {:.1f}%, bubble {:.1f}%, "
                         "DP comm {:.1f}%, EP {:.1f}%, CP {:.1f}%, optimizer {:.1f}%.\n",
                         100 * b.tp_comm_s / b.step_s, 100 * b.bubble_s / b.step_s,
                         100 * b.dp_comm_s / b.step_s, 100 * b.ep_comm_s / b.step_s,
                         100 * b.cp_comm_s / b.step_s, 100 * b.optimizer_s / b.step_s);
}

void print_stats(Context& ctx, const SearchStats& st) {
  ctx.out << fmt::format("\nsearch: {} plans enumerated, {} evaluated, {} fit; {:.3f} s on {} "
                         "threads; {:.3g} evaluations/s\n",
                         st.plans_enumerated, st.plans_evaluated, st.plans_fitting, st.seconds,
                         st.threads, st.evaluations_per_second);
}

nlohmann::json stats_json(const SearchStats& st) {
  return {{"plans_enumerated", st.plans_enumerated}, {"plans_evaluated", st.plans_evaluated},
          {"plans_fitting", st.plans_fitting},       {"seconds", st.seconds},
          {"threads", st.threads},                   {"evaluations_per_second", st.evaluations_per_second}};
}

int report_no_fit(Context& ctx, const Setup& s, const SearchResult& r, const TrainArgs& a) {
  const SearchOptions o = search_options(a);
  const std::vector<FitAdvice> advice = advise_fit(s.workload, s.cluster, s.constraints, o);
  if (a.format == Format::json) {
    nlohmann::json j = {{"fits", false}};
    if (r.closest) j["closest"] = estimate_json(*r.closest);
    nlohmann::json adv = nlohmann::json::array();
    for (const FitAdvice& f : advice) {
      adv.push_back({{"change", f.change}, {"count", f.count}, {"best", estimate_json(f.best)}});
    }
    j["advice"] = adv;
    if (a.stats) j["stats"] = stats_json(r.stats);
    ctx.out << j.dump(2) << "\n";
  }
  if (!r.closest) {
    Status why = check_constraints(s.constraints, s.workload.model, s.cluster.count,
                                   s.workload.global_batch);
    return fail(ctx, why.ok() ? Error("no plan satisfies all the fixed fields of --plan together "
                                      "(each is possible alone); free one of them")
                              : why.error());
  }
  const MemoryBreakdown& m = r.closest->memory;
  ctx.err << fmt::format("error: no plan fits in memory. Closest: {} needs {:.1f} GB of {:.1f} GB "
                         "per chip ({:.1f} GB short):\n",
                         to_string(r.closest->plan), m.total_bytes / units::kGB,
                         m.capacity_bytes / units::kGB,
                         (m.total_bytes - m.capacity_bytes) / units::kGB);
  ctx.err << report::render_text(memory_table(m));
  if (advice.empty()) ctx.err << "nothing tried fits: up to 64x the chips, every plan.\n";
  for (const FitAdvice& f : advice) {
    ctx.err << fmt::format("would fit: {} -> {} ({:.1f} GB, step {:.2f} s)\n", f.change,
                           to_string(f.best.plan), f.best.memory.total_bytes / units::kGB,
                           f.best.time.step_s);
  }
  return 1;
}

Result<nlohmann::json> compare_chip(const Catalog& catalog, const Setup& s,
                                    const TrainEstimate& best, const std::string& name,
                                    const TrainArgs& a) {
  Result<Chip> chip = catalog.chip(name);
  if (!chip.ok()) return chip.error();
  Result<System> system = catalog.default_system(*chip);
  if (!system.ok()) return system.error();
  Cluster other{*chip, *system, 0};
  TrainWorkload w = s.workload;
  if (!chip->peak(w.precision)) w.precision = Precision::bf16;
  if (!chip->peak(w.precision)) w.precision = Precision::fp16;
  const SearchOptions o = search_options(a);
  Result<CountMatch> m = match_step_time(w, other, best.time.step_s, 64 * s.cluster.count, o);
  if (!m.ok()) return m.error();
  const double naive = double(s.cluster.count) * *s.cluster.chip.peak(s.workload.precision) /
                       chip->peak(w.precision).value_or(1.0);
  nlohmann::json j = {{"chip", chip->id},
                      {"system", system->id},
                      {"precision", std::string(to_string(w.precision))},
                      {"naive_count_peak_ratio", std::ceil(naive)},
                      {"searches", m->searches}};
  j["count"] = m->count > 0 ? nlohmann::json(m->count) : nlohmann::json(nullptr);
  if (m->count > 0) {
    j["best"] = estimate_json(m->best);
    j["workload_ratio"] = double(m->count) / double(s.cluster.count);
  }
  return j;
}

report::Table compare_table(const std::vector<nlohmann::json>& rows, const Setup& s) {
  report::Table t;
  t.columns = {{"chip", report::Align::left}, {"precision", report::Align::left},
               {"chips to match (count)"}, {"peak-FLOPs ratio (count)"}, {"gap (x)"},
               {"best plan there", report::Align::left}, {"MFU (%)"}};
  t.rows.push_back({s.cluster.chip.id + " (baseline)", std::string(to_string(s.workload.precision)),
                    std::to_string(s.cluster.count), std::to_string(s.cluster.count), "1.00", "",
                    ""});
  for (const nlohmann::json& j : rows) {
    const bool found = !j["count"].is_null();
    const double naive = j["naive_count_peak_ratio"].get<double>();
    t.rows.push_back(
        {j["chip"].get<std::string>(), j["precision"].get<std::string>(),
         found ? std::to_string(j["count"].get<int64_t>()) : "none <= 64x",
         fmt::format("{:.0f}", naive),
         found ? fmt::format("{:.2f}", j["count"].get<double>() / naive) : "-",
         found ? j["best"]["plan"]["text"].get<std::string>() : "",
         found ? pct(j["best"]["mfu"].get<double>()) : ""});
  }
  return t;
}

std::vector<std::string> split_names(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    std::string name = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (!name.empty()) out.push_back(name);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

void print_table_format(Context& ctx, const report::Table& t, Format f) {
  ctx.out << (f == Format::csv ? report::render_csv(t) : report::render_text(t));
}

int run_train(Context& ctx, const TrainArgs& a) {
  Result<Catalog> catalog = ctx.load_catalog();
  if (!catalog.ok()) return fail(ctx, catalog.error());
  Result<Setup> setup = make_setup(*catalog, a);
  if (!setup.ok()) return fail(ctx, setup.error());
  const Setup& s = *setup;
  SearchOptions o = search_options(a);
  o.top_k = a.top;
  Result<SearchResult> r = search_plans(s.workload, s.cluster, s.constraints, o);
  if (!r.ok()) return fail(ctx, r.error());
  if (r->best.empty()) return report_no_fit(ctx, s, *r, a);
  const TrainEstimate& best = r->best.front();
  const TrainTotals totals = train_totals(best, s.cluster, s.tokens, a.pue, a.price);
  std::vector<nlohmann::json> compares;
  for (const std::string& name : split_names(a.compare)) {
    Result<nlohmann::json> c = compare_chip(*catalog, s, best, name, a);
    if (!c.ok()) return fail(ctx, c.error());
    compares.push_back(*c);
  }
  if (a.format == Format::json) {
    nlohmann::json j = {{"model", s.workload.model.id}, {"chip", s.cluster.chip.id},
                        {"system", s.cluster.system.id}, {"count", s.cluster.count},
                        {"seq", s.workload.seq}, {"global_batch", s.workload.global_batch},
                        {"precision", std::string(to_string(s.workload.precision))}};
    nlohmann::json plans = nlohmann::json::array();
    for (const TrainEstimate& e : r->best) plans.push_back(estimate_json(e));
    j["plans"] = plans;
    j["totals"] = totals_json(totals, s, a);
    if (a.stats) j["stats"] = stats_json(r->stats);
    if (!compares.empty()) j["compare"] = compares;
    ctx.out << j.dump(2) << "\n";
    return 0;
  }
  if (a.format == Format::table) print_header(ctx, s, a);
  print_table_format(ctx, plans_table(r->best), a.format);
  if (a.format == Format::csv) return 0;
  ctx.out << "\nbest plan: " << to_string(best.plan) << " (" << best.micro_batches
          << " micro-batches per step)\n";
  ctx.out << report::render_text(step_table(best.time)) << "\n"
          << report::render_text(memory_table(best.memory)) << "\n";
  print_totals(ctx, totals, s);
  if (a.explain) print_explain(ctx, *r);
  if (a.stats) print_stats(ctx, r->stats);
  if (!compares.empty()) ctx.out << "\n" << report::render_text(compare_table(compares, s));
  return 0;
}

}  // namespace

void register_train_commands(CLI::App& app, Action& action) {
  auto a = std::make_shared<TrainArgs>();
  CLI::App* sub = app.add_subcommand(
      "train", "Search parallel plans for training a model on a cluster: step time split, "
               "memory per chip, MFU, time, energy and cost to train");
  sub->add_option("--model", a->model, "Model id, alias or .toml path")->required();
  sub->add_option("--chip", a->chip, "Chip id, alias or .toml path")->required();
  sub->add_option("--count", a->count, "Number of chips")->required()->check(positive_number());
  sub->add_option("--system", a->system, "System id (default: the chip's default system)");
  sub->add_option("--global-batch", a->global_batch, "Sequences per optimizer step")
      ->required()->check(positive_number());
  sub->add_option("--seq", a->seq, "Sequence length (default: the model's pre-training sequence, train_seq, else max_seq, else 2048)")
      ->check(positive_number());
  sub->add_option("--tokens", a->tokens,
                  "Tokens to train (default: 20 per active parameter, Chinchilla)");
  sub->add_option("--plan", a->plan,
                  "Fix plan fields, e.g. tp=8,pp=4,dp=16,vpp=2,mb=1,recompute=full,zero=1,sp=1,"
                  "cp=1,ep=1 (recompute_layers=K: full recomputation of K blocks per stage "
                  "only); fields left out are searched");
  sub->add_option("--precision", a->precision,
                  "bf16, fp16 or fp8 (default: bf16 where the chip has it, else fp16)");
  sub->add_option("--top", a->top, "Plans to list (default 3)")->check(positive_number());
  sub->add_flag("--stats", a->stats, "Print plans enumerated/evaluated and evaluations per second");
  sub->add_flag("--explain", a->explain, "Say why the best plan won");
  sub->add_option("--compare", a->compare,
                  "Other chips (comma-separated): how many match this cluster's time to train");
  sub->add_option("--pue", a->pue, "Power usage effectiveness (default 1.2)")
      ->check(positive_number());
  sub->add_option("--price-per-chip-hour", a->price, "USD per chip-hour (default 2.00)")
      ->check(non_negative_number());
  sub->add_option("--threads", a->threads, "Search threads (0 = all hardware threads)")
      ->check(non_negative_number());
  add_software_options(*sub, a->software, "today's software");
  add_format_option(*sub, a->format);
  sub->footer("Example: suanli train --model gpt3-175b --chip h100 --count 4096 --global-batch "
              "1536 --stats --compare ascend-910b");
  sub->callback([&action, a] { action = [a](Context& ctx) { return run_train(ctx, *a); }; });
}

}  // namespace suanli::cli
