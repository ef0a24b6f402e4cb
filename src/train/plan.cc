#include "suanli/plan.h"

#include <charconv>
#include <fmt/format.h>

namespace suanli {

std::string_view to_string(Recompute r) {
  switch (r) {
    case Recompute::none: return "none";
    case Recompute::selective: return "selective";
    case Recompute::full: return "full";
  }
  return "none";
}

std::optional<Recompute> parse_recompute(std::string_view text) {
  for (Recompute r : {Recompute::none, Recompute::selective, Recompute::full}) {
    if (to_string(r) == text) return r;
  }
  return std::nullopt;
}

int blocks_per_stage(int layers, int pp, int vpp) {
  const int chunks = pp * vpp;
  return (layers + chunks - 1) / chunks * vpp;
}

bool tp_splits_kv_heads(const Model& model, int tp) {
  const int kv = model.kv_heads > 0 ? model.kv_heads : model.heads;
  return model.mla || kv % tp == 0 || tp % kv == 0;
}

int64_t plan_chips(const ParallelPlan& plan) {
  return static_cast<int64_t>(plan.tp) * plan.cp * plan.dp * plan.pp;
}

int64_t micro_batches(const ParallelPlan& plan, int64_t global_batch) {
  const int64_t per_step = static_cast<int64_t>(plan.dp) * plan.micro_batch;
  return per_step > 0 ? global_batch / per_step : 0;
}

std::string to_string(const ParallelPlan& p) {
  std::string text =
      fmt::format("tp={},pp={},dp={},cp={},ep={},vpp={},mb={},recompute={},sp={},zero={}", p.tp,
                  p.pp, p.dp, p.cp, p.ep, p.vpp, p.micro_batch, to_string(p.recompute),
                  p.sp ? 1 : 0, p.zero);
  if (p.recompute_layers > 0) text += fmt::format(",recompute_layers={}", p.recompute_layers);
  return text;
}

namespace {

Result<int> parse_positive(std::string_view key, std::string_view value) {
  int v = 0;
  auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
  if (ec != std::errc() || ptr != value.data() + value.size() || v <= 0) {
    return Error(fmt::format("plan: {}: expected a positive integer, got '{}'", key, value));
  }
  return v;
}

Result<bool> parse_bool(std::string_view key, std::string_view value) {
  if (value == "1" || value == "true" || value == "on") return true;
  if (value == "0" || value == "false" || value == "off") return false;
  return Error(fmt::format("plan: {}: expected 0/1 or true/false, got '{}'", key, value));
}

Status set_size(std::optional<int>& field, std::string_view key, std::string_view value) {
  if (field) return Error(fmt::format("plan: {}: given twice", key));
  Result<int> v = parse_positive(key, value);
  if (!v.ok()) return v.error();
  field = *v;
  return Status::Ok();
}

Status set_field(PlanConstraints& c, std::string_view key, std::string_view value) {
  if (key == "tp") return set_size(c.tp, key, value);
  if (key == "pp") return set_size(c.pp, key, value);
  if (key == "dp") return set_size(c.dp, key, value);
  if (key == "cp") return set_size(c.cp, key, value);
  if (key == "ep") return set_size(c.ep, key, value);
  if (key == "vpp") return set_size(c.vpp, key, value);
  if (key == "mb" || key == "micro_batch") return set_size(c.micro_batch, key, value);
  if (key == "recompute_layers") return set_size(c.recompute_layers, key, value);
  if (key == "zero") {
    if (c.zero) return Error("plan: zero: given twice");
    if (value.size() != 1 || value[0] < '0' || value[0] > '3') {
      return Error(fmt::format("plan: zero: expected 0, 1, 2 or 3, got '{}'", value));
    }
    c.zero = value[0] - '0';
    return Status::Ok();
  }
  if (key == "recompute") {
    if (c.recompute) return Error("plan: recompute: given twice");
    c.recompute = parse_recompute(value);
    if (!c.recompute) {
      return Error(fmt::format("plan: recompute: expected none, selective or full, got '{}'",
                               value));
    }
    return Status::Ok();
  }
  if (key == "sp") {
    if (c.sp) return Error("plan: sp: given twice");
    Result<bool> b = parse_bool(key, value);
    if (!b.ok()) return b.error();
    c.sp = *b;
    return Status::Ok();
  }
  return Error(fmt::format(
      "plan: unknown key '{}'; expected tp, pp, dp, cp, ep, vpp, mb, recompute, sp, zero, "
      "recompute_layers",
      key));
}

}  // namespace

Result<PlanConstraints> parse_plan_constraints(std::string_view text) {
  PlanConstraints c;
  while (!text.empty()) {
    size_t comma = text.find(',');
    std::string_view item = text.substr(0, comma);
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    if (item.empty()) continue;
    size_t eq = item.find('=');
    if (eq == std::string_view::npos) {
      return Error(fmt::format("plan: '{}': expected key=value", item));
    }
    Status s = set_field(c, item.substr(0, eq), item.substr(eq + 1));
    if (!s.ok()) return s.error();
  }
  return c;
}

bool satisfies(const ParallelPlan& p, const PlanConstraints& c) {
  return (!c.tp || *c.tp == p.tp) && (!c.pp || *c.pp == p.pp) && (!c.dp || *c.dp == p.dp) &&
         (!c.cp || *c.cp == p.cp) && (!c.ep || *c.ep == p.ep) && (!c.vpp || *c.vpp == p.vpp) &&
         (!c.micro_batch || *c.micro_batch == p.micro_batch) && (!c.zero || *c.zero == p.zero) &&
         (!c.recompute || *c.recompute == p.recompute) && (!c.sp || *c.sp == p.sp) &&
         (c.recompute_layers ? *c.recompute_layers == p.recompute_layers
                             : !c.recompute || p.recompute_layers == 0);
}

namespace {

Status check_sizes(const ParallelPlan& p, int64_t count) {
  if (p.tp < 1 || p.pp < 1 || p.dp < 1 || p.cp < 1 || p.ep < 1 || p.vpp < 1 ||
      p.micro_batch < 1) {
    return Error("plan: every size (tp, pp, dp, cp, ep, vpp, mb) must be at least 1");
  }
  if (plan_chips(p) != count) {
    return Error(fmt::format("plan: tp*cp*dp*pp = {}*{}*{}*{} = {} does not equal the chip "
                             "count {}",
                             p.tp, p.cp, p.dp, p.pp, plan_chips(p), count));
  }
  if (p.zero < 0 || p.zero > 3) return Error(fmt::format("plan: zero={}: expected 0..3", p.zero));
  if (p.sp && p.tp == 1) return Error("plan: sp=1 needs tp > 1 (sequence parallelism splits "
                                      "the tensor-parallel region's activations)");
  if (p.recompute_layers < 0 || (p.recompute_layers > 0 && p.recompute != Recompute::full)) {
    return Error(fmt::format("plan: recompute_layers={} needs recompute=full",
                             p.recompute_layers));
  }
  return Status::Ok();
}

Status check_model_fit(const ParallelPlan& p, const Model& m) {
  if (m.heads % p.tp != 0) {
    return Error(fmt::format("plan: tp={} does not divide the model's {} attention heads",
                             p.tp, m.heads));
  }
  if (!tp_splits_kv_heads(m, p.tp)) {
    return Error(fmt::format("plan: tp={} neither divides the model's {} key/value heads nor is "
                             "a multiple of them",
                             p.tp, m.kv_heads));
  }
  if (p.pp > m.layers) {
    return Error(fmt::format("plan: pp={} exceeds the model's {} layers", p.pp, m.layers));
  }
  // Layers need not divide evenly: the stages then hold ceil(layers / (pp*vpp)) per chunk or
  // one fewer (Megatron-Core's uneven first and last stages).
  const int stage_blocks = blocks_per_stage(m.layers, p.pp, p.vpp);
  if (p.recompute_layers > stage_blocks) {
    return Error(fmt::format("plan: recompute_layers={} exceeds the {} blocks of a stage",
                             p.recompute_layers, stage_blocks));
  }
  if (p.vpp > 1 && (p.pp == 1 || m.layers < p.pp * p.vpp)) {
    return Error(fmt::format("plan: vpp={} needs pp > 1 and at least one layer per virtual "
                             "stage (layers {} >= pp*vpp {})",
                             p.vpp, m.layers, p.pp * p.vpp));
  }
  const int experts = m.moe ? m.moe->experts : 1;
  if (p.ep > 1 && (!m.moe || experts % p.ep != 0)) {
    return Error(m.moe ? fmt::format("plan: ep={} does not divide the {} experts", p.ep, experts)
                       : fmt::format("plan: ep={} needs a mixture-of-experts model", p.ep));
  }
  return Status::Ok();
}

Status check_batch(const ParallelPlan& p, int64_t global_batch, int64_t seq) {
  const int64_t per_step = static_cast<int64_t>(p.dp) * p.micro_batch;
  if (global_batch % per_step != 0) {
    return Error(fmt::format("plan: global batch {} is not divisible by dp*mb = {}*{} = {}",
                             global_batch, p.dp, p.micro_batch, per_step));
  }
  const int64_t m = global_batch / per_step;
  if (p.vpp > 1 && m % p.pp != 0) {
    return Error(fmt::format("plan: interleaving (vpp={}) needs the {} micro-batches divisible "
                             "by pp={}",
                             p.vpp, m, p.pp));
  }
  if (p.cp > 1 && seq % (int64_t{2} * p.cp) != 0) {
    return Error(fmt::format("plan: cp={} needs the sequence {} divisible by 2*cp", p.cp, seq));
  }
  if ((static_cast<int64_t>(p.dp) * p.cp) % p.ep != 0) {
    return Error(fmt::format("plan: ep={} does not divide dp*cp = {}", p.ep, p.dp * p.cp));
  }
  return Status::Ok();
}

}  // namespace

Status check_plan(const ParallelPlan& plan, const Model& model, int64_t count,
                  int64_t global_batch, int64_t seq) {
  if (Status s = check_sizes(plan, count); !s.ok()) return s;
  if (Status s = check_model_fit(plan, model); !s.ok()) return s;
  return check_batch(plan, global_batch, seq);
}

Status check_constraints(const PlanConstraints& c, const Model& model, int64_t count,
                         int64_t global_batch) {
  const int64_t fixed = int64_t{c.tp.value_or(1)} * c.cp.value_or(1) * c.pp.value_or(1) *
                        c.dp.value_or(1);
  if (fixed < 1 || count % fixed != 0 || (c.tp && c.cp && c.pp && c.dp && fixed != count)) {
    return Error(fmt::format("plan: the fixed sizes tp*cp*pp*dp = {}*{}*{}*{} = {} {} the chip "
                             "count {}",
                             c.tp.value_or(1), c.cp.value_or(1), c.pp.value_or(1),
                             c.dp.value_or(1), fixed,
                             count % std::max<int64_t>(fixed, 1) ? "do not divide" : "do not equal",
                             count));
  }
  if (c.tp && model.heads % *c.tp != 0) {
    return Error(fmt::format("plan: tp={} does not divide the model's {} attention heads", *c.tp,
                             model.heads));
  }
  if (c.pp && *c.pp > model.layers) {
    return Error(fmt::format("plan: pp={} exceeds the model's {} layers", *c.pp, model.layers));
  }
  if (c.ep && *c.ep > 1 && !model.moe) {
    return Error(fmt::format("plan: ep={} needs a mixture-of-experts model", *c.ep));
  }
  if (c.recompute_layers && c.recompute && *c.recompute != Recompute::full) {
    return Error(fmt::format("plan: recompute_layers={} needs recompute=full, not {}",
                             *c.recompute_layers, to_string(*c.recompute)));
  }
  const int pp_min = c.pp.value_or(1);  // the most blocks a stage can hold
  const int most_blocks = blocks_per_stage(model.layers, pp_min);
  if (c.recompute_layers && *c.recompute_layers > most_blocks) {
    return Error(fmt::format("plan: recompute_layers={} exceeds the {} blocks a stage holds "
                             "({} layers over pp={})",
                             *c.recompute_layers, most_blocks, model.layers, pp_min));
  }
  const int64_t per_step = int64_t{c.dp.value_or(1)} * c.micro_batch.value_or(1);
  if (global_batch % per_step != 0) {
    return Error(fmt::format("plan: global batch {} is not divisible by dp*mb = {}", global_batch,
                             per_step));
  }
  return Status::Ok();
}

}  // namespace suanli
