#include "log_lens.h"

#include "label_bridge_state.h"

#include "core/correlation/log_selector.h"
#include "core/query/frames.h"
#include "ui/dashboard/panel_frame.h"
#include "ui/logs/log_line_delegate.h"
#include "ui/logs/log_lines_model.h"
#include "ui/theme.h"

#include <QDateTime>
#include <QLabel>
#include <QListView>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>


using namespace Qt::StringLiterals;

namespace sg::ui {

LogLens::LogLens(PanelFrame* frame, LabelBridgeState* bridge, services::QueryClient* client)
    : QWidget(frame)
    , m_frame(frame)
    , m_bridge(bridge)
    , m_client(client)
{
    setObjectName(u"logLens"_s);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 0);
    layout->setSpacing(1);
    m_status = new QLabel(this);
    m_status->setObjectName(u"logLensStatus"_s);
    m_status->setStyleSheet(u"color: #8e8e8e; font-size: 11px;"_s);
    m_model = new LogLinesModel(this);
    m_delegate = new LogLineDelegate(this);
    m_delegate->setShowLabels(false);
    m_list = new QListView(this);
    m_list->setObjectName(u"logLensList"_s);
    m_list->setModel(m_model);
    m_list->setItemDelegate(m_delegate);
    m_list->setUniformItemSizes(true);
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_list->setFrameShape(QFrame::NoFrame);
    // The panel's body colours, as the chart above it (the delegate paints in theme text colours).
    QPalette palette = m_list->palette();
    palette.setColor(QPalette::Base, theme::panelBackground());
    palette.setColor(QPalette::Text, theme::text());
    m_list->setPalette(palette);
    setAutoFillBackground(true);
    QPalette own = this->palette();
    own.setColor(QPalette::Window, theme::panelBackground());
    setPalette(own);
    layout->addWidget(m_status);
    layout->addWidget(m_list, 1);
    frame->addDock(this, 2);
    show();
    m_loadTimer = new QTimer(this);
    m_loadTimer->setSingleShot(true);
    m_loadTimer->setInterval(120);
    connect(m_loadTimer, &QTimer::timeout, this, [this] {
        if (m_timeMs >= 0)
            load(m_timeMs);
    });
    connect(frame, &PanelFrame::refreshed, this, &LogLens::reload);
    connect(bridge, &LabelBridgeState::mappingChanged, this, &LogLens::reload);
    connect(frame, &PanelFrame::hoverTimeChanged, this, [this](qint64 t) { followTime(t, true); });
    reload();
}

LogLens::~LogLens()
{
    if (m_request && m_client)
        m_client->cancel(m_request);
}

int LogLens::lineCount() const { return int(m_model->totalLines()); }

void LogLens::reload()
{
    const query::PanelData& data = m_frame->data();
    m_loadedFromMs = m_loadedToMs = -1;
    if (!m_frame->hasRefreshed() || data.series.empty()) {
        m_status->setText(tr("Log lens: no series on this panel"));
        return;
    }
    std::vector<Labels> series = query::toLabelSets(data.series);
    m_selector = QString::fromStdString(correlation::logSelectorForAll(series, m_bridge->mapping()));
    if (m_selector.isEmpty()) {
        m_status->setText(tr("Log lens: no log labels map to this panel's series"));
        return;
    }
    load(m_timeMs >= 0 ? m_timeMs : data.toMs);
}

