#pragma once

// The small menu a Shift+drag over a time series opens on release: the logs of the range, what changed in them, or
// a zoom. Shared by the dashboard's time series panel and Explore's graph.

#include <QPoint>

#include <functional>

class QMenu;
class QWidget;

namespace sg::ui {

/// What to do with a drag-selected time range.
enum class RangeAction
{
    ShowLogs,    ///< the logs of the graph's series for the range
    WhatChanged, ///< the log patterns of the range against a baseline
    Zoom,        ///< the range becomes the time range
};

/// Pops up (does not block) a menu named "rangeMenu" at `globalPos` with "Show logs", "What changed in the logs"
/// and "Zoom to range"; `chosen` is called with the picked entry. The menu deletes itself when it closes.
QMenu* popupRangeMenu(QWidget* parent, QPoint globalPos, std::function<void(RangeAction)> chosen);

} // namespace sg::ui
