# suanli_backends: the measurement backends used by `suanli bench`, kept out of the core
# library so that find_package(suanli) needs neither BLAS nor CUDA.
#   CPU:  src/bench/cpu/*.cc, OpenBLAS (cblas) + std::thread. Always built when BLAS is found.
#   CUDA: src/bench/cuda/*.cu, cuBLASLt + NCCL, built when SUANLI_CUDA is ON and nvcc,
#         CUDA::cublasLt and libnccl are all found; otherwise one status line says why not.
file(GLOB SUANLI_CPU_BENCH_CC CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/src/bench/cpu/*.cc)
list(FILTER SUANLI_CPU_BENCH_CC EXCLUDE REGEX "(_test|_bench|_fuzz)\\.cc$")
if(NOT BLAS_FOUND)
  message(FATAL_ERROR "suanli bench needs OpenBLAS (cblas.h, libopenblas): install libopenblas-dev")
endif()

add_library(suanli_backends STATIC ${SUANLI_CPU_BENCH_CC})
target_include_directories(suanli_backends PRIVATE ${PROJECT_SOURCE_DIR}/src)
# Measurement kernels are optimised in every build type: a -O0 bandwidth loop would measure
# the compiler, not the memory.
target_compile_options(suanli_backends PRIVATE "$<$<COMPILE_LANGUAGE:CXX>:${SUANLI_WARNINGS};-O2>")
target_link_libraries(suanli_backends PUBLIC suanli PRIVATE Threads::Threads fmt::fmt
                      ${BLAS_LIBRARIES} ${CMAKE_DL_LIBS})

# --- CUDA -------------------------------------------------------------------------------------
set(SUANLI_HAVE_CUDA OFF)
if(SUANLI_CUDA)
  include(CheckLanguage)
  if(NOT CMAKE_CUDA_COMPILER AND EXISTS /usr/local/cuda/bin/nvcc)
    set(CMAKE_CUDA_COMPILER /usr/local/cuda/bin/nvcc)
  endif()
  check_language(CUDA)
  if(CMAKE_CUDA_COMPILER)
    if(NOT CMAKE_CUDA_HOST_COMPILER)
      set(CMAKE_CUDA_HOST_COMPILER ${CMAKE_CXX_COMPILER})
    endif()
    if(NOT DEFINED CMAKE_CUDA_ARCHITECTURES)
      set(CMAKE_CUDA_ARCHITECTURES 80 90)  # A100, H100/H200
    endif()
    enable_language(CUDA)
    # CMake 3.25 predates nvcc's C++20 support; tell it the flag (nvcc >= 12 accepts it).
    if(NOT CMAKE_CUDA20_STANDARD_COMPILE_OPTION)
      set(CMAKE_CUDA20_STANDARD_COMPILE_OPTION "-std=c++20")
      set(CMAKE_CUDA20_EXTENSION_COMPILE_OPTION "-std=c++20")
      list(APPEND CMAKE_CUDA_COMPILE_FEATURES cuda_std_20)
    endif()
    find_package(CUDAToolkit)
    get_filename_component(SUANLI_CUDA_ROOT "${CMAKE_CUDA_COMPILER}" DIRECTORY)
    find_path(SUANLI_NCCL_INCLUDE nccl.h HINTS ${CUDAToolkit_INCLUDE_DIRS} ${SUANLI_CUDA_ROOT}/../include)
    find_library(SUANLI_NCCL_LIBRARY nccl HINTS ${CUDAToolkit_LIBRARY_DIR} ${SUANLI_CUDA_ROOT}/../lib
                 ${SUANLI_CUDA_ROOT}/../lib64)
    if(TARGET CUDA::cublasLt AND SUANLI_NCCL_INCLUDE AND SUANLI_NCCL_LIBRARY)
      set(SUANLI_HAVE_CUDA ON)
    else()
      message(STATUS "suanli: CUDA backend skipped (needs CUDA::cublasLt and NCCL; cublasLt="
                     "${CUDA_cublasLt_LIBRARY} nccl=${SUANLI_NCCL_LIBRARY})")
    endif()
  else()
    message(STATUS "suanli: CUDA backend skipped (no nvcc found)")
  endif()
endif()

if(SUANLI_HAVE_CUDA)
  file(GLOB SUANLI_CUDA_BENCH_CU CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/src/bench/cuda/*.cu)
  target_sources(suanli_backends PRIVATE ${SUANLI_CUDA_BENCH_CU})
  target_compile_options(suanli_backends PRIVATE
    "$<$<COMPILE_LANGUAGE:CUDA>:-O2;-Xcompiler=-Wall,-Wextra>")
  target_include_directories(suanli_backends PRIVATE ${SUANLI_NCCL_INCLUDE})
  target_compile_definitions(suanli_backends PUBLIC SUANLI_HAVE_CUDA=1)
  set_target_properties(suanli_backends PROPERTIES
    CUDA_ARCHITECTURES "${CMAKE_CUDA_ARCHITECTURES}" CUDA_STANDARD 20 CUDA_STANDARD_REQUIRED ON
    CUDA_RUNTIME_LIBRARY Shared CUDA_SEPARABLE_COMPILATION OFF)
  target_link_libraries(suanli_backends PUBLIC CUDA::cudart CUDA::cublasLt ${SUANLI_NCCL_LIBRARY})
  message(STATUS "suanli: CUDA backend enabled (archs ${CMAKE_CUDA_ARCHITECTURES}, "
                 "NCCL ${SUANLI_NCCL_LIBRARY})")
endif()