qint64 LogLens::windowMs() const
{
    const query::PanelData& data = m_frame->data();
    return std::max<qint64>(60'000, (data.toMs - data.fromMs) / 40);
}

void LogLens::load(qint64 aroundMs)
{
    const query::PanelData& data = m_frame->data();
    if (m_selector.isEmpty())
        return;
    if (m_request)
        m_client->cancel(m_request);
    m_requestedAroundMs = aroundMs;
    services::QueryRequest request;
    request.language = services::QueryLanguage::LogQL;
    request.datasourceUid = m_bridge->logsUid(); // the bridge's logs datasource: embedded, or a remote Loki
    request.kind = services::QueryKind::Logs;
    request.refId = u"lens"_s;
    request.expr = m_selector;
    request.fromMs = std::max(data.fromMs, aroundMs - windowMs());
    request.toMs = std::min(data.toMs, aroundMs + windowMs());
    request.limit = LineLimit;
    request.direction = logs::Direction::Forward;
    m_status->setText(tr("Log lens: loading %1").arg(m_selector));
    m_request = m_client->submit(request, this, [this, request](const services::QueryResponse& r) {
        m_request = 0;
        if (r.error) {
            m_status->setText(tr("Log lens: %1").arg(QString::fromStdString(r.error->message)));
            return;
        }
        // The answer covers its window, or up to its last line when the limit cut it.
        m_loadedFromMs = request.fromMs;
        m_loadedToMs = int(r.logs.size()) >= LineLimit && !r.logs.empty()
            ? std::max(request.fromMs, r.logs.back().timeNs / 1'000'000)
            : request.toMs;
        m_streams = query::toStreams(r.logs);
        m_shownSeries.reset();
        m_narrowed = false;
        showStreams(std::nullopt);
        m_status->setText(tr("Log lens · %1 · %2 lines; hover the graph to follow").arg(m_selector).arg(lineCount()));
        if (m_timeMs >= 0)
            followTime(m_timeMs, m_followingPanel);
        Q_EMIT loaded(lineCount());
    });
}

void LogLens::showStreams(const std::optional<query::LabelPairs>& series)
{
    if (!series) {
        m_model->setStreams(m_streams, logs::Direction::Forward);
        m_narrowed = false;
    } else {
        const Matchers matchers = correlation::logMatchersFor(query::toLabels(*series), m_bridge->mapping());
        std::vector<logs::Stream> shown;
        for (const logs::Stream& s : m_streams)
            if (matchesAll(matchers, s.labels))
                shown.push_back(s);
        m_model->setStreams(std::move(shown), logs::Direction::Forward);
        m_narrowed = true;
    }
    m_shownSeries = series;
}

QString LogLens::statusText() const { return m_status->text(); }

void LogLens::followTime(qint64 timeMs, bool fromPanel)
{
    m_timeMs = timeMs;
    m_followingPanel = fromPanel;
    // A moment outside the loaded window: its lines are loaded once the crosshair rests (each move restarts the wait).
    // (Not again for the moment last asked for: more lines than the limit before it leave it uncovered.)
    if (timeMs >= 0 && (timeMs < m_loadedFromMs || timeMs > m_loadedToMs) && !m_selector.isEmpty()
        && std::abs(timeMs - m_requestedAroundMs) > windowMs() / 4)
        m_loadTimer->start();
    if (timeMs < 0) {
        m_delegate->setTimeHighlight(0, 0);
        m_list->viewport()->update();
        return;
    }
    // Over its own panel the lens narrows to the hovered series' streams; the shared crosshair shows them all.
    const std::optional<query::LabelPairs> series = fromPanel && m_frame->view() ? m_frame->view()->hoveredSeries() : std::nullopt;
    if (series != m_shownSeries)
        showStreams(series);
    // The hovered moment: its second, or where a pixel of the plot spans more, two pixels' time either side of it
    // (what a hand on a mouse can aim at)
    const query::PanelData& data = m_frame->data();
    const qint64 pixelMs = m_frame->view() && m_frame->view()->width() > 0
        ? (data.toMs - data.fromMs) / std::max(1, m_frame->view()->width())
        : 0;
    const qint64 fromNs = pixelMs > 1000 ? (timeMs - 2 * pixelMs) * 1'000'000LL : (timeMs / 1000) * 1'000'000'000LL;
    const qint64 toNs = pixelMs > 1000 ? (timeMs + 2 * pixelMs + 1) * 1'000'000LL : fromNs + 1'000'000'000LL;
    m_delegate->setTimeHighlight(fromNs, toNs);
    m_currentRow = m_model->rowNearest(timeMs * 1'000'000LL);
    m_highlighted = 0;
    if (m_currentRow >= 0) {
        // Count the hovered moment's lines around the nearest row (they are contiguous in time order).
        for (int r = m_currentRow; r >= 0 && m_model->entryAt(r).ts >= fromNs; --r)
            m_highlighted += m_model->entryAt(r).ts < toNs ? 1 : 0;
        for (int r = m_currentRow + 1; r < m_model->rowCount() && m_model->entryAt(r).ts < toNs; ++r)
            m_highlighted += m_model->entryAt(r).ts >= fromNs ? 1 : 0;
        m_list->scrollTo(m_model->index(m_currentRow), QAbstractItemView::PositionAtCenter);
    }
    const QString when = QDateTime::fromMSecsSinceEpoch(timeMs).toString(u"HH:mm:ss"_s);
    const QString whose = m_narrowed ? tr("the hovered series' streams") : m_selector;
    m_status->setText(m_highlighted == 1 ? tr("Log lens · %1 · 1 line at %2").arg(whose, when)
                                         : tr("Log lens · %1 · %2 lines at %3").arg(whose).arg(m_highlighted).arg(when));
    m_list->viewport()->update();
}

} // namespace sg::ui
