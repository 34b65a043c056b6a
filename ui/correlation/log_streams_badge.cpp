#include "log_streams_badge.h"

#include "label_bridge_state.h"

#include "core/correlation/log_selector.h"
#include "core/query/frames.h"
#include "ui/dashboard/panel_frame.h"

using namespace Qt::StringLiterals;

namespace sg::ui {

LogStreamsBadge::LogStreamsBadge(PanelFrame* frame, LabelBridgeState* bridge)
    : QToolButton(frame)
    , m_frame(frame)
    , m_bridge(bridge)
{
    setObjectName(u"logStreamsBadge"_s);
    setAutoRaise(true);
    setCursor(Qt::PointingHandCursor);
    // A pill, so it does not read as part of the title beside it.
    setStyleSheet(u"QToolButton#logStreamsBadge { color: #6e9fff; border: 1px solid #3d71d9; border-radius: 8px;"
                  " padding: 0 6px; font-size: 11px; }"_s);
    setToolTip(tr("Log streams whose labels match this panel's series (through the label mapping)"));
    hide();
    frame->addHeaderWidget(this);
    connect(frame, &PanelFrame::refreshed, this, &LogStreamsBadge::recount);
    connect(bridge, &LabelBridgeState::mappingChanged, this, &LogStreamsBadge::recount);
    connect(this, &QToolButton::clicked, this, [this] {
        if (!m_selector.isEmpty())
            Q_EMIT logsRequested(m_selector, m_frame->data().fromMs, m_frame->data().toMs);
    });
}

void LogStreamsBadge::recount()
{
    const query::PanelData& data = m_frame->data();
    if (m_frame->renderedAs() != u"timeseries" || !m_frame->hasRefreshed() || data.series.empty()) {
        hide();
        return;
    }
    std::vector<Labels> series = query::toLabelSets(data.series);
    m_selector = QString::fromStdString(correlation::logSelectorForAll(series, m_bridge->mapping()));
    const quint64 generation = ++m_generation;
    m_bridge->countStreams(std::move(series), { data.fromMs, data.toMs }, this, [this, generation](int count) {
        if (generation != m_generation)
            return; // a later refresh or mapping is being counted
        m_count = count;
        setText(count == 1 ? tr("1 log stream matches") : tr("%1 log streams match").arg(count));
        setVisible(count > 0 && !m_selector.isEmpty());
        Q_EMIT counted(count);
    });
}

} // namespace sg::ui
