#pragma once

#include "core/query/frame.h"
#include "log_level.h"

#include <QWidget>

#include <map>
#include <set>
#include <vector>

namespace sg::ui {

class LogLinesModel;

/// Line counts per level in equal time buckets over a range: what the logs volume draws.
struct LogsVolumeData
{
    qint64 fromMs = 0;
    qint64 toMs = 0;
    qint64 stepMs = 0;
    std::map<LogLevel, std::vector<double>> counts; ///< per level, one count per bucket
    int buckets() const { return stepMs > 0 ? int((toMs - fromMs + stepMs - 1) / stepMs) : 0; }
    double total() const;
};

/// Counts the lines `model` holds (before its level filter and dedup) into buckets of `stepMs` over [from, to].
LogsVolumeData volumeFromLines(const LogLinesModel& model, qint64 fromMs, qint64 toMs, qint64 stepMs);
/// Reads the series of `sum by (level) (count_over_time(...))` (a range query at `stepMs`): each series' `level`
/// label goes through Grafana's aliases (no level: Unknown).
LogsVolumeData volumeFromSeries(const std::vector<query::SeriesFrame>& series, qint64 fromMs, qint64 toMs, qint64 stepMs);

/// Grafana's logs volume: stacked bars of line counts per level over the whole range, the level colours, a legend
/// whose entries filter the list to one level (click again for all), and a drag across the bars that zooms.
class LogsVolume : public QWidget
{
    Q_OBJECT
public:
    explicit LogsVolume(QWidget* parent = nullptr);

    void setData(LogsVolumeData data);
    const LogsVolumeData& data() const { return m_data; }
    /// The levels shown (empty: all); the legend dims the others.
    void setSelectedLevels(std::set<LogLevel> levels);
    const std::set<LogLevel>& selectedLevels() const { return m_selected; }
    /// Where the legend entry of `level` is drawn (for clicks), empty when the level has no lines.
    QRect legendRect(LogLevel level) const;
    /// The x position of time `ms` in the bars' area.
    int xOf(qint64 ms) const;

    QSize sizeHint() const override { return QSize(600, 110); }

Q_SIGNALS:
    /// A legend click: show only these levels (empty: all).
    void levelFilterChanged(std::set<sg::ui::LogLevel> levels);
    /// A drag across the bars selected [fromMs, toMs].
    void rangeSelected(qint64 fromMs, qint64 toMs);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;

private:
    QRect plotRect() const;
    qint64 timeAt(int x) const;
    void layoutLegend();

    LogsVolumeData m_data;
    std::set<LogLevel> m_selected;
    std::vector<std::pair<LogLevel, QRect>> m_legend;
    double m_max = 0;
    int m_dragFrom = -1;
    int m_dragTo = -1;
};

} // namespace sg::ui
