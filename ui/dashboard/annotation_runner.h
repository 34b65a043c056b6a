#pragma once

#include "core/dashboards/panel_queries.h"
#include "core/query/frame.h"
#include "core/services/annotations.h"
#include "core/services/query_client.h"

#include <QObject>

namespace sg::ui {

/// Runs a dashboard's Loki and Prometheus annotation queries (services::annotationQueries) through the query client,
/// each over the dashboard's range with its variables interpolated and against its datasource (embedded, or the
/// remote its uid names): a log query for Loki, a range query at the annotation's step for Prometheus. Delivers their
/// markers together.
class AnnotationRunner : public QObject
{
    Q_OBJECT
public:
    explicit AnnotationRunner(services::QueryClient* client, QObject* parent = nullptr);
    ~AnnotationRunner() override;

    /// Starts the queries (cancelling those of a previous run); `ready` follows once every one answered.
    void run(const dashboards::Dashboard& dashboard, const dashboards::DatasourceRegistry& datasources,
        const dashboards::PanelQueryContext& context);
    /// The same for queries without a dashboard (Explore's log rows shown as annotations): each `expr` as written,
    /// over [fromMs, toMs].
    void run(const std::vector<services::AnnotationQuery>& queries, qint64 fromMs, qint64 toMs);
    const std::vector<query::Annotation>& annotations() const { return m_annotations; }
    /// The failures of the last run ("Errors: parse error ..."), for the status line.
    const QStringList& errors() const { return m_errors; }

Q_SIGNALS:
    void ready(const std::vector<sg::query::Annotation>& annotations);

private:
    void cancel();
    /// Starts one query of the current run; finish() once all answered.
    void submit(const services::AnnotationQuery& query, const QString& expr, const QString& datasourceUid,
        qint64 fromMs, qint64 toMs);
    void finishIfDone();

    services::QueryClient* m_client = nullptr;
    std::vector<services::RequestId> m_pending;
    std::vector<query::Annotation> m_collected;
    std::vector<query::Annotation> m_annotations;
    QStringList m_errors;
    int m_open = 0;
    quint64 m_generation = 0;
};

} // namespace sg::ui
