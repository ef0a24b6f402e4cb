// A parallel training plan: how the model and batch are split over the chips.
//
//   count = tp * cp * dp * pp            (ranks ordered tp innermost, then cp, dp, pp)
//   ep divides dp * cp                   (experts spread over the data-parallel ranks)
//   global_batch = dp * micro_batch * micro_batches
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "suanli/model.h"
#include "suanli/status.h"

namespace suanli {

/// Activation recomputation (Korthikanti et al. 2022, sec. 4-5).
enum class Recompute {
  none,       ///< store every activation
  selective,  ///< recompute the attention core (softmax, dropout, QK^T, PV) only
  full,       ///< store each layer's input, recompute the whole layer in backward
};

/// Name of a recompute mode: "none", "selective", "full".
std::string_view to_string(Recompute r);
/// Parses "none", "selective" or "full".
std::optional<Recompute> parse_recompute(std::string_view text);

/// One point of the plan space. Plain aggregate; defaults are the trivial plan.
struct ParallelPlan {
  int tp = 1;           ///< tensor-parallel size (Megatron column/row split)
  int pp = 1;           ///< pipeline stages
  int dp = 1;           ///< data-parallel replicas
  int cp = 1;           ///< context-parallel size (sequence split for attention)
  int ep = 1;           ///< expert-parallel size (MoE only; carved out of dp * cp)
  int vpp = 1;          ///< virtual stages per pipeline stage (interleaved 1F1B when > 1)
  int micro_batch = 1;  ///< sequences per micro-batch
  Recompute recompute = Recompute::none;  ///< activation recomputation
  bool sp = false;      ///< sequence parallelism (only with tp > 1)
  int zero = 0;         ///< ZeRO/FSDP stage: 0 none, 1 optimizer, 2 +gradients, 3 +weights
  /// With recompute=full: blocks of the most loaded stage that are recomputed, the others
  /// store everything (Megatron --recompute-method block --recompute-num-layers). 0: all.
  int recompute_layers = 0;
};

/// Blocks on the most loaded pipeline stage: ceil(layers / (pp * vpp)) in each of its vpp
/// chunks (uneven layer counts leave other stages one block short per chunk).
int blocks_per_stage(int layers, int pp, int vpp = 1);

/// Whether `tp` can split the model's key/value heads: it divides them, or is a multiple of
/// them (each rank then holds one replicated KV head). MLA caches a latent, not KV heads.
bool tp_splits_kv_heads(const Model& model, int tp);

/// Chips the plan uses: tp * cp * dp * pp.
int64_t plan_chips(const ParallelPlan& plan);

/// Micro-batches per step per replica: global_batch / (dp * micro_batch).
int64_t micro_batches(const ParallelPlan& plan, int64_t global_batch);

/// "tp=8,pp=4,dp=32,cp=1,ep=1,vpp=1,mb=1,recompute=full,sp=1,zero=1", with
/// ",recompute_layers=K" when only K blocks per stage are recomputed (parse_plan_constraints
/// reads it back).
std::string to_string(const ParallelPlan& plan);

/// A partial plan: the fields a user or a validation case fixes; the rest is searched.
struct PlanConstraints {
  std::optional<int> tp, pp, dp, cp, ep, vpp, micro_batch, zero;  ///< fixed sizes
  std::optional<Recompute> recompute;                              ///< fixed recompute mode
  std::optional<bool> sp;                                          ///< fixed sequence parallelism
  /// Fixed number of recomputed blocks per stage (recompute=full only). A fixed
  /// recompute=full without it means every block.
  std::optional<int> recompute_layers;
};

/// Parses "tp=8,pp=4,dp=16,vpp=2,mb=1,recompute=full,zero=1,sp=1,cp=2,ep=8,recompute_layers=2"
/// (any subset,
/// any order; `micro_batch` is accepted for `mb`, true/false for sp). Unknown keys, bad
/// numbers and repeated keys are errors naming the key.
Result<PlanConstraints> parse_plan_constraints(std::string_view text);

/// True when every field `c` fixes has that value in `plan`.
bool satisfies(const ParallelPlan& plan, const PlanConstraints& c);

/// Checks that `plan` is well-formed for this model and cluster: sizes positive, product equal
/// to `count`, tp divides the attention heads (and the KV heads or is a multiple of them), pp
/// no more than the layers, global_batch divisible by dp * micro_batch, seq by 2 * cp, ep
/// divides dp * cp and the experts, vpp > 1 only with pp > 1, at least one layer per virtual
/// stage and micro-batches divisible by pp, sp only with tp > 1, zero in 0..3. The message names the field and the numbers.
Status check_plan(const ParallelPlan& plan, const Model& model, int64_t count,
                  int64_t global_batch, int64_t seq);

/// Explains why no plan can satisfy `c`: the first fixed field that cannot work with this
/// model and cluster (fixed sizes whose product does not divide `count`, a tp that does not
/// divide the heads, a pp above the layers, an ep without experts, a global batch not
/// divisible by a fixed dp * mb). OK when each fixed field is possible on its own.
Status check_constraints(const PlanConstraints& c, const Model& model, int64_t count,
                         int64_t global_batch);

}  // namespace suanli
