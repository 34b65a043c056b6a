#pragma once

#include "core/common/result.h"
#include "core/dashboards/dashboard_store.h"
#include "core/datadir/lock.h"
#include "core/datadir/settings.h"
#include "core/services/query_client.h"
#include "core/scrape/target.h"
#include "core/services/log_service.h"
#include "core/services/remote_datasources.h"
#include "core/services/tsdb_service.h"

#include <QObject>
#include <QThread>
#include <QTemporaryDir>
#include <QUrl>

#include <memory>
#include <optional>

namespace sg::metrics {
class Registry;
class MetricsEndpoint;
}
namespace sg::scrape {
class ScrapeManager;
class TargetDiscovery;
}
namespace sg::demo {
class DemoService;
}
namespace sg::api {
class ApiServer;
}
namespace sg::ingest {
class LogCollector;
}
namespace sg::forward {
class LokiClient;
}
namespace sg::remotewrite {
class RemoteStorage;
struct RemoteWriteSettings;
struct QueueStatus;
}

namespace sg::services {

/// How a Workbench starts.
struct WorkbenchOptions
{
    QString dataDir;    ///< created when missing
    QString configFile; ///< a prometheus.yml; empty: none
    bool demo = true;   ///< run the embedded demo service (and backfill its last hour)
    DurationMs demoScrapeInterval = 5'000;
    DurationMs selfScrapeInterval = 15'000;
    /// `HOST:PORT` where the Prometheus and Loki HTTP APIs listen (port 0: ephemeral); empty: no API server.
    QString apiListen;
    /// A Promtail config whose file targets are tailed into the log store; empty: no collection.
    QString promtailConfig;
    /// Retention from the command line; applied over the data dir's storage.yml and written back to it.
    datadir::RetentionFlags retention;
    /// Written into the data dir's lock, so a second instance can name this one.
    QString lockHolder = QStringLiteral("sightglass");
    /// A store that cannot open fails start() (`serve`); otherwise it runs on a temporary store with its
    /// health Failed, shown by the GUI.
    bool requireStores = false;
    /// Prometheus' `--web.config.file` for the API listener (TLS, basic auth); empty: loopback only.
    QString webConfigFile;
    /// Loki pushes must carry this `X-Scope-OrgID` / `Authorization: Bearer` token; empty: not required.
    QString lokiTenant;
    QString lokiPushToken;
    /// `POST /api/v1/write` accepts Prometheus remote write into the metric store (`--web.enable-remote-write-receiver`).
    bool remoteWriteReceiver = false;
    /// Remote datasources: a file (`--datasources`: a `datasources:` section or a Grafana provisioning file) read
    /// after the config file's own `datasources:` section, then these, already parsed.
    QString datasourcesFile;
    std::vector<remote::RemoteDatasource> remoteDatasources;
};

/// The service graph shared by the GUI and headless modes: stores on their own threads, the scraper on its
/// thread, the demo service on its thread, Sightglass' own /metrics, and the QueryClient every reader (UI, CLI, HTTP APIs) queries through.
/// Lives on the thread that creates it (the UI thread in the GUI).
class Workbench : public QObject
{
    Q_OBJECT
public:
    explicit Workbench(WorkbenchOptions options, QObject* parent = nullptr);
    ~Workbench() override;

    /// Starts threads, listeners and scraping. Returns an error (config file, listener) instead of starting.
    std::optional<Error> start();
    /// True once the demo's history is stored and scrape targets are set; `ready()` is emitted then.
    bool isReady() const { return m_ready; }

