// ExplorePane: its rows, its result sections and its state. Running the rows is in explore_pane_run.cpp.
#include "explore_pane.h"

#include "explore_row.h"

#include "core/langsvc/query_client_data.h"
#include "core/query/frames.h"
#include "core/templating/time_spec.h"
#include "ui/charts/time_series_panel.h"
#include "ui/logs/log_lines_model.h"
#include "ui/logs/logs_panel.h"
#include "ui/logs/logs_volume.h"
#include "ui/query_editor/explain_attach.h"
#include "ui/widgets/query_editor.h"
#include "ui/widgets/time_range_picker.h"

#include <QComboBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QSplitter>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include <numeric>

using namespace Qt::StringLiterals;

namespace sg::ui {
namespace {
QWidget* section(const QString& title, const QString& name, QWidget* bar, QWidget* body, QWidget* parent)
{
    auto* box = new QWidget(parent);
    box->setAttribute(Qt::WA_StyledBackground);
    box->setObjectName(name);
    box->setStyleSheet(u"QWidget#%1 { background: #181b1f; border: 1px solid #2c3035; }"_s.arg(name));
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(8, 6, 8, 6);
    layout->setSpacing(4);
    auto* header = new QHBoxLayout;
    auto* label = new QLabel(title, box);
    label->setStyleSheet(u"font-weight: 600; color: #d8d9da; border: 0;"_s);
    header->addWidget(label);
    if (bar)
        header->addWidget(bar, 1);
    else
        header->addStretch(1);
    layout->addLayout(header);
    layout->addWidget(body, 1);
    return box;
}

QString formatRange(TimeRange r)
{
    const QString f = u"yyyy-MM-dd HH:mm:ss"_s;
    return QDateTime::fromMSecsSinceEpoch(r.minMs).toString(f) + u" → "_s
        + QDateTime::fromMSecsSinceEpoch(r.maxMs).toString(f);
}
} // namespace

ExplorePane::ExplorePane(services::QueryClient* queries, const dashboards::DatasourceRegistry* datasources, QWidget* parent)
    : QWidget(parent)
    , m_queries(queries)
    , m_datasources(datasources)
{
    setObjectName(u"explorePane"_s);
    const TimestampMs now = nowMs();
    m_range = { now - 3600'000, now };
    m_logsRange = m_range;

    m_addQuery = new QPushButton(tr("+ Add query"), this);
    m_addQuery->setObjectName(u"exploreAddQuery"_s);
    connect(m_addQuery, &QPushButton::clicked, this, &ExplorePane::addQuery);
    m_run = new QPushButton(tr("Run query"), this);
    m_run->setObjectName(u"exploreRunQuery"_s);
    m_run->setToolTip(tr("Run every query of this pane (Ctrl+Enter in any query)"));
    m_run->setStyleSheet(u"QPushButton { background: #3d71d9; color: white; padding: 3px 12px; }"_s);
    connect(m_run, &QPushButton::clicked, this, &ExplorePane::runAll);
    m_picker = new TimeRangePicker(this);
    m_picker->setObjectName(u"explorePanePicker"_s);
    m_picker->refreshCombo()->hide();
    m_picker->setMaximumWidth(240);
    m_picker->hide();
    connect(m_picker, &TimeRangePicker::rangeChanged, this, [this] {
        const TimeRange r = m_picker->currentRange();
        const DurationMs span = m_picker->relativeSpan();
        setTimeRange(r, span > 0 ? u"now-%1s"_s.arg(span / 1000) : QString::number(r.minMs),
            span > 0 ? u"now"_s : QString::number(r.maxMs));
        runAll();
        Q_EMIT timeRangePicked(r);
    });
    m_close = new QToolButton(this);
    m_close->setObjectName(u"explorePaneClose"_s);
    m_close->setText(tr("Close"));
    m_close->setToolTip(tr("Close this pane"));
    m_close->hide();
    auto* toolbar = new QHBoxLayout;
    toolbar->setContentsMargins(0, 0, 0, 0);
    toolbar->addWidget(m_addQuery);
    toolbar->addStretch(1);
    toolbar->addWidget(m_picker);
    toolbar->addWidget(m_run);
    toolbar->addWidget(m_close);

    auto* rowsHolder = new QWidget(this);
    rowsHolder->setObjectName(u"exploreRows"_s);
    m_rowsHolder = rowsHolder;
    m_rowsLayout = new QVBoxLayout(rowsHolder);
    m_rowsLayout->setContentsMargins(0, 0, 0, 0);
    m_rowsLayout->setSpacing(4);
    m_rowsLayout->addStretch(1);
    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(rowsHolder);
    auto* queriesBox = new QWidget(this);
    auto* queriesLayout = new QVBoxLayout(queriesBox);
    queriesLayout->setContentsMargins(0, 0, 0, 0);
    queriesLayout->addLayout(toolbar);
    queriesLayout->addWidget(scroll, 1);

    m_splitter = new QSplitter(Qt::Vertical, this);
    m_splitter->setObjectName(u"exploreSplitter"_s);
    m_splitter->setChildrenCollapsible(false);
    m_splitter->addWidget(queriesBox);
    buildResults();
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_splitter);

    // Grafana's new Explore pane: one metric query and, here, one log query to go with it.
    dashboards::ExploreQuery metric;
    metric.datasourceType = u"prometheus"_s;
    addRow(metric);
    dashboards::ExploreQuery log;
    log.datasourceType = u"loki"_s;
    addRow(log);
    m_splitter->setSizes({ 260, 600, 200, 600 });
    connect(this, &ExplorePane::rowsChanged, this, &ExplorePane::fitQueries, Qt::QueuedConnection);
    m_logsWindow->setText(formatRange(m_logsRange));
}

void ExplorePane::buildResults()
{
    m_chart = new TimeSeriesPanel(this);
    m_chart->setObjectName(u"exploreChart"_s);
    connect(m_chart, &TimeSeriesPanel::seriesClicked, this, &ExplorePane::seriesClicked);
    connect(m_chart, &TimeSeriesPanel::logsRangeSelected, this, &ExplorePane::logsRangeSelected);
    connect(m_chart, &TimeSeriesPanel::whatChangedRangeSelected, this, &ExplorePane::whatChangedRangeSelected);
    connect(m_chart, &TimeSeriesPanel::zoomRangeSelected, this, [this](qint64 from, qint64 to) {
        // As a range picked in the pane's picker: the pane runs and a synced pane follows.
        setTimeRange({ from, to });
        runAll();
        Q_EMIT timeRangePicked(m_range);
    });
    m_graphSection = section(tr("Graph"), u"exploreGraphSection"_s, nullptr, m_chart, m_splitter);

    m_table = new QTableWidget(this);
    m_table->setObjectName(u"exploreTable"_s);
    m_table->setColumnCount(4);
    m_table->setHorizontalHeaderLabels({ tr("Query"), tr("Series"), tr("Time"), tr("Value") });
    m_table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSortingEnabled(false);
    m_tableSection = section(tr("Table"), u"exploreTableSection"_s, nullptr, m_table, m_splitter);
    m_tableSection->hide();

    m_logsSection = buildLogsSection();
    m_splitter->addWidget(m_graphSection);
    m_splitter->addWidget(m_tableSection);
    m_splitter->addWidget(m_logsSection);
    for (int i = 0; i < 4; ++i)
        m_splitter->setStretchFactor(i, i == 0 ? 0 : 1);
}

QWidget* ExplorePane::buildLogsSection()
{
    m_logsWindow = new QLabel(this);
    m_logsWindow->setObjectName(u"logsWindow"_s);
    m_logsWindow->setStyleSheet(u"color: #8e8e9a; border: 0;"_s);
    m_logs = new LogsPanel(this);
    m_logs->setObjectName(u"exploreLogs"_s);
    m_logs->setVolumeFromLines(!m_queries);
    if (m_queries)
        m_logs->setTailSource(m_queries->logsQuerier());
    connect(m_logs, &LogsPanel::queryChangeRequested, this, [this](const QString& query) {
        logsEditor()->setText(query);
        runLogs();
    });
    connect(m_logs, &LogsPanel::loadOlderRequested, this, [this] { loadOlderLogs(); });
    connect(m_logs, &LogsPanel::contextRequested, this, &ExplorePane::showLogContext);
    connect(m_logs->volume(), &LogsVolume::rangeSelected, this, [this](qint64 from, qint64 to) {
        setLogsRange({ from, to });
        runLogs();
    });
    m_rateByLevel = new QPushButton(tr("Rate by level"), this);
    m_rateByLevel->setObjectName(u"rateByLevel"_s);
    m_rateByLevel->setToolTip(tr("Graph this log query's lines per level in the metric row"));
    connect(m_rateByLevel, &QPushButton::clicked, this, &ExplorePane::showRateByLevel);
    m_relatedPanels = new QPushButton(tr("Metric panels"), this);
    m_relatedPanels->setObjectName(u"relatedPanels"_s);
    m_relatedPanels->setToolTip(tr("The open dashboard's metric panels whose series share this log query's labels"));
    connect(m_relatedPanels, &QPushButton::clicked, this, [this] { Q_EMIT relatedPanelsRequested(logsEditor()->text()); });
    m_whatChanged = new QPushButton(tr("What changed"), this);
    m_whatChanged->setObjectName(u"whatChanged"_s);
    m_whatChanged->setToolTip(tr("The log patterns of this range against a baseline (the same length before, or a day earlier), most changed first"));
    connect(m_whatChanged, &QPushButton::clicked, this, [this] { showWhatChanged(); });
    auto* bar = new QWidget(this);
    auto* barLayout = new QHBoxLayout(bar);
    barLayout->setContentsMargins(0, 0, 0, 0);
    barLayout->addWidget(m_logsWindow, 1);
    barLayout->addWidget(m_rateByLevel);
    barLayout->addWidget(m_relatedPanels);
    barLayout->addWidget(m_whatChanged);
    return section(tr("Logs"), u"exploreLogsSection"_s, bar, m_logs, m_splitter);
}

// --- rows

QString ExplorePane::nextRefId() const
{
    for (int i = 0;; ++i) {
        const QString id = i < 26 ? QString(QChar(u'A' + i)) : QString(QChar(u'A' + i / 26 - 1)) + QChar(u'A' + i % 26);
        bool used = false;
        for (const ExploreRow* r : m_rows)
            used = used || r->refId() == id;
        if (!used)
            return id;
    }
}

ExploreRow* ExplorePane::addRow(const dashboards::ExploreQuery& query)
{
    ExploreRow* row = insertRow(query);
    updateSections();
    Q_EMIT rowsChanged();
    return row;
}

ExploreRow* ExplorePane::insertRow(const dashboards::ExploreQuery& query)
{
    dashboards::ExploreQuery q = query;
    if (q.refId.isEmpty())
        q.refId = nextRefId();
    for (const ExploreRow* r : m_rows)
        if (r->refId() == q.refId)
            q.refId = nextRefId();
    auto* row = new ExploreRow(*m_datasources, this);
    row->setQuery(q);
    if (q.datasourceUid.isEmpty())
        row->setDatasourceType(q.datasourceType.isEmpty() ? u"prometheus"_s : q.datasourceType);
    m_rowsLayout->insertWidget(m_rowsLayout->count() - 1, row);
    m_rows.push_back(row);
    connect(row, &ExploreRow::runRequested, this, &ExplorePane::runAll);
    connect(row, &ExploreRow::duplicateRequested, this, &ExplorePane::duplicateRow);
    connect(row, &ExploreRow::removeRequested, this, &ExplorePane::removeRow);
    connect(row, &ExploreRow::changed, this, [this] {
        updateSections();
        Q_EMIT rowsChanged();
    });
    connect(row, &ExploreRow::addToDashboardRequested, this,
        [this](ExploreRow* r) { Q_EMIT addToDashboardRequested(r->query(), r->isLogQuery(), r->showsAsAnnotations()); });
    // Switching a row to markers (or back) moves its lines between the log list and the graph.
    connect(row->annotationsButton(), &QToolButton::toggled, this, [this] {
        runLogs();
        runAnnotations();
    });
    if (m_queries) {
        updateCompletionData(row);
        connect(row->datasourcePicker(), &QComboBox::currentIndexChanged, this, [this, row] { updateCompletionData(row); });
        attachExplain(row->editor(), m_queries, [this, row] {
            const TimeRange r = row->isLogQuery() ? m_logsRange : m_range;
            return std::pair(r.minMs, r.maxMs);
        });
    }
    return row;
}

ExploreRow* ExplorePane::addQuery()
{
    dashboards::ExploreQuery q;
    q.refId = nextRefId();
    q.datasourceType = u"prometheus"_s;
    ExploreRow* row = addRow(q);
    row->editor()->editor()->setFocus();
    return row;
}

ExploreRow* ExplorePane::duplicateRow(ExploreRow* row)
{
    dashboards::ExploreQuery q = row->query();
    q.refId = nextRefId();
    ExploreRow* copy = insertRow(q);
    // Below its original, as Grafana places a duplicate.
    const int at = int(std::find(m_rows.begin(), m_rows.end(), row) - m_rows.begin());
    m_rows.pop_back();
    m_rows.insert(m_rows.begin() + at + 1, copy);
    m_rowsLayout->removeWidget(copy);
    m_rowsLayout->insertWidget(at + 1, copy);
    updateSections();
    Q_EMIT rowsChanged();
    return copy;
}

void ExplorePane::removeRow(ExploreRow* row)
{
    const auto it = std::find(m_rows.begin(), m_rows.end(), row);
    if (it == m_rows.end())
        return;
    if (m_rows.size() == 1) {
        row->editor()->setText({});
        return;
    }
    m_rows.erase(it);
    row->hide();
    row->deleteLater();
    updateSections();
    Q_EMIT rowsChanged();
}

ExploreRow* ExplorePane::firstRow(bool logQuery)
{
    // A log row shown as annotations feeds the markers, not the log tools.
    for (ExploreRow* r : m_rows)
        if (r->isLogQuery() == logQuery && !r->showsAsAnnotations())
            return r;
    dashboards::ExploreQuery q;
    q.refId = nextRefId();
    q.datasourceType = logQuery ? u"loki"_s : u"prometheus"_s;
    return addRow(q);
}

ExploreRow* ExplorePane::metricsRow()
{
    return firstRow(false);
}

ExploreRow* ExplorePane::logsRow()
{
    return firstRow(true);
}

QueryEditor* ExplorePane::metricsEditor()
{
    return metricsRow()->editor();
}

QueryEditor* ExplorePane::logsEditor()
{
    return logsRow()->editor();
}

void ExplorePane::fitQueries()
{
    // The query rows take the room they need, up to two fifths of the pane; the shown sections share the rest,
    // the table taking a third of what the graph or the log list take.
    QList<int> sizes = m_splitter->sizes();
    const int total = std::accumulate(sizes.begin(), sizes.end(), 0);
    if (total <= 0)
        return;
    const int wanted = m_rowsHolder->sizeHint().height() + m_run->sizeHint().height() + 12;
    sizes[0] = std::min(wanted, total * 2 / 5);
    const int weights[] = { 0, 3, 1, 3 };
    int weight = 0;
    for (int i = 1; i < sizes.size(); ++i)
        weight += m_splitter->widget(i)->isVisibleTo(this) ? weights[i] : 0;
    for (int i = 1; i < sizes.size(); ++i)
        sizes[i] = weight > 0 && m_splitter->widget(i)->isVisibleTo(this) ? (total - sizes[0]) * weights[i] / weight : 0;
    m_splitter->setSizes(sizes);
}

void ExplorePane::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    fitQueries();
}

