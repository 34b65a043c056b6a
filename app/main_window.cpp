#include "main_window.h"

#include "core/common/time.h"
#include "core/dashboards/dashboard_json.h"
#include "core/services/query_client.h"
#include "core/services/remote_datasources.h"
#include "core/query/frames.h"
#include "ui/dashboard/dashboard_model.h"
#include "ui/dashboard/dashboard_view.h"
#include "ui/dashboard/panel_frame.h"
#include "ui/dashboard/variable_bar.h"
#include "ui/dashboard/variable_refresher.h"
#include "ui/editor/inspect_dialog.h"
#include "ui/editor/panel_editor.h"
#include "ui/pages/click_through.h"
#include "ui/pages/dashboards_page.h"
#include "ui/pages/datasources_page.h"
#include "ui/pages/explore_page.h"
#include "ui/pages/targets_page.h"
#include "ui/widgets/grafana_time_picker.h"
#include "ui/widgets/query_editor.h"

#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDateTime>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QJsonDocument>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QShortcut>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QUndoStack>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sg {

MainWindow::MainWindow(services::QueryClient* client, const QString& dashboardsDir, QWidget* parent)
    : QMainWindow(parent)
    , m_client(client)
    , m_store(std::make_unique<dashboards::DashboardStore>(dashboardsDir))
{
    setObjectName(u"mainWindow"_s);
    setAcceptDrops(true);
    resize(1400, 900);
    m_model = new ui::DashboardModel(this);
    m_refresher = new ui::VariableRefresher(m_model, client, this);

    auto* toolbar = addToolBar(tr("Dashboard"));
    toolbar->setObjectName(u"mainToolbar"_s);
    toolbar->setMovable(false);
    m_title = new QLabel(toolbar);
    m_title->setObjectName(u"dashboardTitle"_s);
    toolbar->addWidget(m_title);
    m_star = new QToolButton(toolbar);
    m_star->setObjectName(u"starButton"_s);
    m_star->setCheckable(true);
    m_star->setText(u"☆"_s);
    m_star->setToolTip(tr("Mark as favorite"));
    toolbar->addWidget(m_star);
    auto* editButton = new QToolButton(toolbar);
    editButton->setObjectName(u"editModeButton"_s);
    editButton->setText(tr("Edit"));
    editButton->setCheckable(true);
    editButton->setToolTip(tr("Edit the layout: drag panels by their title, resize them by their lower right corner"));
    toolbar->addWidget(editButton);
    auto* addButton = new QToolButton(toolbar);
    addButton->setObjectName(u"addPanelButton"_s);
    addButton->setText(tr("Add panel"));
    toolbar->addWidget(addButton);
    auto* saveButton = new QToolButton(toolbar);
    saveButton->setObjectName(u"saveButton"_s);
    saveButton->setText(tr("Save"));
    saveButton->setToolTip(tr("Save the dashboard (Ctrl+S)"));
    toolbar->addWidget(saveButton);
    auto* spacer = new QWidget(toolbar);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    toolbar->addWidget(spacer);
    m_picker = new ui::GrafanaTimePicker(toolbar);
    toolbar->addWidget(m_picker);
    auto* refreshButton = new QToolButton(toolbar);
    refreshButton->setObjectName(u"refreshButton"_s);
    refreshButton->setText(tr("Refresh"));
    refreshButton->setToolTip(tr("Run the queries again (F5)"));
    refreshButton->setShortcut(QKeySequence::Refresh);
    toolbar->addWidget(refreshButton);

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(u"pageTabs"_s);
    m_tabs->setDocumentMode(true);
    m_list = new ui::DashboardsPage(m_store.get(), m_tabs);
    m_dashboardPage = new QWidget(m_tabs);
    m_variableBar = new ui::VariableBar(m_model, m_refresher, m_dashboardPage);
    m_view = new ui::DashboardView(m_model, client, m_dashboardPage);
    auto* pageLayout = new QVBoxLayout(m_dashboardPage);
    pageLayout->setContentsMargins(0, 0, 0, 0);
    pageLayout->setSpacing(0);
    pageLayout->addWidget(m_variableBar);
    pageLayout->addWidget(m_view, 1);
    m_explore = new ui::ExplorePage(client, m_tabs);
    m_targets = new ui::TargetsPage(m_tabs);
    m_tabs->addTab(m_list, tr("Dashboards"));
    m_tabs->addTab(m_dashboardPage, tr("Dashboard"));
    m_tabs->addTab(m_explore, tr("Explore"));
    m_tabs->addTab(m_targets, tr("Targets"));
    m_datasourcesPage = new ui::DatasourcesPage(client, m_tabs);
    m_tabs->addTab(m_datasourcesPage, tr("Data sources"));
    connect(m_datasourcesPage, &ui::DatasourcesPage::datasourcesChanged, this,
        [this](const std::vector<remote::RemoteDatasource>& remotes) {
            if (m_client)
                m_client->setRemoteDatasources(remotes);
            setDatasources(services::datasourceRegistry(remotes));
        });
    setCentralWidget(m_tabs);

    m_status = new QLabel(this);
    m_status->setObjectName(u"statusText"_s);
    statusBar()->addWidget(m_status, 1);
    buildMenus();
    connectLinks();
    connectBridge();

    connect(refreshButton, &QToolButton::clicked, this, &MainWindow::refresh);
    connect(editButton, &QToolButton::toggled, m_view, &ui::DashboardView::setEditMode);
    connect(saveButton, &QToolButton::clicked, this, &MainWindow::save);
    connect(addButton, &QToolButton::clicked, this, &MainWindow::addPanel);
    connect(m_picker, &ui::GrafanaTimePicker::rangeChanged, this, [this] {
        const auto r = m_picker->resolve();
        m_refresher->refreshAll(r.fromMs, r.toMs, true);
        refresh();
    });
    connect(m_picker, &ui::GrafanaTimePicker::refreshTick, this, [this] {
        // Auto refresh only redraws the dashboard: Explore keeps what the user is reading.
        if (m_tabs->currentWidget() == m_dashboardPage)
            refresh();
    });
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int) {
        if (m_tabs->currentWidget() == m_dashboardPage) {
            // The list may have starred or unstarred the open dashboard meanwhile.
            const bool starred = m_store->isStarred(m_model->dashboard().uid());
            m_star->blockSignals(true);
            m_star->setChecked(starred);
            m_star->setText(starred ? u"★"_s : u"☆"_s);
            m_star->blockSignals(false);
            refresh();
        }
        // Explore reads the picker's range as it is now, not the one it had when it last ran.
        if (m_tabs->currentWidget() == m_explore) {
            const auto r = m_picker->resolve();
            m_explore->setTimeRange({ r.fromMs, r.toMs });
        }
        if (m_tabs->currentWidget() == m_list)
            m_list->reload();
    });
    connect(m_model, &ui::DashboardModel::loaded, this, &MainWindow::onLoaded);
    connect(m_model, &ui::DashboardModel::dirtyChanged, this, &MainWindow::updateTitle);
    connect(m_model, &ui::DashboardModel::changed, this, &MainWindow::updateTitle);
    connect(m_refresher, &ui::VariableRefresher::variablesChanged, this, &MainWindow::refresh);
    connect(m_view, &ui::DashboardView::seriesClicked, this, &MainWindow::openLogsFor);
    connect(m_view, &ui::DashboardView::rangeSelected, m_picker, &ui::GrafanaTimePicker::setAbsolute);
    connect(m_view, &ui::DashboardView::exportRequested, this, [this](int id, bool svg) { exportImage(id, svg); });
    connect(m_view, &ui::DashboardView::editRequested, this, &MainWindow::editPanel);
    connect(m_view, &ui::DashboardView::inspectRequested, this, &MainWindow::inspectPanel);
    connect(m_list, &ui::DashboardsPage::openRequested, this, &MainWindow::openDashboard);
    connect(m_list, &ui::DashboardsPage::message, this, &MainWindow::showMessage);
    // The open dashboard renamed or deleted from the list: its open copy follows, so that Ctrl+S does not undo it.
    connect(m_list, &ui::DashboardsPage::renamed, this, [this](const QString& uid, const QString& title) {
        if (uid != m_model->dashboard().uid())
            return;
        dashboards::Dashboard d = m_model->dashboard();
        d.setTitle(title);
        const bool dirty = m_model->isDirty();
        m_model->replace(d, tr("Rename dashboard"));
        if (!dirty)
            m_model->markSaved();
    });
    connect(m_list, &ui::DashboardsPage::deleted, this, [this](const QString& uid) {
        if (uid == m_model->dashboard().uid() && m_model->filePath() == m_store->pathOf(uid))
            m_model->setFilePath({}); // a later Save writes it as a new file, on purpose
    });
    connect(m_list, &ui::DashboardsPage::restored, this, [this](const QString& uid) {
        if (uid == m_model->dashboard().uid() && m_model->filePath().isEmpty())
            m_model->setFilePath(m_store->pathOf(uid));
    });
    connect(m_list, &ui::DashboardsPage::importRequested, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Import dashboard"), {}, tr("Dashboard JSON (*.json)"));
        if (!path.isEmpty())
            importFile(path);
    });
    connect(m_list, &ui::DashboardsPage::newRequested, this, [this] {
        if (!confirmDiscard())
            return;
        auto d = dashboards::importDashboard(QJsonObject { { u"title"_s, tr("New dashboard") },
            { u"schemaVersion"_s, dashboards::CurrentSchemaVersion }, { u"panels"_s, QJsonArray {} },
            { u"time"_s, QJsonObject { { u"from"_s, u"now-6h"_s }, { u"to"_s, u"now"_s } } } });
        d->setUid(dashboards::DashboardStore::newUid());
        m_model->load(*d, m_store->pathOf(d->uid()));
        m_tabs->setCurrentWidget(m_dashboardPage);
    });
    connect(m_star, &QToolButton::toggled, this, [this](bool on) {
        m_store->setStarred(m_model->dashboard().uid(), on);
        m_star->setText(on ? u"★"_s : u"☆"_s);
    });
    connect(m_explore, &ui::ExplorePage::seriesClicked, this, [this](const Labels& labels, qint64 timeMs) {
        // A click in Explore narrows the selector the logs came from, not the text a previous click narrowed.
        query::LabelPairs pairs;
        for (const Label& l : labels)
            pairs.emplace_back(QString::fromStdString(l.name), QString::fromStdString(l.value));
        QString base = m_exploreBaseSelector;
        if (base.isEmpty())
            base = m_explore->logsEditor()->text().trimmed();
        openLogs(base, pairs, timeMs, m_explore->metricsStep());
    });
    connect(m_explore->logsEditor(), &ui::QueryEditor::runRequested, this,
        [this](const QString& text) { m_exploreBaseSelector = text.trimmed(); });
}

