#pragma once

#include "core/common/result.h"
#include "core/dashboards/dashboard.h"
#include "core/dashboards/datasources.h"

#include <QByteArray>
#include <QString>

namespace sg::dashboards {

/// The schema version Sightglass writes: Grafana 12/13's.
constexpr int CurrentSchemaVersion = 42;

/// What import changed on the way in, for the user and the tests.
struct ImportReport
{
    int fromSchemaVersion = 0;
    QStringList migrations; ///< "rows[] -> grid", "panel 3: graph -> timeseries", ...
};

/// Parses a Grafana dashboard file (any schemaVersion from 1 on; an export "for sharing" with `__inputs`; the
/// `{"dashboard": {...}}` wrapper of Grafana's HTTP API) and migrates it to CurrentSchemaVersion as Grafana does.
/// Errors name the JSON position (offset) when the text is not JSON.
Result<Dashboard> importDashboard(const QByteArray& json, ImportReport* report = nullptr);
Result<Dashboard> importDashboard(const QJsonObject& json, ImportReport* report = nullptr);
Result<Dashboard> importDashboardFile(const QString& path, ImportReport* report = nullptr);

/// Migrates in place (the object form of a parsed dashboard).
void migrateDashboard(QJsonObject& dashboard, ImportReport* report = nullptr);
/// The panel-type migrations Grafana applies on load (graph -> timeseries, singlestat -> stat or gauge,
/// table-old -> table, text2 -> text), for one panel object.
void migratePanelType(QJsonObject& panel, ImportReport* report = nullptr);

/// Export as is: the dashboard's JSON, indented.
QByteArray exportDashboard(const Dashboard& d);

/// Export "for sharing externally", as Grafana's exporter writes it: each concrete datasource reference becomes
/// `${DS_NAME}` with an `__inputs` entry, `__requires` lists Grafana, the datasource and panel plugins, `id` is
/// null, and query variables lose their options and current value. Variables that name a datasource by `$var` are
/// left as they are.
QJsonObject exportForSharing(const Dashboard& d, const DatasourceRegistry& datasources);

} // namespace sg::dashboards
