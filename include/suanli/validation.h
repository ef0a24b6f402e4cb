// Validation against published, measured runs: the case-file format of
// shared/data/validation/README.md (one [[case]] per run), and the runner that predicts each
// case and reports predicted against measured.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "suanli/catalog.h"
#include "suanli/chip.h"
#include "suanli/model.h"
#include "suanli/plan.h"
#include "suanli/plan_search.h"
#include "suanli/precision.h"
#include "suanli/status.h"
#include "suanli/system.h"

namespace suanli {

/// One measured run, resolved against the catalog.
struct ValidationCase {
  std::string id;             ///< unique within the file
  std::string kind;           ///< "train" or "serve"
  std::string source;         ///< where the measurement was published
  std::string location;       ///< "file:line:column" of the [[case]] table
  Model model;                ///< catalog model or inline shape
  Chip chip;                  ///< the accelerator
  System system;              ///< the case's system, else the chip's default
  int64_t count = 0;          ///< chips
  Precision precision = Precision::bf16;  ///< compute (train) or weight/KV (serve) precision
  // Training fields.
  int64_t seq = 0;            ///< sequence length, tokens
  int64_t global_batch = 0;   ///< sequences per optimizer step
  std::optional<double> tokens;  ///< tokens to train (metric time_to_train_s)
  PlanConstraints plan;       ///< the plan fields the case fixes
  // Serving fields.
  int64_t input = 0;             ///< prompt tokens per request
  int64_t output = 0;            ///< generated tokens per request
  std::optional<int64_t> batch;  ///< concurrent requests; absent = offline max throughput
  // The measurement.
  std::string metric;         ///< e.g. "tflops_per_chip", "step_time_s"
  std::string flops;          ///< FLOPs formula for tflops_per_chip/mfu: megatron, 6nd, palm
  double measured = 0;        ///< the published value, in the metric's unit
};

/// Parses a case file. Strict: unknown keys, wrong types, missing fields and bad values are
/// errors "file:line:column: field: expected ..."; unknown chips, systems and models are errors
/// naming the file and line with the closest known name.
Result<std::vector<ValidationCase>> parse_cases(std::string_view text, const std::string& source,
                                                const Catalog& catalog);

/// One case's outcome.
struct CaseResult {
  std::string id;                    ///< case id
  std::string kind;                  ///< "train" or "serve"
  std::string metric;                ///< the case's metric
  std::optional<double> predicted;   ///< in the metric's unit; nullopt when not predicted
  double measured = 0;               ///< the published value
  std::optional<double> error;       ///< predicted / measured - 1
  std::string plan;                  ///< the plan predicted with (to_string(ParallelPlan))
  std::string reason;                ///< why there is no prediction (or a note)
};

/// Median and worst absolute error over the predicted cases of one kind.
struct KindSummary {
  std::string kind;          ///< "train" or "serve"
  int cases = 0;             ///< cases of this kind
  int predicted = 0;         ///< cases with a prediction
  double median_abs_error = 0;  ///< median of |error|
  double worst_abs_error = 0;   ///< max of |error|
  std::string worst_id;      ///< the case with the worst error
};

/// All outcomes, in file order, and the summary per kind (train before serve).
struct ValidationReport {
  std::vector<CaseResult> cases;
  std::vector<KindSummary> summary;
};

/// FLOPs per training step by a case's formula (README: megatron, 6nd, palm);
/// `full_recompute` selects Megatron's 96·… form. Errors on an unknown formula.
Result<double> case_flops_per_step(const ValidationCase& c, bool full_recompute);

/// Fixes, in every training case, the plan fields that the case leaves out and `assumed`
/// sets (e.g. sp=0,zero=0 for software that predates sequence parallelism and the
/// distributed optimizer); fields the case fixes are kept.
void assume_plan_fields(std::vector<ValidationCase>& cases, const PlanConstraints& assumed);

/// How one software option of a training case is set where the case format has no field for
/// it: by the era of the case's chip, or fixed for every case.
enum class SoftwareChoice { by_chip_era, on, off };

/// The software options that `run_validation` sets per training case.
struct CaseSoftware {
  SoftwareChoice fused_attention = SoftwareChoice::by_chip_era;  ///< FlashAttention-style kernel
  SoftwareChoice overlap_dp_comm = SoftwareChoice::by_chip_era;  ///< DP traffic behind compute
  SoftwareChoice overlap_ep_comm = SoftwareChoice::by_chip_era;  ///< MoE all-to-all behind compute
};

/// Chips released from this year on are trained with today's software: FlashAttention (Dao
/// et al., May 2022) and its successors, data-parallel traffic overlapped with the backward,
/// MoE all-to-all overlapped with another micro-batch (DeepSeek-V3's DualPipe, Megatron-Core).
inline constexpr int kCurrentSoftwareFromYear = 2022;

/// Whether published training runs on `chip` use today's software (released from
/// kCurrentSoftwareFromYear, or of unknown year: a new entry). Runs on earlier chips (V100,
/// A100, TPU v4, Ascend 910) are predicted with the kernels of their time: unfused
/// scale-mask-softmax and dropout, the gradient all-reduce after the backward.
bool runs_current_software(const Chip& chip);

/// `base` with `software` resolved for training case `c`: by the era of its chip, except that
/// a case stating zero = 3 (FSDP, DeepSpeed stage 3) overlaps its DP traffic on any chip,
/// since every stage-3 implementation prefetches its weights.
TrainOptions case_train_options(const TrainOptions& base, const CaseSoftware& software,
                                const ValidationCase& c);

/// Predicts every case (training with the best plan consistent with the case's fixed fields;
/// serving through the serving model) and summarises. `options` configures the training
/// searches (threads, modelling options; top_k is ignored), `software` sets the attention
/// kernel and the DP and EP overlap of each training case.
ValidationReport run_validation(const std::vector<ValidationCase>& cases,
                                const SearchOptions& options = {},
                                const CaseSoftware& software = {});

}  // namespace suanli
