#include "query_rows.h"

#include "ui/query_editor/explain_attach.h"

#include "ui/widgets/query_editor.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSet>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sg::ui::editor {

namespace {
constexpr int UidRole = Qt::UserRole;
constexpr int TypeRole = Qt::UserRole + 1;
}

QString nextRefId(const std::vector<dashboards::Target>& targets)
{
    QSet<QString> used;
    for (const auto& t : targets)
        used.insert(t.refId());
    // Grafana's getNextRefId: A..Z, then AA..ZZ.
    for (int length = 1; length <= 2; ++length) {
        const int count = length == 1 ? 26 : 26 * 26;
        for (int i = 0; i < count; ++i) {
            QString id = length == 1 ? QString(QChar(u'A' + i))
                                     : QString(QChar(u'A' + i / 26)) + QChar(u'A' + i % 26);
            if (!used.contains(id))
                return id;
        }
    }
    return u"Q%1"_s.arg(targets.size());
}

void fillDatasourceCombo(QComboBox* combo, const dashboards::DatasourceRegistry& registry,
    const dashboards::DatasourceRef& current, bool withMixed)
{
    const QSignalBlocker block(combo);
    combo->clear();
    int selected = -1;
    for (const auto& ds : registry.all()) {
        combo->addItem(ds.name);
        combo->setItemData(combo->count() - 1, ds.uid, UidRole);
        combo->setItemData(combo->count() - 1, ds.type, TypeRole);
        if (!current.uid.isEmpty() && (current.uid == ds.uid || current.uid == ds.name))
            selected = combo->count() - 1;
    }
    const bool mixed = current.uid == MixedUid;
    if (selected < 0 && !current.isEmpty() && !mixed) {
        // A variable ($ds), a sharing input (${DS_X}) or an unknown uid: kept as written.
        combo->addItem(current.uid.isEmpty() ? current.type : current.uid);
        combo->setItemData(combo->count() - 1, current.uid, UidRole);
        combo->setItemData(combo->count() - 1, current.type, TypeRole);
        selected = combo->count() - 1;
    }
    if (withMixed) {
        combo->addItem(QString::fromUtf16(MixedUid));
        combo->setItemData(combo->count() - 1, QString::fromUtf16(MixedUid), UidRole);
        combo->setItemData(combo->count() - 1, u"datasource"_s, TypeRole);
        if (mixed)
            selected = combo->count() - 1;
    }
    if (selected < 0 && current.isEmpty()) {
        // No reference: the default datasource.
        const auto* def = registry.defaultDatasource();
        for (int i = 0; def && i < combo->count(); ++i)
            if (combo->itemData(i, UidRole).toString() == def->uid)
                selected = i;
    }
    combo->setCurrentIndex(std::max(0, selected));
}

dashboards::DatasourceRef datasourceOfCombo(const QComboBox* combo)
{
    if (combo->currentIndex() < 0)
        return {};
    return { combo->currentData(TypeRole).toString(), combo->currentData(UidRole).toString() };
}

// --- QueryRow ---