void ExplorePane::updateSections()
{
    bool graph = false, table = false, logs = false;
    for (const ExploreRow* r : m_rows) {
        if (r->isLogQuery())
            logs = true;
        else if (r->showsAsTable())
            table = true;
        else
            graph = true;
    }
    const bool changed = m_graphSection->isVisibleTo(this) != graph || m_tableSection->isVisibleTo(this) != table
        || m_logsSection->isVisibleTo(this) != logs;
    m_graphSection->setVisible(graph);
    m_tableSection->setVisible(table);
    m_logsSection->setVisible(logs);
    if (changed)
        QMetaObject::invokeMethod(this, &ExplorePane::fitQueries, Qt::QueuedConnection);
}

// --- time and state

void ExplorePane::setTimeRange(TimeRange range)
{
    setTimeRange(range, QString::number(range.minMs), QString::number(range.maxMs));
}

void ExplorePane::setTimeRange(TimeRange range, const QString& from, const QString& to)
{
    m_range = range;
    m_logsRange = range;
    m_rawFrom = from;
    m_rawTo = to;
    m_logsWindow->setText(formatRange(m_logsRange));
    // The pane's picker shows the range it runs on, without announcing it again.
    const QSignalBlocker block(m_picker);
    if (from.startsWith(u"now-"_s) && to == u"now"_s)
        m_picker->setRelative(range.maxMs - range.minMs);
    else
        m_picker->setCustomRange(range);
    updateCompletionData();
}

