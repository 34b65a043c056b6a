#pragma once

#include "core/common/result.h"
#include "core/common/time.h"
#include "core/labels/labels.h"
#include "core/labels/matcher.h"

#include <QMetaType>

#include <algorithm>
#include <string>
#include <vector>

namespace sg::logs {

/// One log line with its nanosecond timestamp.
struct LogEntry
{
    TimestampNs ts = 0;
    std::string line;
    /// Loki's structured metadata: per-entry name/value pairs that are not stream labels (may be empty).
    std::vector<Label> metadata;
};

/// A stream: a label set and its entries. Used both for pushes and for query results.
struct Stream
{
    Labels labels;
    std::vector<LogEntry> entries;
};

/// Lines pushed together (one push request, one tailer batch). Passed between threads by value.
struct PushBatch
{
    std::vector<Stream> streams;
};

enum class Direction { Forward, Backward };

/// What a push did.
struct PushStats
{
    std::size_t accepted = 0;
    std::size_t outOfOrder = 0; ///< rejected: older than the stream's newest entry minus the out-of-order window
    std::size_t streamsCreated = 0;
    std::size_t failed = 0; ///< not stored because the store could not persist them (nothing acknowledged)
    std::size_t streamLimited = 0; ///< rejected: their stream would be new beyond the store's stream limit
    std::string error; ///< why `failed` lines could not be persisted (a catalog or WAL write error)
};

std::vector<Stream> limitStreams(std::vector<Stream> streams, std::size_t limit, Direction direction);

class ArrivalFeed;

/// A consistent read view over stored log streams. Thread-safe to call from any reader thread.
class LogQuerier
{
public:
    virtual ~LogQuerier() = default;
    /// Streams matching all matchers with their entries in [start, end) (Loki's half-open range),
    /// entries in time order (forward). Streams without entries in range are left out.
    virtual std::vector<Stream> select(const Matchers& matchers, TimestampNs start, TimestampNs end) const = 0;
    /// Like select, but only the `limit` oldest (Forward) or newest (Backward) entries across all matching
    /// streams; entries stay in time order within each stream. Stores override it to read fewer chunks.
    virtual std::vector<Stream> selectLimited(const Matchers& matchers, TimestampNs start, TimestampNs end,
        std::size_t limit, Direction direction) const
    {
        return limitStreams(select(matchers, start, end), limit, direction);
    }
    /// Label sets of matching streams with entries in [start, end).
    virtual std::vector<Labels> streams(const Matchers& matchers, TimestampNs start, TimestampNs end) const = 0;
    virtual std::vector<std::string> labelNames() const = 0;
    virtual std::vector<std::string> labelValues(std::string_view name) const = 0;
    /// The entries this store accepts, in arrival order, for tailing (null: the store has no feed, tail by time).
    virtual ArrivalFeed* arrivals() const { return nullptr; }
    /// Stored chunks that could not be read so far (checksum, header or decompression failures); a query whose
    /// count rises while it runs warns that its answer may lack lines.
    virtual std::uint64_t unreadableChunks() const { return 0; }
};

/// Keeps the `limit` oldest (Forward) or newest (Backward) entries of time-ordered streams; drops empty streams.
inline std::vector<Stream> limitStreams(std::vector<Stream> streams, std::size_t limit, Direction direction)
{
    std::vector<TimestampNs> all;
    for (const auto& s : streams)
        for (const auto& e : s.entries)
            all.push_back(e.ts);
    if (all.size() <= limit)
        return streams;
    const bool forward = direction == Direction::Forward;
    std::vector<Stream> out;
    if (limit == 0)
        return out;
    auto nth = all.begin() + std::ptrdiff_t(forward ? limit - 1 : all.size() - limit);
    std::nth_element(all.begin(), nth, all.end());
    const TimestampNs cutoff = *nth;
    // Entries strictly beyond the cutoff are dropped; ties at the cutoff are taken until the limit is reached.
    std::size_t strict = 0;
    for (auto t : all)
        strict += forward ? t < cutoff : t > cutoff;
    std::size_t ties = limit - strict;
    for (auto& s : streams) {
        std::vector<LogEntry> keep;
        for (auto& e : s.entries) {
            const bool inside = forward ? e.ts < cutoff : e.ts > cutoff;
            if (inside || (e.ts == cutoff && ties > 0)) {
                if (!inside)
                    --ties;
                keep.push_back(std::move(e));
            }
        }
        if (!keep.empty())
            out.push_back(Stream { std::move(s.labels), std::move(keep) });
    }
    return out;
}

} // namespace sg::logs

Q_DECLARE_METATYPE(sg::logs::PushBatch)