QueryRow::QueryRow(const dashboards::Target& target, const dashboards::DatasourceRegistry& registry,
    const dashboards::DatasourceInfo* effective, QWidget* parent)
    : QFrame(parent)
    , m_json(target.json)
{
    setObjectName(u"queryRow"_s);
    setFrameShape(QFrame::StyledPanel);

    m_refId = new QLabel(this);
    m_refId->setObjectName(u"queryRefId"_s);
    m_refId->setStyleSheet(u"font-weight: bold; color: #6e9fff;"_s);
    m_datasource = new QComboBox(this);
    m_datasource->setObjectName(u"queryDatasource"_s);
    fillDatasourceCombo(m_datasource, registry, target.datasource(), false);
    m_queryType = new QComboBox(this);
    m_queryType->setObjectName(u"queryType"_s);
    m_queryType->setToolTip(tr("Range: a series over the panel's range; Instant: one value at its end"));

    auto* header = new QHBoxLayout;
    header->setContentsMargins(0, 0, 0, 0);
    header->addWidget(m_refId);
    header->addWidget(m_datasource);
    header->addStretch(1);
    header->addWidget(new QLabel(tr("Type"), this));
    header->addWidget(m_queryType);
    m_hide = addTool(tr("Hide"), tr("Hide response (the query does not run)"), u"queryHide"_s);
    m_hide->setCheckable(true);
    m_hide->setChecked(target.hidden());
    header->addWidget(m_hide);
    QToolButton* up = addTool(u"↑"_s, tr("Move query up"), u"queryMoveUp"_s);
    QToolButton* down = addTool(u"↓"_s, tr("Move query down"), u"queryMoveDown"_s);
    QToolButton* dup = addTool(tr("Copy"), tr("Duplicate query"), u"queryDuplicate"_s);
    QToolButton* remove = addTool(u"✕"_s, tr("Remove query"), u"queryRemove"_s);
    for (QToolButton* b : { up, down, dup, remove })
        header->addWidget(b);

    m_editor = new QueryEditor(this);
    m_editor->setText(target.expr());
    m_editor->runButton()->hide(); // Ctrl+Enter runs; the dialog has one run for all rows
    m_editor->editor()->installEventFilter(this);
    m_committedText = target.expr();

    m_legend = new QLineEdit(target.legendFormat(), this);
    m_legend->setObjectName(u"queryLegend"_s);
    m_legend->setPlaceholderText(tr("Auto"));
    m_legend->setToolTip(tr("Series name override or template, e.g. {{hostname}}"));
    m_interval = new QLineEdit(target.interval(), this);
    m_interval->setObjectName(u"queryInterval"_s);
    m_interval->setPlaceholderText(tr("e.g. 1m"));
    m_interval->setToolTip(tr("Lower limit for the step of the query"));
    m_interval->setMaximumWidth(110);
    auto* options = new QHBoxLayout;
    options->setContentsMargins(0, 0, 0, 0);
    options->addWidget(new QLabel(tr("Legend"), this));
    options->addWidget(m_legend, 1);
    options->addWidget(new QLabel(tr("Min interval"), this));
    options->addWidget(m_interval);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 4, 6, 6);
    layout->setSpacing(4);
    layout->addLayout(header);
    layout->addWidget(m_editor);
    layout->addLayout(options);

    setRefId(target.refId());
    setEffectiveDatasource(effective);

    connect(m_editor, &QueryEditor::runRequested, this, [this] {
        m_committedText = m_editor->text();
        Q_EMIT changed(false);
        Q_EMIT runRequested();
    });
    connect(m_editor->editor(), &QPlainTextEdit::textChanged, this, [this] { Q_EMIT changed(false); });
    connect(m_legend, &QLineEdit::editingFinished, this, [this] { Q_EMIT changed(true); });
    connect(m_interval, &QLineEdit::editingFinished, this, [this] { Q_EMIT changed(true); });
    connect(m_queryType, &QComboBox::currentIndexChanged, this, [this] { Q_EMIT changed(true); });
    connect(m_hide, &QToolButton::toggled, this, [this] { Q_EMIT changed(true); });
    connect(up, &QToolButton::clicked, this, [this] { Q_EMIT moveRequested(this, -1); });
    connect(down, &QToolButton::clicked, this, [this] { Q_EMIT moveRequested(this, 1); });
    connect(dup, &QToolButton::clicked, this, [this] { Q_EMIT duplicateRequested(this); });
    connect(remove, &QToolButton::clicked, this, [this] { Q_EMIT removeRequested(this); });
}

QToolButton* QueryRow::addTool(const QString& text, const QString& tip, const QString& name)
{
    auto* b = new QToolButton(this);
    b->setText(text);
    b->setToolTip(tip);
    b->setObjectName(name);
    b->setAutoRaise(true);
    return b;
}

void QueryRow::setRefId(const QString& refId)
{
    m_json.insert(u"refId"_s, refId);
    m_refId->setText(refId);
}

QString QueryRow::refId() const { return m_refId->text(); }

void QueryRow::setEffectiveDatasource(const dashboards::DatasourceInfo* info)
{
    const bool loki = info && info->kind() == dashboards::DatasourceKind::Loki;
    m_editor->setLanguage(loki ? langsvc::Language::LogQL : langsvc::Language::PromQL);
    if (loki == m_loki && m_queryType->count() > 0)
        return;
    m_loki = loki;
    fillQueryTypes();
}

