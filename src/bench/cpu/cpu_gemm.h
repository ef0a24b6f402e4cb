// GEMM on the CPU through OpenBLAS: cblas_sgemm (FP32), cblas_dgemm (FP64), and cblas_sbgemm
// (BF16 inputs, FP32 output) when this OpenBLAS exports it and the CPU has BF16 instructions.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "bench/backend.h"
#include "bench/cpu/cpu_info.h"

namespace suanli::bench {

/// Why BF16 GEMM cannot run here, or empty when it can (sbgemm exported and the CPU has
/// avx512_bf16 or amx_bf16).
std::string cpu_bf16_unsupported_reason(const CpuInfo& cpu);

/// Row-major C[m,n] = A[m,k] * B[k,n] in `p` (fp32, fp64, or bf16 when supported), summed
/// in FP32/FP64. Used by the timing and by the numerical test against a naive product.
/// REQUIRES: a.size() == m*k, b.size() == k*n, c.size() == m*n.
Status cpu_gemm(Precision p, int64_t m, int64_t n, int64_t k, const std::vector<float>& a,
                const std::vector<float>& b, std::vector<float>& c);
Status cpu_gemm(int64_t m, int64_t n, int64_t k, const std::vector<double>& a,
                const std::vector<double>& b, std::vector<double>& c);

/// Seconds per call for each timed sample of an (m, n, k) GEMM in `p`.
Result<std::vector<double>> time_cpu_gemm(int64_t m, int64_t n, int64_t k, Precision p,
                                          const TimingOptions& options);

}  // namespace suanli::bench
