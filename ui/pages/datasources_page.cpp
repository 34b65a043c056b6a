#include "datasources_page.h"

#include "core/dashboards/datasources.h"
#include "core/services/remote_datasources.h"
#include "ui/pages/datasource_editor.h"
#include "ui/pages/datasource_tester.h"

#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QKeyEvent>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sg::ui {

namespace {

QString typeText(remote::RemoteType type)
{
    return type == remote::RemoteType::Loki ? QObject::tr("Loki") : QObject::tr("Prometheus");
}

/// A name (and uid) not used yet: `base-copy`, `base-copy-2`, ...
QString freeName(const QString& base, const std::vector<remote::RemoteDatasource>& used)
{
    auto taken = [&used](const QString& name) {
        return std::any_of(used.begin(), used.end(),
            [&name](const remote::RemoteDatasource& d) { return d.name == name || d.uid == name; });
    };
    QString name = base + u"-copy"_s;
    for (int n = 2; taken(name); ++n)
        name = base + u"-copy-"_s + QString::number(n);
    return name;
}

} // namespace

DatasourcesPage::DatasourcesPage(services::QueryClient* client, QWidget* parent)
    : QWidget(parent)
    , m_client(client)
{
    setObjectName(u"datasourcesPage"_s);
    m_confirm = [this](const QString& question) {
        return QMessageBox::question(this, tr("Remove data source"), question) == QMessageBox::Yes;
    };
    auto* layout = new QVBoxLayout(this);
    m_header = new QLabel(this);
    m_header->setObjectName(u"datasourcesHeader"_s);
    m_header->setWordWrap(true);
    m_header->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_header);

    auto* buttons = new QHBoxLayout;
    auto* add = new QPushButton(tr("Add data source"), this);
    add->setObjectName(u"datasourcesAdd"_s);
    m_edit = new QPushButton(tr("Edit"), this);
    m_edit->setObjectName(u"datasourcesEdit"_s);
    m_duplicate = new QPushButton(tr("Duplicate"), this);
    m_duplicate->setObjectName(u"datasourcesDuplicate"_s);
    m_remove = new QPushButton(tr("Remove"), this);
    m_remove->setObjectName(u"datasourcesRemove"_s);
    m_test = new QPushButton(tr("Test"), this);
    m_test->setObjectName(u"datasourcesTest"_s);
    for (QPushButton* b : { add, m_edit, m_duplicate, m_remove, m_test })
        buttons->addWidget(b);
    buttons->addStretch(1);
    layout->addLayout(buttons);
    connect(add, &QPushButton::clicked, this, &DatasourcesPage::addSource);
    connect(m_edit, &QPushButton::clicked, this, [this] { editSource(currentIndex()); });
    connect(m_duplicate, &QPushButton::clicked, this, [this] { duplicateSource(currentIndex()); });
    connect(m_remove, &QPushButton::clicked, this, [this] { removeSource(currentIndex()); });
    connect(m_test, &QPushButton::clicked, this, [this] { testRow(m_table->currentRow()); });

    m_table = new QTableWidget(0, ColumnCount, this);
    m_table->setObjectName(u"datasourcesTable"_s);
    m_table->setHorizontalHeaderLabels({ tr("Name"), tr("Type"), tr("URL"), tr("UID"), tr("Default"), tr("Status"), QString() });
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->setWordWrap(false);
    m_table->horizontalHeader()->setSectionResizeMode(Status, QHeaderView::Stretch);
    m_table->setColumnWidth(Name, 150);
    m_table->setColumnWidth(Type, 150);
    m_table->setColumnWidth(Url, 220);
    m_table->setColumnWidth(Uid, 160);
    m_table->setColumnWidth(Default, 64);
    m_table->setColumnWidth(Test, 64);
    layout->addWidget(m_table, 1);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &DatasourcesPage::updateButtons);
    connect(m_table, &QTableWidget::cellDoubleClicked, this, [this](int row, int) { editSource(row - EmbeddedRows); });
    m_table->installEventFilter(this); // Delete removes, Enter edits the selected source

    m_details = new QLabel(this);
    m_details->setObjectName(u"datasourceDetails"_s);
    m_details->setWordWrap(true);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_details->setMinimumHeight(40);
    m_details->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    layout->addWidget(m_details);
    m_saveStatus = new QLabel(this);
    m_saveStatus->setObjectName(u"datasourcesSaveStatus"_s);
    m_saveStatus->setWordWrap(true);
    m_saveStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_saveStatus);
    rebuild();
}