void QueryRow::fillQueryTypes()
{
    const QSignalBlocker block(m_queryType);
    m_queryType->clear();
    const dashboards::Target t { m_json };
    if (m_loki) {
        m_queryType->addItem(tr("Range"), u"range"_s);
        m_queryType->addItem(tr("Instant"), u"instant"_s);
        m_queryType->setCurrentIndex(t.instant() ? 1 : 0);
    } else {
        m_queryType->addItem(tr("Range"), u"range"_s);
        m_queryType->addItem(tr("Instant"), u"instant"_s);
        m_queryType->addItem(tr("Both"), u"both"_s);
        const bool instant = m_json.value(u"instant").toBool() || m_json.value(u"queryType") == u"instant"_s;
        const bool range = m_json.value(u"range").toBool(!instant);
        m_queryType->setCurrentIndex(instant && range ? 2 : instant ? 1 : 0);
    }
}

dashboards::Target QueryRow::target() const
{
    QJsonObject json = m_json;
    json.insert(u"refId"_s, refId());
    json.insert(u"expr"_s, m_editor->text());
    const dashboards::DatasourceRef ds = datasourceOfCombo(m_datasource);
    if (!ds.isEmpty())
        json.insert(u"datasource"_s, ds.toJson());
    if (!m_legend->text().isEmpty() || json.contains(u"legendFormat"))
        json.insert(u"legendFormat"_s, m_legend->text());
    if (m_interval->text().trimmed().isEmpty())
        json.remove(u"interval"_s);
    else
        json.insert(u"interval"_s, m_interval->text().trimmed());
    if (m_hide->isChecked())
        json.insert(u"hide"_s, true);
    else
        json.remove(u"hide"_s);
    const QString type = m_queryType->currentData().toString();
    if (m_loki) {
        json.insert(u"queryType"_s, type);
        json.remove(u"instant"_s);
        json.remove(u"range"_s);
    } else {
        if (json.value(u"queryType") == u"instant"_s || json.value(u"queryType") == u"range"_s)
            json.remove(u"queryType"_s);
        json.insert(u"instant"_s, type != u"range");
        json.insert(u"range"_s, type != u"instant");
    }
    return { json };
}

bool QueryRow::eventFilter(QObject* watched, QEvent* event)
{
    // Grafana runs a query when its editor loses focus with a changed text.
    if (watched == m_editor->editor() && event->type() == QEvent::FocusOut && m_editor->text() != m_committedText) {
        m_committedText = m_editor->text();
        Q_EMIT changed(true);
    }
    return QFrame::eventFilter(watched, event);
}

// --- QueryRowsEditor ---

QueryRowsEditor::QueryRowsEditor(const dashboards::DatasourceRegistry& registry, QWidget* parent)
    : QWidget(parent)
    , m_registry(registry)
{
    setObjectName(u"queryRows"_s);
    m_panelDatasource = new QComboBox(this);
    m_panelDatasource->setObjectName(u"panelDatasource"_s);
    m_add = new QToolButton(this);
    m_add->setObjectName(u"addQueryButton"_s);
    m_add->setText(tr("+ Add query"));
    m_add->setToolButtonStyle(Qt::ToolButtonTextOnly);

    auto* top = new QHBoxLayout;
    top->setContentsMargins(0, 0, 0, 0);
    top->addWidget(new QLabel(tr("Data source"), this));
    top->addWidget(m_panelDatasource);
    top->addStretch(1);
    m_rowsLayout = new QVBoxLayout;
    m_rowsLayout->setContentsMargins(0, 0, 0, 0);
    m_rowsLayout->setSpacing(6);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addLayout(top);
    layout->addLayout(m_rowsLayout);
    layout->addWidget(m_add, 0, Qt::AlignLeft);
    layout->addStretch(1);

    connect(m_add, &QToolButton::clicked, this, &QueryRowsEditor::addQuery);
    connect(m_panelDatasource, &QComboBox::currentIndexChanged, this, &QueryRowsEditor::onPanelDatasourceChanged);
}

