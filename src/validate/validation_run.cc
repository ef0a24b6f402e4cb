// Predicts validation cases and summarises the errors.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "suanli/model_params.h"
#include "suanli/plan_search.h"
#include "suanli/serve_estimate.h"
#include "suanli/train_estimate.h"
#include "suanli/units.h"
#include "suanli/validation.h"

namespace suanli {

Result<double> case_flops_per_step(const ValidationCase& c, bool full_recompute) {
  const double B = double(c.global_batch), s = double(c.seq), l = c.model.layers;
  const double h = double(c.model.hidden), V = double(c.model.vocab);
  const double tokens = B * s;
  if (c.flops == "megatron") {  // Narayanan et al. 2021, eq. 3
    if (full_recompute) return 96.0 * B * s * l * h * h * (1 + s / (6 * h) + V / (16 * l * h));
    return 72.0 * B * s * l * h * h * (1 + s / (6 * h) + V / (12 * l * h));
  }
  const ParamCount params = count_params(c.model);
  if (c.flops == "6nd") return 6.0 * params.active * tokens;
  if (c.flops == "palm") {  // Chowdhery et al. 2022, app. B; N without embeddings
    const double n = params.active - params.embedding;
    return (6.0 * n + 12.0 * l * h * s) * tokens;
  }
  return Error("case " + c.id + ": unknown flops formula '" + c.flops + "'");
}

namespace {

Result<double> train_metric(const ValidationCase& c, const TrainEstimate& e) {
  const double step = e.time.step_s;
  if (c.metric == "step_time_s") return step;
  if (c.metric == "tokens_per_s") return e.tokens_per_s;
  if (c.metric == "time_to_train_s") return *c.tokens / e.tokens_per_s;
  Result<double> flops = case_flops_per_step(c, e.plan.recompute == Recompute::full);
  if (!flops.ok()) return flops.error();
  const double tflops = *flops / (step * double(c.count)) / units::kTera;
  if (c.metric == "tflops_per_chip") return tflops;
  const std::optional<double> peak = c.chip.peak(c.precision);
  if (!peak) return Error("chip has no peak at " + std::string(to_string(c.precision)));
  return tflops * units::kTera / *peak;  // mfu
}

void predict_train(const ValidationCase& c, const SearchOptions& options,
                   const CaseSoftware& software, CaseResult& out) {
  TrainWorkload w{c.model, c.seq, c.global_batch, c.precision};
  Cluster cl{c.chip, c.system, c.count};
  SearchOptions o = options;
  o.top_k = 1;
  o.uneven_batch = true;  // published batch sizes are often rounded
  o.train = case_train_options(options.train, software, c);
  Result<SearchResult> r = search_plans(w, cl, c.plan, o);
  if (!r.ok()) {
    out.reason = r.error().message();
    return;
  }
  if (r->best.empty() && !r->closest) {
    out.reason = "no plan is consistent with the case's fixed fields";
    return;
  }
  const TrainEstimate& e = r->best.empty() ? *r->closest : r->best.front();
  if (r->best.empty()) {
    out.reason = fmt::format("plan does not fit in memory ({:.1f} of {:.1f} GB); predicted anyway",
                             e.memory.total_bytes / units::kGB,
                             e.memory.capacity_bytes / units::kGB);
  }
  out.plan = to_string(e.plan);
  Result<double> v = train_metric(c, e);
  if (!v.ok()) {
    out.reason = v.error().message();
    return;
  }
  out.predicted = *v;
}

void predict_serve(const ValidationCase& c, CaseResult& out) {
  ServeConfig cfg;
  cfg.count = int(c.count);
  cfg.tp = c.plan.tp.value_or(int(c.count));
  cfg.pp = c.plan.pp.value_or(1);
  cfg.input_tokens = c.input;
  cfg.output_tokens = c.output;
  if (c.batch) cfg.batch = int(*c.batch);
  cfg.weight_precision = c.precision;
  out.plan = fmt::format("tp={},pp={}", cfg.tp, cfg.pp);
  Result<double> v = predict_serve_metric(c.model, c.chip, c.system, cfg, c.metric);
  if (!v.ok()) {
    out.reason = v.error().message();
    return;
  }
  out.predicted = *v;
}

KindSummary summarise(const std::string& kind, const std::vector<CaseResult>& cases) {
  KindSummary s;
  s.kind = kind;
  std::vector<double> errors;
  for (const CaseResult& c : cases) {
    if (c.kind != kind) continue;
    ++s.cases;
    if (!c.error) continue;
    ++s.predicted;
    errors.push_back(std::fabs(*c.error));
    if (std::fabs(*c.error) > s.worst_abs_error || s.worst_id.empty()) {
      s.worst_abs_error = std::fabs(*c.error);
      s.worst_id = c.id;
    }
  }
  if (!errors.empty()) {
    std::sort(errors.begin(), errors.end());
    const size_t n = errors.size();
    s.median_abs_error = n % 2 ? errors[n / 2] : 0.5 * (errors[n / 2 - 1] + errors[n / 2]);
  }
  return s;
}

}  // namespace

void assume_plan_fields(std::vector<ValidationCase>& cases, const PlanConstraints& assumed) {
  auto fill = [](auto& field, const auto& value) {
    if (!field) field = value;
  };
  for (ValidationCase& c : cases) {
    if (c.kind != "train") continue;
    PlanConstraints& p = c.plan;
    fill(p.tp, assumed.tp), fill(p.pp, assumed.pp), fill(p.dp, assumed.dp);
    fill(p.cp, assumed.cp), fill(p.ep, assumed.ep), fill(p.vpp, assumed.vpp);
    fill(p.micro_batch, assumed.micro_batch), fill(p.zero, assumed.zero);
    fill(p.recompute, assumed.recompute), fill(p.sp, assumed.sp);
  }
}

bool runs_current_software(const Chip& chip) {
  return !chip.year || *chip.year >= kCurrentSoftwareFromYear;
}

TrainOptions case_train_options(const TrainOptions& base, const CaseSoftware& software,
                                const ValidationCase& c) {
  const bool current = runs_current_software(c.chip);
  auto resolve = [current](SoftwareChoice choice) {
    return choice == SoftwareChoice::by_chip_era ? current : choice == SoftwareChoice::on;
  };
  TrainOptions o = base;
  o.fused_attention = resolve(software.fused_attention);
  o.overlap_dp_comm = resolve(software.overlap_dp_comm);
  if (c.plan.zero == 3 && software.overlap_dp_comm == SoftwareChoice::by_chip_era) {
    o.overlap_dp_comm = true;
  }
  o.overlap_ep_comm = resolve(software.overlap_ep_comm);
  return o;
}

ValidationReport run_validation(const std::vector<ValidationCase>& cases,
                                const SearchOptions& options, const CaseSoftware& software) {
  ValidationReport report;
  for (const ValidationCase& c : cases) {
    CaseResult r;
    r.id = c.id;
    r.kind = c.kind;
    r.metric = c.metric;
    r.measured = c.measured;
    if (c.kind == "train") {
      predict_train(c, options, software, r);
    } else {
      predict_serve(c, r);
    }
    if (r.predicted) r.error = *r.predicted / c.measured - 1.0;
    report.cases.push_back(std::move(r));
  }
  for (const char* kind : {"train", "serve"}) {
    KindSummary s = summarise(kind, report.cases);
    if (s.cases > 0) report.summary.push_back(s);
  }
  return report;
}

}  // namespace suanli
