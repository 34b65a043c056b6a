#pragma once

#include "log_line_format.h"

#include <QStyledItemDelegate>

namespace sg::ui {

/// Paints one log row Grafana-style: a level colour bar, the local time with milliseconds, the stream's labels in
/// muted text, a `×N` badge for deduplicated rows and the line in monospace with the query's line filter matches
/// highlighted. Single-line rows share one fixed height (uniform item sizes); with wrap or prettified JSON a row is
/// as tall as its laid-out text, measured against `setTextWidth`.
class LogLineDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    explicit LogLineDelegate(QObject* parent = nullptr);

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

    void setShowLabels(bool show) { m_display.showLabels = show; }
    void setDisplay(const LineDisplay& display) { m_display = display; }
    const LineDisplay& display() const { return m_display; }
    void setHighlights(QList<QRegularExpression> patterns) { m_highlights = std::move(patterns); }
    /// Rows with a time in [fromNs, toNs) get a highlighted background (the log lens' hovered second); from >= to:
    /// none.
    void setTimeHighlight(qint64 fromNs, qint64 toNs)
    {
        m_highlightFromNs = fromNs;
        m_highlightToNs = toNs;
    }
    /// The width rows are laid out in (the view's viewport) when lines wrap.
    void setTextWidth(int width) { m_width = width; }

private:
    int rowHeight(const QFontMetrics& fm) const;
    int labelsWidth(int rowWidth) const;

    QFont m_mono;
    LineDisplay m_display;
    QList<QRegularExpression> m_highlights;
    int m_width = 800;
    qint64 m_highlightFromNs = 0;
    qint64 m_highlightToNs = 0;
    int m_timeWidth = 0;
};

} // namespace sg::ui
