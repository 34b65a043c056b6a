#pragma once

// Internal to the LogQL engine: the leading line filters of a pipeline compiled into a store-side LineScan.

#include "ast.h"
#include "core/logstore/store.h"

#include <optional>

namespace sg::logql::detail {

/// A pipeline prefix the store can run inside its chunk scan.
struct PushedFilters
{
    logs::LineScan scan;
    std::size_t stages = 0; ///< how many leading stages `scan` replaces; the pipeline runs from there on
};

/// Compiles the leading line-filter stages of `stages` (`|=`, `!=`, `|~`, `!~`, `|>`, `!>` with `or`; not
/// `ip()`) into one LineScan. `stages == 0` when none can be pushed; errors are left to Pipeline::build.
PushedFilters pushableFilters(const std::vector<Stage>& stages);

} // namespace sg::logql::detail
