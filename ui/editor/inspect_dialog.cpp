#include "inspect_dialog.h"

#include "inspect_data.h"

#include "core/dashboards/dashboard.h"
#include "ui/dashboard/dashboard_model.h"
#include "ui/dashboard/panel_frame.h"

#include <QCoreApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QFile>
#include <QFileDialog>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTextCursor>
#include <QTimeZone>
#include <QTableView>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sg::ui {

namespace {

QString durationText(qint64 ms)
{
    if (ms <= 0)
        return u"–"_s;
    if (ms % 3'600'000 == 0)
        return u"%1h"_s.arg(ms / 3'600'000);
    if (ms % 60'000 == 0)
        return u"%1m"_s.arg(ms / 60'000);
    if (ms % 1000 == 0)
        return u"%1s"_s.arg(ms / 1000);
    return u"%1ms"_s.arg(ms);
}

/// The query's time, and how many of its steps came from the results cache.
QString timeText(const query::QueryStats& stats)
{
    if (stats.stepsCached <= 0)
        return QStringLiteral("%1 ms").arg(stats.elapsedMs);
    return QCoreApplication::translate("InspectDialog", "%1 ms (%2 steps cached)").arg(stats.elapsedMs).arg(stats.stepsCached);
}

QString rangeText(qint64 fromMs, qint64 toMs)
{
    auto t = [](qint64 ms) { return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc()).toString(u"yyyy-MM-dd HH:mm:ss"_s); };
    return u"%1 – %2 UTC"_s.arg(t(fromMs), t(toMs));
}

/// Line and column (1-based) of a character offset into `text`.
std::pair<int, int> lineColumn(const QString& text, int offset)
{
    offset = std::clamp(offset, 0, int(text.size()));
    const QString before = text.left(offset);
    const int line = int(before.count(u'\n')) + 1;
    const int column = offset - int(before.lastIndexOf(u'\n'));
    return { line, column };
}

} // namespace

InspectDialog::InspectDialog(DashboardModel* model, PanelFrame* frame, QWidget* parent)
    : QDialog(parent)
    , m_model(model)
    , m_frame(frame)
    , m_panelId(frame ? frame->panelId() : 0)
{
    setObjectName(u"inspectDialog"_s);
    setWindowTitle(tr("Inspect: %1").arg(frame ? frame->panel().title() : QString()));
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(u"inspectTabs"_s);
    m_tabs->addTab(buildDataTab(), tr("Data"));
    m_tabs->addTab(buildQueryTab(), tr("Query"));
    m_tabs->addTab(buildJsonTab(), tr("JSON"));
    auto* close = new QPushButton(tr("Close"), this);
    close->setAutoDefault(false);
    connect(close, &QPushButton::clicked, this, &QDialog::accept);
    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(close);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs, 1);
    layout->addLayout(buttons);
    resize(1000, 680);
    if (frame)
        connect(frame, &PanelFrame::refreshed, this, &InspectDialog::reload);
    reload();
    reloadJson();
}

InspectDialog::~InspectDialog() = default;

QWidget* InspectDialog::buildDataTab()
{
    auto* page = new QWidget(this);
    m_seriesPicker = new QComboBox(page);
    m_seriesPicker->setObjectName(u"inspectSeries"_s);
    m_formatted = new QCheckBox(tr("Formatted data"), page);
    m_formatted->setObjectName(u"inspectFormatted"_s);
    m_formatted->setToolTip(tr("Times as dates, values with the panel's unit, decimals and value mappings"));
    m_formatted->setChecked(true);
    m_download = new QPushButton(tr("Download CSV"), page);
    m_download->setObjectName(u"inspectDownloadCsv"_s);
    m_download->setAutoDefault(false);
    m_dataSummary = new QLabel(page);
    m_dataSummary->setObjectName(u"inspectDataSummary"_s);
    m_dataModel = new editor::InspectTableModel(this);
    m_dataView = new QTableView(page);
    m_dataView->setObjectName(u"inspectTable"_s);
    m_dataView->setModel(m_dataModel);
    m_dataView->setAlternatingRowColors(true);
    m_dataView->horizontalHeader()->setStretchLastSection(true);
    m_dataView->verticalHeader()->hide();
    m_dataView->setSelectionBehavior(QAbstractItemView::SelectRows);

    auto* bar = new QHBoxLayout;
    m_seriesPicker->setMinimumWidth(260);
    bar->addWidget(m_seriesPicker);
    bar->addWidget(m_formatted);
    bar->addStretch(1);
    bar->addWidget(m_dataSummary);
    bar->addWidget(m_download);
    auto* layout = new QVBoxLayout(page);
    layout->addLayout(bar);
    layout->addWidget(m_dataView, 1);
    connect(m_seriesPicker, &QComboBox::currentIndexChanged, this, &InspectDialog::rebuildTable);
    connect(m_formatted, &QCheckBox::toggled, this, &InspectDialog::rebuildTable);
    connect(m_download, &QPushButton::clicked, this, &InspectDialog::downloadCsv);
    return page;
}

