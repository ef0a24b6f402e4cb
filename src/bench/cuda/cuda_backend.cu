#include <chrono>
#include <cmath>
#include <vector>

#include "bench/cuda/cuda_backend.h"
#include "bench/cuda/cuda_check.h"
#include "bench/cuda/cuda_kernels.cuh"

namespace suanli::bench {
namespace {

// Device memory that frees itself.
struct DeviceBuffer {
  void* ptr = nullptr;
  DeviceBuffer() = default;
  DeviceBuffer(const DeviceBuffer&) = delete;
  DeviceBuffer& operator=(const DeviceBuffer&) = delete;
  ~DeviceBuffer() {
    if (ptr) cudaFree(ptr);
  }
  Status allocate(size_t bytes) { return cuda_status(cudaMalloc(&ptr, bytes), "cudaMalloc"); }
};

// Times `launch` (which enqueues one call on the default stream) with CUDA events.
template <class Launch>
Result<std::vector<double>> time_launches(Launch&& launch, const TimingOptions& options) {
  cudaEvent_t start = nullptr, stop = nullptr;
  SUANLI_CUDA(cudaEventCreate(&start));
  SUANLI_CUDA(cudaEventCreate(&stop));
  auto run = [&](int calls, double& seconds) -> Status {
    SUANLI_CUDA(cudaEventRecord(start));
    for (int c = 0; c < calls; ++c) SUANLI_TRY(launch());
    SUANLI_CUDA(cudaEventRecord(stop));
    SUANLI_CUDA(cudaEventSynchronize(stop));
    float ms = 0;
    SUANLI_CUDA(cudaEventElapsedTime(&ms, start, stop));
    seconds = ms * 1e-3 / calls;
    return Status::Ok();
  };
  auto sample_all = [&](std::vector<double>& samples) -> Status {
    double once = 0;
    SUANLI_TRY(run(std::max(1, options.warmup), once));
    SUANLI_TRY(run(1, once));
    const int calls = static_cast<int>(
        std::min(1e5, std::max(1.0, std::ceil(options.min_sample_s / std::max(once, 1e-7)))));
    for (int r = 0; r < options.repeats; ++r) {
      if (options.stop && options.stop->load()) return Error("interrupted");
      double t = 0;
      SUANLI_TRY(run(calls, t));
      samples.push_back(t);
    }
    return Status::Ok();
  };
  std::vector<double> samples;
  const Status status = sample_all(samples);
  cudaEventDestroy(start);
  cudaEventDestroy(stop);
  if (!status.ok()) return status.error();
  return samples;
}

// Dense FLOP per cycle per SM by compute capability (NVIDIA architecture whitepapers:
// A100 Table 3, H100 Table 2), indexed like kAllPrecisions; 0 = unknown.
std::array<double, kPrecisionCount> flop_per_cycle_per_sm(int major, int minor) {
  //                       fp64  fp32  tf32  bf16  fp16  fp8   int8  fp4  int4
  if (major == 8 && minor == 0) return {128, 128, 1024, 2048, 2048, 0, 4096, 0, 0};
  if (major == 9 && minor == 0) return {256, 256, 2048, 4096, 4096, 8192, 8192, 0, 0};
  return {};
}

Result<DeviceFacts> cuda_facts(int index, const std::string& id) {
  cudaDeviceProp prop{};
  SUANLI_CUDA(cudaGetDeviceProperties(&prop, index));
  int clock_khz = 0;
  SUANLI_CUDA(cudaDeviceGetAttribute(&clock_khz, cudaDevAttrClockRate, index));
  DeviceFacts facts;
  facts.id = id;
  facts.name = prop.name;
  facts.vendor = "NVIDIA";
  facts.memory_bytes = static_cast<double>(prop.totalGlobalMem);
  const auto per_cycle = flop_per_cycle_per_sm(prop.major, prop.minor);
  for (Precision p : kAllPrecisions) {
    if (per_cycle[index_of(p)] > 0 && clock_khz > 0) {
      facts.theoretical_flop_per_s[index_of(p)] =
          per_cycle[index_of(p)] * prop.multiProcessorCount * clock_khz * 1e3;
    }
  }
  facts.theoretical_note =
      per_cycle[index_of(Precision::bf16)] > 0
          ? cat(prop.multiProcessorCount, " SMs x ", clock_khz / 1e6,
                " GHz (cudaDevAttrClockRate, maximum boost) x dense FLOP/cycle/SM of compute "
                "capability ",
                prop.major, ".", prop.minor, " (NVIDIA whitepapers).")
          : cat("unknown for compute capability ", prop.major, ".", prop.minor,
                "; efficiency is fitted relative to the best measured throughput.");
  if (prop.major < 8) facts.unsupported.push_back("bf16, tf32: need compute capability >= 8.0");
  if (prop.major * 10 + prop.minor < 89)
    facts.unsupported.push_back("fp8: needs compute capability >= 8.9");
  return facts;
}

struct LtTypes {
  cudaDataType_t ab, cd;
  cublasComputeType_t compute;
};

LtTypes lt_types(Precision p) {
  switch (p) {
    case Precision::bf16:
      return {CUDA_R_16BF, CUDA_R_16BF, CUBLAS_COMPUTE_32F};
    case Precision::fp16:
      return {CUDA_R_16F, CUDA_R_16F, CUBLAS_COMPUTE_32F};
    case Precision::tf32:
      return {CUDA_R_32F, CUDA_R_32F, CUBLAS_COMPUTE_32F_FAST_TF32};
    case Precision::fp8:
      return {CUDA_R_8F_E4M3, CUDA_R_16BF, CUBLAS_COMPUTE_32F};
    case Precision::fp64:
      return {CUDA_R_64F, CUDA_R_64F, CUBLAS_COMPUTE_64F};
    default:
      return {CUDA_R_32F, CUDA_R_32F, CUBLAS_COMPUTE_32F};
  }
}

size_t type_bytes(cudaDataType_t t) {
  switch (t) {
    case CUDA_R_8F_E4M3:
      return 1;
    case CUDA_R_16BF:
    case CUDA_R_16F:
      return 2;
    case CUDA_R_64F:
      return 8;
    default:
      return 4;
  }
}

// Owns the cuBLASLt descriptors of one GEMM problem.
struct LtProblem {
  cublasLtMatmulDesc_t op = nullptr;
  cublasLtMatrixLayout_t a = nullptr, b = nullptr, c = nullptr;
  cublasLtMatmulPreference_t pref = nullptr;
  ~LtProblem() {
    if (pref) cublasLtMatmulPreferenceDestroy(pref);
    if (c) cublasLtMatrixLayoutDestroy(c);
    if (b) cublasLtMatrixLayoutDestroy(b);
    if (a) cublasLtMatrixLayoutDestroy(a);
    if (op) cublasLtMatmulDescDestroy(op);
  }
};

constexpr size_t kWorkspaceBytes = size_t{64} << 20;

// Column-major "TN" D[m,n] = A^T B with A stored k x m and B stored k x n: the layout FP8
// requires, used for every precision so that all are timed alike.
Status describe(LtProblem& lt, int64_t m, int64_t n, int64_t k, Precision p) {
  const LtTypes t = lt_types(p);
  const cudaDataType_t scale = p == Precision::fp64 ? CUDA_R_64F : CUDA_R_32F;
  SUANLI_CUBLAS(cublasLtMatmulDescCreate(&lt.op, t.compute, scale));
  const cublasOperation_t trans = CUBLAS_OP_T, none = CUBLAS_OP_N;
  SUANLI_CUBLAS(
      cublasLtMatmulDescSetAttribute(lt.op, CUBLASLT_MATMUL_DESC_TRANSA, &trans, sizeof trans));
  SUANLI_CUBLAS(
      cublasLtMatmulDescSetAttribute(lt.op, CUBLASLT_MATMUL_DESC_TRANSB, &none, sizeof none));
  SUANLI_CUBLAS(cublasLtMatrixLayoutCreate(&lt.a, t.ab, k, m, k));
  SUANLI_CUBLAS(cublasLtMatrixLayoutCreate(&lt.b, t.ab, k, n, k));
  SUANLI_CUBLAS(cublasLtMatrixLayoutCreate(&lt.c, t.cd, m, n, m));
  SUANLI_CUBLAS(cublasLtMatmulPreferenceCreate(&lt.pref));
  SUANLI_CUBLAS(cublasLtMatmulPreferenceSetAttribute(
      lt.pref, CUBLASLT_MATMUL_PREF_MAX_WORKSPACE_BYTES, &kWorkspaceBytes, sizeof kWorkspaceBytes));
  return Status::Ok();
}

class CudaBackend final : public Backend {
 public:
  CudaBackend(int index, int devices, DeviceFacts facts, cublasLtHandle_t lt, int cc)
      : index_(index), devices_(devices), facts_(std::move(facts)), lt_(lt), cc_(cc) {}
  ~CudaBackend() override {
    if (lt_) cublasLtDestroy(lt_);
  }

