#include "level_miners.h"

#include <algorithm>

namespace sg::patterns {

LevelMiners::LevelMiners(std::vector<MiningWindow> windows, DrainOptions options)
    : m_windows(std::move(windows))
    , m_options(options)
{
}

bool LevelMiners::add(const Labels& labels, std::string_view line, TimestampNs ts, std::size_t window)
{
    auto& miner = m_miners[logs::detectLogLevel(labels, line)];
    if (!miner)
        miner = std::make_unique<DrainMiner>(m_windows, m_options);
    return miner->add(line, ts, window);
}

std::vector<MinedPattern> LevelMiners::patterns() const
{
    std::vector<MinedPattern> out;
    // Most severe first, so that the stable sort below breaks ties by severity.
    for (auto it = m_miners.rbegin(); it != m_miners.rend(); ++it) {
        const std::string level(logs::detectedLevelName(it->first));
        for (MinedPattern& p : it->second->patterns()) {
            p.level = level;
            out.push_back(std::move(p));
        }
    }
    std::stable_sort(out.begin(), out.end(), [](const MinedPattern& a, const MinedPattern& b) { return a.total() > b.total(); });
    return out;
}

std::size_t LevelMiners::clusterCount() const
{
    std::size_t n = 0;
    for (const auto& [level, miner] : m_miners)
        n += miner->clusterCount();
    return n;
}

std::uint64_t LevelMiners::linesSkipped() const
{
    std::uint64_t n = 0;
    for (const auto& [level, miner] : m_miners)
        n += miner->linesSkipped();
    return n;
}

} // namespace sg::patterns
