// The ids the project promises (shared/data/README.md, "Ids the catalog must know"): case
// files and users rely on them. Test-only.
#pragma once

#include <string>
#include <vector>

namespace suanli::test {

/// Chip ids that case files and users rely on (shared/data/README.md, "Ids the catalog must
/// know"), plus the alias it names.
inline const std::vector<std::string>& required_chip_ids() {
  static const std::vector<std::string> ids = {"v100",
                                               "a100-40gb",
                                               "a100-80gb",
                                               "a100-pcie-40gb",
                                               "a100-pcie-80gb",
                                               "a800",
                                               "a800-pcie",
                                               "h100",
                                               "h100-pcie",
                                               "h800",
                                               "h20",
                                               "l20",
                                               "l2",
                                               "l4",
                                               "l40s",
                                               "h200",
                                               "b200",
                                               "gb200",
                                               "gb200-superchip",
                                               "b300",
                                               "gb300",
                                               "mi250x",
                                               "mi300x",
                                               "mi325x",
                                               "gaudi2",
                                               "gaudi3",
                                               "tpu-v4",
                                               "tpu-v5e",
                                               "tpu-v5p",
                                               "tpu-v6e",
                                               "ascend-910",
                                               "ascend-910b1",
                                               "ascend-910b2",
                                               "ascend-910b3",
                                               "ascend-910b4",
                                               "ascend-910c",
                                               "mlu370-x8",
                                               "mlu590",
                                               "mlu290",
                                               "hygon-z100",
                                               "hygon-k100",
                                               "kunlun-r200",
                                               "kunlun-p800",
                                               "br100",
                                               "br104",
                                               "mtt-s4000",
                                               "enflame-t10",
                                               "iluvatar-bi-v100",
                                               "iluvatar-mr-v100",
                                               "ascend-910b"};
  return ids;
}

/// System ids of shared/data/README.md.
inline const std::vector<std::string>& required_system_ids() {
  static const std::vector<std::string> ids = {
      "dgx-a100",    "dgx-h100",   "hgx-h800",      "hgx-h20",         "hgx-h200", "hgx-b200",
      "gb200-nvl72", "gaudi2-hls", "atlas-800t-a2", "cloudmatrix-384", "mi300x-8"};
  return ids;
}

}  // namespace suanli::test
