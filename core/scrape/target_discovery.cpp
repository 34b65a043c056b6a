// file_sd reading, target label population and relabeling, and the file watcher.
#include "target_discovery.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>
#include <QUrlQuery>

#include <yaml-cpp/yaml.h>

#include <algorithm>

namespace sg::scrape {

namespace {

std::string formatDuration(DurationMs ms)
{
    if (ms % 1000 == 0)
        return ms % 60'000 == 0 && ms > 0 ? std::to_string(ms / 60'000) + "m" : std::to_string(ms / 1000) + "s";
    return std::to_string(ms) + "ms";
}

} // namespace

Result<std::vector<TargetGroup>> readFileSdFile(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return Error { ErrorCode::Io, path.toStdString() + ": " + f.errorString().toStdString(), {} };
    const QByteArray data = f.readAll();
    std::vector<TargetGroup> groups;
    auto bad = [&](const std::string& what) { return Error { ErrorCode::BadData, path.toStdString() + ": " + what, {} }; };
    if (path.endsWith(QStringLiteral(".json"))) {
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(data, &error);
        if (error.error != QJsonParseError::NoError)
            return bad("offset " + std::to_string(error.offset) + ": " + error.errorString().toStdString());
        if (!doc.isArray())
            return bad("must be a JSON list of target groups");
        const QJsonArray array = doc.array();
        for (const QJsonValue& v : array) {
            const QJsonObject o = v.toObject();
            TargetGroup g;
            const QJsonArray targets = o.value(QStringLiteral("targets")).toArray();
            for (const QJsonValue& t : targets)
                g.targets.push_back(t.toString().toStdString());
            std::vector<Label> labels;
            const QJsonObject lo = o.value(QStringLiteral("labels")).toObject();
            for (auto it = lo.begin(); it != lo.end(); ++it)
                labels.push_back(Label { it.key().toStdString(), it.value().toString().toStdString() });
            labels.push_back(Label { "__meta_filepath", path.toStdString() });
            g.labels = Labels(std::move(labels));
            g.source = path.toStdString() + ":" + std::to_string(groups.size());
            groups.push_back(std::move(g));
        }
        return groups;
    }
    try {
        const YAML::Node root = YAML::Load(data.toStdString());
        if (root.IsNull())
            return groups;
        if (!root.IsSequence())
            return bad("must be a YAML list of target groups");
        for (const YAML::Node& n : root) {
            TargetGroup g;
            for (const YAML::Node& t : n["targets"])
                g.targets.push_back(t.Scalar());
            std::vector<Label> labels;
            if (n["labels"])
                for (const auto& kv : n["labels"])
                    labels.push_back(Label { kv.first.Scalar(), kv.second.Scalar() });
            labels.push_back(Label { "__meta_filepath", path.toStdString() });
            g.labels = Labels(std::move(labels));
            g.source = path.toStdString() + ":" + std::to_string(groups.size());
            groups.push_back(std::move(g));
        }
    } catch (const YAML::Exception& e) {
        return bad("line " + std::to_string(e.mark.line + 1) + ": " + e.msg);
    }
    return groups;
}

QStringList expandFileSdPatterns(const FileSdConfig& config)
{
    QStringList out;
    for (const QString& pattern : config.files) {
        const QFileInfo info(pattern);
        const QString name = info.fileName();
        if (!name.contains(u'*') && !name.contains(u'?') && !name.contains(u'[')) {
            if (info.exists())
                out << info.absoluteFilePath();
            continue;
        }
        const QDir dir = info.absoluteDir();
        const auto files = dir.entryList({ name }, QDir::Files, QDir::Name);
        for (const QString& f : files)
            out << dir.filePath(f);
    }
    return out;
}

