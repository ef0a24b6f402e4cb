// Writing an output file so that an interrupted run never leaves a half-written one: the text
// goes to a temporary file beside the target, which is renamed over it only when complete.
#pragma once

#include <atomic>
#include <string>
#include <string_view>

#include "suanli/status.h"

namespace suanli::bench {

/// Writes `text` to `path` through "<path>.tmp-<pid>" and rename(2). When `stop` is set before
/// the rename, the temporary file is removed and Error("interrupted") returned.
Status write_file_atomically(const std::string& path, std::string_view text,
                             const std::atomic<bool>* stop = nullptr);

}  // namespace suanli::bench
