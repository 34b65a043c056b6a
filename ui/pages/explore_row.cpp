#include "explore_row.h"

#include "core/logql/ast.h"
#include "core/logql/parser.h"
#include "ui/editor/query_rows.h"
#include "ui/widgets/query_editor.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sg::ui {
namespace {
/// The datasources Sightglass holds itself; requests to them name no datasource uid.
bool isEmbedded(const QString& uid)
{
    return uid.isEmpty() || uid == u"sightglass-prometheus" || uid == u"sightglass-loki";
}
} // namespace

ExploreRow::ExploreRow(const dashboards::DatasourceRegistry& registry, QWidget* parent)
    : QFrame(parent)
    , m_registry(registry)
{
    setObjectName(u"exploreRow"_s);
    setAttribute(Qt::WA_StyledBackground);
    setStyleSheet(u"QFrame#exploreRow { background: #111217; border: 1px solid #2c3035; border-radius: 2px; }"_s);

    m_refId = new QLabel(this);
    m_refId->setObjectName(u"exploreRowRefId"_s);
    m_refId->setStyleSheet(u"font-weight: bold; color: #6e9fff; border: 0;"_s);
    m_datasource = new QComboBox(this);
    m_datasource->setObjectName(u"exploreRowDatasource"_s);
    editor::fillDatasourceCombo(m_datasource, registry, {}, false);
    m_type = new QComboBox(this);
    m_type->setObjectName(u"exploreRowType"_s);
    m_type->addItems({ tr("Range"), tr("Instant") });
    m_type->setToolTip(tr("Range: series over the pane's range; Instant: one value at its end (shown in the table)"));
    m_format = new QComboBox(this);
    m_format->setObjectName(u"exploreRowFormat"_s);
    m_format->addItems({ tr("Graph"), tr("Table") });
    m_format->setToolTip(tr("Where a metric query's result is shown"));

    auto* header = new QHBoxLayout;
    header->setContentsMargins(0, 0, 0, 0);
    header->addWidget(m_refId);
    header->addWidget(m_datasource);
    header->addStretch(1);
    header->addWidget(m_type);
    header->addWidget(m_format);
    m_addToDashboard = addTool(tr("Add to dashboard"), tr("Add this query as a panel to a dashboard"), u"exploreRowAddToDashboard"_s);
    m_hide = addTool(tr("Hide"), tr("Hide this query (it does not run)"), u"exploreRowHide"_s);
    m_hide->setCheckable(true);
    m_duplicate = addTool(tr("Duplicate"), tr("Duplicate this query"), u"exploreRowDuplicate"_s);
    m_remove = addTool(u"✕"_s, tr("Remove this query"), u"exploreRowRemove"_s);
    m_annotations = addTool(tr("Show as annotations"), tr("Show this log query's lines as markers on the graphs"),
        u"exploreRowAnnotations"_s);
    m_annotations->setCheckable(true);
    for (QToolButton* b : { m_annotations, m_addToDashboard, m_hide, m_duplicate, m_remove })
        header->addWidget(b);

    m_editor = new QueryEditor(this);
    m_editor->runButton()->hide(); // the pane's "Run query" runs every row, as Ctrl+Enter does

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 4, 6, 6);
    layout->setSpacing(4);
    layout->addLayout(header);
    layout->addWidget(m_editor);
    setRefId(u"A"_s);
    onDatasourceChanged();

    connect(m_editor, &QueryEditor::runRequested, this, &ExploreRow::runRequested);
    connect(m_editor->editor(), &QPlainTextEdit::textChanged, this, &ExploreRow::updatePickers);
    connect(m_datasource, &QComboBox::currentIndexChanged, this, [this] {
        onDatasourceChanged();
        Q_EMIT changed();
    });
    connect(m_type, &QComboBox::currentIndexChanged, this, [this] {
        m_format->setEnabled(!isInstant()); // instant results are a table
        Q_EMIT changed();
    });
    connect(m_format, &QComboBox::currentIndexChanged, this, &ExploreRow::changed);
    connect(m_hide, &QToolButton::toggled, this, [this](bool hidden) {
        m_editor->setEnabled(!hidden);
        Q_EMIT changed();
    });
    connect(m_annotations, &QToolButton::toggled, this, &ExploreRow::changed);
    connect(m_duplicate, &QToolButton::clicked, this, [this] { Q_EMIT duplicateRequested(this); });
    connect(m_remove, &QToolButton::clicked, this, [this] { Q_EMIT removeRequested(this); });
    connect(m_addToDashboard, &QToolButton::clicked, this, [this] { Q_EMIT addToDashboardRequested(this); });
}

QToolButton* ExploreRow::addTool(const QString& text, const QString& tip, const QString& name)
{
    auto* button = new QToolButton(this);
    button->setObjectName(name);
    button->setText(text);
    button->setToolTip(tip);
    button->setAutoRaise(true);
    return button;
}