ResolvedTargets resolveTargets(const ScrapeConfig& config, const std::vector<TargetGroup>& groups)
{
    ResolvedTargets out;
    const QString job = QString::fromStdString(config.jobName);
    auto metricRelabel = config.metricRelabelConfigs.empty()
        ? nullptr
        : std::make_shared<const std::vector<RelabelConfig>>(config.metricRelabelConfigs);
    for (const TargetGroup& group : groups) {
        for (const std::string& address : group.targets) {
            std::vector<Label> base = group.labels.items();
            base.push_back(Label { "__address__", address });
            Labels discovered(std::move(base));
            // scrape-config defaults, unless discovery set them
            std::vector<Label> withDefaults = discovered.items();
            auto setDefault = [&](const std::string& name, const std::string& value) {
                if (!discovered.has(name))
                    withDefaults.push_back(Label { name, value });
            };
            withDefaults.push_back(Label { "job", config.jobName });
            setDefault("__scheme__", config.scheme);
            setDefault("__metrics_path__", config.metricsPath);
            setDefault("__scrape_interval__", formatDuration(config.interval));
            setDefault("__scrape_timeout__", formatDuration(config.timeout));
            for (const auto& [name, values] : config.params)
                if (!values.empty())
                    setDefault("__param_" + name, values.front());
            const Labels before(std::move(withDefaults));
            auto after = relabel(before, config.relabelConfigs);
            if (!after || after->get("__address__").empty()) {
                out.dropped.push_back(DroppedTarget { job, before });
                continue;
            }
            const std::string addr(after->get("__address__"));
            const std::string scheme(after->get("__scheme__").empty() ? "http" : after->get("__scheme__"));
            QUrl url(QString::fromStdString(scheme + "://" + addr + std::string(after->get("__metrics_path__"))));
            QUrlQuery query;
            for (const auto& [name, values] : config.params)
                for (std::size_t i = 1; i < values.size(); ++i)
                    query.addQueryItem(QString::fromStdString(name), QString::fromStdString(values[i]));
            for (const auto& l : *after)
                if (l.name.rfind("__param_", 0) == 0)
                    query.addQueryItem(QString::fromStdString(l.name.substr(8)), QString::fromStdString(l.value));
            if (!query.isEmpty())
                url.setQuery(query);
            if (!url.isValid() || url.host().isEmpty()) {
                out.warnings.push_back(config.jobName + ": invalid target address \"" + addr + "\"");
                out.dropped.push_back(DroppedTarget { job, before });
                continue;
            }
            std::vector<Label> targetLabels;
            for (const auto& l : *after)
                if (l.name.rfind("__", 0) != 0)
                    targetLabels.push_back(l);
            if (!after->has("instance"))
                targetLabels.push_back(Label { "instance", addr });

            TargetConfig t;
            t.job = QString::fromStdString(std::string(after->get("job")));
            t.url = url;
            t.interval = config.interval;
            t.timeout = config.timeout;
            if (auto d = parseDuration(after->get("__scrape_interval__")); d && *d > 0)
                t.interval = *d;
            if (auto d = parseDuration(after->get("__scrape_timeout__")); d && *d > 0)
                t.timeout = std::min(*d, t.interval);
            t.labels = Labels(std::move(targetLabels));
            t.discoveredLabels = discovered;
            t.honorLabels = config.honorLabels;
            t.honorTimestamps = config.honorTimestamps;
            t.insecureSkipVerify = config.insecureSkipVerify;
            t.authorization = config.authorization;
            t.limits = config.limits;
            t.metricRelabelConfigs = metricRelabel;
            out.active.push_back(std::move(t));
        }
    }
    if (config.limits.targetLimit > 0 && out.active.size() > config.limits.targetLimit) {
        const QString reason = QStringLiteral("target_limit exceeded (number of targets: %1, limit: %2)")
                                   .arg(out.active.size())
                                   .arg(config.limits.targetLimit);
        for (auto& t : out.active)
            t.disabledReason = reason;
    }
    return out;
}

