#include "bench/atomic_file.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>

namespace suanli::bench {

Status write_file_atomically(const std::string& path, std::string_view text,
                             const std::atomic<bool>* stop) {
  const std::string temp = fmt::format("{}.tmp-{}", path, static_cast<long>(::getpid()));
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    if (!out) return Error(fmt::format("{}: cannot create file: {}", temp, std::strerror(errno)));
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    out.flush();
    if (!out) {
      std::remove(temp.c_str());
      return Error(fmt::format("{}: write failed", temp));
    }
  }
  if (stop && stop->load()) {
    std::remove(temp.c_str());
    return Error("interrupted");
  }
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    std::remove(temp.c_str());
    return Error(fmt::format("{}: cannot rename {} over it: {}", path, temp, why));
  }
  return Status::Ok();
}

}  // namespace suanli::bench
