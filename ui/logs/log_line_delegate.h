#pragma once

#include <QStyledItemDelegate>

namespace sg::ui {

/// Paints one log row Grafana-style: a level colour bar, the local time with milliseconds, the stream's
/// labels in muted text and the line in monospace. Rows have one fixed height (uniform item sizes).
class LogLineDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    explicit LogLineDelegate(QObject* parent = nullptr);

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

    void setShowLabels(bool show) { m_showLabels = show; }

private:
    QFont m_mono;
    bool m_showLabels = true;
};

} // namespace sg::ui
