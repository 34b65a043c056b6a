#pragma once

#include "core/dashboards/panel_queries.h"
#include "core/labels/selector_edit.h"
#include "core/templating/variable_options.h"

#include <QObject>
#include <QStringList>

namespace sg::services {
class QueryClient;
}

namespace sg::ui {

class DashboardModel;

/// Keeps a dashboard's variables' options and selections current, as Grafana's variable refresh does (no widgets):
/// query variables run their Prometheus or Loki variable query through the query client, custom, interval and
/// constant ones parse their definition; the regex, sort, All and the current-value rules then apply. Variables
/// are refreshed in order, so a chained variable sees the values of those before it; changing a variable refreshes
/// every variable whose query refers to it.
class VariableRefresher : public QObject
{
    Q_OBJECT
public:
    VariableRefresher(DashboardModel* model, services::QueryClient* client, QObject* parent = nullptr);

    /// Refreshes every variable (on load: all; on a time change: those with `refresh: 2`).
    void refreshAll(qint64 fromMs, qint64 toMs, bool timeChanged = false);
    /// Sets a variable's selection (the variable bar), then refreshes the variables that depend on it.
    void select(const QString& name, const QStringList& values);
    /// Sets an ad hoc variable's filters (the variable bar): saved in its JSON; panels run again.
    void setFilters(const QString& name, const std::vector<LabelFilter>& filters);
    bool isBusy() const { return m_busy > 0; }
    services::QueryClient* client() const { return m_client; }
    const dashboards::DatasourceRegistry& datasources() const { return m_datasources; }
    /// The datasources a datasource variable offers (default: the embedded ones).
    void setDatasources(dashboards::DatasourceRegistry registry) { m_datasources = std::move(registry); }

Q_SIGNALS:
    /// The variables settled after a refresh or a selection: panels should run again.
    void variablesChanged();

private:
    void refreshFrom(int index, const QSet<QString>& changed, bool all, bool timeChanged);
    void finishOne(int index, const QList<templating::MetricFindValue>& found, const QString& error,
        const QSet<QString>& changed, bool all, bool timeChanged);

    DashboardModel* m_model = nullptr;
    services::QueryClient* m_client = nullptr;
    dashboards::DatasourceRegistry m_datasources = dashboards::DatasourceRegistry::embedded();
    qint64 m_fromMs = 0;
    qint64 m_toMs = 0;
    int m_busy = 0;
    quint64 m_generation = 0;
};

} // namespace sg::ui
