#pragma once

#include "core/common/result.h"
#include "core/common/time.h"
#include "core/labels/labels.h"
#include "core/labels/matcher.h"

#include <QMetaType>

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
};

/// A consistent read view over stored log streams. Thread-safe to call from any reader thread.
class LogQuerier
{
public:
    virtual ~LogQuerier() = default;
    /// Streams matching all matchers with their entries in [start, end) (Loki's half-open range),
    /// entries in time order (forward). Streams without entries in range are left out.
    virtual std::vector<Stream> select(const Matchers& matchers, TimestampNs start, TimestampNs end) const = 0;
    /// Label sets of matching streams with entries in [start, end).
    virtual std::vector<Labels> streams(const Matchers& matchers, TimestampNs start, TimestampNs end) const = 0;
    virtual std::vector<std::string> labelNames() const = 0;
    virtual std::vector<std::string> labelValues(std::string_view name) const = 0;
};

} // namespace sg::logs

Q_DECLARE_METATYPE(sg::logs::PushBatch)
