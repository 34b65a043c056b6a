#pragma once

#include "core/common/result.h"
#include "core/scrape/scrape_config.h"
#include "core/scrape/target.h"

#include <QObject>
#include <QStringList>
#include <QTimer>

#include <vector>

class QFileSystemWatcher;

namespace sg::scrape {

/// Targets after relabeling: the ones to scrape and the ones relabeling dropped.
struct ResolvedTargets
{
    std::vector<TargetConfig> active;
    std::vector<DroppedTarget> dropped;
    std::vector<std::string> warnings; ///< unreadable file_sd files and the like; the rest still resolves
};

/// Reads one file_sd file: a JSON or YAML list of `{targets: [...], labels: {...}}`. Each group also gets
/// `__meta_filepath`, as in Prometheus.
Result<std::vector<TargetGroup>> readFileSdFile(const QString& path);

/// The files a file_sd config names now: each pattern's last element may hold `*`, `?` and `[...]` globs.
QStringList expandFileSdPatterns(const FileSdConfig& config);

/// Turns target groups into targets as Prometheus' `PopulateLabels` does: the discovered labels plus `job`,
/// `__address__`, `__scheme__`, `__metrics_path__`, `__scrape_interval__`, `__scrape_timeout__` and
/// `__param_<name>` go through `relabel_configs`; a dropped set or an empty `__address__` becomes a
/// DroppedTarget; the URL comes from `__scheme__://__address____metrics_path__?__param_*`; `instance`
/// defaults to `__address__`; labels starting with `__` are then removed. When more targets remain than
/// `target_limit`, every target of the config is disabled with the reason, as Prometheus fails them all.
ResolvedTargets resolveTargets(const ScrapeConfig& config, const std::vector<TargetGroup>& groups);

/// Resolves every scrape config, reading its file_sd files once.
ResolvedTargets resolveAllTargets(const PrometheusConfig& config);

/// Watches the file_sd files of a config (QFileSystemWatcher on the files and their directories, plus a
/// timer at the shortest refresh_interval) and emits the resolved targets when they change. Lives on any
/// thread with an event loop.
class TargetDiscovery : public QObject
{
    Q_OBJECT
public:
    explicit TargetDiscovery(PrometheusConfig config, QObject* parent = nullptr);
    ~TargetDiscovery() override;

    /// Resolves now and emits targetsChanged(), then keeps watching.
    void start();
    /// The last resolution.
    const ResolvedTargets& current() const { return m_current; }

Q_SIGNALS:
    void targetsChanged(std::vector<sg::scrape::TargetConfig> active, std::vector<sg::scrape::DroppedTarget> dropped);

private:
    void refresh();
    void scheduleRefresh();
    void updateWatches();

    PrometheusConfig m_config;
    ResolvedTargets m_current;
    QFileSystemWatcher* m_watcher = nullptr;
    QTimer m_refreshTimer; ///< refresh_interval
    QTimer m_debounce; ///< coalesces bursts of file events
    bool m_started = false;
};

} // namespace sg::scrape