QWidget* InspectDialog::buildQueryTab()
{
    auto* page = new QWidget(this);
    m_queryTable = new QTableWidget(page);
    m_queryTable->setObjectName(u"inspectQueries"_s);
    m_queryTable->setColumnCount(7);
    m_queryTable->setHorizontalHeaderLabels(
        { tr("Query"), tr("Expression"), tr("Step"), tr("Time range"), tr("Time"), tr("Series"), tr("Points") });
    m_queryTable->verticalHeader()->hide();
    m_queryTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_queryTable->setWordWrap(true);
    m_queryTable->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    auto* note = new QLabel(tr("Each query as it ran: variables and built-ins interpolated, with its step and cost."), page);
    note->setWordWrap(true);
    auto* layout = new QVBoxLayout(page);
    layout->addWidget(note);
    layout->addWidget(m_queryTable, 1);
    return page;
}

QWidget* InspectDialog::buildJsonTab()
{
    auto* page = new QWidget(this);
    m_json = new QPlainTextEdit(page);
    m_json->setObjectName(u"inspectJson"_s);
    m_json->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_json->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_applyJson = new QPushButton(tr("Apply"), page);
    m_applyJson->setObjectName(u"inspectApplyJson"_s);
    m_applyJson->setAutoDefault(false);
    m_jsonError = new QLabel(page);
    m_jsonError->setObjectName(u"inspectJsonError"_s);
    m_jsonError->setStyleSheet(u"color: #ff7383;"_s);
    m_jsonError->setWordWrap(true);
    m_jsonError->hide();
    auto* bar = new QHBoxLayout;
    bar->addWidget(m_jsonError, 1);
    bar->addWidget(m_applyJson);
    auto* layout = new QVBoxLayout(page);
    layout->addWidget(new QLabel(tr("Panel JSON"), page));
    layout->addWidget(m_json, 1);
    layout->addLayout(bar);
    connect(m_applyJson, &QPushButton::clicked, this, &InspectDialog::applyJson);
    return page;
}

void InspectDialog::showTab(Tab tab) { m_tabs->setCurrentIndex(int(tab)); }

void InspectDialog::reload()
{
    if (!m_frame)
        return;
    const query::PanelData& data = m_frame->data();
    {
        const QSignalBlocker block(m_seriesPicker);
        const int previous = m_seriesPicker->currentIndex();
        m_seriesPicker->clear();
        m_seriesPicker->addItem(tr("Series joined by time"));
        for (const auto& s : data.series)
            m_seriesPicker->addItem(s.name.isEmpty() ? tr("Series (%1)").arg(s.refId) : s.name);
        m_seriesPicker->setCurrentIndex(previous > 0 && previous < m_seriesPicker->count() ? previous : 0);
        m_seriesPicker->setEnabled(!data.series.empty());
    }
    rebuildTable();

    const dashboards::PanelQueryPlan& plan = m_frame->lastPlan();
    m_queryTable->setRowCount(int(plan.queries.size()));
    for (std::size_t i = 0; i < plan.queries.size(); ++i) {
        const dashboards::PlannedQuery& q = plan.queries[i];
        const auto stats = std::find_if(data.stats.begin(), data.stats.end(),
            [&](const query::QueryStats& s) { return s.refId == q.refId; });
        const bool has = stats != data.stats.end();
        const QStringList cells { q.refId, q.expr, durationText(has && stats->stepMs ? stats->stepMs : q.stepMs),
            rangeText(q.fromMs, q.toMs), has ? timeText(*stats) : u"–"_s,
            has ? QString::number(stats->series) : u"–"_s, has ? QString::number(stats->points) : u"–"_s };
        for (int c = 0; c < cells.size(); ++c) {
            auto* item = new QTableWidgetItem(cells[c]);
            if (c == 1)
                item->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
            item->setToolTip(cells[c]);
            m_queryTable->setItem(int(i), c, item);
        }
    }
    m_queryTable->resizeColumnsToContents();
    m_queryTable->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
}

