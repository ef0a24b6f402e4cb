#include "catalog/model_loader.h"

#include <fmt/format.h>

#include "catalog/field_reader.h"
#include "suanli/model_check.h"

namespace suanli {
namespace {

void read_shape(FieldReader& r, Model& m) {
  m.layers = static_cast<int>(r.required_int("layers", 1));
  m.hidden = r.required_int("hidden", 1);
  m.heads = static_cast<int>(r.required_int("heads", 1));
  m.kv_heads = static_cast<int>(r.optional_int("kv_heads", 1).value_or(m.heads));
  m.head_dim = r.optional_int("head_dim", 1).value_or(m.heads > 0 ? m.hidden / m.heads : 0);
  m.ffn = r.required_int("ffn", 1);
  m.vocab = r.required_int("vocab", 1);
  m.max_seq = r.optional_int("max_seq", 1).value_or(0);
  m.train_seq = r.optional_int("train_seq", 1).value_or(0);
  std::string mlp = r.required_string("mlp");
  if (mlp == "gelu") {
    m.mlp = MlpKind::gelu;
  } else if (mlp == "swiglu" || mlp == "gated") {
    m.mlp = MlpKind::gated;
  } else if (r.ok()) {
    r.fail("mlp", fmt::format("expected \"gelu\" or \"swiglu\", got \"{}\"", mlp));
  }
  std::optional<std::string> norm = r.optional_string("norm");
  m.norm = m.mlp == MlpKind::gelu ? NormKind::layernorm : NormKind::rmsnorm;
  if (norm == "layernorm") m.norm = NormKind::layernorm;
  if (norm == "rmsnorm") m.norm = NormKind::rmsnorm;
  if (norm && *norm != "layernorm" && *norm != "rmsnorm") {
    r.fail("norm", "expected \"layernorm\" or \"rmsnorm\"");
  }
  m.dropout = r.optional_bool("dropout").value_or(m.mlp == MlpKind::gelu);
  m.linear_bias = r.optional_bool("linear_bias").value_or(false);
  m.learned_positions = r.optional_bool("learned_positions").value_or(false);
  m.tied_embeddings = r.optional_bool("tied_embeddings").value_or(false);
}

// MoE keys are flat (as in validation case files); any of them makes the model MoE.
void read_moe(FieldReader& r, const toml::table& t, Model& m) {
  const bool any = t.contains("experts") || t.contains("top_k") || t.contains("shared_experts") ||
                   t.contains("expert_ffn") || t.contains("dense_layers");
  if (!any) return;
  MoeConfig moe;
  moe.experts = static_cast<int>(r.required_int("experts", 1));
  moe.top_k = static_cast<int>(r.required_int("top_k", 1));
  moe.shared_experts = static_cast<int>(r.optional_int("shared_experts", 0).value_or(0));
  moe.expert_ffn = r.optional_int("expert_ffn", 1).value_or(m.ffn);
  moe.dense_layers = static_cast<int>(r.optional_int("dense_layers", 0).value_or(0));
  m.moe = moe;
}

void read_mla(FieldReader& r, const toml::table& t, Model& m) {
  const bool any = t.contains("q_lora_rank") || t.contains("kv_lora_rank") ||
                   t.contains("qk_nope_head_dim") || t.contains("qk_rope_head_dim") ||
                   t.contains("v_head_dim");
  if (!any) return;
  MlaConfig mla;
  mla.q_lora_rank = static_cast<int>(r.optional_int("q_lora_rank", 0).value_or(0));
  mla.kv_lora_rank = static_cast<int>(r.required_int("kv_lora_rank", 1));
  mla.qk_nope_head_dim = static_cast<int>(r.required_int("qk_nope_head_dim", 1));
  mla.qk_rope_head_dim = static_cast<int>(r.required_int("qk_rope_head_dim", 1));
  mla.v_head_dim = static_cast<int>(r.required_int("v_head_dim", 1));
  m.mla = mla;
}

}  // namespace

Result<Model> parse_model_table(const toml::table& table, const std::string& source,
                                bool require_identity) {
  FieldReader r(table, source);
  Model m;
  if (require_identity) {
    m.id = r.required_string("id");
    m.name = r.required_string("name");
  } else {
    m.id = r.optional_string("id").value_or("");
    m.name = r.optional_string("name").value_or(m.id);
  }
  m.aliases = r.string_array("aliases");
  read_shape(r, m);
  read_moe(r, table, m);
  read_mla(r, table, m);
  if (auto p = r.optional_positive("published_params_b")) m.published_params = *p * 1e9;
  m.estimate = r.optional_bool("estimate").value_or(false);
  m.notes = r.optional_string("notes").value_or("");
  if (const toml::table* sources = r.optional_table("sources")) {
    FieldReader s(*sources, source, "sources");
    for (const std::string& key : s.keys()) {
      if (auto v = s.optional_string(key)) m.sources[key] = *v;
    }
    r.absorb(s.finish());
  }
  if (Status s = r.finish(); !s.ok()) return s.error();
  if (Status s = validate_model(m); !s.ok()) {
    return Error(fmt::format("{}: {}", position_of(source, table.source()), s.error().message()));
  }
  return m;
}

}  // namespace suanli
