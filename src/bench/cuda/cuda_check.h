// Turning CUDA, cuBLASLt and NCCL status codes into suanli Errors (one line each).
#pragma once

#include <cublasLt.h>
#include <cuda_runtime.h>
#include <nccl.h>

#include <sstream>
#include <string>

#include "suanli/status.h"

namespace suanli::bench {

/// Concatenates its arguments with operator<< (nvcc 13 cannot compile fmt 9's consteval
/// format strings in C++20 mode, so CUDA sources do not use fmt).
template <class... Args>
std::string cat(const Args&... args) {
  std::ostringstream out;
  (out << ... << args);
  return out.str();
}

inline Status cuda_status(cudaError_t e, const char* what) {
  if (e == cudaSuccess) return Status::Ok();
  return Error(cat(what, ": ", cudaGetErrorString(e), " (", cudaGetErrorName(e), ")"));
}

inline Status cublas_status(cublasStatus_t e, const char* what) {
  if (e == CUBLAS_STATUS_SUCCESS) return Status::Ok();
  return Error(cat(what, ": cuBLASLt status ", static_cast<int>(e)));
}

inline Status nccl_status(ncclResult_t e, const char* what) {
  if (e == ncclSuccess) return Status::Ok();
  return Error(cat(what, ": ", ncclGetErrorString(e)));
}

}  // namespace suanli::bench

// Returns the error from the enclosing function (which returns Status or Result<T>).
#define SUANLI_TRY(expr)                          \
  do {                                            \
    if (::suanli::Status s_ = (expr); !s_.ok()) { \
      return s_.error();                          \
    }                                             \
  } while (0)
#define SUANLI_CUDA(call) SUANLI_TRY(::suanli::bench::cuda_status((call), #call))
#define SUANLI_CUBLAS(call) SUANLI_TRY(::suanli::bench::cublas_status((call), #call))
#define SUANLI_NCCL(call) SUANLI_TRY(::suanli::bench::nccl_status((call), #call))
