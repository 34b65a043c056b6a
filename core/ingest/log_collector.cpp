#include "log_collector.h"

#include "docker_source.h"
#include "file_tailer.h"
#include "glob.h"
#include "positions.h"
#include "syslog_target.h"

#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QTimer>

#include <unordered_map>

namespace sg::ingest {

struct LogCollector::Unacknowledged
{
    quint64 seq = 0;
    int remaining = 0;                            ///< acknowledgements still to come
    std::map<std::string, std::int64_t> positions; ///< the read positions once this batch was emitted
};

struct LogCollector::Tracked
{
    std::unique_ptr<FileTailer> tailer;
    Pipeline pipeline;
    std::map<std::string, std::string> labels;
    bool seen = true; ///< still matched by the last glob expansion
};

LogCollector::LogCollector(PromtailConfig config, QObject* parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_positions(std::make_unique<Positions>(m_config.positionsFile))
{
}

LogCollector::~LogCollector()
{
    delete m_docker; // before the config and positions they refer to
    qDeleteAll(m_syslog);
}

std::optional<Error> LogCollector::start()
{
    if (auto error = m_positions->load(m_config.ignoreInvalidPositions))
        return error;
    {
        std::lock_guard lock(m_ackMutex);
        m_ackedPositions = m_positions->all();
    }
    if (m_syslog.empty())
        for (const ScrapeJob& job : m_config.jobs)
            if (job.syslog)
                m_syslog.push_back(new SyslogTarget(job, m_config.file, std::max<std::size_t>(m_config.readBatchBytes, 64 * 1024), this));
    for (SyslogTarget* target : m_syslog)
        if (auto error = target->start()) {
            for (SyslogTarget* t : m_syslog)
                t->stop();
            return error;
        }
    m_started = true;
    if (!m_docker) {
        m_docker = new DockerSource(m_config, *m_positions, [this](Entry&& e) { collect(std::move(e)); }, this);
        if (m_docker->empty()) {
            delete m_docker;
            m_docker = nullptr;
        }
    }
    if (m_docker)
        m_docker->start();
    m_timer = new QTimer(this);
    m_timer->setInterval(int(m_config.pollInterval));
    connect(m_timer, &QTimer::timeout, this, [this] { pollOnce(); });
    // Directory changes (a new or rotated file) trigger a rescan before the sync period is over.
    m_watcher = new QFileSystemWatcher(this);
    connect(m_watcher, &QFileSystemWatcher::directoryChanged, this, [this] { m_sinceDiscover.invalidate(); });
    m_timer->start();
    pollOnce();
    return std::nullopt;
}

void LogCollector::stop()
{
    if (!m_started)
        return;
    m_started = false;
    if (m_timer)
        m_timer->stop();
    if (m_docker)
        m_docker->stop();
    for (SyslogTarget* target : m_syslog)
        target->stop();
    pollOnce(true);
    // The last batches are on their way to the store and the clients: wait a little for them, so that a clean
    // stop saves exact positions (a client that is down leaves its lines to be read again at the next start).
    if (m_acknowledgers > 0) {
        std::unique_lock lock(m_ackMutex);
        m_acked.wait_for(lock, std::chrono::seconds(5), [this] { return m_unacknowledged.empty(); });
    }
    savePositions();
}

void LogCollector::acknowledge(quint64 seq)
{
    std::lock_guard lock(m_ackMutex);
    for (Unacknowledged& u : m_unacknowledged)
        if (u.seq == seq) {
            --u.remaining;
            break;
        }
    bool moved = false;
    while (!m_unacknowledged.empty() && m_unacknowledged.front().remaining <= 0) {
        m_ackedPositions = std::move(m_unacknowledged.front().positions);
        m_unacknowledged.pop_front();
        m_inFlight.fetch_sub(1);
        moved = true;
    }
    if (moved)
        m_acked.notify_all();
}

int LogCollector::unacknowledged() const
{
    std::lock_guard lock(m_ackMutex);
    return int(m_unacknowledged.size());
}

void LogCollector::savePositions()
{
    if (m_acknowledgers <= 0) {
        m_positions->save();
        return;
    }
    std::map<std::string, std::int64_t> offsets;
    {
        std::lock_guard lock(m_ackMutex);
        // Nothing outstanding: every line read so far has been delivered (or dropped by a pipeline).
        offsets = m_unacknowledged.empty() ? m_positions->all() : m_ackedPositions;
    }
    m_positions->saveOffsets(offsets);
}

std::vector<std::string> LogCollector::files() const
{
    std::vector<std::string> out;
    for (const auto& [path, tracked] : m_files)
        out.push_back(path);
    return out;
}

std::vector<std::string> LogCollector::containers() const
{
    return m_docker ? m_docker->containers() : std::vector<std::string> {};
}

void LogCollector::discover()
{
    for (auto& [path, tracked] : m_files)
        tracked->seen = false;
    QStringList dirs;
    for (const ScrapeJob& job : m_config.jobs) {
        for (const StaticTarget& target : job.staticConfigs) {
            const auto targets = target.targets.empty() ? std::vector<std::string> { "localhost" } : target.targets;
            for (const std::string& address : targets) {
                std::vector<Label> raw { Label { "__address__", address } };
                for (const auto& [k, v] : target.labels)
                    raw.push_back(Label { k, v });
                auto relabeled = scrape::relabel(Labels(std::move(raw)), job.relabelConfigs);
                if (!relabeled || relabeled->get("__path__").empty())
                    continue;
                const Glob include { std::string(relabeled->get("__path__")) };
                const std::string excludeText(relabeled->get("__path_exclude__"));
                const Glob exclude { excludeText };
                std::map<std::string, std::string> labels;
                for (const Label& l : *relabeled)
                    if (!l.name.starts_with("__"))
                        labels[l.name] = l.value;
                for (std::string& path : include.expand()) {
                    if (!excludeText.empty() && exclude.matches(path))
                        continue;
                    dirs.append(QFileInfo(QString::fromStdString(path)).absolutePath());
                    auto it = m_files.find(path);
                    if (it != m_files.end()) {
                        it->second->seen = true;
                        continue;
                    }
                    auto pipeline = Pipeline::build(job.pipelineStages, m_config.file);
                    if (!pipeline.ok())
                        continue; // validated when the config was loaded
                    auto tracked = std::make_unique<Tracked>();
                    tracked->tailer = std::make_unique<FileTailer>(path, m_positions->get(path).value_or(0));
                    tracked->pipeline = std::move(pipeline.value());
                    tracked->labels = labels;
                    m_files.emplace(std::move(path), std::move(tracked));
                }
            }
        }
    }
    if (m_watcher) {
        dirs.removeDuplicates();
        const QStringList watched = m_watcher->directories();
        for (const QString& d : dirs)
            if (!watched.contains(d))
                m_watcher->addPath(d);
    }
    m_sinceDiscover.start();
}

void LogCollector::collect(Entry&& entry)
{
    if (m_config.maxLineSize > 0 && entry.line.size() > m_config.maxLineSize) {
        if (!m_config.maxLineSizeTruncate)
            return;
        entry.line.resize(m_config.maxLineSize);
    }
    std::vector<Label> labels;
    for (auto& [k, v] : entry.labels)
        if (!k.starts_with("__") && !v.empty())
            labels.push_back(Label { k, v });
    Labels key(std::move(labels));
    for (logs::Stream& s : m_pending)
        if (s.labels == key) {
            s.entries.push_back(logs::LogEntry { entry.ts, std::move(entry.line), {} });
            return;
        }
    m_pending.push_back(logs::Stream { std::move(key), { logs::LogEntry { entry.ts, std::move(entry.line), {} } } });
}

void LogCollector::pollOnce(bool force)
{
    if (!force && !m_started)
        return; // a continuation queued before stop()
    if (!force && m_maxInFlight > 0 && m_inFlight.load() >= m_maxInFlight)
        return; // the store is behind: read on a later tick
    if (!m_sinceDiscover.isValid() || m_sinceDiscover.elapsed() >= m_config.syncPeriod)
        discover();
    const Emit out = [this](Entry&& e) { collect(std::move(e)); };
    bool more = false;
    std::vector<std::string> lines;
    for (auto it = m_files.begin(); it != m_files.end();) {
        Tracked& t = *it->second;
        lines.clear();
        more |= t.tailer->poll(m_config.readBatchBytes, lines);
        const TimestampNs now = nowNs();
        for (std::string& line : lines) {
            Entry e;
            e.labels = t.labels;
            e.labels["filename"] = it->first;
            e.ts = now;
            e.line = std::move(line);
            t.pipeline.process(std::move(e), out);
        }
        t.pipeline.flush(now, force || t.tailer->gone(), out);
        if (t.tailer->gone()) {
            m_positions->remove(it->first);
            it = m_files.erase(it);
            continue;
        }
        m_positions->set(it->first, t.tailer->offset());
        ++it;
    }
    if (m_docker)
        m_docker->drain(nowNs(), force);
    for (SyslogTarget* target : m_syslog)
        target->drain(nowNs(), force, out);
    emitBatch();
    if (!m_sinceSave.isValid() || m_sinceSave.elapsed() >= m_config.positionsSyncPeriod) {
        savePositions();
        m_sinceSave.start();
    }
    if (more && m_started && m_timer)
        QTimer::singleShot(0, this, [this] { pollOnce(); }); // bounded reads: continue on the next turn
}

void LogCollector::emitBatch()
{
    if (m_pending.empty())
        return;
    logs::PushBatch batch;
    batch.streams = std::move(m_pending);
    m_pending.clear();
    for (auto& s : batch.streams) {
        std::stable_sort(s.entries.begin(), s.entries.end(),
            [](const logs::LogEntry& a, const logs::LogEntry& b) { return a.ts < b.ts; });
        m_linesEmitted += s.entries.size();
    }
    m_inFlight.fetch_add(1);
    const quint64 seq = m_nextSeq++;
    if (m_acknowledgers > 0) {
        std::lock_guard lock(m_ackMutex);
        m_unacknowledged.push_back(Unacknowledged { seq, m_acknowledgers, m_positions->all() });
    }
    Q_EMIT linesCollected(batch, seq);
}

} // namespace sg::ingest