ResolvedTargets resolveAllTargets(const PrometheusConfig& config)
{
    ResolvedTargets all;
    for (const ScrapeConfig& sc : config.scrapeConfigs) {
        std::vector<TargetGroup> groups = sc.staticConfigs;
        for (const FileSdConfig& fs : sc.fileSdConfigs) {
            const QStringList files = expandFileSdPatterns(fs);
            for (const QString& file : files) {
                auto read = readFileSdFile(file);
                if (!read.ok()) {
                    all.warnings.push_back(read.error().message);
                    continue;
                }
                for (auto& g : *read)
                    groups.push_back(std::move(g));
            }
        }
        ResolvedTargets r = resolveTargets(sc, groups);
        std::move(r.active.begin(), r.active.end(), std::back_inserter(all.active));
        std::move(r.dropped.begin(), r.dropped.end(), std::back_inserter(all.dropped));
        std::move(r.warnings.begin(), r.warnings.end(), std::back_inserter(all.warnings));
    }
    return all;
}

TargetDiscovery::TargetDiscovery(PrometheusConfig config, QObject* parent)
    : QObject(parent)
    , m_config(std::move(config))
{
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(50);
    connect(&m_debounce, &QTimer::timeout, this, &TargetDiscovery::refresh);
    connect(&m_refreshTimer, &QTimer::timeout, this, &TargetDiscovery::refresh);
}

TargetDiscovery::~TargetDiscovery() = default;

void TargetDiscovery::start()
{
    m_started = true;
    if (!m_watcher) {
        m_watcher = new QFileSystemWatcher(this);
        connect(m_watcher, &QFileSystemWatcher::fileChanged, this, &TargetDiscovery::scheduleRefresh);
        connect(m_watcher, &QFileSystemWatcher::directoryChanged, this, &TargetDiscovery::scheduleRefresh);
    }
    DurationMs refresh = 0;
    for (const auto& sc : m_config.scrapeConfigs)
        for (const auto& fs : sc.fileSdConfigs)
            refresh = refresh == 0 ? fs.refreshInterval : std::min(refresh, fs.refreshInterval);
    if (refresh > 0)
        m_refreshTimer.start(int(std::min<DurationMs>(refresh, 24 * 3'600'000)));
    m_current = resolveAllTargets(m_config);
    updateWatches();
    Q_EMIT targetsChanged(m_current.active, m_current.dropped);
}

void TargetDiscovery::scheduleRefresh()
{
    m_debounce.start();
}

void TargetDiscovery::updateWatches()
{
    QStringList wanted;
    for (const auto& sc : m_config.scrapeConfigs) {
        for (const auto& fs : sc.fileSdConfigs) {
            for (const QString& pattern : fs.files)
                wanted << QFileInfo(pattern).absolutePath(); // new files matching a glob appear here
            wanted << expandFileSdPatterns(fs);
        }
    }
    wanted.removeDuplicates();
    // editors often replace files (rename over), which drops the watch: re-add everything each time
    const QStringList watched = m_watcher->files() + m_watcher->directories();
    if (!watched.isEmpty())
        m_watcher->removePaths(watched);
    QStringList existing;
    for (const QString& p : wanted)
        if (QFileInfo::exists(p))
            existing << p;
    if (!existing.isEmpty())
        m_watcher->addPaths(existing);
}

void TargetDiscovery::refresh()
{
    if (!m_started)
        return;
    ResolvedTargets next = resolveAllTargets(m_config);
    updateWatches();
    auto key = [](const std::vector<TargetConfig>& ts) {
        std::vector<std::string> keys;
        for (const auto& t : ts)
            keys.push_back(t.job.toStdString() + '\x1f' + t.url.toString().toStdString() + '\x1f' + t.labels.toString()
                + '\x1f' + t.disabledReason.toStdString());
        return keys;
    };
    const bool changed = key(next.active) != key(m_current.active) || next.dropped.size() != m_current.dropped.size();
    m_current = std::move(next);
    if (changed)
        Q_EMIT targetsChanged(m_current.active, m_current.dropped);
}

} // namespace sg::scrape
