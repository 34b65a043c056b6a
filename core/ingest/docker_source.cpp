#include "docker_source.h"

#include "docker_discovery.h"
#include "docker_target.h"
#include "positions.h"

#include <array>
#include <optional>
#include <set>

namespace sg::ingest {

namespace {

using LabelMap = std::map<std::string, std::string>;

/// The labels of one stream of a container: relabeled with the stream's meta label, `__` labels dropped,
/// `stream` added unless relabeling set it. nullopt: a keep/drop step dropped the stream.
std::optional<LabelMap> streamLabels(const LabelMap& discovered, const char* stream,
    const std::vector<scrape::RelabelConfig>& configs)
{
    std::vector<Label> raw;
    raw.reserve(discovered.size() + 1);
    for (const auto& [k, v] : discovered)
        raw.push_back(Label { k, v });
    raw.push_back(Label { "__meta_docker_container_log_stream", stream });
    auto relabeled = scrape::relabel(Labels(std::move(raw)), configs);
    if (!relabeled)
        return std::nullopt;
    LabelMap out;
    for (const Label& l : *relabeled)
        if (!l.name.starts_with("__"))
            out[l.name] = l.value;
    out.try_emplace("stream", stream);
    return out;
}

} // namespace

struct DockerSource::Tracked
{
    std::size_t job = 0;
    std::size_t sd = 0; ///< the discovery that found it
    std::string id;
    DockerTarget* target = nullptr;
    Pipeline pipeline;
    LabelMap discovered;
    std::array<std::optional<LabelMap>, 2> labels; ///< stdout, stderr
};

TimestampNs DockerSource::cursorToNs(std::int64_t saved)
{
    constexpr std::int64_t SecondsLimit = 100'000'000'000; // year 5138 in seconds; 1973 in nanoseconds
    return saved > 0 && saved < SecondsLimit ? saved * 1'000'000'000 : std::max<std::int64_t>(saved, 0);
}

DockerSource::DockerSource(const PromtailConfig& config, Positions& positions, Emit sink, QObject* parent)
    : QObject(parent)
    , m_config(config)
    , m_positions(positions)
    , m_sink(std::move(sink))
{
    for (std::size_t j = 0; j < m_config.jobs.size(); ++j) {
        for (const DockerSdConfig& sd : m_config.jobs[j].dockerSdConfigs) {
            auto endpoint = DockerEndpoint::parse(sd.host);
            if (!endpoint.ok())
                continue; // validated when the config was loaded
            const std::size_t index = m_discoveries.size();
            m_discoveries.push_back(new DockerDiscovery(sd, endpoint.value(),
                [this, j, index](std::vector<DiscoveredContainer> found) { update(j, index, std::move(found)); }, this));
        }
    }
}

DockerSource::~DockerSource() = default;

void DockerSource::start()
{
    for (DockerDiscovery* d : m_discoveries)
        d->start();
}

void DockerSource::stop()
{
    for (DockerDiscovery* d : m_discoveries)
        d->stop();
    for (auto& [key, t] : m_targets)
        t->target->stop();
}

void DockerSource::refresh()
{
    for (DockerDiscovery* d : m_discoveries)
        d->refresh();
}

std::vector<std::string> DockerSource::containers() const
{
    std::vector<std::string> out;
    for (const auto& [key, t] : m_targets)
        out.push_back(key.second);
    return out;
}

std::vector<std::string> DockerSource::errors() const
{
    std::vector<std::string> out;
    for (const DockerDiscovery* d : m_discoveries)
        out.push_back(d->lastError());
    return out;
}

void DockerSource::update(std::size_t job, std::size_t sd, std::vector<DiscoveredContainer> containers)
{
    const ScrapeJob& config = m_config.jobs[job];
    std::set<std::string> seen;
    for (DiscoveredContainer& c : containers) {
        seen.insert(c.id);
        auto it = m_targets.find({ job, c.id });
        if (it != m_targets.end()) {
            Tracked& t = *it->second;
            if (t.sd != sd)
                continue; // another docker_sd_configs entry of the job already tails it
            if (t.discovered != c.labels) {
                t.discovered = std::move(c.labels);
                t.labels = { streamLabels(t.discovered, "stdout", config.relabelConfigs),
                    streamLabels(t.discovered, "stderr", config.relabelConfigs) };
            }
            t.target->ensureRunning(); // reopens a stream that ended while the container runs
            continue;
        }
        auto pipeline = Pipeline::build(config.pipelineStages, m_config.file);
        if (!pipeline.ok())
            continue; // validated when the config was loaded
        auto t = std::make_unique<Tracked>();
        t->job = job;
        t->sd = sd;
        t->id = c.id;
        t->pipeline = std::move(pipeline.value());
        t->discovered = std::move(c.labels);
        t->labels = { streamLabels(t->discovered, "stdout", config.relabelConfigs),
            streamLabels(t->discovered, "stderr", config.relabelConfigs) };
        if (!t->labels[0] && !t->labels[1])
            continue; // relabeling drops both streams: nothing to read
        const TimestampNs after = cursorToNs(m_positions.get(positionsKey(c.id)).value_or(0));
        t->target = new DockerTarget(m_discoveries[sd]->endpoint(), c.id, after, this);
        t->target->setBufferLimit(std::max<std::size_t>(m_config.readBatchBytes, 64 * 1024));
        t->target->ensureRunning();
        m_targets.emplace(std::pair { job, c.id }, std::move(t));
    }
    const TimestampNs now = nowNs();
    for (auto it = m_targets.begin(); it != m_targets.end();) {
        Tracked& t = *it->second;
        if (t.job != job || t.sd != sd || seen.contains(t.id)) {
            ++it;
            continue;
        }
        t.target->stop(); // gone: hand over what was read, then forget the target (its cursor stays)
        drainOne(t, now, true);
        t.target->deleteLater();
        it = m_targets.erase(it);
    }
}

void DockerSource::drain(TimestampNs now, bool force)
{
    for (auto& [key, t] : m_targets)
        drainOne(*t, now, force);
}

void DockerSource::drainOne(Tracked& t, TimestampNs now, bool force)
{
    for (DockerLine& line : t.target->takeLines()) {
        const auto& labels = t.labels[line.isStderr ? 1 : 0];
        if (!labels)
            continue;
        Entry e;
        e.labels = *labels;
        e.ts = line.ts;
        e.line = std::move(line.line);
        t.pipeline.process(std::move(e), m_sink);
    }
    t.pipeline.flush(now, force, m_sink);
    if (t.target->lastTimestamp() > 0)
        m_positions.set(positionsKey(t.id), t.target->lastTimestamp());
}

} // namespace sg::ingest