void ExplorePane::setLogsRange(TimeRange range)
{
    m_logsRange = range;
    m_logsWindow->setText(formatRange(m_logsRange));
}

void ExplorePane::setTimePickerVisible(bool visible)
{
    m_picker->setVisible(visible);
}

void ExplorePane::updateCompletionData()
{
    if (!m_queries)
        return;
    for (ExploreRow* r : m_rows)
        updateCompletionData(r);
}

void ExplorePane::updateCompletionData(ExploreRow* row)
{
    // Completion reads labels, values and log samples of the pane's range from the row's datasource: the embedded
    // stores, or the remote one it names (the workbench owns the client).
    row->editor()->setCompletionData(std::make_shared<langsvc::QueryClientCompletionData>(m_queries, m_range.minMs,
        m_range.maxMs, langsvc::QueryClientCompletionData::MetadataSource(), 10'000, row->query().datasourceUid));
}

dashboards::ExplorePaneState ExplorePane::state() const
{
    dashboards::ExplorePaneState s;
    s.from = m_rawFrom;
    s.to = m_rawTo;
    for (const ExploreRow* r : m_rows)
        s.queries.push_back(r->query());
    return s;
}

void ExplorePane::setState(const dashboards::ExplorePaneState& state)
{
    for (ExploreRow* r : m_rows) {
        r->hide();
        r->deleteLater();
    }
    m_rows.clear();
    for (const dashboards::ExploreQuery& q : state.queries)
        insertRow(q);
    if (m_rows.empty())
        insertRow({});
    if (auto range = templating::resolveRange(state.from, state.to, nowMs()); range.ok())
        setTimeRange({ range->fromMs, range->toMs }, state.from, state.to);
    updateSections();
    Q_EMIT rowsChanged();
}

} // namespace sg::ui
