#include "explore_page.h"

#include "explore_add_to_dashboard.h"
#include "explore_history.h"
#include "explore_pane.h"
#include "explore_row.h"

#include "ui/charts/time_series_panel.h"
#include "ui/widgets/query_editor.h"
#include "ui/widgets/time_range_picker.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sg::ui {

ExplorePage::ExplorePage(services::QueryClient* queries, QWidget* parent)
    : QWidget(parent)
    , m_queries(queries)
    , m_datasources(dashboards::DatasourceRegistry::embedded())
{
    setObjectName(u"explorePage"_s);
    m_split = new QPushButton(tr("Split"), this);
    m_split->setObjectName(u"exploreSplit"_s);
    m_split->setToolTip(tr("Open a second pane beside this one"));
    connect(m_split, &QPushButton::clicked, this, &ExplorePage::split);
    m_sync = new QToolButton(this);
    m_sync->setObjectName(u"exploreSyncTime"_s);
    m_sync->setText(tr("Sync time"));
    m_sync->setToolTip(tr("Keep both panes on the same time range"));
    m_sync->setCheckable(true);
    m_sync->setChecked(true);
    connect(m_sync, &QToolButton::toggled, this, &ExplorePage::setTimeSynced);
    m_copyLink = new QPushButton(tr("Copy link"), this);
    m_copyLink->setObjectName(u"exploreCopyLink"_s);
    m_copyLink->setToolTip(tr("Copy a sightglass://explore link that reopens these panes and queries"));
    connect(m_copyLink, &QPushButton::clicked, this, &ExplorePage::copyLink);
    m_openLink = new QPushButton(tr("Open link"), this);
    m_openLink->setObjectName(u"exploreOpenLink"_s);
    m_openLink->setToolTip(tr("Open the Explore link on the clipboard (ours or Grafana's /explore?...)"));
    connect(m_openLink, &QPushButton::clicked, this, [this] { openLink(QGuiApplication::clipboard()->text()); });
    m_historyButton = new QToolButton(this);
    m_historyButton->setObjectName(u"exploreHistoryButton"_s);
    m_historyButton->setText(tr("Query history"));
    m_historyButton->setCheckable(true);
    m_status = new QLabel(this);
    m_status->setObjectName(u"exploreStatus"_s);
    m_status->setStyleSheet(u"color: #8e8e9a;"_s);
    auto* toolbar = new QHBoxLayout;
    toolbar->setContentsMargins(0, 0, 0, 0);
    toolbar->addWidget(m_status, 1);
    for (QWidget* w : std::initializer_list<QWidget*> { m_historyButton, m_copyLink, m_openLink, m_sync, m_split })
        toolbar->addWidget(w);

    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setObjectName(u"explorePanes"_s);
    m_splitter->setChildrenCollapsible(false);
    m_history = new ExploreHistory(this);
    m_history->hide();
    connect(m_historyButton, &QToolButton::toggled, this, [this](bool on) {
        m_history->setVisible(on);
        if (!on)
            return;
        // The drawer takes a third at most of the width, the panes share the rest.
        const int drawer = std::min(420, m_splitter->width() / 3);
        QList<int> sizes;
        for (std::size_t i = 0; i < m_panes.size(); ++i)
            sizes << (m_splitter->width() - drawer) / int(m_panes.size());
        m_splitter->setSizes(sizes << drawer);
    });
    connect(m_history, &ExploreHistory::runRequested, this, &ExplorePage::runFromHistory);
    m_splitter->addWidget(m_history);
    createPane();

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->setSpacing(6);
    layout->addLayout(toolbar);
    layout->addWidget(m_splitter, 1);
    updatePaneChrome();
}

void ExplorePage::setDatasources(const dashboards::DatasourceRegistry& registry)
{
    m_datasources = registry;
    for (ExplorePane* pane : m_panes)
        for (int i = 0; i < pane->rowCount(); ++i)
            pane->row(i)->reloadDatasources();
}

void ExplorePage::setDashboardStore(dashboards::DashboardStore* store)
{
    m_store = store;
}