    /// The UI's query path (cancellable requests, value frames).
    QueryClient* queryClient() const { return m_client.get(); }
    /// The remote datasources in force (the query client routes their uids to them).
    const std::vector<remote::RemoteDatasource>& remoteDatasources() const { return m_remotes; }
    /// The embedded datasources and the remote ones, for dashboards and editors.
    dashboards::DatasourceRegistry datasourceRegistry() const { return services::datasourceRegistry(m_remotes); }
    /// Where dashboard files live (DATA/dashboards, or a temporary folder without a data dir).
    QString dashboardsDir() const { return m_dashboardsDir; }
    /// The dashboard a new window opens: the demo's "Service overview", else "Targets overview".
    QString defaultDashboardUid() const
    {
        return m_options.demo ? QStringLiteral("service-overview") : QStringLiteral("targets-overview");
    }
    std::shared_ptr<tsdb::Store> metricsStore() const { return m_tsdbStore; }
    std::shared_ptr<const logs::LogQuerier> logStore() const { return m_logStore; }
    scrape::ScrapeManager* scrapeManager() const { return m_scrape; }
    QUrl demoMetricsUrl() const { return m_demoUrl; }
    QUrl selfMetricsUrl() const { return m_selfUrl; }
    /// `http://host:port` of the HTTP APIs once started with `apiListen`, else empty.
    QUrl apiUrl() const { return m_apiUrl; }
    /// The data dir's settings in force (retention per store).
    const datadir::StorageSettings& storageSettings() const { return m_settings; }
    const QString& dataDir() const { return m_options.dataDir; }
    /// Each store's health now (metrics, then logs); thread-safe. `withDiskBytes` also sums their files.
    std::vector<StoreHealth> storageHealth(bool withDiskBytes = false) const;
    /// Why the stores are not all healthy ("metrics store DIR: write failed: ..."), or nullopt.
    std::optional<std::string> storageProblem() const;
    /// Each remote_write queue's figures (empty without remote_write in the config); thread-safe.
    std::vector<remotewrite::QueueStatus> remoteWriteStatus() const;
    /// What start() noticed and the user should know: a stale lock taken over, a store moved into the layout.
    const QStringList& startNotes() const { return m_startNotes; }

Q_SIGNALS:
    void ready();
    /// A store failed or recovered: read storageHealth().
    void storageChanged();

private:
    void onDemoStarted(const QUrl& url);
    void setTargets();
    /// Counts one start-up step done; emits ready() after the last.
    void markReady();
    void seedDashboards();
    void startThread(QThread& thread, QObject* worker, const char* name);
    std::optional<Error> startApi();
    std::optional<Error> startCollector();
    /// Builds the remote_write queues of the config file over the metric store's WAL (started by start()).
    void createRemoteWrite(const remotewrite::RemoteWriteSettings& settings);
    /// Lays out and locks the data dir and reads its settings (flags applied, written back).
    std::optional<Error> openDataDir();
    /// `settings` with the config file's `storage:` section, then the retention flags, applied over it.
    Result<datadir::StorageSettings> overriddenSettings(datadir::StorageSettings settings) const;

    WorkbenchOptions m_options;
    std::vector<remote::RemoteDatasource> m_remotes;
    std::unique_ptr<datadir::DataDirLock> m_lock;
    datadir::StorageSettings m_settings;
    QStringList m_startNotes;
    QString m_dashboardsDir;
    std::unique_ptr<QTemporaryDir> m_tempDashboards;
    std::unique_ptr<metrics::Registry> m_selfMetrics;
    QThread m_tsdbThread;
    QThread m_logThread;
    QThread m_scrapeThread;
    QThread m_demoThread;
    QThread m_httpThread;
    QThread m_apiThread;
    QThread m_ingestThread;
    QThread m_forwardThread; ///< the clients of the Promtail config
    TsdbService* m_tsdb = nullptr;
    LogService* m_logs = nullptr;
    scrape::ScrapeManager* m_scrape = nullptr;
    demo::DemoService* m_demo = nullptr;
    metrics::MetricsEndpoint* m_selfEndpoint = nullptr;
    api::ApiServer* m_api = nullptr;
    ingest::LogCollector* m_collector = nullptr;
    std::vector<forward::LokiClient*> m_clients;
    std::unique_ptr<remotewrite::RemoteStorage> m_remoteWrite;
    std::function<void()> m_remoteWriteGauges; ///< refreshes the kept-WAL gauges before /metrics renders
    std::shared_ptr<tsdb::Store> m_tsdbStore;
    std::shared_ptr<const logs::LogQuerier> m_logStore;
    std::unique_ptr<QueryClient> m_client;
    scrape::TargetDiscovery* m_discovery = nullptr; ///< the config file's targets, file_sd kept live
    std::vector<scrape::TargetConfig> m_configTargets;
    std::vector<scrape::DroppedTarget> m_configDropped;
    bool m_targetsSet = false; ///< setTargets() ran once: discovery changes go straight to the scraper
    QUrl m_demoUrl;
    QUrl m_selfUrl;
    QUrl m_apiUrl;
    int m_pendingReady = 1; ///< steps left before ready(): history in each store, demo target set
    bool m_ready = false;
};

} // namespace sg::services
