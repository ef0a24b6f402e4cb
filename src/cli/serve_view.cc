#include "cli/serve_view.h"

#include <fmt/format.h>

#include "suanli/units.h"

namespace suanli::cli {
namespace {

using report::format_number;

constexpr double kMs = units::kMillisecond;
constexpr double kGB = units::kGB;

std::string text(Precision p) { return std::string(to_string(p)); }

nlohmann::json memory_json(const ServeMemory& m) {
  return {{"capacity_gb", m.capacity_bytes / kGB},      {"weights_gb", m.weights_bytes / kGB},
          {"activations_gb", m.activation_bytes / kGB}, {"reserve_gb", m.reserve_bytes / kGB},
          {"kv_pool_gb", m.kv_pool_bytes / kGB},        {"kv_used_gb", m.kv_used_bytes / kGB},
          {"kv_bytes_per_token", m.kv_bytes_per_token}, {"kv_pool_tokens", m.kv_pool_tokens}};
}

nlohmann::json iteration_json(const IterationBreakdown& it) {
  return {{"gemm_ms", it.gemm_s / kMs},          {"attention_ms", it.attention_s / kMs},
          {"communication_ms", it.comm_s / kMs}, {"other_ms", it.other_s / kMs},
          {"total_ms", it.total_s / kMs},        {"gemm_bound", it.gemm_bound}};
}

// Peak FLOP/s of `chip` at the precision its GEMMs run in.
double compute_peak(const ServeRow& row) {
  return row.chip.peak(row.estimate.compute_precision).value_or(0.0);
}

void add(report::Table& t, const std::string& q, const std::string& v, const std::string& u) {
  t.rows.push_back({q, v, u});
}

void add_deployment_rows(report::Table& t, const Model& model, const ServeRow& r) {
  const ServeEstimate& e = r.estimate;
  add(t, "model", model.id, "");
  add(t, "chip / system", r.chip.id + " / " + r.system.id, "");
  add(t, "chips", std::to_string(r.config.count), "chips");
  add(t, "tp x pp",
      fmt::format("{} x {}{}", r.config.tp, r.config.pp,
                  r.tp_choice.empty() ? "" : " (" + r.tp_choice + ")"),
      "chips");
  add(t, "replicas", std::to_string(e.replicas), "");
  add(t, "input / output", fmt::format("{} / {}", r.config.input_tokens, r.config.output_tokens),
      "tokens");
  add(t, "precision weights / compute / kv",
      fmt::format("{} / {} / {}", text(e.weight_precision), text(e.compute_precision),
                  text(e.kv_precision)),
      "");
  add(t, "batch per replica",
      fmt::format("{}{}", e.batch, e.batch_is_max ? " (largest that fits)" : ""), "requests");
  add(t, "largest batch", fmt::format("{} (limit: {})", e.max_batch, e.batch_limit), "requests");
}

void add_result_rows(report::Table& t, const ServeRow& r) {
  const ServeEstimate& e = r.estimate;
  add(t, "time to first token", format_number(e.ttft_s / kMs, 1), "ms");
  add(t, "time per output token", format_number(e.tpot_s / kMs, 2), "ms");
  add(t, "pure decode step", format_number(e.decode_step_s / kMs, 2), "ms");
  add(t, "end-to-end latency", format_number(e.e2e_s, 2), "s");
  add(t, "output tokens/s, deployment", format_number(e.output_tokens_per_s, 0), "tokens/s");
  add(t, "output tokens/s, per chip", format_number(e.output_tokens_per_s_per_chip, 0), "tokens/s");
  add(t, "cost per 1M output tokens",
      fmt::format("{} (at {}/chip-hour)", format_number(e.cost_per_million_output_tokens_usd, 3),
                  format_number(r.config.price_per_chip_hour_usd, 2)),
      "USD");
  const ServeMemory& m = e.memory;
  add(t, "memory per chip: capacity", format_number(m.capacity_bytes / kGB, 1), "GB");
  add(t, "  weights", format_number(m.weights_bytes / kGB, 2), "GB");
  add(t, "  activations + logits", format_number(m.activation_bytes / kGB, 2), "GB");
  add(t, "  runtime reserve", format_number(m.reserve_bytes / kGB, 2), "GB");
  add(t, "  KV pool / used by batch",
      fmt::format("{} / {}", format_number(m.kv_pool_bytes / kGB, 2),
                  format_number(m.kv_used_bytes / kGB, 2)),
      "GB");
  add(t, "  KV per token (this chip)", format_number(m.kv_bytes_per_token / units::kKilo, 1), "kB");
  const IterationBreakdown& it = e.iteration;
  add(t, "iteration: GEMMs / attention",
      fmt::format("{} / {}", format_number(it.gemm_s / kMs, 2),
                  format_number(it.attention_s / kMs, 2)),
      "ms");
  add(t, "iteration: comm / other",
      fmt::format("{} / {}", format_number(it.comm_s / kMs, 2), format_number(it.other_s / kMs, 2)),
      "ms");
  add(t, "GEMMs bound by", it.gemm_bound, "");
  if (!e.notes.empty()) add(t, "notes", e.notes, "");
}

}  // namespace

nlohmann::json serve_json(const Model& model, const ServeRow& r) {
  const ServeEstimate& e = r.estimate;
  return {{"model", model.id},
          {"chip", r.chip.id},
          {"system", r.system.id},
          {"count", r.config.count},
          {"tp", r.config.tp},
          {"pp", r.config.pp},
          {"tp_choice", r.tp_choice},
          {"replicas", e.replicas},
          {"input_tokens", r.config.input_tokens},
          {"output_tokens", r.config.output_tokens},
          {"weight_precision", text(e.weight_precision)},
          {"compute_precision", text(e.compute_precision)},
          {"kv_precision", text(e.kv_precision)},
          {"kv_heads_per_chip", e.kv.kv_heads_per_chip},
          {"kv_replication", e.kv.replication},
          {"kv_latent", e.kv.latent},
          {"batch", e.batch},
          {"batch_is_max", e.batch_is_max},
          {"max_batch", e.max_batch},
          {"batch_limit", e.batch_limit},
          {"ttft_ms", e.ttft_s / kMs},
          {"tpot_ms", e.tpot_s / kMs},
          {"decode_step_ms", e.decode_step_s / kMs},
          {"e2e_latency_s", e.e2e_s},
          {"output_tokens_per_s", e.output_tokens_per_s},
          {"output_tokens_per_s_per_chip", e.output_tokens_per_s_per_chip},
          {"requests_per_s", e.requests_per_s},
          {"price_per_chip_hour_usd", r.config.price_per_chip_hour_usd},
          {"cost_per_million_output_tokens_usd", e.cost_per_million_output_tokens_usd},
          {"memory_per_chip", memory_json(e.memory)},
          {"iteration", iteration_json(e.iteration)},
          {"notes", e.notes}};
}

report::Table serve_table(const Model& model, const ServeRow& row) {
  report::Table t;
  t.columns = {{"quantity", report::Align::left},
               {"value", report::Align::right},
               {"unit", report::Align::left}};
  add_deployment_rows(t, model, row);
  add_result_rows(t, row);
  return t;
}

report::Table search_table(const ServeSearchResult& result) {
  report::Table t;
  t.columns = {{"tp"},
               {"pp"},
               {"meets targets", report::Align::left},
               {"batch (requests)"},
               {"TTFT (ms)"},
               {"TPOT (ms)"},
               {"tokens/s per chip"},
               {"USD per 1M tokens"},
               {"binding", report::Align::left}};
  for (size_t i = 0; i < result.candidates.size(); ++i) {
    const ServeCandidate& c = result.candidates[i];
    const bool best = result.best && *result.best == static_cast<int>(i);
    std::vector<std::string> row = {std::to_string(c.tp), std::to_string(c.pp),
                                    c.feasible ? (best ? "yes (best)" : "yes") : "no"};
    if (c.estimate) {
      const ServeEstimate& e = *c.estimate;
      row.insert(row.end(), {std::to_string(e.batch), format_number(e.ttft_s / kMs, 1),
                             format_number(e.tpot_s / kMs, 2),
                             format_number(e.output_tokens_per_s_per_chip, 0),
                             format_number(e.cost_per_million_output_tokens_usd, 3)});
    } else {
      row.insert(row.end(), {"-", "-", "-", "-", "-"});
    }
    row.push_back(c.binding);
    t.rows.push_back(std::move(row));
  }
  return t;
}

nlohmann::json search_json(const ServeSearchResult& result, const ServeTargets& targets) {
  nlohmann::json list = nlohmann::json::array();
  for (const ServeCandidate& c : result.candidates) {
    nlohmann::json j = {{"tp", c.tp},
                        {"pp", c.pp},
                        {"feasible", c.feasible},
                        {"binding", c.binding},
                        {"error", c.error}};
    if (c.estimate) {
      j["batch"] = c.estimate->batch;
      j["ttft_ms"] = c.estimate->ttft_s / kMs;
      j["tpot_ms"] = c.estimate->tpot_s / kMs;
      j["output_tokens_per_s_per_chip"] = c.estimate->output_tokens_per_s_per_chip;
      j["cost_per_million_output_tokens_usd"] = c.estimate->cost_per_million_output_tokens_usd;
    }
    list.push_back(std::move(j));
  }
  nlohmann::json t = nlohmann::json::object();
  if (targets.ttft_s) t["ttft_ms"] = *targets.ttft_s / kMs;
  if (targets.tpot_s) t["tpot_ms"] = *targets.tpot_s / kMs;
  nlohmann::json j = {{"targets", t}, {"candidates", list}};
  j["best_index"] = result.best ? nlohmann::json(*result.best) : nlohmann::json(nullptr);
  return j;
}

report::Table compare_table(const std::vector<ServeRow>& rows) {
  report::Table t;
  t.columns = {{"chip", report::Align::left},
               {"chips"},
               {"tp x pp", report::Align::left},
               {"batch (requests)"},
               {"TTFT (ms)"},
               {"TPOT (ms)"},
               {"tokens/s per chip"},
               {"tokens/s total"},
               {"USD per 1M tokens"},
               {"peak FLOP/s ratio (x)"},
               {"serving ratio (x)"},
               {"GEMMs bound by", report::Align::left}};
  const double base_peak = rows.empty() ? 0 : compute_peak(rows.front());
  const double base_tps = rows.empty() ? 0 : rows.front().estimate.output_tokens_per_s_per_chip;
  for (const ServeRow& r : rows) {
    const ServeEstimate& e = r.estimate;
    t.rows.push_back(
        {r.chip.id, std::to_string(r.config.count),
         fmt::format("{} x {}", r.config.tp, r.config.pp), std::to_string(e.batch),
         format_number(e.ttft_s / kMs, 1), format_number(e.tpot_s / kMs, 2),
         format_number(e.output_tokens_per_s_per_chip, 0), format_number(e.output_tokens_per_s, 0),
         format_number(e.cost_per_million_output_tokens_usd, 3),
         format_number(base_peak > 0 ? compute_peak(r) / base_peak : 0, 2),
         format_number(base_tps > 0 ? e.output_tokens_per_s_per_chip / base_tps : 0, 2),
         e.iteration.gemm_bound});
  }
  return t;
}

nlohmann::json compare_json(const Model& model, const std::vector<ServeRow>& rows) {
  nlohmann::json list = nlohmann::json::array();
  const double base_peak = rows.empty() ? 0 : compute_peak(rows.front());
  const double base_tps = rows.empty() ? 0 : rows.front().estimate.output_tokens_per_s_per_chip;
  for (const ServeRow& r : rows) {
    nlohmann::json j = serve_json(model, r);
    j["peak_flops_ratio"] = base_peak > 0 ? compute_peak(r) / base_peak : 0.0;
    j["serving_ratio"] = base_tps > 0 ? r.estimate.output_tokens_per_s_per_chip / base_tps : 0.0;
    list.push_back(std::move(j));
  }
  return {{"baseline", rows.empty() ? "" : rows.front().chip.id}, {"chips", list}};
}

}  // namespace suanli::cli