void MainWindow::setStorage(ui::StorageHealthSource source, const QString& dataDir, const QStringList& notes)
{
    m_storageSource = std::move(source);
    m_dataDir = dataDir;
    setLabelMappingDataDir(dataDir);
    m_storageNotes = notes;
    if (!m_storageStatus) {
        m_storageStatus = new ui::StorageStatusButton(m_storageSource, dataDir, this);
        statusBar()->addPermanentWidget(m_storageStatus);
        connect(m_storageStatus, &ui::StorageStatusButton::detailsRequested, this, &MainWindow::showStorage);
        // Unreadable chunks are found by queries, not announced: look again now and then.
        auto* timer = new QTimer(this);
        connect(timer, &QTimer::timeout, this, &MainWindow::updateStorage);
        timer->start(10'000);
    }
    updateStorage();
    for (const QString& note : notes)
        showMessage(note);
}

void MainWindow::updateStorage()
{
    if (m_storageStatus)
        m_storageStatus->refreshHealth();
}

ui::StorageDialog* MainWindow::showStorage()
{
    auto* dialog = new ui::StorageDialog(m_storageSource, m_dataDir, m_storageNotes, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
    return dialog;
}

MainWindow::~MainWindow() = default;

void MainWindow::buildMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Import dashboard…"), QKeySequence(u"Ctrl+O"_s), this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Import dashboard"), {}, tr("Dashboard JSON (*.json)"));
        if (!path.isEmpty())
            importFile(path);
    });
    file->addAction(tr("Import from &clipboard"), this, [this] {
        importJson(QApplication::clipboard()->text().toUtf8());
    });
    file->addAction(tr("&Save dashboard"), QKeySequence::Save, this, &MainWindow::save);
    file->addSeparator();
    file->addAction(tr("Export &JSON…"), this, [this] { exportJson(false); });
    file->addAction(tr("Export JSON for &sharing externally…"), this, [this] { exportJson(true); });
    file->addAction(tr("Export dashboard as &PNG…"), this, [this] { exportImage(0, false); });
    file->addAction(tr("Export dashboard as S&VG…"), this, [this] { exportImage(0, true); });
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    QAction* undo = m_model->undoStack()->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    QAction* redo = m_model->undoStack()->createRedoAction(this, tr("&Redo"));
    redo->setShortcut(QKeySequence::Redo);
    edit->addAction(undo);
    edit->addAction(redo);
    edit->addAction(tr("Undo &delete dashboard"), m_list, &ui::DashboardsPage::undoDelete);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addAction(tr("Zoom out time range"), QKeySequence(u"T, Z"_s), m_picker, &ui::GrafanaTimePicker::zoomOut);
    view->addAction(tr("Move time range back"), QKeySequence(u"T, Left"_s), this, [this] { m_picker->shift(-1); });
    view->addAction(tr("Move time range forward"), QKeySequence(u"T, Right"_s), this, [this] { m_picker->shift(1); });
    view->addSeparator();
    view->addAction(tr("&Storage…"), this, &MainWindow::showStorage);
    view->addAction(tr("&Label mapping…"), this, &MainWindow::editLabelMapping);
}