ExplorePane* ExplorePage::createPane()
{
    auto* pane = new ExplorePane(m_queries, &m_datasources, m_splitter);
    m_splitter->insertWidget(int(m_panes.size()), pane); // the history drawer stays rightmost
    const bool left = m_panes.empty();
    m_panes.push_back(pane);
    if (left) {
        // The correlation tools and their tests speak to one Explore: the left pane's.
        connect(pane, &ExplorePane::logsFinished, this, &ExplorePage::logsFinished);
        connect(pane, &ExplorePane::metricsFinished, this, &ExplorePage::metricsFinished);
    }
    connect(pane, &ExplorePane::seriesClicked, this, &ExplorePage::seriesClicked);
    // a range dragged on either pane's graph: its series are that pane's (rangeChart)
    connect(pane, &ExplorePane::logsRangeSelected, this, [this, pane](qint64 fromMs, qint64 toMs) {
        m_rangePane = pane;
        Q_EMIT logsRangeSelected(fromMs, toMs);
    });
    connect(pane, &ExplorePane::whatChangedRangeSelected, this, [this, pane](qint64 fromMs, qint64 toMs) {
        m_rangePane = pane;
        Q_EMIT whatChangedRangeSelected(fromMs, toMs);
    });
    connect(pane, &ExplorePane::relatedPanelsRequested, this, &ExplorePage::relatedPanelsRequested);
    connect(pane, &ExplorePane::addToDashboardRequested, this, &ExplorePage::addToDashboard);
    connect(pane, &ExplorePane::timeRangePicked, this, [this, pane](TimeRange r) { syncFrom(pane, r); });
    // A pane's log rows shown as annotations mark the other pane's graph too while their time is synced.
    connect(pane, &ExplorePane::annotationsChanged, this, [this, pane](const std::vector<query::Annotation>& markers) {
        for (ExplorePane* other : m_panes)
            if (other != pane)
                other->setForeignAnnotations(m_synced ? markers : std::vector<query::Annotation> {});
    });
    connect(pane->closeButton(), &QToolButton::clicked, this, [this, pane] {
        const auto it = std::find(m_panes.begin(), m_panes.end(), pane);
        if (it != m_panes.end())
            closePane(int(it - m_panes.begin()));
    });
    // The shared crosshair: the dashboard's graphTooltip 1 between the panes' graphs.
    connect(pane->chart(), &TimeSeriesPanel::hoverTimeChanged, this, [this, pane](qint64 t) {
        for (ExplorePane* other : m_panes)
            if (other != pane)
                other->chart()->setSharedHover(t);
    });
    return pane;
}

void ExplorePage::updatePaneChrome()
{
    const bool split = m_panes.size() > 1;
    m_split->setEnabled(!split);
    m_sync->setVisible(split);
    for (ExplorePane* pane : m_panes) {
        pane->closeButton()->setVisible(split);
        pane->setTimePickerVisible(split);
    }
}

ExplorePane* ExplorePage::split()
{
    if (m_panes.size() > 1)
        return m_panes.back();
    ExplorePane* right = createPane();
    right->setState(m_panes.front()->state());
    right->setTimeRange(m_panes.front()->timeRange(), m_panes.front()->state().from, m_panes.front()->state().to);
    const int half = std::max(200, (m_splitter->width() - (m_history->isVisible() ? m_history->width() : 0)) / 2);
    QList<int> sizes { half, half };
    if (m_history->isVisible())
        sizes << m_history->width();
    else
        sizes << 0;
    m_splitter->setSizes(sizes);
    updatePaneChrome();
    right->setForeignAnnotations(m_synced ? m_panes.front()->ownAnnotations() : std::vector<query::Annotation> {});
    right->runAll();
    return right;
}

void ExplorePage::closePane(int index)
{
    if (m_panes.size() < 2 || index < 0 || index >= int(m_panes.size()))
        return;
    ExplorePane* closing = m_panes[std::size_t(index)];
    if (index == 0) {
        // The left pane carries the page's signals: it takes the right pane's state instead of going away.
        closing->setState(m_panes[1]->state());
        closing->runAll();
        closing = m_panes[1];
    }
    m_panes.erase(std::find(m_panes.begin(), m_panes.end(), closing));
    closing->hide();
    closing->deleteLater();
    updatePaneChrome();
}

void ExplorePage::setTimeSynced(bool synced)
{
    m_synced = synced;
    if (m_sync->isChecked() != synced)
        m_sync->setChecked(synced);
    // Markers cross between panes only while synced.
    for (ExplorePane* pane : m_panes)
        for (ExplorePane* other : m_panes)
            if (other != pane)
                other->setForeignAnnotations(synced ? pane->ownAnnotations() : std::vector<query::Annotation> {});
}

void ExplorePage::syncFrom(ExplorePane* source, TimeRange range)
{
    if (!m_synced)
        return;
    const dashboards::ExplorePaneState s = source->state();
    for (ExplorePane* other : m_panes) {
        if (other == source)
            continue;
        other->setTimeRange(range, s.from, s.to);
        other->runAll();
    }
}

void ExplorePage::runAll()
{
    for (ExplorePane* pane : m_panes)
        pane->runAll();
}

// --- state and links

dashboards::ExploreState ExplorePage::state() const
{
    dashboards::ExploreState s;
    for (const ExplorePane* pane : m_panes)
        s.panes.push_back(pane->state());
    s.syncTime = m_synced;
    return s;
}

void ExplorePage::setState(const dashboards::ExploreState& state)
{
    while (m_panes.size() > std::max<std::size_t>(1, state.panes.size()))
        closePane(int(m_panes.size()) - 1);
    while (m_panes.size() < state.panes.size())
        split();
    for (std::size_t i = 0; i < state.panes.size(); ++i)
        m_panes[i]->setState(state.panes[i]);
    setTimeSynced(state.syncTime);
    updatePaneChrome();
    runAll();
}

QString ExplorePage::link() const
{
    return dashboards::exploreLink(state());
}

