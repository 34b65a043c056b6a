#pragma once

#include "core/common/result.h"
#include "core/common/time.h"

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace YAML {
class Node;
}

namespace sg::ingest {

/// One log line travelling through a Promtail pipeline: its labels, the extracted map stages share, its
/// timestamp and its text.
struct Entry
{
    std::map<std::string, std::string> labels;
    std::map<std::string, std::string> extracted;
    TimestampNs ts = 0;
    std::string line;
};

/// Hands an entry to the next stage (or out of the pipeline).
using Emit = std::function<void(Entry&&)>;

/// One compiled pipeline stage. Stages may hold state (multiline and cri buffers, limit buckets), so a stage
/// instance serves one file.
class Stage
{
public:
    virtual ~Stage() = default;
    /// Processes one entry; calls `next` zero times (dropped, buffered) or more times.
    virtual void process(Entry&& entry, const Emit& next) = 0;
    /// Releases buffered entries whose wait time is over at `now` (all of them when `force`).
    virtual void flush(TimestampNs now, bool force, const Emit& next)
    {
        (void)now;
        (void)force;
        (void)next;
    }
};

/// A compiled `pipeline_stages` list.
class Pipeline
{
public:
    /// Compiles a YAML sequence of stages. `file` names the config in errors (`file:line: message`).
    static Result<Pipeline> build(const YAML::Node& stages, const std::string& file);

    /// Runs one entry through every stage; surviving entries go to `out`.
    void process(Entry entry, const Emit& out);
    /// Flushes buffering stages (see Stage::flush) in order.
    void flush(TimestampNs now, bool force, const Emit& out);
    bool empty() const { return m_stages.empty(); }

private:
    void run(std::size_t index, Entry&& entry, const Emit& out);
    std::vector<std::shared_ptr<Stage>> m_stages;
};

/// Compiles one stage (`- json: {...}`). Errors name the file and line.
Result<std::shared_ptr<Stage>> makeStage(const YAML::Node& stage, const std::string& file);

/// `file:line: message` for a config node.
Error configError(const std::string& file, const YAML::Node& node, const std::string& message);

/// Parses a Go/Prometheus duration such as `3s`, `1m30s`, `500ms`.
std::optional<DurationMs> parseDuration(std::string_view text);

} // namespace sg::ingest