void QueryRowsEditor::setPanel(const dashboards::Panel& panel, const dashboards::Dashboard& dashboard)
{
    m_dashboard = dashboard;
    fillDatasourceCombo(m_panelDatasource, m_registry, panel.datasource(), true);
    for (QueryRow* r : m_rows)
        r->deleteLater();
    m_rows.clear();
    const auto targets = panel.targets();
    for (std::size_t i = 0; i < targets.size(); ++i)
        m_rows.push_back(createRow(targets[i], int(i)));
    relayoutRows();
}

dashboards::DatasourceRef QueryRowsEditor::panelRef() const { return datasourceOfCombo(m_panelDatasource); }

const dashboards::DatasourceInfo* QueryRowsEditor::effectiveFor(const dashboards::Target& target) const
{
    return dashboards::resolveDatasource(target.datasource(), panelRef(), m_dashboard, m_registry, target.expr());
}

void QueryRowsEditor::setCompletionData(std::shared_ptr<langsvc::CompletionData> data)
{
    m_completionData = std::move(data);
    for (QueryRow* r : m_rows)
        r->editor()->setCompletionData(m_completionData);
}

void QueryRowsEditor::setCompletionSource(CompletionSource source)
{
    m_completionSource = std::move(source);
    for (QueryRow* r : m_rows)
        applyDatasource(r);
}

void QueryRowsEditor::applyDatasource(QueryRow* row)
{
    const dashboards::DatasourceInfo* info = effectiveFor(row->target());
    row->setEffectiveDatasource(info);
    if (m_completionSource)
        row->editor()->setCompletionData(m_completionSource(info ? info->uid : QString()));
}

void QueryRowsEditor::setExplainClient(const services::QueryClient* client, std::function<std::pair<qint64, qint64>()> range)
{
    m_explainClient = client;
    m_explainRange = std::move(range);
    for (QueryRow* r : m_rows)
        if (!r->editor()->explainWidget())
            attachExplain(r->editor(), m_explainClient, m_explainRange);
}

QueryRow* QueryRowsEditor::createRow(const dashboards::Target& target, int index)
{
    // A target without its own datasource runs on the panel's: its row shows (and keeps) the panel's reference as
    // written (a variable stays a variable), as Grafana's targets carry one since schema 36.
    dashboards::Target shown = target;
    const dashboards::DatasourceRef panel = panelRef();
    if (target.datasource().isEmpty() && !panel.isEmpty() && panel.uid != MixedUid)
        shown.json.insert(u"datasource"_s, panel.toJson());
    auto* row = new QueryRow(shown, m_registry, effectiveFor(shown), this);
    row->setObjectName(u"queryRow_"_s + target.refId());
    row->editor()->setCompletionData(m_completionData);
    if (m_completionSource)
        applyDatasource(row);
    if (m_explainClient)
        attachExplain(row->editor(), m_explainClient, m_explainRange);
    QStringList variables;
    for (const dashboards::Variable& v : m_dashboard.variables())
        variables << v.name();
    row->editor()->setVariables(variables);
    Q_UNUSED(index);
    connect(row, &QueryRow::changed, this, &QueryRowsEditor::changed);
    connect(row, &QueryRow::runRequested, this, &QueryRowsEditor::runRequested);
    connect(row->datasourcePicker(), &QComboBox::currentIndexChanged, this, [this, row] { onRowDatasourceChanged(row); });
    connect(row, &QueryRow::duplicateRequested, this, [this](QueryRow* r) {
        duplicateQuery(int(std::find(m_rows.begin(), m_rows.end(), r) - m_rows.begin()));
    });
    connect(row, &QueryRow::removeRequested, this, [this](QueryRow* r) {
        removeQuery(int(std::find(m_rows.begin(), m_rows.end(), r) - m_rows.begin()));
    });
    connect(row, &QueryRow::moveRequested, this, [this](QueryRow* r, int delta) {
        moveQuery(int(std::find(m_rows.begin(), m_rows.end(), r) - m_rows.begin()), delta);
    });
    return row;
}

void QueryRowsEditor::relayoutRows()
{
    for (QueryRow* r : m_rows)
        m_rowsLayout->removeWidget(r);
    for (QueryRow* r : m_rows) {
        m_rowsLayout->addWidget(r);
        r->show();
    }
}

