#include "suanli/model_check.h"

#include <fmt/format.h>

#include <string>

namespace suanli {
namespace {

Status positive(const char* field, int64_t value) {
  if (value > 0) return Status::Ok();
  return Error(fmt::format("{}: expected a positive integer, got {}", field, value));
}

Status check_shape(const Model& m) {
  for (auto [field, value] : {std::pair<const char*, int64_t>{"layers", m.layers},
                              {"hidden", m.hidden},
                              {"heads", m.heads},
                              {"kv_heads", m.kv_heads},
                              {"head_dim", m.head_dim},
                              {"ffn", m.ffn},
                              {"vocab", m.vocab}}) {
    if (Status s = positive(field, value); !s.ok()) return s;
  }
  if (m.max_seq < 0) return Error(fmt::format("max_seq: expected >= 0, got {}", m.max_seq));
  if (m.learned_positions && m.max_seq == 0) {
    return Error("max_seq: expected a positive context length when learned_positions = true");
  }
  if (m.heads % m.kv_heads != 0) {
    return Error(
        fmt::format("kv_heads: expected a divisor of heads ({}), got {}", m.heads, m.kv_heads));
  }
  return Status::Ok();
}

Status check_moe(const Model& m) {
  if (!m.moe) return Status::Ok();
  const MoeConfig& e = *m.moe;
  if (Status s = positive("experts", e.experts); !s.ok()) return s;
  if (Status s = positive("top_k", e.top_k); !s.ok()) return s;
  if (Status s = positive("expert_ffn", e.expert_ffn); !s.ok()) return s;
  if (e.top_k > e.experts) {
    return Error(fmt::format("top_k: expected at most experts ({}), got {}", e.experts, e.top_k));
  }
  if (e.shared_experts < 0) {
    return Error(fmt::format("shared_experts: expected >= 0, got {}", e.shared_experts));
  }
  if (e.dense_layers < 0 || e.dense_layers > m.layers) {
    return Error(fmt::format("dense_layers: expected between 0 and layers ({}), got {}", m.layers,
                             e.dense_layers));
  }
  return Status::Ok();
}

Status check_mla(const Model& m) {
  if (!m.mla) return Status::Ok();
  const MlaConfig& a = *m.mla;
  if (a.q_lora_rank < 0) {
    return Error(fmt::format("q_lora_rank: expected >= 0 (0 = no query compression), got {}",
                             a.q_lora_rank));
  }
  if (Status s = positive("kv_lora_rank", a.kv_lora_rank); !s.ok()) return s;
  if (Status s = positive("qk_nope_head_dim", a.qk_nope_head_dim); !s.ok()) return s;
  if (Status s = positive("qk_rope_head_dim", a.qk_rope_head_dim); !s.ok()) return s;
  return positive("v_head_dim", a.v_head_dim);
}

}  // namespace

Status validate_model(const Model& model) {
  if (Status s = check_shape(model); !s.ok()) return s;
  if (Status s = check_moe(model); !s.ok()) return s;
  return check_mla(model);
}

}  // namespace suanli
