#include "log_scroll_anchor.h"

#include "log_lines_model.h"

#include <QItemSelectionModel>
#include <QListView>
#include <QScrollBar>

namespace sg::ui {
namespace {

constexpr int SearchRows = 200; ///< rows either side of rowNearest() that may share the line's time

bool newestFirst(const LogLinesModel& model)
{
    return model.sortOrder() == LogLinesModel::SortOrder::NewestFirst;
}

LogLineKey keyOf(const QModelIndex& index)
{
    if (!index.isValid())
        return {};
    return { index.data(LogLinesModel::TimeNsRole).toLongLong(), index.data(LogLinesModel::LineRole).toString(),
        index.data(LogLinesModel::LabelsRole).toString() };
}

/// The index showing `key`, or an invalid one.
QModelIndex find(const LogLinesModel& model, const LogLineKey& key)
{
    const int near = key.valid() ? model.rowNearest(key.ts) : -1;
    if (near < 0)
        return {};
    for (int row = std::max(0, near - SearchRows); row < std::min(model.rowCount(), near + SearchRows); ++row) {
        const QModelIndex index = model.index(row, 0);
        if (index.data(LogLinesModel::TimeNsRole).toLongLong() == key.ts
            && index.data(LogLinesModel::LineRole).toString() == key.line
            && index.data(LogLinesModel::LabelsRole).toString() == key.labels)
            return index;
    }
    return {};
}

} // namespace

LogScrollAnchor captureScrollAnchor(const QListView& view, const LogLinesModel& model)
{
    LogScrollAnchor anchor;
    const QScrollBar* bar = view.verticalScrollBar();
    anchor.atNewest = newestFirst(model) ? bar->value() <= bar->minimum() : bar->value() >= bar->maximum();
    const QModelIndex top = view.indexAt(QPoint(1, 1));
    anchor.atNewest = anchor.atNewest || !top.isValid(); // an empty list follows
    anchor.top = keyOf(top);
    anchor.topPx = top.isValid() ? view.visualRect(top).top() : 0;
    anchor.current = keyOf(view.currentIndex());
    return anchor;
}

void restoreScrollAnchor(QListView& view, const LogLinesModel& model, const LogScrollAnchor& anchor)
{
    // The rows are laid out later by default; the scroll range must hold the new rows now.
    view.doItemsLayout();
    if (const QModelIndex current = find(model, anchor.current); current.isValid())
        view.selectionModel()->setCurrentIndex(current, QItemSelectionModel::NoUpdate);
    QScrollBar* bar = view.verticalScrollBar();
    if (anchor.atNewest) {
        bar->setValue(newestFirst(model) ? bar->minimum() : bar->maximum());
        return;
    }
    const QModelIndex top = find(model, anchor.top);
    if (!top.isValid())
        return;
    view.scrollTo(top, QAbstractItemView::PositionAtTop);
    // Per pixel: put the line's top edge back where it was (partly scrolled out or not).
    bar->setValue(bar->value() + view.visualRect(top).top() - anchor.topPx);
}

} // namespace sg::ui