void InspectDialog::rebuildTable()
{
    if (!m_frame)
        return;
    editor::InspectTableOptions options;
    options.series = m_seriesPicker->currentIndex() - 1;
    options.formatted = m_formatted->isChecked();
    options.fieldConfig = m_frame->panel().fieldConfig();
    options.utc = m_model && m_model->dashboard().timezone() == u"utc";
    m_dataModel->setTable(editor::buildInspectTable(m_frame->data(), options));
    m_dataSummary->setText(tr("%n row(s)", nullptr, m_dataModel->rowCount()));
    m_dataView->resizeColumnsToContents();
}

void InspectDialog::writeCsv(QIODevice* device) const { editor::writeCsv(m_dataModel->table(), device); }

void InspectDialog::downloadCsv()
{
    const QString title = m_frame ? m_frame->panel().title() : QString();
    QString name = (title.isEmpty() ? u"panel"_s : title) + u"-data-"_s
        + QDateTime::currentDateTime().toString(u"yyyy-MM-dd HH-mm-ss"_s) + u".csv"_s;
    name.replace(u'/', u'-');
    const QString path = QFileDialog::getSaveFileName(this, tr("Download CSV"), name, tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        m_dataSummary->setText(tr("Cannot write %1: %2").arg(path, file.errorString()));
        return;
    }
    writeCsv(&file);
}

void InspectDialog::reloadJson()
{
    const dashboards::Panel* panel = m_model ? m_model->dashboard().panelById(m_panelId) : nullptr;
    const QJsonObject json = panel ? panel->json() : (m_frame ? m_frame->panel().json() : QJsonObject {});
    m_json->setPlainText(QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Indented)));
    m_jsonError->hide();
}

QString InspectDialog::jsonError() const { return m_jsonError->isHidden() ? QString() : m_jsonError->text(); }

bool InspectDialog::applyJson()
{
    const QString text = m_json->toPlainText();
    QJsonParseError error;
    const QByteArray utf8 = text.toUtf8();
    const QJsonDocument doc = QJsonDocument::fromJson(utf8, &error);
    QString message;
    if (error.error != QJsonParseError::NoError) {
        // The offset is in UTF-8 bytes; line and column are counted in characters.
        const int chars = int(QString::fromUtf8(utf8.left(error.offset)).size());
        const auto [line, column] = lineColumn(text, chars);
        message = tr("Line %1, column %2: %3").arg(line).arg(column).arg(error.errorString());
        QTextCursor cursor = m_json->textCursor();
        cursor.setPosition(std::clamp(chars, 0, int(text.size())));
        m_json->setTextCursor(cursor);
    } else if (!doc.isObject()) {
        message = tr("A panel is a JSON object");
    } else if (!m_model || !m_model->dashboard().panelById(m_panelId)) {
        message = tr("The panel is no longer on the dashboard");
    }
    if (!message.isEmpty()) {
        m_jsonError->setText(message);
        m_jsonError->show();
        return false;
    }
    dashboards::Panel panel(doc.object());
    panel.setId(m_panelId); // the id names the panel on the dashboard; it is not editable here
    m_model->setPanel(m_panelId, panel, tr("Edit panel JSON"));
    m_jsonError->hide();
    return true;
}

} // namespace sg::ui
