// Parser of validation case files (shared/data/validation/README.md).
#include <fmt/format.h>

#include <set>

#include "catalog/field_reader.h"
#include "catalog/model_loader.h"
#include "catalog/toml_document.h"
#include "suanli/validation.h"

namespace suanli {
namespace {

const std::set<std::string> kTrainMetrics = {"step_time_s", "tokens_per_s", "tflops_per_chip",
                                             "mfu", "time_to_train_s"};
const std::set<std::string> kServeMetrics = {"ttft_ms", "tpot_ms", "output_tokens_per_s"};
const std::set<std::string> kFlopsFormulas = {"megatron", "6nd", "palm"};

std::string at(const std::string& source, const toml::node* node) {
  return position_of(source, node ? node->source() : toml::source_region{});
}

// A catalog lookup whose error gains the case's position.
template <class T>
Result<T> located(Result<T> r, const std::string& source, const toml::node* node,
                  const std::string& field) {
  if (r.ok()) return r;
  return Error(fmt::format("{}: {}: {}", at(source, node), field, r.error().message()));
}

Result<int> plan_int(const toml::node& n, const std::string& key, int min_value,
                     const std::string& source) {
  auto v = n.value<int64_t>();
  if (!n.is_integer() || !v || *v < min_value || *v > 1'000'000) {
    return Error(fmt::format("{}: plan.{}: expected an integer >= {}", at(source, &n), key,
                             min_value));
  }
  return static_cast<int>(*v);
}

Status read_plan_key(const toml::node& n, const std::string& key, const std::string& source,
                     PlanConstraints& c) {
  std::optional<int>* size = key == "tp"            ? &c.tp
                             : key == "pp"          ? &c.pp
                             : key == "dp"          ? &c.dp
                             : key == "cp"          ? &c.cp
                             : key == "ep"          ? &c.ep
                             : key == "vpp"         ? &c.vpp
                             : key == "micro_batch" ? &c.micro_batch
                                                    : nullptr;
  if (size) {
    Result<int> v = plan_int(n, key, 1, source);
    if (!v.ok()) return v.error();
    *size = *v;
  } else if (key == "zero") {
    Result<int> v = plan_int(n, key, 0, source);
    if (!v.ok() || *v > 3) {
      return Error(fmt::format("{}: plan.zero: expected 0, 1, 2 or 3", at(source, &n)));
    }
    c.zero = *v;
  } else if (key == "recompute") {
    auto text = n.value<std::string>();
    if (text) c.recompute = parse_recompute(*text);
    if (!n.is_string() || !c.recompute) {
      return Error(fmt::format("{}: plan.recompute: expected \"none\", \"selective\" or \"full\"",
                               at(source, &n)));
    }
  } else if (key == "sp") {
    if (!n.is_boolean()) {
      return Error(fmt::format("{}: plan.sp: expected true or false", at(source, &n)));
    }
    c.sp = *n.value<bool>();
  } else {
    return Error(fmt::format("{}: plan.{}: unknown key; expected tp, pp, dp, cp, ep, vpp, "
                             "micro_batch, recompute, sp, zero",
                             at(source, &n), key));
  }
  return Status::Ok();
}

Result<PlanConstraints> read_plan(const toml::node* node, const std::string& source) {
  PlanConstraints c;
  if (!node) return c;
  const toml::table* t = node->as_table();
  if (!t) return Error(fmt::format("{}: plan: expected an inline table", at(source, node)));
  for (const auto& [key, value] : *t) {
    if (Status s = read_plan_key(value, std::string(key.str()), source, c); !s.ok()) {
      return s.error();
    }
  }
  return c;
}

Status read_measured(FieldReader& r, const std::string& source, ValidationCase& c) {
  const toml::table* m = r.optional_table("measured");
  if (!r.ok()) return r.finish();
  if (!m) {
    r.fail("measured", "an inline table { metric = ..., value = ... }");
    return r.finish();
  }
  FieldReader mr(*m, source, "measured");
  c.metric = mr.required_string("metric");
  c.flops = mr.optional_string("flops").value_or("");
  c.measured = mr.required_positive("value");
  const std::set<std::string>& metrics = c.kind == "serve" ? kServeMetrics : kTrainMetrics;
  if (mr.ok() && !metrics.count(c.metric)) {
    std::string known;
    for (const std::string& k : metrics) known += (known.empty() ? "" : ", ") + k;
    mr.fail("metric", fmt::format("one of {} for a {} case", known, c.kind));
  }
  const bool needs_flops = c.metric == "tflops_per_chip" || c.metric == "mfu";
  if (mr.ok() && needs_flops && !kFlopsFormulas.count(c.flops)) {
    mr.fail("flops", "\"megatron\", \"6nd\" or \"palm\" (required for " + c.metric + ")");
  }
  return mr.finish();
}

Status read_model(FieldReader& r, const Catalog& catalog, const std::string& source,
                  ValidationCase& c) {
  const toml::node* n = r.node("model");
  if (!n) {
    r.fail_here("model: required (a catalog name or an inline table)");
    return r.finish();
  }
  if (const toml::table* t = n->as_table()) {
    Result<Model> m = parse_model_table(*t, source);
    if (!m.ok()) return m.error();
    c.model = *m;
    if (c.model.id.empty()) c.model.id = "inline";
    return Status::Ok();
  }
  if (!n->is_string()) {
    return Error(fmt::format("{}: model: expected a catalog name or an inline table",
                             at(source, n)));
  }
  Result<Model> m = located(catalog.model(*n->value<std::string>()), source, n, "model");
  if (!m.ok()) return m.error();
  c.model = *m;
  return Status::Ok();
}

Status read_hardware(FieldReader& r, const Catalog& catalog, const std::string& source,
                     ValidationCase& c) {
  const std::string chip = r.required_string("chip");
  const std::optional<std::string> system = r.optional_string("system");
  if (!r.ok()) return r.finish();
  Result<Chip> ch = located(catalog.chip(chip), source, r.node("chip"), "chip");
  if (!ch.ok()) return ch.error();
  c.chip = *ch;
  Result<System> sys = system ? located(catalog.system(*system), source, r.node("system"), "system")
                              : located(catalog.default_system(c.chip), source, r.node("chip"),
                                        "chip");
  if (!sys.ok()) return sys.error();
  c.system = *sys;
  return Status::Ok();
}

void read_kind_fields(FieldReader& r, ValidationCase& c) {
  if (c.kind == "train") {
    c.seq = r.required_int("seq", 1);
    c.global_batch = r.required_int("global_batch", 1);
    c.tokens = r.optional_positive("tokens");
    if (r.ok() && c.metric == "time_to_train_s" && !c.tokens) {
      r.fail("tokens", "a positive number (required by metric time_to_train_s)");
    }
  } else {
    c.input = r.required_int("input", 1);
    c.output = r.required_int("output", 1);
    c.batch = r.optional_int("batch", 1);
  }
}

Result<ValidationCase> read_case(const toml::table& t, const std::string& source,
                                 const Catalog& catalog) {
  FieldReader r(t, source, "case");
  ValidationCase c;
  c.location = position_of(source, t.source());
  c.id = r.required_string("id");
  c.kind = r.required_string("kind");
  if (r.ok() && c.kind != "train" && c.kind != "serve") r.fail("kind", "\"train\" or \"serve\"");
  c.source = r.optional_string("source").value_or("");
  c.count = r.required_int("count", 1);
  const std::string precision = r.required_string("precision");
  if (r.ok()) {
    auto p = parse_precision(precision);
    if (!p) r.fail("precision", "bf16, fp16, fp8, int8, int4 or fp4");
    if (p) c.precision = *p;
  }
  if (Status s = read_measured(r, source, c); !s.ok()) return s.error();
  read_kind_fields(r, c);
  Result<PlanConstraints> plan = read_plan(r.node("plan"), source);
  if (!plan.ok()) return plan.error();
  c.plan = *plan;
  if (!r.ok()) return r.finish().error();
  if (Status s = read_model(r, catalog, source, c); !s.ok()) return s.error();
  if (Status s = read_hardware(r, catalog, source, c); !s.ok()) return s.error();
  if (Status s = r.finish(); !s.ok()) return s.error();
  return c;
}

}  // namespace

Result<std::vector<ValidationCase>> parse_cases(std::string_view text, const std::string& source,
                                                const Catalog& catalog) {
  Result<toml::table> doc = parse_toml(text, source);
  if (!doc.ok()) return doc.error();
  FieldReader top(*doc, source);
  std::vector<const toml::table*> tables = top.table_array("case");
  if (Status s = top.finish(); !s.ok()) return s.error();
  if (tables.empty()) return Error(source + ": no [[case]] tables");
  std::vector<ValidationCase> cases;
  std::set<std::string> ids;
  for (const toml::table* t : tables) {
    Result<ValidationCase> c = read_case(*t, source, catalog);
    if (!c.ok()) return c.error();
    if (!ids.insert(c->id).second) {
      return Error(fmt::format("{}: case.id: duplicate id '{}'", c->location, c->id));
    }
    cases.push_back(std::move(c).value());
  }
  return cases;
}

}  // namespace suanli
