#pragma once

#include "core/common/time.h"

#include <QWidget>

class QComboBox;
class QTimer;

namespace sg::ui {

/// Grafana's time picker: "Last 5 minutes" ... "Last 24 hours" or a custom absolute range, plus an
/// auto-refresh interval. Relative ranges resolve against the clock each time they are read.
class TimeRangePicker : public QWidget
{
    Q_OBJECT
public:
    explicit TimeRangePicker(QWidget* parent = nullptr);

    /// The selected range; a relative range ends now.
    TimeRange currentRange() const;
    /// 0 for a custom absolute range.
    DurationMs relativeSpan() const;
    /// Selects "Last <span>" (the nearest preset); emits rangeChanged when it changes.
    void setRelative(DurationMs span);
    /// Selects an absolute range; emits rangeChanged.
    void setCustomRange(TimeRange range);
    /// Auto-refresh period in ms (0: off); snaps to the nearest offered interval.
    void setRefreshInterval(DurationMs interval);
    DurationMs refreshInterval() const;

    /// Parses Grafana's "now-1h" / "5m" / "10s" style durations; 0 when not understood.
    static DurationMs parseDuration(const QString& text);

    QComboBox* rangeCombo() const { return m_range; }
    QComboBox* refreshCombo() const { return m_refresh; }

Q_SIGNALS:
    void rangeChanged();
    void refreshRequested();

private:
    void onRangeActivated(int index);
    void onRefreshChanged(int index);
    void editCustomRange();
    void updateCustomText();

    QComboBox* m_range = nullptr;
    QComboBox* m_refresh = nullptr;
    QTimer* m_timer = nullptr;
    TimeRange m_custom;
    int m_lastIndex = 0;
};

} // namespace sg::ui
