#include "annotation_runner.h"

#include "core/services/annotations.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace sg::ui {

AnnotationRunner::AnnotationRunner(services::QueryClient* client, QObject* parent)
    : QObject(parent)
    , m_client(client)
{
}

AnnotationRunner::~AnnotationRunner() { cancel(); }

void AnnotationRunner::cancel()
{
    for (services::RequestId id : m_pending)
        if (id && m_client)
            m_client->cancel(id);
    m_pending.clear();
    ++m_generation;
}

void AnnotationRunner::run(const dashboards::Dashboard& dashboard, const dashboards::DatasourceRegistry& datasources,
    const dashboards::PanelQueryContext& context)
{
    cancel();
    m_collected.clear();
    m_errors.clear();
    m_open = 0;
    for (const services::AnnotationQuery& q : services::annotationQueries(dashboard, datasources)) {
        // Planned as a panel: variables interpolated, the datasource resolved, the range of the dashboard.
        const dashboards::PanelQueryPlan plan = dashboards::planPanelQueries(q.asPanel(), dashboard, datasources, context);
        if (!plan.error.isEmpty() || plan.queries.empty() || !plan.queries.front().error.isEmpty()) {
            m_errors << u"%1: %2"_s.arg(q.name, plan.error.isEmpty() && !plan.queries.empty() ? plan.queries.front().error : plan.error);
            continue;
        }
        const dashboards::PlannedQuery& planned = plan.queries.front();
        // a remote datasource routes there; the embedded uids stay local
        submit(q, planned.expr, planned.datasource ? planned.datasource->uid : QString(), planned.fromMs, planned.toMs);
    }
    finishIfDone();
}

void AnnotationRunner::run(const std::vector<services::AnnotationQuery>& queries, qint64 fromMs, qint64 toMs)
{
    cancel();
    m_collected.clear();
    m_errors.clear();
    m_open = 0;
    for (const services::AnnotationQuery& q : queries)
        submit(q, q.expr, q.datasource.uid, fromMs, toMs);
    finishIfDone();
}

void AnnotationRunner::submit(const services::AnnotationQuery& q, const QString& expr, const QString& datasourceUid,
    qint64 fromMs, qint64 toMs)
{
    const bool logs = q.kind == services::AnnotationQuery::Kind::Logs;
    services::QueryRequest request;
    request.language = logs ? services::QueryLanguage::LogQL : services::QueryLanguage::PromQL;
    request.kind = logs ? services::QueryKind::Logs : services::QueryKind::Range;
    request.stepMs = q.stepMs;
    request.refId = u"Anno"_s;
    request.expr = expr;
    request.datasourceUid = datasourceUid;
    request.fromMs = fromMs;
    request.toMs = toMs;
    request.limit = q.maxLines;
    ++m_open;
    const quint64 generation = m_generation;
    m_pending.push_back(m_client->submit(request, this, [this, q, generation](const services::QueryResponse& r) {
        if (generation != m_generation)
            return;
        if (r.error)
            m_errors << u"%1: %2"_s.arg(q.name, QString::fromStdString(r.error->message));
        else
            for (query::Annotation& a : r.isLogs ? services::annotationsFromLogs(q, r.logs) : services::annotationsFromSeries(q, r.series))
                m_collected.push_back(std::move(a));
        --m_open;
        finishIfDone();
    }));
}

void AnnotationRunner::finishIfDone()
{
    if (m_open > 0)
        return;
    std::sort(m_collected.begin(), m_collected.end(),
        [](const query::Annotation& a, const query::Annotation& b) { return a.timeMs < b.timeMs; });
    m_annotations = std::move(m_collected);
    m_collected.clear();
    Q_EMIT ready(m_annotations);
}

} // namespace sg::ui
