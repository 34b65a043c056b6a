#include "workbench.h"

#include "core/api/api_server.h"
#include "core/demo/demo_dashboards.h"
#include "core/demo/demo_service.h"
#include "core/forward/loki_client.h"
#include "core/ingest/log_collector.h"
#include "core/metrics/metrics_endpoint.h"
#include "core/metrics/registry.h"
#include "core/scrape/scrape_manager.h"
#include "core/scrape/target_discovery.h"
#include "core/datadir/layout.h"
#include "scrape_config_file.h"

#include "core/remotewrite/remote_storage.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>

#include <atomic>

namespace sg::services {

namespace {
/// The demo's and Sightglass' own targets scrape within this delay, so the GUI's first data arrives at once;
/// configured targets spread their first scrapes over their whole interval, as Prometheus does.
constexpr DurationMs FirstDataWithinMs = 1000;
}

Workbench::Workbench(WorkbenchOptions options, QObject* parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_selfMetrics(std::make_unique<metrics::Registry>())
{
    registerMetaTypes();
    qRegisterMetaType<sg::services::StoreHealth>();
    scrape::ScrapeManager::registerMetaTypes();
    demo::DemoService::registerMetaTypes();
}

Workbench::~Workbench()
{
    if (m_remoteWrite) // saves each remote's acknowledged position
        m_remoteWrite->stop();
    if (m_client)
        m_client->setMetricMetadataSource({}); // the scrape manager goes with its thread
    if (m_scrape)
        QMetaObject::invokeMethod(m_scrape, &scrape::ScrapeManager::stop, Qt::BlockingQueuedConnection);
    if (m_collector) { // flushes buffered lines and saves positions, then waits until the store has them
        QMetaObject::invokeMethod(m_collector, &ingest::LogCollector::stop, Qt::BlockingQueuedConnection);
        QMetaObject::invokeMethod(m_logs, [] { }, Qt::BlockingQueuedConnection);
    }
    for (forward::LokiClient* client : m_clients) // what they did not deliver is read again at the next start
        QMetaObject::invokeMethod(client, &forward::LokiClient::stop, Qt::BlockingQueuedConnection);
    for (QThread* t : { &m_ingestThread, &m_forwardThread, &m_apiThread, &m_demoThread, &m_scrapeThread, &m_httpThread, &m_logThread,
             &m_tsdbThread }) {
        t->quit();
        t->wait();
    }
    m_client.reset(); // after the API server, which queries through it: cancels and waits for running queries
}

void Workbench::startThread(QThread& thread, QObject* worker, const char* name)
{
    thread.setObjectName(QString::fromLatin1(name));
    worker->moveToThread(&thread);
    connect(&thread, &QThread::finished, worker, &QObject::deleteLater);
    thread.start();
}

std::optional<Error> Workbench::start()
{
    auto remotes = loadRemoteDatasources(m_options.configFile, m_options.datasourcesFile);
    if (!remotes.ok())
        return remotes.error();
    m_remotes = std::move(*remotes);
    m_remotes.insert(m_remotes.end(), m_options.remoteDatasources.begin(), m_options.remoteDatasources.end());
    remotewrite::RemoteWriteSettings remoteWrite;
    if (!m_options.configFile.isEmpty()) {
        auto config = scrape::loadPrometheusConfig(m_options.configFile);
        if (!config.ok())
            return config.error();
        auto remote = remotewrite::loadRemoteWriteConfig(m_options.configFile);
        if (!remote.ok())
            return remote.error();
        remoteWrite = std::move(*remote);
        for (const auto& w : remoteWrite.warnings)
            m_startNotes.append(QString::fromStdString(w));
        // file_sd files are watched: a changed file re-resolves the targets and the scraper follows.
        m_discovery = new scrape::TargetDiscovery(std::move(*config), this);
        connect(m_discovery, &scrape::TargetDiscovery::targetsChanged, this,
            [this](const std::vector<scrape::TargetConfig>& active, const std::vector<scrape::DroppedTarget>& dropped) {
                m_configTargets = active;
                m_configDropped = dropped;
                if (m_targetsSet)
                    setTargets();
            });
        m_discovery->start();
    }
    if (auto error = openDataDir())
        return error;

    const QString dataDir = m_options.dataDir;
    seedDashboards();
    tsdb::StoreOptions metricsOptions;
    metricsOptions.retention = m_settings.metrics.time;
    metricsOptions.retentionBytes = m_settings.metrics.bytes;
    logs::StoreOptions logsOptions;
    logsOptions.retention = m_settings.logs.time;
    logsOptions.retentionBytes = m_settings.logs.bytes;
    m_tsdb = new TsdbService(dataDir.isEmpty() ? QString() : datadir::metricsDir(dataDir), m_selfMetrics.get(), nullptr,
        metricsOptions);
    m_logs = new LogService(dataDir.isEmpty() ? QString() : datadir::logsDir(dataDir), m_selfMetrics.get(), nullptr,
        logsOptions);
    if (m_options.requireStores) {
        QString failed;
        if (!m_tsdb->openError().isEmpty())
            failed = QStringLiteral("metric store %1 cannot open: %2").arg(datadir::metricsDir(dataDir), m_tsdb->openError());
        else if (!m_logs->openError().isEmpty())
            failed = QStringLiteral("log store %1 cannot open: %2").arg(datadir::logsDir(dataDir), m_logs->openError());
        if (!failed.isEmpty()) {
            delete m_tsdb;
            delete m_logs;
            m_tsdb = nullptr;
            m_logs = nullptr;
            return Error { ErrorCode::Io, failed.toStdString(), {} };
        }
    }
    connect(m_tsdb, &TsdbService::healthChanged, this, &Workbench::storageChanged, Qt::QueuedConnection);
    connect(m_logs, &LogService::healthChanged, this, &Workbench::storageChanged, Qt::QueuedConnection);
    // The demo writes its last hour of history only into a new data dir.
    const bool newDataDir = m_tsdb->isEmpty() && m_logs->isEmpty();
    m_tsdbStore = m_tsdb->store();
    m_logStore = m_logs->store();
    m_client = std::make_unique<QueryClient>(m_tsdbStore, m_logStore);
    m_client->setRemoteDatasources(m_remotes);
    if (!remoteWrite.remotes.empty())
        createRemoteWrite(remoteWrite); // before the store's thread starts: the WAL keeper is set from here
    startThread(m_tsdbThread, m_tsdb, "TsdbService");
    startThread(m_logThread, m_logs, "LogService");

    m_scrape = new scrape::ScrapeManager(m_selfMetrics.get());
    connect(m_scrape, &scrape::ScrapeManager::samplesScraped, m_tsdb, &TsdbService::append);
    m_client->setMetricMetadataSource([scrape = m_scrape] { return scrape->metadata(); });
    startThread(m_scrapeThread, m_scrape, "ScrapeManager");
    if (m_remoteWrite)
        m_remoteWrite->start();

    // Sightglass' own /metrics, scraped like any other target.
    auto* registry = m_selfMetrics.get();
    m_selfEndpoint = new metrics::MetricsEndpoint([this, registry] {
        registry->collectProcessMetrics();
        if (m_remoteWriteGauges)
            m_remoteWriteGauges();
        storageHealth(); // brings sightglass_storage_unreadable_chunks up to the stores' counts
        return registry->render();
    });
    startThread(m_httpThread, m_selfEndpoint, "SelfMetrics");
    quint16 port = 0;
    QMetaObject::invokeMethod(
        m_selfEndpoint, [&] { port = m_selfEndpoint->listen(); }, Qt::BlockingQueuedConnection);
    if (port == 0)
        return Error { ErrorCode::Io, "cannot listen on 127.0.0.1 for Sightglass' own /metrics", {} };
    m_selfUrl = m_selfEndpoint->url();
    if (auto error = startApi())
        return error;
    if (auto error = startCollector())
        return error;

    if (!m_options.demo) {
        setTargets();
        markReady();
        return std::nullopt;
    }

    m_demo = new demo::DemoService;
    // History first, then live lines: both are queued to the stores in this order, so nothing is out of order.
    // Ready once both stores hold the history and the demo's target is set.
    m_pendingReady = 3;
    auto historyStored = [this] { QMetaObject::invokeMethod(this, &Workbench::markReady, Qt::QueuedConnection); };
    connect(m_demo, &demo::DemoService::historyProduced, m_tsdb,
        [tsdb = m_tsdb, historyStored](const tsdb::AppendBatch& samples, const logs::PushBatch&) {
            tsdb->append(samples);
            historyStored();
        });
    connect(m_demo, &demo::DemoService::historyProduced, m_logs,
        [logs = m_logs, historyStored](const tsdb::AppendBatch&, const logs::PushBatch& lines) {
            logs->push(lines);
            historyStored();
        });
    connect(m_demo, &demo::DemoService::logsProduced, m_logs, &LogService::push);
    connect(m_demo, &demo::DemoService::started, this, &Workbench::onDemoStarted);
    startThread(m_demoThread, m_demo, "DemoService");
    if (!newDataDir)
        m_pendingReady = 1; // no history to wait for
    QMetaObject::invokeMethod(
        m_demo,
        [demo = m_demo, newDataDir] {
            if (newDataDir)
                demo->backfill(nowMs());
            demo->start();
        },
        Qt::QueuedConnection);
    return std::nullopt;
}

std::optional<Error> Workbench::openDataDir()
{
    const QString& dir = m_options.dataDir;
    if (dir.isEmpty()) { // temporary stores: retention still applies while they run
        auto settings = overriddenSettings({});
        if (!settings)
            return settings.error();
        m_settings = *settings;
        return std::nullopt;
    }
    QString moved;
    if (auto error = datadir::prepare(dir, &moved))
        return error;
    if (!moved.isEmpty()) {
        qWarning("%s", qPrintable(moved));
        m_startNotes << moved;
    }
    auto lock = datadir::DataDirLock::acquire(dir, m_options.lockHolder);
    if (!lock)
        return lock.error();
    m_lock = std::move(lock.value());
    if (const auto& previous = m_lock->tookOverFrom()) {
        const QString note = QStringLiteral("took over the lock of %1 left by %2, which did not stop cleanly")
                                 .arg(dir, previous->describe());
        qWarning("%s", qPrintable(note));
        m_startNotes << note;
    }
    const QString settingsFile = datadir::settingsPath(dir);
    auto settings = datadir::loadSettings(settingsFile);
    if (!settings)
        return settings.error();
    auto overridden = overriddenSettings(*settings);
    if (!overridden)
        return overridden.error();
    m_settings = *overridden;
    if (!m_lock->readOnly().isEmpty()) {
        // Nothing can be kept; the stores open read-only where they can and say so.
        qWarning("%s", qPrintable(m_lock->readOnly()));
        m_startNotes << m_lock->readOnly();
        return std::nullopt;
    }
    // The data dir remembers the retention it was last given, so a later start without flags keeps the data.
    if (m_settings != *settings || !QFile::exists(settingsFile))
        if (auto error = datadir::saveSettings(settingsFile, m_settings))
            return error;
    return std::nullopt;
}

Result<datadir::StorageSettings> Workbench::overriddenSettings(datadir::StorageSettings settings) const
{
    // Flags over the config file's storage: section over `settings` (what the data dir remembers).
    if (!m_options.configFile.isEmpty()) {
        auto fromConfig = datadir::loadConfigRetention(m_options.configFile);
        if (!fromConfig)
            return fromConfig.error();
        settings = fromConfig->applyTo(settings);
    }
    return m_options.retention.applyTo(settings);
}

std::vector<StoreHealth> Workbench::storageHealth(bool withDiskBytes) const
{
    std::vector<StoreHealth> out;
    if (!m_tsdb || !m_logs)
        return out;
    out.push_back(m_tsdb->health());
    out.push_back(m_logs->health());
    if (withDiskBytes)
        for (auto& h : out) {
            if (h.path.isEmpty() || (h.openFailed && !h.readOnly))
                continue;
            QDirIterator it(h.path, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
            while (it.hasNext()) {
                it.next();
                h.diskBytes += std::uint64_t(it.fileInfo().size());
            }
        }
    return out;
}

std::optional<std::string> Workbench::storageProblem() const
{
    QStringList problems;
    for (const auto& h : storageHealth())
        if (h.failed())
            problems << h.summary();
    if (problems.isEmpty())
        return std::nullopt;
    return problems.join(QStringLiteral("; ")).toStdString();
}

std::optional<Error> Workbench::startApi()
{
    if (m_options.apiListen.isEmpty())
        return std::nullopt;
    auto listen = api::parseListenAddress(m_options.apiListen);
    if (!listen.ok())
        return listen.error();
    api::ApiServerOptions options;
    options.address = listen->first;
    options.port = listen->second;
    options.notReadyReason = [this] { return storageProblem(); };
    if (!m_options.webConfigFile.isEmpty()) {
        auto web = api::loadWebConfig(m_options.webConfigFile);
        if (!web)
            return web.error();
        options.web = std::move(*web);
    }
    options.lokiTenant = m_options.lokiTenant.toStdString();
    options.lokiPushToken = m_options.lokiPushToken.toStdString();
    // A push waits on a pool thread of the API server until the store has it in its WAL; concurrent pushes are
    // group-committed by the store (one WAL sync for every push waiting at that moment).
    api::Pusher pusher = [logs = m_logs](logs::PushBatch&& batch) { return logs->push(std::move(batch)); };
    if (m_options.remoteWriteReceiver) {
        // A remote write waits on a pool thread of the API server until the TSDB's thread has the samples in its WAL.
        options.remoteWrite = [tsdb = m_tsdb](tsdb::AppendBatch&& batch) {
            tsdb::AppendStats stats;
            QMetaObject::invokeMethod(tsdb, [&] { stats = tsdb->append(batch); }, Qt::BlockingQueuedConnection);
            return stats;
        };
    }
    m_api = new api::ApiServer(m_client.get(), std::move(pusher), m_scrape, options);
    startThread(m_apiThread, m_api, "ApiServer");
    std::optional<Error> error;
    QMetaObject::invokeMethod(
        m_api,
        [&] {
            auto port = m_api->listen();
            if (!port.ok())
                error = port.error();
        },
        Qt::BlockingQueuedConnection);
    if (error)
        return error;
    m_apiUrl = m_api->url();
    return std::nullopt;
}

void Workbench::createRemoteWrite(const remotewrite::RemoteWriteSettings& settings)
{
    remotewrite::RemoteStorageDeps deps;
    deps.walDir = m_tsdbStore->walDir();
    deps.progressDir = m_tsdbStore->dir() + "/remote_write";
    deps.labelsOf = [store = m_tsdbStore](tsdb::SeriesRef ref) { return store->seriesLabels(ref); };
    deps.metadata = [this] { return m_scrape ? m_scrape->metadata() : std::vector<scrape::MetricMetadata> {}; };
    deps.registry = m_selfMetrics.get();
    deps.idlePoll = remotewrite::WokenIdlePoll;
    m_remoteWrite = std::make_unique<remotewrite::RemoteStorage>(settings, std::move(deps));
    m_tsdbStore->setWalKeeper(m_remoteWrite->walKeeper(), remotewrite::DefaultMaxKeptWalBytes);
    m_tsdbStore->setWalCommitHook(m_remoteWrite->walCommitHook());
    auto& dropped = m_selfMetrics->gauge("sightglass_remote_write_wal_dropped_kept_segments",
        "WAL segments deleted although a remote had not sent them, because the WAL kept for remotes passed its "
        "bound (1 GiB).");
    auto& kept = m_selfMetrics->gauge("sightglass_remote_write_wal_bytes", "Bytes of the metric store's WAL, "
        "segments kept for remote_write included.");
    m_remoteWriteGauges = [store = m_tsdbStore, &dropped, &kept] {
        dropped.set(double(store->walDroppedKeptSegments()));
        kept.set(double(store->walBytes())); // stats() would walk the head under its lock
    };
}

std::vector<remotewrite::QueueStatus> Workbench::remoteWriteStatus() const
{
    return m_remoteWrite ? m_remoteWrite->status() : std::vector<remotewrite::QueueStatus> {};
}

std::optional<Error> Workbench::startCollector()
{
    if (m_options.promtailConfig.isEmpty())
        return std::nullopt;
    auto config = ingest::loadPromtailConfig(m_options.promtailConfig.toStdString());
    if (!config.ok())
        return config.error();
    const std::vector<ingest::ClientConfig> clients = config.value().clients;
    m_collector = new ingest::LogCollector(std::move(config.value()));
    // A batch is acknowledged by the local store and by every client; positions move past its lines after that.
    // With clients, more batches may wait, so that a remote down for a while does not stop local collection at once.
    m_collector->setAcknowledgers(1 + int(clients.size()));
    m_collector->setMaxBatchesInFlight(clients.empty() ? 4 : 64);
    connect(m_collector, &ingest::LogCollector::linesCollected, m_logs,
        [logs = m_logs, collector = m_collector](const logs::PushBatch& batch, quint64 seq) {
            logs->push(batch);
            collector->acknowledge(seq);
        }); // queued: runs on the log service's thread
    for (const ingest::ClientConfig& c : clients) {
        auto* client = new forward::LokiClient(c, m_selfMetrics.get());
        client->setAcknowledge([collector = m_collector](quint64 seq) { collector->acknowledge(seq); });
        connect(m_collector, &ingest::LogCollector::linesCollected, client, &forward::LokiClient::enqueue);
        client->moveToThread(&m_forwardThread);
        connect(&m_forwardThread, &QThread::finished, client, &QObject::deleteLater);
        m_clients.push_back(client);
    }
    if (!m_clients.empty()) {
        m_forwardThread.setObjectName(QStringLiteral("LokiClients"));
        m_forwardThread.start();
        for (forward::LokiClient* client : m_clients)
            QMetaObject::invokeMethod(client, &forward::LokiClient::start, Qt::BlockingQueuedConnection);
    }
    startThread(m_ingestThread, m_collector, "LogCollector");
    std::optional<Error> error;
    QMetaObject::invokeMethod(m_collector, [&] { error = m_collector->start(); }, Qt::BlockingQueuedConnection);
    return error;
}

void Workbench::seedDashboards()
{
    // Dashboards are files in DATA/dashboards; without a data dir they live in a temporary folder for this run.
    if (m_options.dataDir.isEmpty()) {
        m_tempDashboards = std::make_unique<QTemporaryDir>();
        m_dashboardsDir = m_tempDashboards->path();
    } else {
        m_dashboardsDir = datadir::dashboardsDir(m_options.dataDir);
    }
    dashboards::DashboardStore store(m_dashboardsDir);
    // Each built-in dashboard is written once; deleted or edited afterwards, it stays as the user left it.
    if (m_options.demo)
        store.seedOnce(QStringLiteral("service-overview"), demo::serviceOverviewJson());
    store.seedOnce(QStringLiteral("targets-overview"), demo::targetsOverviewJson());
}

void Workbench::onDemoStarted(const QUrl& url)
{
    m_demoUrl = url;
    setTargets();
    markReady();
}

void Workbench::setTargets()
{
    std::vector<scrape::TargetConfig> targets = m_configTargets;
    if (m_demoUrl.isValid()) {
        auto demoTarget = demo::demoTarget(m_demoUrl);
        demoTarget.interval = m_options.demoScrapeInterval;
        demoTarget.timeout = std::min(demoTarget.timeout, m_options.demoScrapeInterval);
        demoTarget.firstScrapeOffsetCap = FirstDataWithinMs;
        targets.push_back(demoTarget);
    }
    scrape::TargetConfig self;
    self.job = QStringLiteral("sightglass");
    self.url = m_selfUrl;
    self.interval = m_options.selfScrapeInterval;
    self.timeout = std::min<DurationMs>(10'000, self.interval);
    self.firstScrapeOffsetCap = FirstDataWithinMs;
    targets.push_back(self);
    m_targetsSet = true;
    QMetaObject::invokeMethod(
        m_scrape,
        [scrape = m_scrape, targets, dropped = m_configDropped] {
            scrape->setDroppedTargets(dropped);
            scrape->setTargets(targets);
        },
        Qt::QueuedConnection);
}

void Workbench::markReady()
{
    if (m_ready || --m_pendingReady > 0)
        return;
    m_ready = true;
    Q_EMIT ready();
}

} // namespace sg::services
