#pragma once

#include "core/ingest/pipeline_stages.h"
#include "core/ingest/promtail_config.h"

#include <QObject>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace sg::ingest {

class DockerDiscovery;
struct DiscoveredContainer;
class Positions;

/// The `docker_sd_configs` side of the LogCollector: one DockerDiscovery per entry, one DockerTarget and
/// Pipeline per discovered container and job. Relabeling runs per stream with
/// `__meta_docker_container_log_stream` set, as Promtail's docker target does; entries then carry the
/// non-`__` labels plus `stream` (`stdout`/`stderr`). Resume points are `cursor-<container id>` in the
/// positions file (FORMAT.md). Lives on the collector's thread.
class DockerSource : public QObject
{
    Q_OBJECT
public:
    /// `sink` receives the pipelines' output; `positions` outlives this object.
    DockerSource(const PromtailConfig& config, Positions& positions, Emit sink, QObject* parent = nullptr);
    ~DockerSource() override;

    bool empty() const { return m_discoveries.empty(); }
    void start();
    /// Stops discovery and closes every stream (read lines stay for the next drain()).
    void stop();
    /// Runs the lines read since the last call through their pipelines and records the resume points.
    void drain(TimestampNs now, bool force);
    /// Ids of the containers being tailed (for every job).
    std::vector<std::string> containers() const;
    /// Discovery errors, one per `docker_sd_configs` entry ("" when the last refresh worked).
    std::vector<std::string> errors() const;
    /// Refreshes every discovery now (tests; a refresh in flight is not repeated).
    void refresh();

    /// The positions key of a container.
    static std::string positionsKey(const std::string& containerId) { return "cursor-" + containerId; }
    /// A saved cursor as a timestamp: Sightglass writes Unix nanoseconds, Promtail Unix seconds.
    static TimestampNs cursorToNs(std::int64_t saved);

private:
    struct Tracked;
    void update(std::size_t job, std::size_t sd, std::vector<DiscoveredContainer> containers);
    void drainOne(Tracked& t, TimestampNs now, bool force);

    const PromtailConfig& m_config;
    Positions& m_positions;
    Emit m_sink;
    std::vector<DockerDiscovery*> m_discoveries;
    std::map<std::pair<std::size_t, std::string>, std::unique_ptr<Tracked>> m_targets; ///< (job, container id)
};

} // namespace sg::ingest
