#include "panel_query_runner.h"

using namespace Qt::StringLiterals;

namespace sg::ui {

PanelQueryRunner::PanelQueryRunner(services::QueryClient* client, QObject* parent)
    : QObject(parent)
    , m_client(client)
{
    qRegisterMetaType<sg::query::PanelData>();
}

PanelQueryRunner::~PanelQueryRunner() { cancel(); }

void PanelQueryRunner::cancel()
{
    for (services::RequestId id : m_pending) {
        if (id && m_client) {
            m_client->cancel(id);
            ++m_cancelled;
        }
    }
    m_pending.clear();
    m_open = 0;
    ++m_generation;
}

void PanelQueryRunner::run(const dashboards::Panel& panel, const dashboards::Dashboard& dashboard,
    const dashboards::DatasourceRegistry& datasources, const dashboards::PanelQueryContext& context)
{
    cancel();
    m_plan = dashboards::planPanelQueries(panel, dashboard, datasources, context);
    query::PanelData data;
    data.series = m_data.series; // shown while loading
    data.logs = m_data.logs;
    data.fromMs = m_plan.fromMs;
    data.toMs = m_plan.toMs;
    data.intervalMs = m_plan.intervalMs;
    data.loading = true;
    m_data = std::move(data);
    if (!m_plan.error.isEmpty()) {
        m_data = {};
        m_data.error = m_plan.error;
        Q_EMIT finished(m_data);
        return;
    }
    m_responses.assign(m_plan.queries.size(), {});
    m_pending.assign(m_plan.queries.size(), 0);
    m_open = 0;
    const quint64 generation = m_generation;
    for (std::size_t i = 0; i < m_plan.queries.size(); ++i) {
        const dashboards::PlannedQuery& q = m_plan.queries[i];
        if (!q.error.isEmpty() || !m_client) {
            services::QueryResponse r;
            r.refId = q.refId;
            r.error = Error { ErrorCode::Execution, (q.error.isEmpty() ? u"no query client"_s : q.error).toStdString(), {} };
            m_responses[i] = std::move(r);
            continue;
        }
        services::QueryRequest request;
        request.refId = q.refId;
        request.datasourceUid = q.datasource->uid; // a remote one routes there; the embedded uids stay local
        request.expr = q.expr;
        request.legendFormat = q.legendFormat;
        request.language = q.datasource->kind() == dashboards::DatasourceKind::Loki ? services::QueryLanguage::LogQL
                                                                                      : services::QueryLanguage::PromQL;
        request.kind = q.kind == dashboards::PlannedKind::Logs      ? services::QueryKind::Logs
            : q.kind == dashboards::PlannedKind::Instant ? services::QueryKind::Instant
                                                         : services::QueryKind::Range;
        request.fromMs = q.fromMs;
        request.toMs = q.toMs;
        request.stepMs = q.stepMs;
        request.limit = q.maxLines;
        ++m_open;
        m_pending[i] = m_client->submit(request, this, [this, i, generation](const services::QueryResponse& r) {
            if (generation != m_generation || i >= m_pending.size() || m_pending[i] != r.id)
                return; // superseded
            onResponse(i, r);
        });
    }
    Q_EMIT started();
    if (m_open == 0)
        onResponse(std::size_t(-1), {});
}

void PanelQueryRunner::onResponse(std::size_t index, const services::QueryResponse& response)
{
    if (index < m_responses.size()) {
        m_pending[index] = 0;
        m_responses[index] = response;
        --m_open;
    }
    if (m_open > 0)
        return;
    query::PanelData data;
    data.fromMs = m_plan.fromMs;
    data.toMs = m_plan.toMs;
    data.intervalMs = m_plan.intervalMs;
    for (std::size_t i = 0; i < m_responses.size(); ++i) {
        services::QueryResponse& r = m_responses[i];
        const dashboards::PlannedQuery& q = m_plan.queries[i];
        for (const QString& w : q.warnings)
            data.warnings.push_back(w);
        for (const QString& w : r.warnings)
            data.warnings.push_back(q.refId + u": "_s + w);
        if (r.error && data.error.isEmpty()) {
            QString message = QString::fromStdString(r.error->message);
            data.error = q.refId + u": "_s + message;
        }
        for (auto& s : r.series)
            data.series.push_back(std::move(s));
        for (auto& l : r.logs)
            data.logs.push_back(std::move(l));
        r.stats.expr = q.expr;
        data.stats.push_back(r.stats);
    }
    if (m_responses.size() > 1 && !data.logs.empty())
        std::stable_sort(data.logs.begin(), data.logs.end(),
            [](const query::LogRow& a, const query::LogRow& b) { return a.timeNs > b.timeNs; });
    m_pending.clear();
    m_data = std::move(data);
    Q_EMIT finished(m_data);
}

} // namespace sg::ui
