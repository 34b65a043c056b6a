#include "dashboards_page.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sg::ui {

DashboardsPage::DashboardsPage(dashboards::DashboardStore* store, QWidget* parent)
    : QWidget(parent)
    , m_store(store)
{
    setObjectName(u"dashboardsPage"_s);
    m_search = new QLineEdit(this);
    m_search->setObjectName(u"dashboardSearch"_s);
    m_search->setPlaceholderText(tr("Search dashboards by title or tag"));
    m_search->setClearButtonEnabled(true);
    auto* newButton = new QPushButton(tr("New"), this);
    newButton->setObjectName(u"newDashboard"_s);
    auto* importButton = new QPushButton(tr("Import…"), this);
    importButton->setObjectName(u"importDashboard"_s);
    auto* duplicate = new QPushButton(tr("Duplicate"), this);
    duplicate->setObjectName(u"duplicateDashboard"_s);
    auto* rename = new QPushButton(tr("Rename…"), this);
    rename->setObjectName(u"renameDashboard"_s);
    auto* remove = new QPushButton(tr("Delete"), this);
    remove->setObjectName(u"deleteDashboard"_s);
    auto* star = new QPushButton(tr("Star"), this);
    star->setObjectName(u"starDashboard"_s);
    auto* top = new QHBoxLayout;
    top->addWidget(m_search, 1);
    for (auto* b : { newButton, importButton, duplicate, rename, remove, star })
        top->addWidget(b);
    m_table = new QTableWidget(0, 3, this);
    m_table->setObjectName(u"dashboardTable"_s);
    m_table->setHorizontalHeaderLabels({ tr("★"), tr("Title"), tr("Tags") });
    m_table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_table->verticalHeader()->hide();
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_table, 1);

    connect(m_search, &QLineEdit::textChanged, this, &DashboardsPage::reload);
    connect(newButton, &QPushButton::clicked, this, &DashboardsPage::newRequested);
    connect(importButton, &QPushButton::clicked, this, &DashboardsPage::importRequested);
    connect(duplicate, &QPushButton::clicked, this, &DashboardsPage::duplicateSelected);
    connect(rename, &QPushButton::clicked, this, [this] {
        bool ok = false;
        const QString title = QInputDialog::getText(this, tr("Rename dashboard"), tr("Title"), QLineEdit::Normal,
            m_table->currentRow() >= 0 ? m_table->item(m_table->currentRow(), 1)->text() : QString(), &ok);
        if (ok && !title.trimmed().isEmpty())
            renameSelected(title.trimmed());
    });
    connect(remove, &QPushButton::clicked, this, &DashboardsPage::deleteSelected);
    connect(star, &QPushButton::clicked, this, &DashboardsPage::toggleStarSelected);
    connect(m_table, &QTableWidget::cellDoubleClicked, this, [this](int row, int) {
        Q_EMIT openRequested(m_table->item(row, 1)->data(Qt::UserRole).toString());
    });
    reload();
}

QString DashboardsPage::selectedUid() const
{
    const int row = m_table->currentRow();
    return row >= 0 ? m_table->item(row, 1)->data(Qt::UserRole).toString() : QString();
}

void DashboardsPage::selectUid(const QString& uid)
{
    for (int r = 0; r < m_table->rowCount(); ++r)
        if (m_table->item(r, 1)->data(Qt::UserRole).toString() == uid)
            m_table->selectRow(r);
}

void DashboardsPage::reload()
{
    const QString keep = selectedUid();
    auto entries = m_store->search(m_search->text().trimmed());
    // Starred first, as Grafana's list shows them.
    std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.starred && !b.starred; });
    m_table->setRowCount(int(entries.size()));
    for (int r = 0; r < int(entries.size()); ++r) {
        const auto& e = entries[std::size_t(r)];
        m_table->setItem(r, 0, new QTableWidgetItem(e.starred ? u"★"_s : QString()));
        auto* title = new QTableWidgetItem(e.title);
        title->setData(Qt::UserRole, e.uid);
        title->setToolTip(e.path);
        m_table->setItem(r, 1, title);
        m_table->setItem(r, 2, new QTableWidgetItem(e.tags.join(u", "_s)));
    }
    selectUid(keep);
}

void DashboardsPage::duplicateSelected()
{
    const QString uid = selectedUid();
    if (uid.isEmpty())
        return;
    auto copy = m_store->duplicate(uid);
    if (!copy.ok()) {
        Q_EMIT message(QString::fromStdString(copy.error().message));
        return;
    }
    reload();
    selectUid(*copy);
}

void DashboardsPage::renameSelected(const QString& title)
{
    const QString uid = selectedUid();
    if (uid.isEmpty())
        return;
    auto r = m_store->rename(uid, title);
    if (!r.ok())
        Q_EMIT message(QString::fromStdString(r.error().message));
    else
        Q_EMIT renamed(uid, title);
    reload();
}

void DashboardsPage::deleteSelected()
{
    const QString uid = selectedUid();
    if (uid.isEmpty())
        return;
    const QString title = m_table->item(m_table->currentRow(), 1)->text();
    auto r = m_store->remove(uid);
    if (!r.ok()) {
        Q_EMIT message(QString::fromStdString(r.error().message));
        return;
    }
    m_lastDeleted = uid;
    reload();
    Q_EMIT deleted(uid);
    Q_EMIT message(tr("Deleted \"%1\" (Edit ▸ Undo delete brings it back)").arg(title));
}

void DashboardsPage::undoDelete()
{
    if (m_lastDeleted.isEmpty())
        return;
    auto r = m_store->restore(m_lastDeleted);
    Q_EMIT message(r.ok() ? tr("Restored") : QString::fromStdString(r.error().message));
    if (r.ok())
        Q_EMIT restored(m_lastDeleted);
    m_lastDeleted.clear();
    reload();
}

void DashboardsPage::toggleStarSelected()
{
    const QString uid = selectedUid();
    if (uid.isEmpty())
        return;
    m_store->setStarred(uid, !m_store->isStarred(uid));
    reload();
}

} // namespace sg::ui