void ExploreRow::updatePickers()
{
    // Range/Instant and Graph/Table concern metric queries; log lines always go to the pane's log list.
    const bool logs = isLogQuery();
    m_type->setVisible(!logs);
    m_format->setVisible(!logs);
    m_annotations->setVisible(logs);
}

bool ExploreRow::showsAsAnnotations() const
{
    return m_annotations->isChecked() && isLogQuery();
}

void ExploreRow::onDatasourceChanged()
{
    const bool loki = isLoki();
    m_editor->setLanguage(loki ? langsvc::Language::LogQL : langsvc::Language::PromQL);
    m_editor->setPlaceholderText(loki ? tr("LogQL, e.g. {app=\"fastapi\"} |= \"ERROR\"")
                                      : tr("PromQL, e.g. sum by (status) (rate(http_requests_total[2m]))"));
    updatePickers();
}

dashboards::ExploreQuery ExploreRow::query() const
{
    dashboards::ExploreQuery q;
    const dashboards::DatasourceRef ds = editor::datasourceOfCombo(m_datasource);
    q.refId = refId();
    q.datasourceUid = ds.uid;
    q.datasourceType = ds.type;
    q.expr = m_editor->text();
    q.instant = isInstant();
    q.table = m_format->currentIndex() == 1;
    q.hidden = isHidden();
    q.annotations = m_annotations->isChecked();
    return q;
}

void ExploreRow::setQuery(const dashboards::ExploreQuery& query)
{
    dashboards::DatasourceRef ref { query.datasourceType, query.datasourceUid };
    if (const auto* byName = m_registry.byName(query.datasourceUid); byName && !m_registry.byUid(query.datasourceUid))
        ref = { byName->type, byName->uid }; // Grafana's older links name the datasource
    if (ref.uid.isEmpty() && !ref.type.isEmpty())
        if (const auto* def = m_registry.defaultOf(ref.type))
            ref.uid = def->uid;
    editor::fillDatasourceCombo(m_datasource, m_registry, ref, false);
    onDatasourceChanged();
    setRefId(query.refId);
    m_editor->setText(query.expr);
    m_type->setCurrentIndex(query.instant ? 1 : 0);
    m_format->setCurrentIndex(query.table ? 1 : 0);
    m_hide->setChecked(query.hidden);
    m_annotations->setChecked(query.annotations);
}

QString ExploreRow::refId() const
{
    return m_refId->text();
}

void ExploreRow::setRefId(const QString& refId)
{
    m_refId->setText(refId);
}

void ExploreRow::reloadDatasources()
{
    editor::fillDatasourceCombo(m_datasource, m_registry, editor::datasourceOfCombo(m_datasource), false);
}

void ExploreRow::setDatasourceType(const QString& type)
{
    if (const auto* ds = m_registry.defaultOf(type))
        editor::fillDatasourceCombo(m_datasource, m_registry, { ds->type, ds->uid }, false);
    onDatasourceChanged();
}

bool ExploreRow::setDatasourceUid(const QString& uid)
{
    const auto* ds = m_registry.byUid(uid);
    if (!ds)
        return false;
    editor::fillDatasourceCombo(m_datasource, m_registry, { ds->type, ds->uid }, false);
    onDatasourceChanged();
    return true;
}

bool ExploreRow::isLoki() const
{
    const QString type = editor::datasourceOfCombo(m_datasource).type;
    return dashboards::kindOfPluginId(type) == dashboards::DatasourceKind::Loki;
}

bool ExploreRow::isLogQuery() const
{
    if (!isLoki())
        return false;
    // `$__auto` (Grafana's Loki step) parses as a duration once replaced.
    const QString text = m_editor->text().replace(u"$__auto"_s, u"1m"_s);
    const auto parsed = logql::parseQuery(text.toStdString());
    return !parsed.ok() || parsed.value()->isLogQuery();
}

bool ExploreRow::isHidden() const
{
    return m_hide->isChecked();
}

bool ExploreRow::isInstant() const
{
    return m_type->currentIndex() == 1;
}

bool ExploreRow::showsAsTable() const
{
    return isInstant() || m_format->currentIndex() == 1;
}

services::QueryRequest ExploreRow::request() const
{
    services::QueryRequest request;
    const dashboards::DatasourceRef ds = editor::datasourceOfCombo(m_datasource);
    request.language = isLoki() ? services::QueryLanguage::LogQL : services::QueryLanguage::PromQL;
    request.kind = isLogQuery() ? services::QueryKind::Logs
        : isInstant()           ? services::QueryKind::Instant
                                : services::QueryKind::Range;
    if (!isEmbedded(ds.uid))
        request.datasourceUid = ds.uid;
    request.refId = refId();
    request.expr = m_editor->text();
    return request;
}

} // namespace sg::ui
