#pragma once

#include "core/dashboards/dashboard.h"

#include <QString>

#include <optional>
#include <vector>

namespace sg::dashboards {

/// The kinds of datasource Sightglass queries.
enum class DatasourceKind { Prometheus, Loki, Unknown };

DatasourceKind kindOfPluginId(const QString& pluginId);

/// A configured datasource, as Grafana lists them.
struct DatasourceInfo
{
    QString uid;
    QString name;
    QString type; ///< Grafana plugin id: "prometheus", "loki"
    bool isDefault = false;
    DatasourceKind kind() const { return kindOfPluginId(type); }
};

/// The datasources a dashboard may name: the embedded Prometheus and Loki first, then configured ones.
class DatasourceRegistry
{
public:
    /// The embedded pair: "Prometheus" (uid "sightglass-prometheus", the default) and "Loki" (uid "sightglass-loki").
    static DatasourceRegistry embedded();
    /// The embedded pair followed by configured `remotes` (uid, name, plugin type; never URLs or secrets). A remote
    /// marked default becomes the default instead of the embedded Prometheus.
    static DatasourceRegistry withRemotes(const std::vector<DatasourceInfo>& remotes);

    void add(DatasourceInfo info);
    const std::vector<DatasourceInfo>& all() const { return m_list; }
    const DatasourceInfo* byUid(const QString& uid) const;
    const DatasourceInfo* byName(const QString& name) const;
    /// The default datasource of a type ("prometheus", "loki"): the one marked default, else the first.
    const DatasourceInfo* defaultOf(const QString& type) const;
    const DatasourceInfo* defaultDatasource() const;

private:
    std::vector<DatasourceInfo> m_list;
};

/// Resolves the datasource a panel's target runs against, as Grafana does: the target's own reference, else the
/// panel's, else the default. A uid naming a dashboard variable (`$ds`, `${ds}`) takes the variable's current value
/// (a uid or name) or its plugin type; `${DS_X}` takes the `__inputs` entry's plugin type; a legacy name is looked up
/// by name. `-- Mixed --` panels use each target's own. Returns nullptr when nothing fits.
const DatasourceInfo* resolveDatasource(const DatasourceRef& targetRef, const DatasourceRef& panelRef,
    const Dashboard& dashboard, const DatasourceRegistry& registry, const QString& exprHint = {});

} // namespace sg::dashboards