QString MainWindow::statusText() const { return m_status->text(); }

void MainWindow::showMessage(const QString& text) { m_status->setText(text); }

dashboards::PanelQueryContext MainWindow::queryContext() const
{
    dashboards::PanelQueryContext context;
    context.from = m_picker->from();
    context.to = m_picker->to();
    context.nowMs = nowMs();
    context.time = m_picker->timeOptions();
    context.variables = dashboards::templatingVariables(m_model->dashboard());
    return context;
}

ui::PanelEditorDialog* MainWindow::editPanel(int panelId)
{
    auto* editor = new ui::PanelEditorDialog(m_model, m_client, m_view->datasources(), panelId,
        [this] { return queryContext(); }, this);
    editor->setAttribute(Qt::WA_DeleteOnClose);
    editor->resize(size() * 0.95);
    editor->show();
    return editor;
}

ui::InspectDialog* MainWindow::inspectPanel(int panelId)
{
    ui::PanelFrame* frame = m_view->frameById(panelId);
    if (!frame)
        return nullptr;
    auto* inspect = new ui::InspectDialog(m_model, frame, this);
    inspect->setAttribute(Qt::WA_DeleteOnClose);
    inspect->resize(size() * 0.8);
    inspect->show();
    return inspect;
}

int MainWindow::addPanel()
{
    // Grafana's "Add visualization": a time series panel on top, with one empty query.
    const dashboards::DatasourceInfo* ds = m_view->datasources().defaultDatasource();
    QJsonObject dsRef { { u"type"_s, ds ? ds->type : u"prometheus"_s }, { u"uid"_s, ds ? ds->uid : QString() } };
    QJsonObject panel { { u"type"_s, u"timeseries"_s }, { u"title"_s, tr("Panel Title") }, { u"datasource"_s, dsRef },
        { u"gridPos"_s, QJsonObject { { u"x"_s, 0 }, { u"y"_s, 0 }, { u"w"_s, 12 }, { u"h"_s, 8 } } },
        { u"targets"_s, QJsonArray { QJsonObject { { u"refId"_s, u"A"_s }, { u"datasource"_s, dsRef }, { u"expr"_s, QString() } } } },
        { u"fieldConfig"_s, QJsonObject { { u"defaults"_s, QJsonObject {} }, { u"overrides"_s, QJsonArray {} } } },
        { u"options"_s, QJsonObject {} } };
    const int id = m_model->addPanel(dashboards::Panel(panel));
    m_tabs->setCurrentWidget(m_dashboardPage);
    refresh();
    editPanel(id);
    return id;
}

