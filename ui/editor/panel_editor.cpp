#include "panel_editor.h"

#include "json_path.h"

#include "options_pane.h"
#include "query_errors.h"
#include "query_rows.h"
#include "viz_picker.h"

#include "core/common/time.h"
#include "core/templating/time_spec.h"
#include "core/dashboards/dashboard.h"
#include "core/langsvc/query_client_data.h"
#include "ui/dashboard/dashboard_model.h"
#include "ui/dashboard/panel_frame.h"
#include "ui/panels/registry.h"
#include "ui/widgets/query_editor.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QStackedWidget>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sg::ui {

namespace {

constexpr int PreviewDebounceMs = 300;

dashboards::Panel newPanel(const dashboards::DatasourceRegistry& datasources)
{
    const PanelPlugin* plugin = PanelRegistry::instance().find(u"timeseries"_s);
    QJsonObject target { { u"refId"_s, u"A"_s }, { u"expr"_s, QString() } };
    QJsonObject json { { u"type"_s, u"timeseries"_s }, { u"title"_s, QObject::tr("Panel Title") },
        { u"options"_s, plugin ? plugin->defaultOptions() : QJsonObject {} },
        { u"fieldConfig"_s, QJsonObject { { u"defaults"_s, QJsonObject {} }, { u"overrides"_s, QJsonArray {} } } } };
    if (const auto* ds = datasources.defaultDatasource()) {
        const QJsonValue ref = dashboards::DatasourceRef { ds->type, ds->uid }.toJson();
        json.insert(u"datasource"_s, ref);
        target.insert(u"datasource"_s, ref);
    }
    json.insert(u"targets"_s, QJsonArray { target });
    dashboards::Panel panel(json);
    panel.setGridPos({ 0, 0, 12, 8 });
    return panel;
}

} // namespace

PanelEditorDialog::PanelEditorDialog(DashboardModel* model, services::QueryClient* client,
    const dashboards::DatasourceRegistry& datasources, int panelId,
    std::function<dashboards::PanelQueryContext()> contextProvider, QWidget* parent)
    : QDialog(parent)
    , m_model(model)
    , m_client(client)
    , m_datasources(datasources)
    , m_contextProvider(std::move(contextProvider))
    , m_panelId(panelId)
{
    setObjectName(u"panelEditor"_s);
    const dashboards::Panel* existing = panelId ? m_model->dashboard().panelById(panelId) : nullptr;
    m_working = existing ? *existing : newPanel(m_datasources);
    if (!existing)
        m_panelId = 0;
    buildUi();
    // The rows normalise the targets (refIds, range/instant flags): that alone is no change.
    m_rows->writeTo(m_working);
    m_baseline = m_working;
    m_preview->setPanel(m_working);
    updateTitle();
    resize(1400, 900);
    QTimer::singleShot(0, this, &PanelEditorDialog::runQueries);
}

PanelEditorDialog::~PanelEditorDialog()
{
    // Hidden while every member is alive: hiding moves the focus, and a query row that loses it reports its text to
    // this dialog. Left to QDialog's destructor, the hiding would come after this class' members are gone.
    hide();
}

