// Model and system tables and JSON (catalog_view.h): `suanli models|model|systems|system`.
#include "cli/catalog_view.h"

#include <fmt/format.h>

#include <cmath>

#include "cli/export_view.h"
#include "suanli/model_params.h"
#include "suanli/units.h"

namespace suanli::cli {
namespace {

using report::Align;
using report::Column;

constexpr double kBillion = 1e9;

std::string cell(const std::string& text, Format format) {
  if (!text.empty()) return text;
  return format == Format::csv ? "" : "-";
}

std::string int_cell(int64_t value) { return std::to_string(value); }

std::string billions(double count) { return report::format_number(count / kBillion, 2); }

std::string sources_text(const std::map<std::string, std::string>& sources) {
  std::vector<std::string> parts;
  for (const auto& [field, source] : sources) parts.push_back(field + ": " + source);
  return fmt::format("{}", fmt::join(parts, "; "));
}

std::string moe_cell(const Model& m, Format format) {
  if (!m.moe) return cell("", format);
  return fmt::format(
      "{} (top-{}{})", m.moe->experts, m.moe->top_k,
      m.moe->shared_experts ? fmt::format(" + {} shared", m.moe->shared_experts) : "");
}

std::optional<double> published(const Model& m) { return m.published_params; }

// Counts are whole numbers; JSON keeps them exact.
nlohmann::ordered_json count_json(double count) {
  return static_cast<int64_t>(std::llround(count));
}

nlohmann::ordered_json params_json(const ParamCount& p) {
  return {{"embedding", count_json(p.embedding)},
          {"attention", count_json(p.attention)},
          {"mlp", count_json(p.mlp)},
          {"norm", count_json(p.norm)},
          {"total", count_json(p.total)},
          {"active", count_json(p.active)}};
}

nlohmann::ordered_json moe_json(const Model& m) {
  if (!m.moe) return nullptr;
  const MoeConfig& e = *m.moe;
  return {{"experts", e.experts},
          {"top_k", e.top_k},
          {"shared_experts", e.shared_experts},
          {"expert_ffn", e.expert_ffn},
          {"dense_layers", e.dense_layers}};
}

nlohmann::ordered_json mla_json(const Model& m) {
  if (!m.mla) return nullptr;
  const MlaConfig& a = *m.mla;
  return {{"q_lora_rank", a.q_lora_rank},
          {"kv_lora_rank", a.kv_lora_rank},
          {"qk_nope_head_dim", a.qk_nope_head_dim},
          {"qk_rope_head_dim", a.qk_rope_head_dim},
          {"v_head_dim", a.v_head_dim}};
}

const char* mlp_name(MlpKind k) { return k == MlpKind::gated ? "swiglu" : "gelu"; }
const char* norm_name(NormKind k) { return k == NormKind::rmsnorm ? "rmsnorm" : "layernorm"; }
const char* yes_no(bool b) { return b ? "yes" : "no"; }

// (published - computed) / published, percent; nullopt without a published count.
std::optional<double> published_gap_percent(const Model& m, const ParamCount& p) {
  if (!m.published_params || *m.published_params <= 0) return std::nullopt;
  return (p.total - *m.published_params) / *m.published_params * 100;
}

}  // namespace

report::Table models_table(const std::vector<Model>& models, Format format) {
  report::Table table{{{"ID", Align::left},
                       {"Layers"},
                       {"Hidden"},
                       {"Heads"},
                       {"KV heads"},
                       {"FFN"},
                       {"Vocab"},
                       {"Experts (per token)", Align::left},
                       {"Params (10⁹)"},
                       {"Active (10⁹)"},
                       {"Published (10⁹)"}},
                      {}};
  for (const Model& m : models) {
    ParamCount p = count_params(m);
    std::optional<double> pub = published(m);
    table.rows.push_back(
        {m.id, std::to_string(m.layers), int_cell(m.hidden), std::to_string(m.heads),
         std::to_string(m.kv_heads), int_cell(m.ffn), int_cell(m.vocab), moe_cell(m, format),
         billions(p.total), billions(p.active),
         number_cell(pub ? std::optional(*pub / kBillion) : std::nullopt, 2, format)});
  }
  return table;
}

nlohmann::ordered_json model_json(const Model& m) {
  ParamCount p = count_params(m);
  return {
      {"id", m.id},
      {"name", m.name},
      {"aliases", m.aliases},
      {"layers", m.layers},
      {"hidden", m.hidden},
      {"heads", m.heads},
      {"kv_heads", m.kv_heads},
      {"head_dim", m.head_dim},
      {"ffn", m.ffn},
      {"mlp", mlp_name(m.mlp)},
      {"norm", norm_name(m.norm)},
      {"linear_bias", m.linear_bias},
      {"learned_positions", m.learned_positions},
      {"vocab", m.vocab},
      {"max_seq", m.max_seq ? nlohmann::ordered_json(m.max_seq) : nlohmann::ordered_json(nullptr)},
      {"train_seq",
       m.train_seq ? nlohmann::ordered_json(m.train_seq) : nlohmann::ordered_json(nullptr)},
      {"tied_embeddings", m.tied_embeddings},
      {"moe", moe_json(m)},
      {"mla", mla_json(m)},
      {"params", params_json(p)},
      {"published_params",
       m.published_params ? count_json(*m.published_params) : nlohmann::ordered_json(nullptr)},
      {"params_vs_published_percent", number_json(published_gap_percent(m, p))},
      {"estimate", m.estimate},
      {"notes", text_json(m.notes)},
      {"sources", m.sources}};
}

namespace {

using Rows = std::vector<std::vector<std::string>>;

void shape_rows(const Model& m, Format f, Rows& rows) {
  std::string shape = m.sources.count("shape") ? m.sources.at("shape") : "";
  rows.push_back({"ID", m.id, ""});
  rows.push_back({"Name", cell(m.name, f), ""});
  rows.push_back({"Aliases", cell(fmt::format("{}", fmt::join(m.aliases, ", ")), f), ""});
  rows.push_back({"Layers", std::to_string(m.layers), shape});
  rows.push_back({"Hidden", int_cell(m.hidden), shape});
  rows.push_back({"Heads", std::to_string(m.heads), shape});
  rows.push_back({"KV heads", std::to_string(m.kv_heads), shape});
  rows.push_back({"Head dim", int_cell(m.head_dim), shape});
  rows.push_back({"FFN", int_cell(m.ffn), shape});
  rows.push_back({"MLP", mlp_name(m.mlp), shape});
  rows.push_back({"Norm", norm_name(m.norm), shape});
  rows.push_back({"Linear bias", yes_no(m.linear_bias), shape});
  rows.push_back({"Learned positions", yes_no(m.learned_positions), shape});
  rows.push_back({"Vocab", int_cell(m.vocab), shape});
  rows.push_back({"Max sequence (tokens)", m.max_seq ? int_cell(m.max_seq) : cell("", f), shape});
  rows.push_back(
      {"Pre-training sequence (tokens)", m.train_seq ? int_cell(m.train_seq) : cell("", f), shape});
  rows.push_back({"Tied embeddings", yes_no(m.tied_embeddings), shape});
  rows.push_back({"Experts (per token)", moe_cell(m, f), shape});
  if (m.moe) rows.push_back({"Expert FFN", int_cell(m.moe->expert_ffn), shape});
  if (m.moe) rows.push_back({"Dense layers", std::to_string(m.moe->dense_layers), shape});
  if (m.mla) rows.push_back({"MLA KV rank", std::to_string(m.mla->kv_lora_rank), shape});
  if (m.mla) rows.push_back({"MLA Q rank", std::to_string(m.mla->q_lora_rank), shape});
}

void param_rows(const Model& m, Format f, Rows& rows) {
  ParamCount p = count_params(m);
  const std::string computed = "computed from the shape";
  rows.push_back({"Embedding params (10⁹)", billions(p.embedding), computed});
  rows.push_back({"Attention params (10⁹)", billions(p.attention), computed});
  rows.push_back({"MLP params (10⁹)", billions(p.mlp), computed});
  rows.push_back({"Norm params (10⁹)", report::format_number(p.norm / kBillion, 6), computed});
  rows.push_back({"Total params (10⁹)", billions(p.total), computed});
  rows.push_back({"Active params per token (10⁹)", billions(p.active), computed});
  std::optional<double> pub = published(m);
  std::string pub_source;
  for (const char* key : {"published_params", "published_params_b"}) {
    if (m.sources.count(key)) pub_source = m.sources.at(key);
  }
  rows.push_back({"Published params (10⁹)",
                  number_cell(pub ? std::optional(*pub / kBillion) : std::nullopt, 2, f),
                  pub ? pub_source : ""});
  rows.push_back({"Computed vs published (%)", number_cell(published_gap_percent(m, p), 2, f), ""});
  rows.push_back({"Estimate", yes_no(m.estimate), ""});
  rows.push_back({"Notes", cell(m.notes, f), ""});
  rows.push_back({"Sources", cell(sources_text(m.sources), f), ""});
}

}  // namespace

report::Table model_fields_table(const Model& model, Format format) {
  report::Table table{
      {{"Field (unit)", Align::left}, {"Value", Align::left}, {"Source", Align::left}}, {}};
  shape_rows(model, format, table.rows);
  param_rows(model, format, table.rows);
  return table;
}

namespace {

std::string gb_per_s(double bytes_per_s) {
  return report::format_number(bytes_per_s / units::kGBps, 1);
}
std::string gbit_per_s(double bytes_per_s) {
  return report::format_number(bytes_per_s / units::kGbps, 0);
}
std::string microseconds(double s) { return report::format_number(s / units::kMicrosecond, 2); }

nlohmann::ordered_json tier_json(const NetworkTier& t) {
  return {{"name", t.name},
          {"span_chips", t.span_chips},
          {"gb_per_s", number_json(t.bw_bytes_per_s / units::kGBps)},
          {"gbit_per_s", number_json(t.bw_bytes_per_s / units::kGbps)},
          {"latency_us", number_json(t.latency_s / units::kMicrosecond)},
          {"bw_efficiency", number_json(t.bw_efficiency)}};
}

std::vector<std::string> tier_row(const std::string& tier, const NetworkTier& t) {
  return {tier,
          t.name,
          t.span_chips ? std::to_string(t.span_chips) : "all",
          gb_per_s(t.bw_bytes_per_s),
          gbit_per_s(t.bw_bytes_per_s),
          microseconds(t.latency_s),
          report::format_number(t.bw_efficiency, 2)};
}

}  // namespace

report::Table systems_table(const std::vector<System>& systems, Format format) {
  report::Table table{{{"ID", Align::left},
                       {"Chip", Align::left},
                       {"Chips per node"},
                       {"Scale-up", Align::left},
                       {"Scale-up span (chips)"},
                       {"Scale-up (GB/s per dir)"},
                       {"Scale-out", Align::left},
                       {"Scale-out (Gb/s per dir)"},
                       {"Max chips"},
                       {"Estimate", Align::left}},
                      {}};
  for (const System& s : systems) {
    table.rows.push_back({s.id, s.chip, std::to_string(s.chips_per_node), s.scaleup.name,
                          std::to_string(s.scaleup.span_chips), gb_per_s(s.scaleup.bw_bytes_per_s),
                          s.scaleout.name, gbit_per_s(s.scaleout.bw_bytes_per_s),
                          s.max_chips ? std::to_string(*s.max_chips) : cell("", format),
                          yes_no(s.estimate)});
  }
  return table;
}

nlohmann::ordered_json system_json(const System& s) {
  return {{"id", s.id},
          {"name", s.name},
          {"aliases", s.aliases},
          {"chip", s.chip},
          {"chips_per_node", s.chips_per_node},
          {"max_chips",
           s.max_chips ? nlohmann::ordered_json(*s.max_chips) : nlohmann::ordered_json(nullptr)},
          {"scaleup", tier_json(s.scaleup)},
          {"scaleout", tier_json(s.scaleout)},
          {"estimate", s.estimate},
          {"generic", s.generic},
          {"notes", text_json(s.notes)},
          {"sources", s.sources}};
}

report::Table system_fields_table(const System& s, Format format) {
  auto source = [&](const char* key) { return s.sources.count(key) ? s.sources.at(key) : ""; };
  report::Table table{
      {{"Field (unit)", Align::left}, {"Value", Align::left}, {"Source", Align::left}},
      {{"ID", s.id, ""},
       {"Name", cell(s.name, format), ""},
       {"Aliases", cell(fmt::format("{}", fmt::join(s.aliases, ", ")), format), ""},
       {"Chip", s.chip, ""},
       {"Chips per node", std::to_string(s.chips_per_node), ""},
       {"Max chips", s.max_chips ? std::to_string(*s.max_chips) : cell("", format), ""},
       {"Estimate", yes_no(s.estimate), ""},
       {"Generic", yes_no(s.generic), ""},
       {"Scale-up", s.scaleup.name, source("scaleup")},
       {"Scale-out", s.scaleout.name, source("scaleout")},
       {"Notes", cell(s.notes, format), ""}}};
  return table;
}

report::Table tiers_table(const System& s) {
  report::Table table{{{"Tier", Align::left},
                       {"Name", Align::left},
                       {"Span (chips)"},
                       {"Bandwidth (GB/s per dir)"},
                       {"Bandwidth (Gb/s per dir)"},
                       {"Latency (µs)"},
                       {"BW efficiency (fraction)"}},
                      {tier_row("scale-up", s.scaleup), tier_row("scale-out", s.scaleout)}};
  return table;
}

}  // namespace suanli::cli
