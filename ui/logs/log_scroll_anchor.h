#pragma once

// Keeping a live tail readable: a redraw while the user has scrolled away from the newest lines leaves the line at
// the top of the list where it is; at the newest end the list follows the new lines.

#include "core/common/time.h"

#include <QString>

class QListView;

namespace sg::ui {

class LogLinesModel;

/// One line of a log list, found again after its rows changed: its time, text and stream.
struct LogLineKey
{
    TimestampNs ts = 0;
    QString line;
    QString labels;
    bool valid() const { return !line.isNull(); }
};

/// Where a log list was scrolled before its lines changed.
struct LogScrollAnchor
{
    bool atNewest = true; ///< at the newest end (the top when newest first, the bottom when oldest first)
    LogLineKey top;       ///< the first visible line
    int topPx = 0;        ///< its top edge in the viewport (≤ 0 when partly scrolled out)
    LogLineKey current;   ///< the keyboard's current line, if any
};

/// The anchor of `view` (showing `model`) now.
LogScrollAnchor captureScrollAnchor(const QListView& view, const LogLinesModel& model);

/// After the model changed: follows the newest end when the anchor was there, else scrolls so the anchored line sits
/// where it was (nothing moves when that line is gone). The current line is set again (a model reset clears it).
void restoreScrollAnchor(QListView& view, const LogLinesModel& model, const LogScrollAnchor& anchor);

} // namespace sg::ui
