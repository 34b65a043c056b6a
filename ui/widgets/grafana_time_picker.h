#pragma once

#include "core/templating/time_spec.h"

#include <QWidget>

class QComboBox;
class QLineEdit;
class QListWidget;
class QTimer;
class QToolButton;

namespace sg::ui {

/// Grafana's time picker: a range in Grafana's syntax ("now-6h" to "now", "now/d", absolute times), typed or
/// picked from the quick ranges; zoom out and shift back/forward; a refresh picker (Off, Auto, 5s…) that ticks.
class GrafanaTimePicker : public QWidget
{
    Q_OBJECT
public:
    explicit GrafanaTimePicker(QWidget* parent = nullptr);

    QString from() const { return m_from; }
    QString to() const { return m_to; }
    /// Sets the raw range (no signal); an invalid side keeps the previous one and returns false.
    bool setRange(const QString& from, const QString& to);
    void setTimeOptions(const templating::TimeOptions& options);
    const templating::TimeOptions& timeOptions() const { return m_options; }
    /// The range resolved now (or at `nowMs`).
    templating::ResolvedRange resolve(qint64 nowMs = 0) const;
    /// Sets the refresh interval ("" off, "auto", "10s"); `widthPx` is used by auto.
    void setRefresh(const QString& refresh);
    QString refresh() const { return m_refresh; }
    void setAutoRefreshWidth(int widthPx) { m_autoWidth = widthPx; }

    /// Applies what is typed in the From/To fields; returns the error text, empty when applied.
    QString applyTyped(const QString& from, const QString& to);
    /// Grafana's `t z`: doubles the span around the centre (absolute range).
    void zoomOut();
    /// Grafana's `t ←` / `t →`: moves the range by half its span (absolute range).
    void shift(int direction);
    /// An absolute range (drag to zoom on a panel).
    void setAbsolute(qint64 fromMs, qint64 toMs);
    QString buttonText() const;

Q_SIGNALS:
    /// The range changed (typed, picked, zoomed, shifted).
    void rangeChanged();
    /// The refresh timer ticked.
    void refreshTick();

private:
    void openPopup();
    void updateButton();
    void restartTimer();

    QString m_from = QStringLiteral("now-1h");
    QString m_to = QStringLiteral("now");
    QString m_refresh;
    templating::TimeOptions m_options;
    int m_autoWidth = 1000;
    QToolButton* m_button = nullptr;
    QToolButton* m_back = nullptr;
    QToolButton* m_forward = nullptr;
    QToolButton* m_zoom = nullptr;
    QComboBox* m_refreshBox = nullptr;
    QTimer* m_timer = nullptr;
};

} // namespace sg::ui