bool MainWindow::openDashboard(const QString& uid)
{
    if (!confirmDiscard())
        return false;
    auto d = m_store->load(uid);
    if (!d.ok()) {
        showMessage(QString::fromStdString(d.error().message));
        return false;
    }
    m_model->load(std::move(*d), m_store->pathOf(uid));
    m_tabs->setCurrentWidget(m_dashboardPage);
    return true;
}

bool MainWindow::openFile(const QString& path)
{
    if (!confirmDiscard())
        return false;
    dashboards::ImportReport report;
    auto d = dashboards::importDashboardFile(path, &report);
    if (!d.ok()) {
        showMessage(QString::fromStdString(d.error().message));
        return false;
    }
    m_model->load(std::move(*d), QFileInfo(path).absoluteFilePath());
    m_tabs->setCurrentWidget(m_dashboardPage);
    if (!report.migrations.isEmpty())
        showMessage(tr("Opened %1 (migrated from schema %2: %3)")
                        .arg(path)
                        .arg(report.fromSchemaVersion)
                        .arg(report.migrations.size() > 3 ? tr("%n change(s)", nullptr, int(report.migrations.size()))
                                                          : report.migrations.join(u"; "_s)));
    return true;
}

bool MainWindow::importJson(const QByteArray& json)
{
    if (!confirmDiscard())
        return false;
    dashboards::ImportReport report;
    auto d = dashboards::importDashboard(json, &report);
    if (!d.ok()) {
        showMessage(tr("Import failed: %1").arg(QString::fromStdString(d.error().message)));
        return false;
    }
    // Grafana's import: a dashboard with the uid of one already here replaces nothing unless it is the same one;
    // give a clashing import a fresh uid.
    if (d->uid().isEmpty() || QFile::exists(m_store->pathOf(d->uid())))
        d->setUid(dashboards::DashboardStore::newUid());
    auto saved = m_store->save(*d);
    if (!saved.ok()) {
        showMessage(QString::fromStdString(saved.error().message));
        return false;
    }
    auto reloaded = m_store->load(*saved);
    m_model->load(std::move(*reloaded), m_store->pathOf(*saved));
    m_tabs->setCurrentWidget(m_dashboardPage);
    showMessage(tr("Imported \"%1\"").arg(m_model->dashboard().title()));
    return true;
}

