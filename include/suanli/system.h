// Where chips sit: a node type and the two network tiers that connect chips.
//
//   +---------------- node (chips_per_node) ----------------+
//   | chip -- chip -- ... scale-up tier (NVLink/HCCS/UB) ... |   span: scaleup.span_chips
//   +----------------------------+---------------------------+
//                                | scale-out tier (IB/RoCE), one NIC share per chip
//   ... other nodes ...
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace suanli {

/// One tier of the network as seen by one chip.
struct NetworkTier {
  std::string name;             ///< e.g. "NVLink 4 + NVSwitch", "400 Gb/s NDR InfiniBand"
  int span_chips = 0;           ///< chips reachable on this tier; 0 = the whole cluster
  double bw_bytes_per_s = 0;    ///< per chip, per direction, bytes/s
  double latency_s = 0;         ///< per message (alpha), seconds
  double bw_efficiency = 0.8;   ///< achievable fraction of bw for large collectives
};

/// A node type and how nodes connect. Each chip has a default system.
struct System {
  std::string id;                    ///< catalog id, e.g. "dgx-h100"
  std::vector<std::string> aliases;  ///< other names
  std::string name;                  ///< human name
  std::string chip;                  ///< chip id this system is built from
  int chips_per_node = 8;            ///< chips in one node (or one rack for NVL72-style)
  NetworkTier scaleup;               ///< fast domain (span_chips = domain size)
  NetworkTier scaleout;              ///< inter-node network (span_chips = 0)
  std::optional<int> max_chips;      ///< largest deployment of this system, if bounded
  bool estimate = false;             ///< true when figures are estimates, not published
  bool generic = false;              ///< true when generated from a chip without a preset
  std::string notes;                 ///< caveats
  std::map<std::string, std::string> sources;  ///< field -> source ids
};

}  // namespace suanli