  const DeviceFacts& facts() const override { return facts_; }
  std::string device() const override { return cat("cuda:", index_); }
  std::vector<Precision> gemm_precisions() const override {
    std::vector<Precision> out;
    if (cc_ >= 80) out = {Precision::bf16, Precision::fp16, Precision::tf32};
    out.push_back(Precision::fp32);
    if (cc_ >= 89) out.push_back(Precision::fp8);
    return out;
  }
  Result<std::vector<double>> time_gemm(int64_t m, int64_t n, int64_t k, Precision p,
                                        const TimingOptions& options) override;
  Result<std::vector<double>> time_stream(StreamKernel kernel, int64_t elements,
                                          const TimingOptions& options) override;
  int stream_threads() const override { return 0; }
  int collective_ranks() const override { return devices_; }
  Result<std::vector<double>> time_all_reduce(double bytes, const TimingOptions& options) override;

 private:
  int index_;
  int devices_;
  DeviceFacts facts_;
  cublasLtHandle_t lt_;
  int cc_;
};

Result<std::vector<double>> CudaBackend::time_gemm(int64_t m, int64_t n, int64_t k, Precision p,
                                                   const TimingOptions& options) {
  SUANLI_CUDA(cudaSetDevice(index_));
  LtProblem lt;
  SUANLI_TRY(describe(lt, m, n, k, p));
  cublasLtMatmulHeuristicResult_t heuristic{};
  int found = 0;
  SUANLI_CUBLAS(cublasLtMatmulAlgoGetHeuristic(lt_, lt.op, lt.a, lt.b, lt.c, lt.c, lt.pref, 1,
                                               &heuristic, &found));
  if (found == 0) return Error(cat("cuBLASLt has no ", to_string(p), " algorithm for this shape"));
  const LtTypes t = lt_types(p);
  DeviceBuffer a, b, c, workspace;
  SUANLI_TRY(a.allocate(static_cast<size_t>(m * k) * type_bytes(t.ab)));
  SUANLI_TRY(b.allocate(static_cast<size_t>(k * n) * type_bytes(t.ab)));
  SUANLI_TRY(c.allocate(static_cast<size_t>(m * n) * type_bytes(t.cd)));
  SUANLI_TRY(workspace.allocate(kWorkspaceBytes));
  SUANLI_TRY(fill_operand(a.ptr, m * k, p, 1));
  SUANLI_TRY(fill_operand(b.ptr, k * n, p, 2));
  const double alpha64 = 1.0, beta64 = 0.0;
  const float alpha32 = 1.0f, beta32 = 0.0f;
  const void* alpha = p == Precision::fp64 ? static_cast<const void*>(&alpha64) : &alpha32;
  const void* beta = p == Precision::fp64 ? static_cast<const void*>(&beta64) : &beta32;
  return time_launches(
      [&]() -> Status {
        return cublas_status(
            cublasLtMatmul(lt_, lt.op, alpha, a.ptr, lt.a, b.ptr, lt.b, beta, c.ptr, lt.c, c.ptr,
                           lt.c, &heuristic.algo, workspace.ptr, kWorkspaceBytes, nullptr),
            "cublasLtMatmul");
      },
      options);
}

Result<std::vector<double>> CudaBackend::time_stream(StreamKernel kernel, int64_t elements,
                                                     const TimingOptions& options) {
  SUANLI_CUDA(cudaSetDevice(index_));
  DeviceBuffer a, b, c, sink;
  const size_t bytes = static_cast<size_t>(elements) * sizeof(double);
  SUANLI_TRY(a.allocate(bytes));
  SUANLI_TRY(b.allocate(bytes));
  SUANLI_TRY(c.allocate(bytes));
  SUANLI_TRY(sink.allocate(size_t{1} << 20));
  SUANLI_TRY(fill_operand(b.ptr, elements, Precision::fp64, 3));
  SUANLI_TRY(fill_operand(c.ptr, elements, Precision::fp64, 4));
  return time_launches(
      [&] {
        return launch_stream_kernel(
            kernel, static_cast<double*>(a.ptr), static_cast<const double*>(b.ptr),
            static_cast<const double*>(c.ptr), static_cast<double*>(sink.ptr), elements);
      },
      options);
}

// One process drives every device (ncclCommInitAll); each sample is timed on the host
// around a grouped all-reduce and a synchronisation of every device.
Result<std::vector<double>> CudaBackend::time_all_reduce(double bytes,
                                                         const TimingOptions& options) {
  const int n = devices_;
  std::vector<ncclComm_t> comms(n);
  SUANLI_NCCL(ncclCommInitAll(comms.data(), n, nullptr));
  std::vector<DeviceBuffer> buffers(n);
  const size_t count = static_cast<size_t>(bytes / sizeof(float));
  auto once = [&]() -> Status {
    SUANLI_NCCL(ncclGroupStart());
    for (int d = 0; d < n; ++d) {
      SUANLI_NCCL(ncclAllReduce(buffers[d].ptr, buffers[d].ptr, count, ncclFloat, ncclSum, comms[d],
                                cudaStreamLegacy));
    }
    SUANLI_NCCL(ncclGroupEnd());
    for (int d = 0; d < n; ++d) {
      SUANLI_CUDA(cudaSetDevice(d));
      SUANLI_CUDA(cudaDeviceSynchronize());
    }
    return Status::Ok();
  };
  auto sample_all = [&](std::vector<double>& samples) -> Status {
    for (int d = 0; d < n; ++d) {
      SUANLI_CUDA(cudaSetDevice(d));
      SUANLI_TRY(buffers[d].allocate(count * sizeof(float)));
      SUANLI_TRY(fill_operand(buffers[d].ptr, static_cast<int64_t>(count), Precision::fp32, 5));
    }
    for (int w = 0; w < std::max(1, options.warmup); ++w) SUANLI_TRY(once());
    for (int r = 0; r < options.repeats; ++r) {
      if (options.stop && options.stop->load()) return Error("interrupted");
      const auto t0 = std::chrono::steady_clock::now();
      SUANLI_TRY(once());
      samples.push_back(
          std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    return Status::Ok();
  };
  std::vector<double> samples;
  const Status status = sample_all(samples);
  for (ncclComm_t comm : comms) ncclCommDestroy(comm);
  if (!status.ok()) return status.error();
  return samples;
}

}  // namespace

int cuda_device_count(std::string& why) {
  int count = 0;
  const cudaError_t e = cudaGetDeviceCount(&count);
  if (e != cudaSuccess) {
    why = cat(cudaGetErrorString(e), " (", cudaGetErrorName(e), ")");
    return 0;
  }
  if (count == 0) why = "no CUDA device present";
  return count;
}

Result<std::unique_ptr<Backend>> make_cuda_backend(int index, const std::string& id) {
  std::string why;
  const int count = cuda_device_count(why);
  if (count == 0) return Error(cat("cuda:", index, ": no usable CUDA device: ", why));
  if (index >= count) {
    return Error(cat("cuda:", index, ": no such device (", count, " CUDA device(s) present)"));
  }
  Result<DeviceFacts> facts = cuda_facts(index, id);
  if (!facts.ok()) return Error(cat("cuda:", index, ": ", facts.error().message()));
  int major = 0, minor = 0;
  SUANLI_CUDA(cudaDeviceGetAttribute(&major, cudaDevAttrComputeCapabilityMajor, index));
  SUANLI_CUDA(cudaDeviceGetAttribute(&minor, cudaDevAttrComputeCapabilityMinor, index));
  SUANLI_CUDA(cudaSetDevice(index));
  cublasLtHandle_t lt = nullptr;
  SUANLI_CUBLAS(cublasLtCreate(&lt));
  return std::unique_ptr<Backend>(
      std::make_unique<CudaBackend>(index, count, std::move(*facts), lt, major * 10 + minor));
}

}  // namespace suanli::bench