bool MainWindow::importFile(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        showMessage(tr("Cannot read %1: %2").arg(path, f.errorString()));
        return false;
    }
    return importJson(f.readAll());
}

bool MainWindow::save()
{
    QString path = m_model->filePath();
    dashboards::Dashboard d = m_model->dashboard();
    if (d.uid().isEmpty())
        d.setUid(dashboards::DashboardStore::newUid());
    if (path.isEmpty())
        path = m_store->pathOf(d.uid());
    d.root().insert(u"version"_s, d.version() + 1);
    if (auto written = dashboards::writeDashboardFile(path, d); !written.ok()) {
        showMessage(tr("Cannot save: %1").arg(QString::fromStdString(written.error().message)));
        return false;
    }
    m_model->setFilePath(path);
    m_model->markSaved();
    showMessage(tr("Saved %1").arg(path));
    return true;
}

bool MainWindow::confirmDiscard()
{
    if (!m_model->isDirty())
        return true;
    const auto choice = QMessageBox::question(this, tr("Unsaved changes"),
        tr("\"%1\" has unsaved changes. Save them?").arg(m_model->dashboard().title()),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    if (choice == QMessageBox::Cancel)
        return false;
    if (choice == QMessageBox::Save)
        return save();
    return true;
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (confirmDiscard())
        event->accept();
    else
        event->ignore();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event)
{
    for (const QUrl& url : event->mimeData()->urls())
        if (url.isLocalFile() && url.toLocalFile().endsWith(u".json"_s, Qt::CaseInsensitive))
            importFile(url.toLocalFile());
}

void MainWindow::onLoaded()
{
    const dashboards::Dashboard& d = m_model->dashboard();
    templating::TimeOptions options;
    const QString tz = d.timezone();
    options.timeZone = tz == u"browser" ? QString() : tz;
    options.weekStart = templating::parseWeekStart(d.root().value(u"weekStart").toString());
    m_picker->setTimeOptions(options);
    m_picker->setRange(d.timeFrom(), d.timeTo());
    m_picker->setRefresh(d.refresh());
    const bool starred = m_store->isStarred(d.uid());
    m_star->blockSignals(true);
    m_star->setChecked(starred);
    m_star->setText(starred ? u"★"_s : u"☆"_s);
    m_star->blockSignals(false);
    updateTitle();
    const auto r = m_picker->resolve();
    m_refresher->refreshAll(r.fromMs, r.toMs);
    refresh();
}

void MainWindow::updateTitle()
{
    const QString title = m_model->dashboard().title();
    m_title->setText(title + (m_model->isDirty() ? u" •"_s : QString()));
    setWindowTitle(u"Sightglass — %1%2"_s.arg(title, m_model->isDirty() ? u" (unsaved)"_s : QString()));
}

void MainWindow::refresh()
{
    const auto range = m_picker->resolve();
    if (m_tabs->currentWidget() == m_explore) {
        m_explore->setTimeRange({ range.fromMs, range.toMs });
        m_explore->runMetrics();
        m_explore->runLogs();
    } else {
        const dashboards::PanelQueryContext context = queryContext();
        m_view->refresh(context);
    }
    m_status->setText(tr("Refreshed at %1").arg(QDateTime::currentDateTime().toString(u"HH:mm:ss"_s)));
}

void MainWindow::openLogsFor(int panelId, const query::LabelPairs& labels, qint64 timeMs)
{
    const dashboards::Dashboard& d = m_model->dashboard();
    const dashboards::Panel* panel = d.panelById(panelId);
    if (!panel)
        return;
    QString base = panel->json().value(u"sightglass").toObject().value(u"logsSelector").toString();
    if (base.isEmpty())
        base = d.root().value(u"sightglass").toObject().value(u"logsSelector").toString();
    qint64 step = 15'000;
    if (ui::PanelFrame* frame = m_view->frameById(panelId)) {
        if (!frame->lastPlan().queries.empty())
            step = frame->lastPlan().queries.front().stepMs;
        // Explore shows the clicked panel's graph above its logs, as Grafana's split view does.
        for (const auto& q : frame->lastPlan().queries) {
            if (q.datasource && q.datasource->kind() == dashboards::DatasourceKind::Prometheus) {
                const auto r = m_picker->resolve();
                m_explore->setTimeRange({ r.fromMs, r.toMs });
                m_explore->showMetrics(q.expr);
                break;
            }
        }
    }
    m_exploreBaseSelector = base;
    openLogs(base, labels, timeMs, step);
}

void MainWindow::openLogs(const QString& baseSelector, const query::LabelPairs& labels, qint64 timeMs, qint64 stepMs)
{
    if (!m_client)
        return;
    // The log store's label names decide which of the series' labels narrow the logs; read off the UI thread.
    m_client->labelNames(services::QueryLanguage::LogQL, this,
        [this, baseSelector, labels, timeMs, stepMs](const QStringList& logLabels) {
            const Labels seriesLabels = query::toLabels(labels);
            const QString selector = ui::logsSelectorFor(baseSelector, mappedLogLabels(seriesLabels), logLabels);
            if (selector.isEmpty()) {
                m_status->setText(tr("No log labels match %1").arg(QString::fromStdString(seriesLabels.toString())));
                return;
            }
            const TimeRange window = clickLogsWindow(timeMs, stepMs);
            m_tabs->setCurrentWidget(m_explore);
            m_explore->showLogs(selector, window.minMs, window.maxMs);
            m_status->setText(tr("Logs for %1 around %2")
                                  .arg(labels.empty() ? tr("the series") : QString::fromStdString(seriesLabels.toString()),
                                      QDateTime::fromMSecsSinceEpoch(timeMs).toString(u"HH:mm:ss"_s)));
        });
}

void MainWindow::setDatasources(const dashboards::DatasourceRegistry& registry)
{
    m_view->setDatasources(registry);
    m_refresher->setDatasources(registry);
    m_explore->setDatasources(registry);
    m_datasources = registry;
    updateBridgePair();
}

void MainWindow::setScrapeManager(scrape::ScrapeManager* manager) { m_targets->setScrapeManager(manager); }

} // namespace sg
