#include "bench/open_device.h"

#include <gtest/gtest.h>

#ifdef SUANLI_HAVE_CUDA
#include "bench/cuda/cuda_backend.h"
#endif

namespace suanli::bench {
namespace {

TEST(OpenDevice, ParsesCpuAndCudaIndices) {
  EXPECT_FALSE(parse_device("cpu")->cuda);
  EXPECT_EQ(parse_device("cuda:3")->index, 3);
  EXPECT_TRUE(parse_device("cuda")->cuda);
  Result<DeviceSpec> bad = parse_device("cuda:x");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message(),
            "--device: expected \"cpu\" or \"cuda:N\" (N >= 0), got \"cuda:x\"");
  EXPECT_FALSE(parse_device("cuda:-1").ok());
  EXPECT_FALSE(parse_device("gpu").ok());
}

TEST(OpenDevice, CpuBackendDescribesTheHost) {
  Result<std::unique_ptr<Backend>> b = open_device({false, 0}, "my-cpu");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ((*b)->device(), "cpu");
  EXPECT_EQ((*b)->facts().id, "my-cpu");
  EXPECT_FALSE((*b)->facts().name.empty());
  EXPECT_GE((*b)->stream_threads(), 1);
  EXPECT_EQ((*b)->gemm_precisions().front(), Precision::fp32);
}

TEST(OpenDevice, MissingCudaDeviceIsAOneLineError) {
#ifdef SUANLI_HAVE_CUDA
  std::string why;
  if (cuda_device_count(why) > 0) GTEST_SKIP() << "a CUDA device is present";
#endif
  Result<std::unique_ptr<Backend>> b = open_device({true, 0}, "x");
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.error().message().rfind("cuda:0: ", 0), 0u);
  EXPECT_EQ(b.error().message().find('\n'), std::string::npos);
}

}  // namespace
}  // namespace suanli::bench