QueryRow* QueryRowsEditor::rowByRefId(const QString& refId) const
{
    for (QueryRow* r : m_rows)
        if (r->refId() == refId)
            return r;
    return nullptr;
}

void QueryRowsEditor::writeTo(dashboards::Panel& panel) const
{
    std::vector<dashboards::Target> targets;
    for (const QueryRow* r : m_rows)
        targets.push_back(r->target());
    panel.setTargets(targets);
    const dashboards::DatasourceRef ref = panelRef();
    if (!ref.isEmpty())
        panel.json().insert(u"datasource"_s, ref.toJson());
}

void QueryRowsEditor::addQuery()
{
    std::vector<dashboards::Target> targets;
    for (const QueryRow* r : m_rows)
        targets.push_back(r->target());
    dashboards::Target t;
    t.json.insert(u"refId"_s, nextRefId(targets));
    t.json.insert(u"expr"_s, QString());
    // A new query takes the panel's datasource, or the last row's on a mixed panel (Grafana's addQuery).
    dashboards::DatasourceRef ds = panelRef();
    if (ds.uid == MixedUid && !m_rows.empty())
        ds = m_rows.back()->target().datasource();
    else if (ds.uid == MixedUid)
        ds = {};
    if (!ds.isEmpty())
        t.json.insert(u"datasource"_s, ds.toJson());
    m_rows.push_back(createRow(t, rowCount()));
    relayoutRows();
    m_rows.back()->editor()->editor()->setFocus();
    Q_EMIT changed(false);
}

void QueryRowsEditor::duplicateQuery(int index)
{
    if (index < 0 || index >= rowCount())
        return;
    std::vector<dashboards::Target> targets;
    for (const QueryRow* r : m_rows)
        targets.push_back(r->target());
    dashboards::Target copy = targets[std::size_t(index)];
    copy.json.insert(u"refId"_s, nextRefId(targets));
    m_rows.insert(m_rows.begin() + index + 1, createRow(copy, index + 1));
    relayoutRows();
    Q_EMIT changed(true);
}

void QueryRowsEditor::removeQuery(int index)
{
    if (index < 0 || index >= rowCount())
        return;
    QueryRow* r = m_rows[std::size_t(index)];
    m_rows.erase(m_rows.begin() + index);
    m_rowsLayout->removeWidget(r);
    r->hide();
    r->deleteLater();
    Q_EMIT changed(true);
}

void QueryRowsEditor::moveQuery(int index, int delta)
{
    const int to = index + delta;
    if (index < 0 || index >= rowCount() || to < 0 || to >= rowCount())
        return;
    std::swap(m_rows[std::size_t(index)], m_rows[std::size_t(to)]);
    relayoutRows();
    Q_EMIT changed(true);
}

void QueryRowsEditor::clearErrors()
{
    for (QueryRow* r : m_rows)
        r->editor()->clearError();
}

void QueryRowsEditor::onPanelDatasourceChanged()
{
    const dashboards::DatasourceRef ref = panelRef();
    if (ref.uid != MixedUid) {
        // One datasource for the panel: every query uses it (Grafana rewrites the targets' references).
        for (QueryRow* r : m_rows) {
            const QSignalBlocker block(r->datasourcePicker());
            fillDatasourceCombo(r->datasourcePicker(), m_registry, ref, false);
        }
    }
    for (QueryRow* r : m_rows)
        applyDatasource(r);
    Q_EMIT changed(true);
}

void QueryRowsEditor::onRowDatasourceChanged(QueryRow* row)
{
    const dashboards::DatasourceRef rowRef = datasourceOfCombo(row->datasourcePicker());
    const dashboards::DatasourceRef ref = panelRef();
    if (ref.uid != MixedUid && !(rowRef == ref)) {
        // A row naming another datasource makes the panel mixed.
        const QSignalBlocker block(m_panelDatasource);
        fillDatasourceCombo(m_panelDatasource, m_registry, { u"datasource"_s, QString::fromUtf16(MixedUid) }, true);
    }
    applyDatasource(row);
    Q_EMIT changed(true);
}

} // namespace sg::ui::editor
