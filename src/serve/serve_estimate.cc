#include "suanli/serve_estimate.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "serve/serve_iteration.h"
#include "serve/serve_memory.h"
#include "suanli/units.h"

namespace suanli {
namespace {

double d(int64_t v) { return static_cast<double>(v); }

// The chip's 16-bit format: bf16, else fp16.
std::optional<Precision> sixteen_bit(const Chip& chip) {
  if (chip.peak(Precision::bf16)) return Precision::bf16;
  if (chip.peak(Precision::fp16)) return Precision::fp16;
  return std::nullopt;
}

// GEMM precision for weights stored at `w`. FP8/INT8 are W8A8 where the chip computes in
// them; INT4 is weight-only (W4A16, AWQ/GPTQ kernels); a chip without the narrow format
// dequantizes to 16 bits (weight-only kernels such as Marlin), keeping the memory saving.
Result<Precision> compute_precision_for(const Chip& chip, Precision w, std::string& notes) {
  const std::optional<Precision> wide = sixteen_bit(chip);
  if (!wide) return Error(fmt::format("chip '{}' has no bf16 or fp16 peak", chip.id));
  switch (w) {
    case Precision::bf16:
    case Precision::fp16:
      return chip.peak(w) ? w : *wide;
    case Precision::fp8:
    case Precision::int8:
    case Precision::fp4:
      if (chip.peak(w)) return w;
      if (w == Precision::fp4 && chip.peak(Precision::fp8)) return Precision::fp8;
      notes += fmt::format("{} weights dequantized to {} for compute ({} has no {} peak); ",
                           to_string(w), to_string(*wide), chip.id, to_string(w));
      return *wide;
    case Precision::int4:
      notes += "int4 weights are weight-only (W4A16): GEMMs run in 16 bits; ";
      return *wide;
    default:
      return Error(fmt::format("precision: expected bf16, fp16, fp8, int8, int4 or fp4, got {}",
                               to_string(w)));
  }
}

Status check_config(const Model& model, const ServeConfig& c) {
  if (c.input_tokens <= 0)
    return Error(fmt::format("input: expected > 0 tokens, got {}", c.input_tokens));
  if (c.output_tokens <= 0) {
    return Error(fmt::format("output: expected > 0 tokens, got {}", c.output_tokens));
  }
  if (model.max_seq > 0 && c.input_tokens + c.output_tokens > model.max_seq) {
    return Error(fmt::format("input + output: {} + {} = {} tokens exceeds {}'s max_seq of {}",
                             c.input_tokens, c.output_tokens, c.input_tokens + c.output_tokens,
                             model.id, model.max_seq));
  }
  if (c.tp < 1 || c.pp < 1)
    return Error(fmt::format("tp, pp: expected >= 1, got {}, {}", c.tp, c.pp));
  if (c.pp > model.layers) {
    return Error(fmt::format("pp: {} stages exceed the model's {} layers", c.pp, model.layers));
  }
  if (c.count < 1 || c.count % (c.tp * c.pp) != 0) {
    return Error(fmt::format("count: expected a positive multiple of tp * pp = {}, got {}",
                             c.tp * c.pp, c.count));
  }
  if (c.batch && *c.batch < 1) return Error(fmt::format("batch: expected >= 1, got {}", *c.batch));
  if (!(c.price_per_chip_hour_usd >= 0)) return Error("price-per-chip-hour: expected >= 0");
  return Status::Ok();
}

// The largest batch per replica and what caps it.
std::pair<int, std::string> batch_cap(const serve::MemoryPlan& plan, const ServeConfig& c,
                                      const ServeOptions& o) {
  const int by_memory = serve::max_batch_for_memory(plan, o);
  // Steady state: each micro-batch of b/pp requests needs b/pp · (1 + in/out) tokens.
  const double per_request = 1.0 + d(c.input_tokens) / d(c.output_tokens);
  const int by_tokens = std::max(1, static_cast<int>(c.pp * o.max_num_tokens / per_request));
  int cap = by_memory;
  std::string why = "memory";
  if (o.max_batch < cap) {
    cap = o.max_batch;
    why = "engine max batch";
  }
  if (by_tokens < cap) {
    cap = by_tokens;
    why = "iteration token budget";
  }
  return {cap, why};
}

Result<serve::ReplicaContext> make_context(const Model& model, const Chip& chip,
                                           const System& system, const ServeConfig& c,
                                           Precision compute, Precision kv, const ServeOptions& o) {
  Result<OpCostParams> gemm = resolve_op_cost(chip, compute);
  if (!gemm.ok()) return gemm.error();
  Result<OpCostParams> attn = resolve_op_cost(chip, *sixteen_bit(chip));
  if (!attn.ok()) return attn.error();
  Result<KvLayout> layout = kv_layout(model, c.tp, kv);
  if (!layout.ok()) return layout.error();
  serve::ReplicaContext ctx;
  ctx.model = &model;
  ctx.system = &system;
  ctx.gemm = *gemm;
  ctx.gemm.operand_bytes = bytes_per_element(c.weight_precision);  // weights as stored
  ctx.attn = *attn;
  ctx.kv = *layout;
  ctx.tp = c.tp;
  ctx.pp = c.pp;
  ctx.tp_group = group_layout(system, c.tp, 1);
  ctx.activation_bytes = o.activation_bytes;
  ctx.logit_bytes = o.logit_bytes;
  return ctx;
}

// Pipeline sends of one micro-batch through pp - 1 stage boundaries (TP group stride apart).
double pipeline_send_s(const serve::ReplicaContext& ctx, double tokens) {
  if (ctx.pp <= 1) return 0.0;
  const double bytes = tokens * d(ctx.model->hidden) * ctx.activation_bytes / ctx.tp;
  return (ctx.pp - 1) * p2p_time_s(*ctx.system, ctx.tp, bytes);
}

// Time to first token: the prompt, in chunks of the iteration token budget, shares each
// iteration with the other requests' decode tokens (Agrawal et al. 2024, Sarathi-Serve).
double ttft_s(const serve::ReplicaContext& ctx, const ServeConfig& c, int batch,
              const ServeOptions& o) {
  const double others = (batch - 1.0) / c.pp;
  const double budget = std::max(1.0, o.max_num_tokens - others);
  serve::IterationShape s;
  s.decode_seqs = others;
  s.decode_kv_len = d(c.input_tokens) + d(c.output_tokens) / 2.0;
  s.prompts = 1;
  double done = 0, total = 0;
  while (done < d(c.input_tokens)) {
    s.prompt_tokens = std::min(budget, d(c.input_tokens) - done);
    s.prompt_context = done + s.prompt_tokens;
    total += serve::iteration_time(ctx, s).total_s + pipeline_send_s(ctx, others + s.prompt_tokens);
    done += s.prompt_tokens;
  }
  return total;
}

// What op_cost.h says bounds the model's widest linear layer (the MLP up-projection, or one
// touched expert's) at this iteration's token count: "compute" when its time exceeds streaming its
// operands.
std::string gemm_bound(const serve::ReplicaContext& ctx, double tokens) {
  const Model& m = *ctx.model;
  const double ffn = m.moe ? static_cast<double>(m.moe->expert_ffn) : d(m.ffn);
  const double n = (m.mlp == MlpKind::gated ? 2.0 : 1.0) * ffn / ctx.tp;
  const double k = d(m.hidden);
  if (m.moe) {  // rows per touched expert
    tokens = tokens * m.moe->top_k /
             serve::expected_distinct_experts(m.moe->experts, m.moe->top_k, tokens);
  }
  const double bytes = ctx.gemm.operand_bytes * (tokens * k + k * n) + 2.0 * tokens * n;
  return gemm_time_s(ctx.gemm, tokens, n, k) > memory_op_time_s(ctx.gemm, bytes)
             ? "compute"
             : "memory bandwidth";
}

void fill_timing(const serve::ReplicaContext& ctx, const ServeConfig& c, int batch,
                 const ServeOptions& o, ServeEstimate& e) {
  const double in = d(c.input_tokens), out = d(c.output_tokens);
  const double b = static_cast<double>(batch) / c.pp;  // one micro-batch
  serve::IterationShape steady;
  steady.decode_seqs = b * (1.0 - 1.0 / out);
  steady.decode_kv_len = in + out / 2.0;
  steady.prompts = b / out;
  steady.prompt_tokens = in;
  steady.prompt_context = in;
  const double tokens = b * (1.0 + in / out);
  e.iteration = serve::iteration_time(ctx, steady);
  e.iteration.comm_s += pipeline_send_s(ctx, tokens);
  e.iteration.total_s += pipeline_send_s(ctx, tokens);
  e.iteration.gemm_bound = gemm_bound(ctx, tokens);
  e.tpot_s = e.iteration.total_s;
  serve::IterationShape decode;
  decode.decode_seqs = b;
  decode.decode_kv_len = in + out / 2.0;
  e.decode_step_s = serve::iteration_time(ctx, decode).total_s + pipeline_send_s(ctx, b);
  e.ttft_s = ttft_s(ctx, c, batch, o);
  e.e2e_s = e.ttft_s + (out - 1.0) * e.tpot_s;
  e.output_tokens_per_s = e.replicas * batch / e.tpot_s;
  e.output_tokens_per_s_per_chip = e.output_tokens_per_s / c.count;
  e.requests_per_s = e.output_tokens_per_s / out;
  e.cost_per_million_output_tokens_usd =
      c.price_per_chip_hour_usd * c.count / units::kHour / e.output_tokens_per_s * 1e6;
}

}  // namespace

Precision default_kv_precision(Precision weight_precision) {
  if (weight_precision == Precision::fp8 || weight_precision == Precision::fp4) {
    return Precision::fp8;
  }
  return weight_precision == Precision::fp16 ? Precision::fp16 : Precision::bf16;
}

Result<ServeEstimate> estimate_serve(const Model& model, const Chip& chip, const System& system,
                                     const ServeConfig& c, const ServeOptions& o) {
  if (Status s = check_config(model, c); !s.ok()) return s.error();
  if (!chip.memory_bytes || !chip.memory_bw_bytes_per_s) {
    return Error(fmt::format("chip '{}' has no memory capacity or bandwidth figure", chip.id));
  }
  ServeEstimate e;
  Result<Precision> compute = compute_precision_for(chip, c.weight_precision, e.notes);
  if (!compute.ok()) return compute.error();
  e.weight_precision = c.weight_precision;
  e.compute_precision = *compute;
  e.kv_precision = c.kv_precision.value_or(default_kv_precision(c.weight_precision));
  if (!c.kv_precision && e.kv_precision == Precision::bf16 &&
      e.compute_precision == Precision::fp16) {
    e.kv_precision = Precision::fp16;  // a chip without bf16 keeps its 16-bit cache in fp16
  }
  Result<serve::ReplicaContext> ctx =
      make_context(model, chip, system, c, e.compute_precision, e.kv_precision, o);
  if (!ctx.ok()) return ctx.error();
  e.kv = ctx->kv;
  if (e.kv.replication > 1 && !e.kv.latent) {
    e.notes +=
        fmt::format("each KV head replicated on {} chips (tp > kv_heads); ", e.kv.replication);
  }
  const serve::MemoryPlan plan = serve::plan_memory(model, chip, c, c.weight_precision, e.kv, o);
  auto [cap, why] = batch_cap(plan, c, o);
  if (serve::max_batch_for_memory(plan, o) < 1) {
    return Error(serve::explain_no_fit(model, chip, c, plan, o));
  }
  if (c.batch && *c.batch > cap) {
    return Error(fmt::format("batch: {} requests per replica do not fit; the largest is {} ({})",
                             *c.batch, cap, why));
  }
  e.replicas = c.count / (c.tp * c.pp);
  e.max_batch = cap;
  e.batch_limit = why;
  e.batch = c.batch.value_or(cap);
  e.batch_is_max = !c.batch.has_value();
  e.memory = serve::memory_at_batch(plan, e.batch, o);
  fill_timing(*ctx, c, e.batch, o, e);
  return e;
}

Result<double> predict_serve_metric(const Model& model, const Chip& chip, const System& system,
                                    const ServeConfig& config, const std::string& metric,
                                    const ServeOptions& options) {
  if (metric != "ttft_ms" && metric != "tpot_ms" && metric != "output_tokens_per_s") {
    return Error(fmt::format(
        "metric: expected ttft_ms, tpot_ms or output_tokens_per_s for a serving case, got '{}'",
        metric));
  }
  Result<ServeEstimate> e = estimate_serve(model, chip, system, config, options);
  if (!e.ok()) return e.error();
  if (metric == "ttft_ms") return e->ttft_s / units::kMillisecond;
  if (metric == "tpot_ms") return e->tpot_s / units::kMillisecond;
  return e->output_tokens_per_s;
}

}  // namespace suanli
