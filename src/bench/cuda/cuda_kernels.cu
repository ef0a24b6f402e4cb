#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <cuda_fp8.h>

#include "bench/cuda/cuda_check.h"
#include "bench/cuda/cuda_kernels.cuh"

namespace suanli::bench {
namespace {

constexpr int kThreads = 256;

__device__ float hash_unit(uint32_t i, uint32_t seed) {
  uint32_t x = i * 2654435761u ^ seed * 2246822519u;
  x ^= x >> 15, x *= 2246822519u, x ^= x >> 13;
  return static_cast<float>(x & 0xFFFFFF) / 8388608.0f - 1.0f;  // [-1, 1)
}

template <class T>
__global__ void fill_kernel(T* data, int64_t n, uint32_t seed) {
  for (int64_t i = blockIdx.x * int64_t{blockDim.x} + threadIdx.x; i < n;
       i += int64_t{gridDim.x} * blockDim.x) {
    data[i] = T(hash_unit(static_cast<uint32_t>(i), seed));
  }
}

__global__ void read_kernel(const double* b, double* sink, int64_t n) {
  double s = 0;
  for (int64_t i = blockIdx.x * int64_t{blockDim.x} + threadIdx.x; i < n;
       i += int64_t{gridDim.x} * blockDim.x) {
    s += b[i];
  }
  if (s == -1.0) sink[blockIdx.x] = s;  // never true for the data used; keeps the loads
}

__global__ void write_kernel(double* a, int64_t n) {
  for (int64_t i = blockIdx.x * int64_t{blockDim.x} + threadIdx.x; i < n;
       i += int64_t{gridDim.x} * blockDim.x) {
    a[i] = 3.0;
  }
}

__global__ void copy_kernel(double* a, const double* b, int64_t n) {
  for (int64_t i = blockIdx.x * int64_t{blockDim.x} + threadIdx.x; i < n;
       i += int64_t{gridDim.x} * blockDim.x) {
    a[i] = b[i];
  }
}

__global__ void triad_kernel(double* a, const double* b, const double* c, int64_t n) {
  for (int64_t i = blockIdx.x * int64_t{blockDim.x} + threadIdx.x; i < n;
       i += int64_t{gridDim.x} * blockDim.x) {
    a[i] = b[i] + 3.0 * c[i];
  }
}

int grid_for(int64_t n) {
  int device = 0, sms = 1;
  cudaGetDevice(&device);
  cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, device);
  const int64_t needed = (n + kThreads - 1) / kThreads;
  return static_cast<int>(needed < 32LL * sms ? needed : 32LL * sms);
}

}  // namespace

Status fill_operand(void* data, int64_t n, Precision p, uint32_t seed) {
  const int grid = grid_for(n);
  switch (p) {
    case Precision::bf16:
      fill_kernel<<<grid, kThreads>>>(static_cast<__nv_bfloat16*>(data), n, seed);
      break;
    case Precision::fp16:
      fill_kernel<<<grid, kThreads>>>(static_cast<__half*>(data), n, seed);
      break;
    case Precision::fp8:
      fill_kernel<<<grid, kThreads>>>(static_cast<__nv_fp8_e4m3*>(data), n, seed);
      break;
    case Precision::fp64:
      fill_kernel<<<grid, kThreads>>>(static_cast<double*>(data), n, seed);
      break;
    default:
      fill_kernel<<<grid, kThreads>>>(static_cast<float*>(data), n, seed);
      break;
  }
  return cuda_status(cudaGetLastError(), "fill kernel");
}

Status launch_stream_kernel(StreamKernel kernel, double* a, const double* b, const double* c,
                            double* sink, int64_t n) {
  const int grid = grid_for(n);
  switch (kernel) {
    case StreamKernel::read:
      read_kernel<<<grid, kThreads>>>(b, sink, n);
      break;
    case StreamKernel::write:
      write_kernel<<<grid, kThreads>>>(a, n);
      break;
    case StreamKernel::copy:
      copy_kernel<<<grid, kThreads>>>(a, b, n);
      break;
    case StreamKernel::triad:
      triad_kernel<<<grid, kThreads>>>(a, b, c, n);
      break;
  }
  return cuda_status(cudaGetLastError(), "stream kernel");
}

}  // namespace suanli::bench
