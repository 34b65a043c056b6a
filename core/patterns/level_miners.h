#pragma once

// Mining per detected level, as Loki 3.3's pattern ingester does: lines of different levels never share a pattern,
// and every pattern names its level.

#include "drain.h"

#include "core/labels/labels.h"
#include "core/logstore/log_level.h"

#include <map>
#include <memory>

namespace sg::patterns {

/// One DrainMiner per detected level (`logs::detectLogLevel`: the stream's level label, else the line's level field
/// or word), all counting the same windows.
class LevelMiners
{
public:
    explicit LevelMiners(std::vector<MiningWindow> windows = { MiningWindow {} }, DrainOptions options = {});

    /// Trains the miner of the line's level on it (see DrainMiner::add).
    bool add(const Labels& labels, std::string_view line, TimestampNs ts, std::size_t window = 0);

    /// Every level's patterns, each with its `level`, most lines first (ties: the more severe level first).
    std::vector<MinedPattern> patterns() const;

    std::size_t clusterCount() const;
    std::uint64_t linesSkipped() const;

private:
    std::vector<MiningWindow> m_windows;
    DrainOptions m_options;
    std::map<logs::LogLevel, std::unique_ptr<DrainMiner>> m_miners;
};

} // namespace sg::patterns
