#pragma once

// The Drain log-pattern miner, as Loki's pattern ingester runs it (pkg/pattern/drain): lines are tokenized, routed
// through a fixed-depth prefix tree keyed by their token count and first tokens, and joined to the most similar
// cluster of that leaf when enough of its tokens agree; the positions where a cluster's lines differ become `<_>`.

#include "core/common/time.h"
#include "tokenizer.h"

#include <cstdint>
#include <deque>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace sg::patterns {

/// Nanoseconds.
using DurationNs = std::int64_t;

/// Tunes a DrainMiner. The defaults are Loki's (`drain.DefaultConfig`) except the cluster limit, which Loki
/// enforces by evicting the least recently used cluster; here clusters are never evicted, lines beyond the
/// limit that would need a new cluster are skipped.
struct DrainOptions
{
    /// Loki's LogClusterDepth: the tree routes on the token count, then on up to `depth - 2` first tokens.
    int depth = 30;
    /// A line joins a cluster when at least this share of the cluster's fixed tokens equal the line's.
    double similarity = 0.3;
    /// Children per tree node; tokens beyond it share the `<_>` branch.
    std::size_t maxChildren = 15;
    std::size_t maxClusters = 20000;
    /// Longer lines are skipped (Loki's MaxAllowedLineLength).
    std::size_t maxLineBytes = 3000;
    /// Sample lines kept per cluster and window (the first ones seen).
    std::size_t samples = 3;
};

/// A time window whose lines a miner counts apart from other windows' (the spike, the baseline).
struct MiningWindow
{
    TimestampNs start = 0;
    TimestampNs end = 0;  ///< exclusive
    DurationNs bucket = 0; ///< width of the per-bucket counts; 0: no buckets
};

/// What one pattern (cluster) saw in one window.
struct WindowStats
{
    std::uint64_t count = 0;
    TimestampNs firstSeen = std::numeric_limits<TimestampNs>::max();
    TimestampNs lastSeen = std::numeric_limits<TimestampNs>::min();
    std::vector<std::string> samples;
    /// Lines per bucket from the window's start (empty when the window has no buckets or saw no line).
    std::vector<std::uint32_t> buckets;

    /// Adds `other`'s counts (same window): sums counts and buckets, widens first/last, tops up samples.
    void merge(const WindowStats& other, std::size_t maxSamples);
};

/// A mined pattern with its counts per window.
struct MinedPattern
{
    /// The template as Loki prints it: the line with `<_>` for the parts that vary (runs of `<_>` collapsed).
    std::string pattern;
    /// The detected level its lines share (Loki's `detected_level`: "error", "info", ... "unknown") when mined per
    /// level (LevelMiners); "" from a plain DrainMiner.
    std::string level;
    std::vector<WindowStats> windows; ///< one per MiningWindow
    std::uint64_t total() const;
};

/// Mines patterns from lines fed one at a time. Not thread-safe; one miner per query.
class DrainMiner
{
public:
    /// `windows`: the windows lines are counted in (at least one; the default one has no buckets).
    explicit DrainMiner(std::vector<MiningWindow> windows = { MiningWindow {} }, DrainOptions options = {});
    ~DrainMiner();
    DrainMiner(const DrainMiner&) = delete;
    DrainMiner& operator=(const DrainMiner&) = delete;

    /// Trains on one line seen at `ts`, counted in `window`. False when the line was skipped (empty, too long, or
    /// new while the miner holds `maxClusters` clusters).
    bool add(std::string_view line, TimestampNs ts, std::size_t window = 0);

    /// The patterns so far, clusters printing the same pattern merged, most lines first.
    std::vector<MinedPattern> patterns() const;

    std::size_t clusterCount() const { return m_clusters.size(); }
    std::uint64_t linesAdded() const { return m_added; }
    std::uint64_t linesSkipped() const { return m_skipped; }
    const std::vector<MiningWindow>& windows() const { return m_windows; }
    const DrainOptions& options() const { return m_options; }

private:
    struct Node;
    struct Cluster;

    Cluster* search(const std::vector<std::string_view>& tokens) const;
    Cluster* bestMatch(const Node& leaf, const std::vector<std::string_view>& tokens) const;
    Cluster* createCluster(std::string_view line);
    void addToTree(Cluster* cluster);
    Node* newNode();
    void count(Cluster& cluster, std::string_view line, TimestampNs ts, std::size_t window);

    std::vector<MiningWindow> m_windows;
    DrainOptions m_options;
    std::size_t m_maxNodeDepth = 28;
    std::vector<Node*> m_byTokenCount; ///< the first level: one node per token count
    std::deque<Node> m_nodes;
    std::vector<std::unique_ptr<Cluster>> m_clusters;
    TokenizedLine m_line; ///< reused between lines
    std::uint64_t m_added = 0;
    std::uint64_t m_skipped = 0;
};

/// Prints tokens as a pattern: spaced as recorded, `<_>` for placeholders, a run of adjacent `<_>` as one.
std::string renderPattern(const std::vector<std::string_view>& tokens, const std::vector<std::uint8_t>& spacesAfter,
    std::uint8_t leadingSpaces);

} // namespace sg::patterns
