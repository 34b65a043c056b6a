#include "history_popup.h"

#include "query_history.h"
#include "ui/theme.h"

#include <QDateTime>
#include <QFontDatabase>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLineEdit>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sg::ui {

HistoryPopup::HistoryPopup(QWidget* owner)
    : QFrame(owner, Qt::Popup)
{
    setObjectName(u"historyPopup"_s);
    setFrameShape(QFrame::Box);
    setStyleSheet(u"#historyPopup { background: #181b1f; border: 1px solid #2c3035; }"_s);
    m_search = new QLineEdit(this);
    m_search->setObjectName(u"historySearch"_s);
    m_search->setPlaceholderText(tr("Search history"));
    m_search->setClearButtonEnabled(true);
    m_search->installEventFilter(this);

    m_list = new QTreeWidget(this);
    m_list->setObjectName(u"historyList"_s);
    m_list->setColumnCount(2);
    m_list->setHeaderHidden(true);
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_list->header()->setStretchLastSection(true);
    m_list->header()->setSectionResizeMode(StarColumn, QHeaderView::ResizeToContents);
    m_list->setTextElideMode(Qt::ElideRight);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(4);
    layout->addWidget(m_search);
    layout->addWidget(m_list);
    resize(560, 320);

    connect(m_search, &QLineEdit::textChanged, this, &HistoryPopup::refresh);
    connect(m_list, &QTreeWidget::itemClicked, this, &HistoryPopup::onClicked);
    connect(m_list, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem* item) { choose(item); });
}

void HistoryPopup::open(QueryHistory* history, langsvc::Language language, QWidget* anchor)
{
    m_history = history;
    m_language = language;
    {
        const QSignalBlocker block(m_search);
        m_search->clear();
    }
    refresh();
    resize(std::max(anchor->width(), 420), height());
    move(anchor->mapToGlobal(QPoint(0, anchor->height())));
    show();
    m_search->setFocus();
}

void HistoryPopup::refresh()
{
    m_list->clear();
    if (!m_history)
        return;
    for (const HistoryEntry& e : m_history->entries(m_language, m_search->text())) {
        auto* item = new QTreeWidgetItem(m_list);
        item->setText(StarColumn, e.starred ? u"★"_s : u"☆"_s);
        item->setForeground(StarColumn, e.starred ? theme::warnColor() : theme::mutedText());
        item->setToolTip(StarColumn, e.starred ? tr("Unstar") : tr("Star"));
        // One line per entry: a multi-line query shows its lines joined; the tooltip has it as written.
        item->setText(QueryColumn, QString(e.query).replace(u'\n', u' '));
        item->setData(QueryColumn, Qt::UserRole, e.query);
        item->setData(StarColumn, Qt::UserRole, e.starred);
        item->setToolTip(QueryColumn,
            e.query + u"\n\n"_s + QDateTime::fromMSecsSinceEpoch(e.lastRunMs).toString(u"yyyy-MM-dd HH:mm:ss"_s));
    }
    if (m_list->topLevelItemCount() > 0)
        m_list->setCurrentItem(m_list->topLevelItem(0));
}

void HistoryPopup::onClicked(QTreeWidgetItem* item, int column)
{
    if (column != StarColumn) {
        choose(item);
        return;
    }
    const QString query = item->data(QueryColumn, Qt::UserRole).toString();
    m_history->setStarred(m_language, query, !item->data(StarColumn, Qt::UserRole).toBool());
    refresh();
}

void HistoryPopup::choose(QTreeWidgetItem* item)
{
    if (!item)
        return;
    const QString query = item->data(QueryColumn, Qt::UserRole).toString();
    hide();
    Q_EMIT querySelected(query);
}

bool HistoryPopup::eventFilter(QObject* watched, QEvent* event)
{
    // The search field keeps the focus; Up/Down/Enter drive the list.
    if (watched == m_search && event->type() == QEvent::KeyPress) {
        auto* key = static_cast<QKeyEvent*>(event);
        const int row = m_list->currentItem() ? m_list->indexOfTopLevelItem(m_list->currentItem()) : -1;
        const int n = m_list->topLevelItemCount();
        switch (key->key()) {
        case Qt::Key_Down:
            if (n > 0)
                m_list->setCurrentItem(m_list->topLevelItem(std::min(row + 1, n - 1)));
            return true;
        case Qt::Key_Up:
            if (n > 0)
                m_list->setCurrentItem(m_list->topLevelItem(std::max(row - 1, 0)));
            return true;
        case Qt::Key_Return:
        case Qt::Key_Enter: choose(m_list->currentItem()); return true;
        default: break;
        }
    }
    return QFrame::eventFilter(watched, event);
}

} // namespace sg::ui