bool ExplorePage::openLink(const QString& link)
{
    const auto parsed = dashboards::parseExploreLink(link);
    if (!parsed.ok()) {
        showStatus(tr("Cannot open this link: %1").arg(QString::fromStdString(parsed.error().message)));
        return false;
    }
    setState(parsed.value());
    showStatus(tr("Opened the Explore link"));
    return true;
}

void ExplorePage::copyLink()
{
    QGuiApplication::clipboard()->setText(link());
    showStatus(tr("Link copied to the clipboard"));
}

void ExplorePage::showStatus(const QString& text)
{
    m_status->setText(text);
}

QString ExplorePage::statusText() const
{
    return m_status->text();
}

void ExplorePage::addToDashboard(const dashboards::ExploreQuery& query, bool isLogQuery, bool asAnnotation)
{
    if (!m_addDialog) {
        m_addDialog = new AddToDashboardDialog(m_store, this);
        connect(m_addDialog, &AddToDashboardDialog::dashboardSaved, this, [this](const QString& uid, const QString& title) {
            showStatus(m_addedAnnotation ? tr("Added an annotation query to the dashboard \"%1\"").arg(title)
                                         : tr("Added a panel to the dashboard \"%1\"").arg(title));
            Q_EMIT dashboardSaved(uid);
        });
    }
    m_addedAnnotation = asAnnotation;
    m_addDialog->setQuery(query, isLogQuery, asAnnotation);
    m_addDialog->open();
}

void ExplorePage::runFromHistory(bool logql, const QString& query)
{
    // Into the left pane's first row of that language (a row is added when there is none), then run.
    ExplorePane* pane = m_panes.front();
    ExploreRow* target = nullptr;
    for (int i = 0; i < pane->rowCount() && !target; ++i)
        if (pane->row(i)->isLoki() == logql)
            target = pane->row(i);
    if (!target) {
        dashboards::ExploreQuery q;
        q.refId = QString();
        q.datasourceType = logql ? u"loki"_s : u"prometheus"_s;
        target = pane->addRow(q);
    }
    target->editor()->setText(query);
    pane->runAll();
}

// --- the left pane

void ExplorePage::setTimeRange(TimeRange range)
{
    const TimeRange before = m_panes.front()->timeRange();
    m_panes.front()->setTimeRange(range);
    if (!m_synced)
        return;
    // The right pane follows the window's picker too; the caller runs the left one.
    for (std::size_t i = 1; i < m_panes.size(); ++i) {
        m_panes[i]->setTimeRange(range);
        if (before.minMs != range.minMs || before.maxMs != range.maxMs)
            m_panes[i]->runAll();
    }
}

TimeRange ExplorePage::timeRange() const { return m_panes.front()->timeRange(); }
TimeRange ExplorePage::logsRange() const { return m_panes.front()->logsRange(); }
void ExplorePage::showLogs(const QString& selector, TimestampMs from, TimestampMs to, const QString& datasourceUid)
{
    m_panes.front()->showLogs(selector, from, to, datasourceUid);
}
void ExplorePage::showMetrics(const QString& query) { m_panes.front()->showMetrics(query); }
void ExplorePage::runMetrics() { m_panes.front()->runMetrics(); }
void ExplorePage::runLogs() { m_panes.front()->runLogs(); }
void ExplorePage::showLogContext(int row) { m_panes.front()->showLogContext(row); }
bool ExplorePage::showRateByLevel() { return m_panes.front()->showRateByLevel(); }
void ExplorePage::showWhatChanged() { m_panes.front()->showWhatChanged(); }
void ExplorePage::showWhatChanged(const QString& selector, TimestampMs from, TimestampMs to)
{
    m_panes.front()->showWhatChanged(selector, from, to);
}
QueryEditor* ExplorePage::metricsEditor() const { return m_panes.front()->metricsEditor(); }
QueryEditor* ExplorePage::logsEditor() const { return m_panes.front()->logsEditor(); }
TimeSeriesPanel* ExplorePage::chart() const { return m_panes.front()->chart(); }

TimeSeriesPanel* ExplorePage::rangeChart() const
{
    for (ExplorePane* pane : m_panes)
        if (pane == m_rangePane)
            return pane->chart();
    return chart();
}
LogsPanel* ExplorePage::logsPanel() const { return m_panes.front()->logsPanel(); }
QPushButton* ExplorePage::rateByLevelButton() const { return m_panes.front()->rateByLevelButton(); }
QPushButton* ExplorePage::relatedPanelsButton() const { return m_panes.front()->relatedPanelsButton(); }
QPushButton* ExplorePage::whatChangedButton() const { return m_panes.front()->whatChangedButton(); }
QDialog* ExplorePage::whatChangedDialog() const { return m_panes.front()->whatChangedDialog(); }
DurationMs ExplorePage::metricsStep() const { return m_panes.front()->metricsStep(); }
bool ExplorePage::isLogsLoading() const { return m_panes.front()->isLogsLoading(); }

} // namespace sg::ui