void PanelEditorDialog::buildUi()
{
    m_preview = new PanelFrame(m_working, m_client, this);
    m_preview->setObjectName(u"editorPreview"_s);
    m_preview->menuButton()->hide();
    m_preview->setMinimumHeight(260);

    m_rows = new editor::QueryRowsEditor(m_datasources, this);
    if (m_client) {
        // Completion and Explain look at the dashboard's time range (the last six hours when it does not resolve).
        const auto range = [this] {
            const dashboards::PanelQueryContext context = m_contextProvider ? m_contextProvider() : dashboards::PanelQueryContext {};
            const TimestampMs now = context.nowMs ? context.nowMs : nowMs();
            const auto resolved = templating::resolveRange(context.from, context.to, now, context.time);
            return resolved.ok() ? std::pair<qint64, qint64>(resolved->fromMs, resolved->toMs)
                                 : std::pair<qint64, qint64>(now - 6 * 3600'000, now);
        };
        const auto [from, to] = range();
        m_rows->setCompletionSource([client = m_client, from = from, to = to](const QString& uid) {
            return std::make_shared<langsvc::QueryClientCompletionData>(client, from, to,
                langsvc::QueryClientCompletionData::MetadataSource(), 10'000, uid);
        });
        m_rows->setExplainClient(m_client, range);
    }
    m_rows->setPanel(m_working, m_model->dashboard());
    m_panelError = new QLabel(this);
    m_panelError->setObjectName(u"editorPanelError"_s);
    m_panelError->setStyleSheet(u"color: #ff7383; padding: 2px 6px;"_s);
    m_panelError->setWordWrap(true);
    m_panelError->hide();
    auto* runAll = new QPushButton(tr("Refresh"), this);
    runAll->setObjectName(u"editorRefresh"_s);
    runAll->setToolTip(tr("Run the queries (Ctrl+Enter in a query)"));
    runAll->setAutoDefault(false);
    runAll->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    auto* queriesHeader = new QHBoxLayout;
    queriesHeader->setContentsMargins(6, 4, 6, 0);
    auto* queriesTitle = new QLabel(tr("Queries"), this);
    queriesTitle->setStyleSheet(u"font-weight: bold;"_s);
    queriesHeader->addWidget(queriesTitle);
    queriesHeader->addWidget(m_panelError, 1);
    queriesHeader->addWidget(runAll);
    auto* queryScroll = new QScrollArea(this);
    queryScroll->setWidgetResizable(true);
    queryScroll->setFrameShape(QFrame::NoFrame);
    queryScroll->setWidget(m_rows);
    auto* queries = new QWidget(this);
    auto* queriesLayout = new QVBoxLayout(queries);
    queriesLayout->setContentsMargins(0, 0, 0, 0);
    queriesLayout->addLayout(queriesHeader);
    queriesLayout->addWidget(queryScroll, 1);

    auto* left = new QSplitter(Qt::Vertical, this);
    left->addWidget(m_preview);
    left->addWidget(queries);
    left->setStretchFactor(0, 1);
    left->setStretchFactor(1, 1);
    left->setSizes({ 420, 380 });

    m_vizButton = new QToolButton(this);
    m_vizButton->setObjectName(u"visualizationButton"_s);
    m_vizButton->setCheckable(true);
    m_vizButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_vizButton->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    m_vizButton->setToolTip(tr("Change the visualization"));
    m_options = new editor::OptionsPane(this);
    m_options->setPanel(m_working, PanelRegistry::instance().find(m_working.type()), variableNames());
    m_picker = new editor::VisualizationPicker(this);
    m_picker->setCurrent(m_working.type());
    m_rightStack = new QStackedWidget(this);
    m_rightStack->addWidget(m_options);
    m_rightStack->addWidget(m_picker);
    auto* right = new QWidget(this);
    right->setMinimumWidth(380);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(4, 0, 0, 0);
    rightLayout->addWidget(m_vizButton);
    rightLayout->addWidget(m_rightStack, 1);

    auto* main = new QSplitter(Qt::Horizontal, this);
    main->addWidget(left);
    main->addWidget(right);
    main->setStretchFactor(0, 3);
    main->setStretchFactor(1, 1);
    main->setSizes({ 1000, 400 });

    m_discard = new QPushButton(tr("Discard"), this);
    m_discard->setObjectName(u"editorDiscard"_s);
    m_discard->setToolTip(tr("Drop the changes and close"));
    m_apply = new QPushButton(tr("Apply"), this);
    m_apply->setObjectName(u"editorApply"_s);
    m_applyClose = new QPushButton(tr("Apply and close"), this);
    m_applyClose->setObjectName(u"editorApplyClose"_s);
    m_applyClose->setStyleSheet(u"QPushButton { background: #3d71d9; color: white; padding: 5px 12px; }"_s);
    for (QPushButton* b : { m_discard, m_apply, m_applyClose }) {
        b->setAutoDefault(false); // Enter in a field must not apply
        b->setDefault(false);
    }
    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_discard);
    buttons->addWidget(m_apply);
    buttons->addWidget(m_applyClose);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->addWidget(main, 1);
    layout->addLayout(buttons);

    m_runTimer = new QTimer(this);
    m_runTimer->setSingleShot(true);
    m_runTimer->setInterval(PreviewDebounceMs);
    connect(m_runTimer, &QTimer::timeout, this, &PanelEditorDialog::runQueries);
    connect(runAll, &QPushButton::clicked, this, &PanelEditorDialog::runQueries);
    connect(m_rows, &editor::QueryRowsEditor::changed, this, &PanelEditorDialog::onQueriesChanged);
    connect(m_rows, &editor::QueryRowsEditor::runRequested, this, &PanelEditorDialog::runQueries);
    connect(m_options, &editor::OptionsPane::valueChanged, this, &PanelEditorDialog::onOptionChanged);
    connect(m_picker, &editor::VisualizationPicker::typeChosen, this, &PanelEditorDialog::setVisualization);
    connect(m_vizButton, &QToolButton::toggled, this, [this](bool on) { m_rightStack->setCurrentIndex(on ? 1 : 0); });
    connect(m_preview, &PanelFrame::refreshed, this, &PanelEditorDialog::onPreviewRefreshed);
    connect(m_apply, &QPushButton::clicked, this, &PanelEditorDialog::apply);
    connect(m_discard, &QPushButton::clicked, this, &PanelEditorDialog::discard);
    connect(m_applyClose, &QPushButton::clicked, this, [this] {
        apply();
        accept();
    });
}

QStringList PanelEditorDialog::variableNames() const
{
    QStringList names;
    for (const auto& v : m_model->dashboard().variables())
        names << v.name();
    return names;
}

bool PanelEditorDialog::hasChanges() const { return !(m_working == m_baseline) || m_panelId == 0; }

QJsonObject PanelEditorDialog::queryKey() const
{
    // What the preview's queries depend on; options that only change the painting do not re-run them.
    QJsonObject key;
    for (const char16_t* k : { u"targets", u"datasource", u"interval", u"maxDataPoints", u"timeFrom", u"timeShift",
             u"type", u"hideTimeOverride" })
        key.insert(QString::fromUtf16(k), m_working.json().value(QString::fromUtf16(k)));
    return key;
}

void PanelEditorDialog::updateTitle()
{
    const QString title = m_working.title().isEmpty() ? tr("(untitled)") : m_working.title();
    setWindowTitle(m_panelId ? tr("Edit panel – %1").arg(title) : tr("New panel – %1").arg(title));
    const PanelPlugin* plugin = PanelRegistry::instance().find(m_working.type());
    m_vizButton->setText(tr("Visualization: %1  ▾").arg(plugin ? plugin->name() : m_working.type()));
    m_apply->setEnabled(hasChanges());
}

void PanelEditorDialog::onQueriesChanged(bool rerun)
{
    m_rows->writeTo(m_working);
    workingCopyChanged();
    if (rerun && queryKey() != m_lastRunKey)
        scheduleRun();
}

void PanelEditorDialog::onOptionChanged(const QString& path, const QJsonValue& value)
{
    editor::setValueAt(m_working.json(), path, value);
    workingCopyChanged();
    if (queryKey() != m_lastRunKey)
        scheduleRun();
}

void PanelEditorDialog::workingCopyChanged()
{
    m_preview->setPanel(m_working);
    updateTitle();
}

void PanelEditorDialog::scheduleRun() { m_runTimer->start(); }

void PanelEditorDialog::runQueries()
{
    m_runTimer->stop();
    m_rows->writeTo(m_working);
    m_preview->setPanel(m_working);
    updateTitle();
    m_lastRunKey = queryKey();
    dashboards::PanelQueryContext context = m_contextProvider ? m_contextProvider() : dashboards::PanelQueryContext {};
    if (context.nowMs == 0)
        context.nowMs = QDateTime::currentMSecsSinceEpoch();
    if (context.variables.isEmpty())
        context.variables = dashboards::templatingVariables(m_model->dashboard());
    m_preview->refresh(m_model->dashboard(), m_datasources, context);
}

void PanelEditorDialog::onPreviewRefreshed()
{
    m_rows->clearErrors();
    m_panelError->hide();
    const query::PanelData& data = m_preview->data();
    if (!data.error.isEmpty()) {
        const editor::RowError e = editor::locateRowError(data.error, m_preview->lastPlan());
        editor::QueryRow* row = e.refId.isEmpty() ? nullptr : m_rows->rowByRefId(e.refId);
        if (row && e.parse)
            row->editor()->setError(*e.parse);
        else if (row)
            row->editor()->setErrorMessage(e.message);
        else {
            m_panelError->setText(data.error);
            m_panelError->show();
        }
    }
    m_picker->setSuggestions(editor::suggestVisualizations(data));
    Q_EMIT previewRefreshed();
}

void PanelEditorDialog::setVisualization(const QString& pluginId)
{
    m_vizButton->setChecked(false);
    if (pluginId == m_working.type())
        return;
    const PanelPlugin* plugin = PanelRegistry::instance().find(pluginId);
    // Options both types know are kept (stat ↔ gauge keep reduceOptions); the rest start from the new defaults.
    // Field config stays, except its type-specific `custom` part, as in Grafana.
    const QJsonObject old = m_working.options();
    QJsonObject options = plugin ? plugin->defaultOptions() : QJsonObject {};
    for (auto it = options.begin(); it != options.end(); ++it)
        if (old.contains(it.key()))
            it.value() = old.value(it.key());
    m_working.setType(pluginId);
    m_working.setOptions(options);
    QJsonObject fieldConfig = m_working.fieldConfig();
    QJsonObject defaults = fieldConfig.value(u"defaults").toObject();
    defaults.remove(u"custom"_s);
    fieldConfig.insert(u"defaults"_s, defaults);
    m_working.setFieldConfig(fieldConfig);
    m_options->setPanel(m_working, plugin, variableNames());
    m_picker->setCurrent(pluginId);
    workingCopyChanged();
    if (queryKey() != m_lastRunKey)
        scheduleRun();
}

void PanelEditorDialog::apply()
{
    m_rows->writeTo(m_working);
    if (m_panelId == 0) {
        m_panelId = m_model->addPanel(m_working);
        if (const dashboards::Panel* p = m_model->dashboard().panelById(m_panelId))
            m_working = *p;
    } else {
        m_model->setPanel(m_panelId, m_working);
    }
    m_baseline = m_working;
    m_preview->setPanel(m_working);
    updateTitle();
    Q_EMIT applied(m_panelId);
}

void PanelEditorDialog::discard()
{
    m_working = m_baseline;
    QDialog::reject();
}

void PanelEditorDialog::reject()
{
    if (hasChanges()) {
        const bool drop = m_confirmDiscard
            ? m_confirmDiscard()
            : QMessageBox::question(this, tr("Unsaved changes"), tr("Discard the changes to this panel?"),
                  QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Cancel)
                == QMessageBox::Discard;
        if (!drop)
            return;
    }
    m_working = m_baseline;
    QDialog::reject();
}

} // namespace sg::ui
