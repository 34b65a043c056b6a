#pragma once

#include "core/common/time.h"
#include "core/dashboards/dashboard.h"
#include "core/labels/labels.h"
#include "core/services/query_service.h"

#include <QFrame>

#include <optional>
#include <vector>

class QLabel;
class QToolButton;

namespace sg::ui {

class LogsPanel;
class QueryEditor;
class TimeSeriesPanel;

/// One dashboard panel: a title bar with an edit toggle, a graph or a log list, and a query editor the
/// toggle reveals. Runs its queries through QueryService and keeps only the answers to its latest refresh.
class PanelWidget : public QFrame
{
    Q_OBJECT
public:
    PanelWidget(dashboards::Panel panel, services::QueryService* queries, QWidget* parent = nullptr);

    const dashboards::Panel& panel() const { return m_panel; }
    /// Re-runs every query of the panel for `range`.
    void refresh(TimeRange range);
    /// Step for a range query over `range` drawn `plotWidthPx` wide: range/width rounded up to a "nice"
    /// interval, never below the scrape interval.
    static DurationMs stepFor(TimeRange range, int plotWidthPx, DurationMs minStep = ScrapeInterval);
    DurationMs lastStep() const { return m_step; }
    TimeRange lastRange() const { return m_range; }
    /// True while answers to the latest refresh are outstanding.
    bool isLoading() const { return m_pending > 0; }
    /// Answers that arrived after a newer refresh started and were dropped.
    int droppedResponses() const { return m_dropped; }

    TimeSeriesPanel* timeSeries() const { return m_chart; }
    LogsPanel* logs() const { return m_logs; }
    QueryEditor* editor() const { return m_editor; }
    QToolButton* editButton() const { return m_edit; }

    static constexpr DurationMs ScrapeInterval = 15'000;

Q_SIGNALS:
    void seriesClicked(sg::Labels labels, qint64 timeMs);
    /// Every answer of the latest refresh has arrived (with data or an error).
    void refreshed();

private:
    void runQuery(std::size_t index);
    void onMetricAnswer(std::size_t index, const promql::Matrix& matrix, const std::optional<Error>& error);
    void onLogsAnswer(const services::LogResponse& response);
    void showError(std::size_t index, const Error& error);
    void finishOne();
    void redrawChart();

    dashboards::Panel m_panel;
    services::QueryService* m_queries = nullptr;
    TimeSeriesPanel* m_chart = nullptr;
    LogsPanel* m_logs = nullptr;
    QueryEditor* m_editor = nullptr;
    QToolButton* m_edit = nullptr;
    QLabel* m_title = nullptr;
    std::vector<services::RequestId> m_latest; ///< per query: the id whose answer we still want
    std::vector<promql::Matrix> m_results;    ///< per query: its latest matrix
    TimeRange m_range;
    DurationMs m_step = ScrapeInterval;
    int m_pending = 0;
    int m_dropped = 0;
    bool m_hasError = false;
};

} // namespace sg::ui
