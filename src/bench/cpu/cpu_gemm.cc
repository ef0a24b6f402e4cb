#include "bench/cpu/cpu_gemm.h"

#include <cblas.h>
#include <dlfcn.h>
#include <fmt/format.h>

#include <cstring>
#include <random>

#include "bench/cpu/time_calls.h"

namespace suanli::bench {
namespace {

// cblas_sbgemm is declared by OpenBLAS's header but exported only by builds with
// BUILD_BFLOAT16=1 (Debian's 0.3.21 is not one), so it is looked up at run time.
using SbgemmFn = void (*)(CBLAS_ORDER, CBLAS_TRANSPOSE, CBLAS_TRANSPOSE, blasint, blasint, blasint,
                          float, const uint16_t*, blasint, const uint16_t*, blasint, float, float*,
                          blasint);

SbgemmFn find_sbgemm() { return reinterpret_cast<SbgemmFn>(::dlsym(RTLD_DEFAULT, "cblas_sbgemm")); }

// Round-to-nearest-even FP32 -> BF16 (finite inputs).
uint16_t to_bf16(float x) {
  uint32_t bits = 0;
  std::memcpy(&bits, &x, sizeof bits);
  bits += 0x7FFFu + ((bits >> 16) & 1u);
  return static_cast<uint16_t>(bits >> 16);
}

std::vector<uint16_t> to_bf16(const std::vector<float>& x) {
  std::vector<uint16_t> out(x.size());
  for (size_t i = 0; i < x.size(); ++i) out[i] = to_bf16(x[i]);
  return out;
}

template <class T>
std::vector<T> random_matrix(int64_t elements, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> dist(-1.0, 1.0);
  std::vector<T> out(static_cast<size_t>(elements));
  for (T& x : out) x = static_cast<T>(dist(rng));
  return out;
}

}  // namespace

std::string cpu_bf16_unsupported_reason(const CpuInfo& cpu) {
  if (!find_sbgemm()) {
    return "bf16: this OpenBLAS does not export cblas_sbgemm (built without BUILD_BFLOAT16)";
  }
  if (!cpu.flags.count("avx512_bf16") && !cpu.flags.count("amx_bf16")) {
    return "bf16: the CPU has neither avx512_bf16 nor amx_bf16";
  }
  return "";
}

Status cpu_gemm(Precision p, int64_t m, int64_t n, int64_t k, const std::vector<float>& a,
                const std::vector<float>& b, std::vector<float>& c) {
  if (p == Precision::fp32) {
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n, k, 1.0f, a.data(), k, b.data(), n,
                0.0f, c.data(), n);
    return Status::Ok();
  }
  SbgemmFn sbgemm = find_sbgemm();
  if (p != Precision::bf16 || !sbgemm) {
    return Error(fmt::format("{} GEMM is not available on this CPU backend", to_string(p)));
  }
  const std::vector<uint16_t> a16 = to_bf16(a), b16 = to_bf16(b);
  sbgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n, k, 1.0f, a16.data(), k, b16.data(), n,
         0.0f, c.data(), n);
  return Status::Ok();
}

Status cpu_gemm(int64_t m, int64_t n, int64_t k, const std::vector<double>& a,
                const std::vector<double>& b, std::vector<double>& c) {
  cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n, k, 1.0, a.data(), k, b.data(), n,
              0.0, c.data(), n);
  return Status::Ok();
}

Result<std::vector<double>> time_cpu_gemm(int64_t m, int64_t n, int64_t k, Precision p,
                                          const TimingOptions& options) {
  if (p == Precision::fp64) {
    const std::vector<double> a = random_matrix<double>(m * k, 1),
                              b = random_matrix<double>(k * n, 2);
    std::vector<double> c(static_cast<size_t>(m * n));
    return time_calls([&] { (void)cpu_gemm(m, n, k, a, b, c); }, options);
  }
  const std::vector<float> a = random_matrix<float>(m * k, 1), b = random_matrix<float>(k * n, 2);
  std::vector<float> c(static_cast<size_t>(m * n));
  if (p == Precision::bf16) {
    SbgemmFn sbgemm = find_sbgemm();
    if (!sbgemm) return Error("bf16 GEMM is not available (no cblas_sbgemm)");
    const std::vector<uint16_t> a16 = to_bf16(a), b16 = to_bf16(b);
    return time_calls(
        [&] {
          sbgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n, k, 1.0f, a16.data(), k,
                 b16.data(), n, 0.0f, c.data(), n);
        },
        options);
  }
  if (p != Precision::fp32) {
    return Error(fmt::format("{} GEMM is not available on this CPU backend", to_string(p)));
  }
  return time_calls([&] { (void)cpu_gemm(p, m, n, k, a, b, c); }, options);
}

}  // namespace suanli::bench
