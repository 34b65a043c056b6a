#pragma once

#include "core/dashboards/panel_queries.h"
#include "core/query/frame.h"
#include "core/services/query_client.h"

#include <QObject>

namespace sg::ui {

/// Runs one panel's queries (no widgets): plans them (interpolation, steps), submits every target to the query
/// client, cancels the previous refresh's requests still running, and emits one PanelData once all answered.
/// Tested against a real QueryClient over in-memory stores.
class PanelQueryRunner : public QObject
{
    Q_OBJECT
public:
    explicit PanelQueryRunner(services::QueryClient* client, QObject* parent = nullptr);
    ~PanelQueryRunner() override;

    /// Starts a refresh of `panel`; the previous refresh's requests are cancelled. A panel without queries (text,
    /// row) answers at once with empty data.
    void run(const dashboards::Panel& panel, const dashboards::Dashboard& dashboard,
        const dashboards::DatasourceRegistry& datasources, const dashboards::PanelQueryContext& context);
    /// Cancels what is running; nothing is emitted for it.
    void cancel();
    bool isRunning() const { return !m_pending.empty(); }
    const dashboards::PanelQueryPlan& lastPlan() const { return m_plan; }
    const query::PanelData& lastData() const { return m_data; }
    /// Requests cancelled because a newer refresh superseded them (tests).
    int cancelledCount() const { return m_cancelled; }

Q_SIGNALS:
    /// Loading started (`data.loading` is set, the previous frames are kept for display).
    void started();
    void finished(const sg::query::PanelData& data);

private:
    void onResponse(std::size_t index, const services::QueryResponse& response);

    services::QueryClient* m_client = nullptr;
    dashboards::PanelQueryPlan m_plan;
    query::PanelData m_data;
    std::vector<services::RequestId> m_pending; ///< request ids of the current refresh (0 once answered)
    std::vector<services::QueryResponse> m_responses;
    std::size_t m_open = 0;
    int m_cancelled = 0;
    quint64 m_generation = 0;
};

} // namespace sg::ui
