// MainWindow's label bridge: the "N log streams match" badges, Shift+drag to a range's logs, the mapping editor.
#include "main_window.h"

#include "core/correlation/log_selector.h"
#include "core/correlation/panels_sharing.h"
#include "core/datadir/layout.h"
#include "core/query/frames.h"
#include "ui/charts/time_series_panel.h"
#include "ui/correlation/label_bridge_state.h"
#include "ui/correlation/label_mapping_dialog.h"
#include "ui/correlation/log_lens.h"
#include "ui/correlation/log_streams_badge.h"
#include "ui/dashboard/dashboard_model.h"
#include "ui/dashboard/dashboard_view.h"
#include "ui/dashboard/panel_frame.h"
#include "ui/pages/click_through.h"
#include "ui/pages/explore_page.h"
#include "ui/widgets/grafana_time_picker.h"

#include <QDateTime>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QToolButton>
#include <QTabWidget>

using namespace Qt::StringLiterals;

namespace sg {
namespace {

std::vector<Labels> chartSeries(const ui::TimeSeriesPanel* chart)
{
    std::vector<Labels> series;
    for (int i = 0; i < chart->seriesCount(); ++i)
        series.push_back(chart->seriesLabels(i));
    return series;
}

std::vector<Labels> frameSeries(const ui::PanelFrame& frame)
{
    std::vector<Labels> series;
    for (const query::SeriesFrame& s : frame.data().series)
        series.push_back(query::toLabels(s.labels));
    return series;
}

} // namespace

void MainWindow::connectBridge()
{
    m_bridge = new ui::LabelBridgeState(m_client, this);
    connect(m_view, &ui::DashboardView::frameAdded, this, [this](ui::PanelFrame* frame) {
        auto* badge = new ui::LogStreamsBadge(frame, m_bridge);
        connect(badge, &ui::LogStreamsBadge::logsRequested, this, &MainWindow::openLogsRange);
        addLensAction(frame);
    });
    // The lenses follow the dashboard's shared crosshair too.
    connect(m_view, &ui::DashboardView::sharedHoverChanged, this, [this](ui::PanelFrame* source, qint64 t) {
        for (ui::LogLens* lens : m_view->findChildren<ui::LogLens*>())
            if (lens->parent() != source)
                lens->followTime(t, false);
    });
    connect(m_view, &ui::DashboardView::logsRangeSelected, this, &MainWindow::openPanelRangeLogs);
    connect(m_view, &ui::DashboardView::whatChangedRangeSelected, this, [this](int panelId, qint64 fromMs, qint64 toMs) {
        if (const ui::PanelFrame* frame = m_view->frameById(panelId))
            openSeriesRangeLogs(frameSeries(*frame), frame->panel().title(), fromMs, toMs, true);
    });
    connect(m_explore, &ui::ExplorePage::relatedPanelsRequested, this, &MainWindow::showRelatedPanels);
    connect(m_explore, &ui::ExplorePage::logsRangeSelected, this, [this](qint64 fromMs, qint64 toMs) {
        openSeriesRangeLogs(chartSeries(m_explore->rangeChart()), tr("the graph"), fromMs, toMs);
    });
    connect(m_explore, &ui::ExplorePage::whatChangedRangeSelected, this, [this](qint64 fromMs, qint64 toMs) {
        openSeriesRangeLogs(chartSeries(m_explore->rangeChart()), tr("the graph"), fromMs, toMs, true);
    });
    // The defaults follow the stores: inferred again over the range of each dashboard opened.
    connect(m_model, &ui::DashboardModel::loaded, this, [this] {
        updateBridgePair();
        const auto r = m_picker->resolve();
        m_bridge->infer({ r.fromMs, r.toMs });
    });
    const TimestampMs now = nowMs();
    m_bridge->infer({ now - 6 * 3600'000, now });
}

void MainWindow::updateBridgePair()
{
    if (!m_bridge)
        return;
    const correlation::BridgePair pair = correlation::bridgePairOf(m_model->dashboard(), m_datasources);
    if (pair.metricsUid == m_bridge->metricsUid() && pair.logsUid == m_bridge->logsUid())
        return;
    m_bridge->setPair(pair.metricsUid, pair.logsUid);
    const auto r = m_picker->resolve();
    m_bridge->infer({ r.fromMs, r.toMs });
}

void MainWindow::addLensAction(ui::PanelFrame* frame)
{
    QMenu* menu = frame->menuButton()->menu();
    QAction* action = menu->addAction(tr("Log lens"));
    action->setObjectName(u"logLensAction"_s);
    action->setCheckable(true);
    action->setToolTip(tr("A strip of the panel's log lines under it that follows the crosshair"));
    connect(action, &QAction::toggled, frame, [this, frame](bool on) {
        if (auto* lens = frame->findChild<ui::LogLens*>(QString(), Qt::FindDirectChildrenOnly); lens && !on)
            delete lens;
        else if (!lens && on)
            new ui::LogLens(frame, m_bridge, m_client);
    });
    // Only where there are series to follow.
    connect(menu, &QMenu::aboutToShow, action, [frame, action] { action->setVisible(frame->renderedAs() == u"timeseries"); });
}

QMenu* MainWindow::showRelatedPanels(const QString& logQuery)
{
    const auto labels = correlation::logQueryLabels(logQuery.toStdString());
    if (!labels.ok()) {
        m_status->setText(tr("Metric panels need a log query: %1").arg(QString::fromStdString(labels.error().message)));
        return nullptr;
    }
    const auto panels = correlation::metricPanelsSharing(*labels, m_model->dashboard(), m_bridge->mapping());
    if (!m_relatedMenu) {
        m_relatedMenu = new QMenu(this);
        m_relatedMenu->setObjectName(u"relatedPanelsMenu"_s);
    }
    m_relatedMenu->clear();
    for (const correlation::PanelMatch& p : panels) {
        const QString text = p.agreeing == 0 ? p.title
            : p.agreeing == 1                ? tr("%1 (1 label agrees)").arg(p.title)
                                             : tr("%1 (%2 labels agree)").arg(p.title).arg(p.agreeing);
        m_relatedMenu->addAction(text, this, [this, id = p.panelId] {
            m_tabs->setCurrentWidget(m_dashboardPage);
            if (ui::PanelFrame* frame = m_view->frameById(id))
                m_view->ensureWidgetVisible(frame);
        });
    }
    if (panels.empty())
        m_relatedMenu->addAction(tr("No metric panel of this dashboard shares these labels"))->setEnabled(false);
    QWidget* button = m_explore->relatedPanelsButton();
    m_relatedMenu->popup(button->mapToGlobal(QPoint(0, button->height())));
    return m_relatedMenu;
}

void MainWindow::setLabelMappingDataDir(const QString& dataDir)
{
    m_bridge->setMappingPath(dataDir.isEmpty() ? QString() : datadir::labelMappingPath(dataDir));
}

ui::LabelMappingDialog* MainWindow::editLabelMapping()
{
    auto* dialog = new ui::LabelMappingDialog(m_bridge, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
    return dialog;
}

Labels MainWindow::mappedLogLabels(const Labels& series) const
{
    // Until the bridge has inferred anything (or when it found nothing), the series' own names are the best guess.
    if (m_bridge->mapping().effective().empty())
        return series;
    return correlation::mapToLogLabels(series, m_bridge->mapping());
}

TimeRange MainWindow::clickLogsWindow(qint64 timeMs, qint64 stepMs) const
{
    const TimeRange window = ui::logsWindowFor(timeMs, stepMs);
    const TimestampMs padding = m_bridge->paddingMs();
    return { std::min<TimestampMs>(window.minMs, timeMs - padding), std::max<TimestampMs>(window.maxMs, timeMs + padding) };
}

void MainWindow::openPanelRangeLogs(int panelId, qint64 fromMs, qint64 toMs)
{
    const ui::PanelFrame* frame = m_view->frameById(panelId);
    if (!frame)
        return;
    openSeriesRangeLogs(frameSeries(*frame), frame->panel().title(), fromMs, toMs);
}

void MainWindow::openSeriesRangeLogs(const std::vector<Labels>& series, const QString& where, qint64 fromMs, qint64 toMs,
    bool whatChanged)
{
    const QString selector = QString::fromStdString(correlation::logSelectorForAll(series, m_bridge->mapping()));
    if (selector.isEmpty()) {
        m_status->setText(tr("No log labels match the series of %1").arg(where));
        return;
    }
    if (whatChanged) {
        // The dragged window itself is the spike (no padding): padding would dilute it with ordinary lines.
        m_exploreBaseSelector = selector;
        m_tabs->setCurrentWidget(m_explore);
        m_explore->showWhatChanged(selector, fromMs, toMs);
        m_status->setText(tr("What changed in the logs of %1 for %2").arg(where, selector));
        return;
    }
    const qint64 padding = m_bridge->paddingMs();
    openLogsRange(selector, fromMs - padding, toMs + padding);
}

void MainWindow::openLogsRange(const QString& selector, qint64 fromMs, qint64 toMs)
{
    m_exploreBaseSelector = selector;
    m_tabs->setCurrentWidget(m_explore);
    m_explore->showLogs(selector, fromMs, toMs, m_bridge->logsUid());
    const QString f = u"HH:mm:ss"_s;
    m_status->setText(tr("Logs for %1 from %2 to %3")
                          .arg(selector, QDateTime::fromMSecsSinceEpoch(fromMs).toString(f),
                              QDateTime::fromMSecsSinceEpoch(toMs).toString(f)));
}

} // namespace sg