bool DatasourcesPage::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_table && event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent*>(event)->key();
        if (key == Qt::Key_Delete) {
            removeSource(currentIndex());
            return true;
        }
        if (key == Qt::Key_Return || key == Qt::Key_Enter) {
            editSource(currentIndex());
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

bool DatasourcesPage::loadFiles(const QString& configFile, const QString& datasourcesFile, const QString& fallbackFile)
{
    auto loaded = services::loadDatasourceFileSet(configFile, datasourcesFile, fallbackFile);
    if (!loaded.ok()) {
        m_saveStatus->setStyleSheet(u"color: #f2495c;"_s);
        m_saveStatus->setText(tr("Cannot read the data sources: %1").arg(QString::fromStdString(loaded.error().toString())));
        return false;
    }
    setFileSet(std::move(loaded.value()));
    return true;
}

void DatasourcesPage::setFileSet(services::DatasourceFileSet set)
{
    m_set = std::move(set);
    qDeleteAll(m_testers);
    m_testers.clear();
    m_saveStatus->clear();
    rebuild();
}

DatasourceTester* DatasourcesPage::tester(int index) const
{
    if (index < 0 || index >= int(m_set.sources.size()))
        return nullptr;
    return m_testers.value(m_set.sources[std::size_t(index)].source.uid);
}

DatasourceTester* DatasourcesPage::testerFor(const QString& uid)
{
    DatasourceTester*& tester = m_testers[uid];
    if (!tester) {
        tester = new DatasourceTester(m_client, this);
        connect(tester, &DatasourceTester::changed, this, [this, uid] { showTest(uid); });
    }
    return tester;
}

int DatasourcesPage::currentIndex() const
{
    const int index = m_table->currentRow() - EmbeddedRows;
    return index >= 0 && index < int(m_set.sources.size()) ? index : -1;
}

void DatasourcesPage::updateHeader()
{
    QString text = tr("Remote Prometheus-compatible (Prometheus, Thanos, Mimir, VictoriaMetrics) and Loki data "
                      "sources beside the embedded stores. Dashboards and Explore use a change as soon as it is saved.");
    if (!m_set.savePath.isEmpty())
        text += u"\n"_s
            + (QFileInfo::exists(m_set.savePath) ? tr("Remote sources are saved to %1").arg(m_set.savePath)
                                                 : tr("Remote sources are saved to %1 (created by the first change)")
                                                       .arg(m_set.savePath));
    if (!m_set.saveNote.isEmpty())
        text += u"\n"_s + m_set.saveNote;
    m_header->setText(text);
}

void DatasourcesPage::fillRow(int row, const QStringList& cells, bool editable)
{
    for (int column = 0; column < cells.size(); ++column) {
        auto* item = new QTableWidgetItem(cells.at(column));
        if (!editable)
            item->setForeground(palette().color(QPalette::Disabled, QPalette::Text));
        m_table->setItem(row, column, item);
    }
}

void DatasourcesPage::rebuild()
{
    const int current = m_table->currentRow();
    m_table->setRowCount(EmbeddedRows + int(m_set.sources.size()));
    const dashboards::DatasourceRegistry registry = services::datasourceRegistry(m_set.all());
    const dashboards::DatasourceInfo* fallbackDefault = registry.defaultDatasource();
    for (int row = 0; row < EmbeddedRows; ++row) {
        const dashboards::DatasourceInfo& info = registry.all().at(std::size_t(row));
        const bool isDefault = fallbackDefault && fallbackDefault->uid == info.uid;
        fillRow(row,
            { info.name, info.type == u"loki"_s ? tr("Loki") : tr("Prometheus"),
                tr("embedded store"), info.uid, isDefault ? tr("default") : QString(), tr("Built in: always available") },
            false);
        m_table->item(row, Name)->setToolTip(tr("The embedded store cannot be edited or removed."));
        auto* test = new QPushButton(tr("Test"), m_table);
        test->setObjectName(u"datasourceRowTestEmbedded%1"_s.arg(row));
        connect(test, &QPushButton::clicked, this, [this, row] { testRow(row); });
        m_table->setCellWidget(row, Test, test);
        showTest(info.uid);
    }
    for (std::size_t i = 0; i < m_set.sources.size(); ++i) {
        const services::EditableDatasource& e = m_set.sources[i];
        const int row = EmbeddedRows + int(i);
        fillRow(row,
            { e.source.name, typeText(e.source.type), e.source.url, e.source.uid,
                e.source.isDefault ? tr("default") : QString(), QString() },
            !e.readOnly);
        if (e.readOnly)
            m_table->item(row, Name)->setToolTip(tr("Read from %1: edit that file to change it.").arg(e.origin));
        auto* test = new QPushButton(tr("Test"), m_table);
        test->setObjectName(u"datasourceRowTest%1"_s.arg(i));
        const QString uid = e.source.uid;
        connect(test, &QPushButton::clicked, this, [this, uid] {
            for (std::size_t k = 0; k < m_set.sources.size(); ++k)
                if (m_set.sources[k].source.uid == uid)
                    testSource(int(k));
        });
        m_table->setCellWidget(row, Test, test);
        showTest(uid);
    }
    if (current >= 0 && current < m_table->rowCount())
        m_table->selectRow(current);
    updateHeader();
    updateButtons();
}

QString DatasourcesPage::uidAtRow(int row) const
{
    const QTableWidgetItem* item = m_table->item(row, Uid);
    return item ? item->text() : QString();
}

void DatasourcesPage::testRow(int row)
{
    if (row >= 0 && row < EmbeddedRows) {
        const dashboards::DatasourceRegistry embedded = dashboards::DatasourceRegistry::embedded();
        const dashboards::DatasourceInfo& info = embedded.all().at(std::size_t(row));
        testerFor(info.uid)->startEmbedded(info.kind() == dashboards::DatasourceKind::Loki);
    } else
        testSource(row - EmbeddedRows);
}

void DatasourcesPage::showTest(const QString& uid)
{
    for (int row = 0; row < m_table->rowCount(); ++row) {
        QTableWidgetItem* item = m_table->item(row, Status);
        if (!item || uidAtRow(row) != uid)
            continue;
        const DatasourceTester* t = m_testers.value(uid);
        const QString text = t ? t->text() : QString();
        // The cell keeps the verdict and the version; the counts and timing show under the table.
        const bool working = t && t->state() == DatasourceTester::State::Working;
        if (text.isEmpty())
            item->setText(row < EmbeddedRows ? tr("Built in: always available") : tr("not tested"));
        else
            item->setText(QString(working ? text.section(u" - "_s, 0, 0) : text).replace(u'\n', u" - "_s));
        item->setToolTip(text);
        if (working)
            item->setForeground(QColor(0x73, 0xbf, 0x69));
        else if (t && t->state() == DatasourceTester::State::Failed)
            item->setForeground(QColor(0xf2, 0x49, 0x5c));
        if (m_table->currentRow() == row)
            updateButtons();
        return;
    }
}

void DatasourcesPage::updateButtons()
{
    const int index = currentIndex();
    const bool editable = index >= 0 && !m_set.sources[std::size_t(index)].readOnly;
    m_edit->setEnabled(editable);
    m_remove->setEnabled(editable);
    m_duplicate->setEnabled(index >= 0);
    m_test->setEnabled(m_table->currentRow() >= 0);
    const DatasourceTester* t = m_testers.value(uidAtRow(m_table->currentRow()));
    if (t && t->state() != DatasourceTester::State::Idle)
        showTestResult(m_details, *t);
    else {
        m_details->setStyleSheet({});
        m_details->setText(index >= 0 && m_set.sources[std::size_t(index)].readOnly
                ? tr("Read from %1: edit that file to change it.").arg(m_set.sources[std::size_t(index)].origin)
                : QString());
    }
}

DatasourceEditor* DatasourcesPage::addSource()
{
    return openEditor(remote::RemoteDatasource {}, -1, tr("Add data source"));
}

DatasourceEditor* DatasourcesPage::editSource(int index)
{
    if (index < 0 || index >= int(m_set.sources.size()) || m_set.sources[std::size_t(index)].readOnly)
        return nullptr;
    const remote::RemoteDatasource& d = m_set.sources[std::size_t(index)].source;
    return openEditor(d, index, tr("Edit data source %1").arg(d.name));
}

DatasourceEditor* DatasourcesPage::duplicateSource(int index)
{
    if (index < 0 || index >= int(m_set.sources.size()))
        return nullptr;
    remote::RemoteDatasource copy = m_set.sources[std::size_t(index)].source;
    copy.name = freeName(copy.name, m_set.all());
    copy.uid = copy.name;
    copy.isDefault = false;
    return openEditor(copy, -1, tr("Duplicate data source"));
}

DatasourceEditor* DatasourcesPage::openEditor(const remote::RemoteDatasource& start, int replace, const QString& title)
{
    if (m_editor)
        m_editor->close();
    std::vector<remote::RemoteDatasource> others = m_set.all();
    if (replace >= 0)
        others.erase(others.begin() + replace);
    auto* editor = new DatasourceEditor(m_client, std::move(others), this);
    editor->setAttribute(Qt::WA_DeleteOnClose);
    editor->setWindowTitle(title);
    editor->setDatasource(start);
    editor->setSaver([this, replace](const remote::RemoteDatasource& d) {
        std::vector<services::EditableDatasource> next = m_set.sources;
        // Grafana has one default datasource: a new default takes the flag from the others it may change.
        if (d.isDefault)
            for (services::EditableDatasource& e : next)
                if (!e.readOnly)
                    e.source.isDefault = false;
        if (replace >= 0 && replace < int(next.size())) {
            const QString before = next[std::size_t(replace)].source.uid;
            next[std::size_t(replace)].source = d;
            return commit(std::move(next), tr("Saved %1").arg(d.name), { before, d.uid });
        }
        next.push_back({ d, false, {} });
        return commit(std::move(next), tr("Added %1").arg(d.name), { d.uid });
    });
    m_editor = editor;
    editor->open();
    return editor;
}

bool DatasourcesPage::removeSource(int index)
{
    if (index < 0 || index >= int(m_set.sources.size()) || m_set.sources[std::size_t(index)].readOnly)
        return false;
    const QString name = m_set.sources[std::size_t(index)].source.name;
    if (m_confirm && !m_confirm(tr("Remove the data source \"%1\"? Dashboards that use it will show an error.").arg(name)))
        return false;
    std::vector<services::EditableDatasource> next = m_set.sources;
    const QString uid = next[std::size_t(index)].source.uid;
    next.erase(next.begin() + index);
    return commit(std::move(next), tr("Removed %1").arg(name), { uid }).isEmpty();
}

void DatasourcesPage::testSource(int index)
{
    if (index < 0 || index >= int(m_set.sources.size()))
        return;
    const remote::RemoteDatasource& d = m_set.sources[std::size_t(index)].source;
    testerFor(d.uid)->start(d);
}

QString DatasourcesPage::commit(std::vector<services::EditableDatasource> next, const QString& done,
    const QStringList& changedUids)
{
    services::DatasourceFileSet candidate = m_set;
    candidate.sources = std::move(next);
    if (auto error = services::saveDatasourceFileSet(candidate)) {
        const QString message = tr("Cannot save to %1: %2").arg(candidate.savePath, QString::fromStdString(error->toString()));
        m_saveStatus->setStyleSheet(u"color: #f2495c;"_s);
        m_saveStatus->setText(message);
        return message;
    }
    m_set = std::move(candidate);
    for (const QString& uid : changedUids)
        delete m_testers.take(uid);
    m_saveStatus->setStyleSheet({});
    m_saveStatus->setText(tr("%1 - saved to %2").arg(done, m_set.savePath));
    rebuild();
    Q_EMIT datasourcesChanged(m_set.all());
    return {};
}

} // namespace sg::ui
