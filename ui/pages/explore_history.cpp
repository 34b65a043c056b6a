#include "explore_history.h"

#include "ui/query_editor/query_history.h"
#include "ui/theme.h"

#include <QComboBox>
#include <QDateTime>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace sg::ui {

ExploreHistory::ExploreHistory(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(u"exploreHistory"_s);
    setMinimumWidth(320);
    auto* title = new QLabel(tr("Query history"), this);
    title->setStyleSheet(u"font-weight: 600;"_s);
    m_search = new QLineEdit(this);
    m_search->setObjectName(u"exploreHistorySearch"_s);
    m_search->setPlaceholderText(tr("Search queries"));
    m_search->setClearButtonEnabled(true);
    m_language = new QComboBox(this);
    m_language->setObjectName(u"exploreHistoryLanguage"_s);
    m_language->addItems({ tr("All"), u"PromQL"_s, u"LogQL"_s });
    m_list = new QTreeWidget(this);
    m_list->setObjectName(u"exploreHistoryList"_s);
    m_list->setColumnCount(3);
    m_list->setHeaderLabels({ QString(), tr("Language"), tr("Query") });
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_list->header()->setStretchLastSection(true);
    m_list->header()->setSectionResizeMode(StarColumn, QHeaderView::ResizeToContents);
    m_list->header()->setSectionResizeMode(LanguageColumn, QHeaderView::ResizeToContents);
    m_run = new QPushButton(tr("Run query"), this);
    m_run->setObjectName(u"exploreHistoryRun"_s);
    m_run->setToolTip(tr("Run the selected query in the left pane"));

    auto* filters = new QHBoxLayout;
    filters->addWidget(m_search, 1);
    filters->addWidget(m_language);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 0, 0, 0);
    layout->addWidget(title);
    layout->addLayout(filters);
    layout->addWidget(m_list, 1);
    layout->addWidget(m_run, 0, Qt::AlignRight);

    connect(m_search, &QLineEdit::textChanged, this, &ExploreHistory::refresh);
    connect(m_language, &QComboBox::currentIndexChanged, this, &ExploreHistory::refresh);
    connect(m_list, &QTreeWidget::itemClicked, this, &ExploreHistory::onClicked);
    connect(m_list, &QTreeWidget::itemDoubleClicked, this, &ExploreHistory::runSelected);
    connect(m_run, &QPushButton::clicked, this, &ExploreHistory::runSelected);
}

void ExploreHistory::setHistory(QueryHistory* history)
{
    if (m_history)
        disconnect(m_history, nullptr, this, nullptr);
    m_history = history;
    if (m_history)
        connect(m_history, &QueryHistory::changed, this, [this] {
            if (isVisible())
                refresh();
        });
    refresh();
}

QueryHistory* ExploreHistory::history() const
{
    return m_history ? m_history : QueryHistory::shared();
}

void ExploreHistory::showEvent(QShowEvent* event)
{
    if (!m_history && QueryHistory::shared())
        setHistory(QueryHistory::shared());
    refresh();
    QWidget::showEvent(event);
}

void ExploreHistory::refresh()
{
    const QString current = m_list->currentItem() ? m_list->currentItem()->data(QueryColumn, Qt::UserRole).toString() : QString();
    m_list->clear();
    QueryHistory* h = history();
    if (!h)
        return;
    QList<HistoryEntry> entries;
    if (m_language->currentIndex() != 2)
        entries += h->entries(langsvc::Language::PromQL, m_search->text());
    if (m_language->currentIndex() != 1)
        entries += h->entries(langsvc::Language::LogQL, m_search->text());
    // Starred first, then newest first, across both languages.
    std::stable_sort(entries.begin(), entries.end(), [](const HistoryEntry& a, const HistoryEntry& b) {
        return a.starred != b.starred ? a.starred : a.lastRunMs > b.lastRunMs;
    });
    for (const HistoryEntry& e : entries) {
        auto* item = new QTreeWidgetItem(m_list);
        const bool logql = e.language == langsvc::Language::LogQL;
        item->setText(StarColumn, e.starred ? u"★"_s : u"☆"_s);
        item->setForeground(StarColumn, e.starred ? theme::warnColor() : theme::mutedText());
        item->setToolTip(StarColumn, e.starred ? tr("Unstar") : tr("Star"));
        item->setData(StarColumn, Qt::UserRole, e.starred);
        item->setText(LanguageColumn, logql ? u"LogQL"_s : u"PromQL"_s);
        item->setData(LanguageColumn, Qt::UserRole, logql);
        item->setText(QueryColumn, QString(e.query).replace(u'\n', u' '));
        item->setData(QueryColumn, Qt::UserRole, e.query);
        item->setToolTip(QueryColumn,
            e.query + u"\n\n"_s + QDateTime::fromMSecsSinceEpoch(e.lastRunMs).toString(u"yyyy-MM-dd HH:mm:ss"_s));
        if (e.query == current)
            m_list->setCurrentItem(item);
    }
    if (!m_list->currentItem() && m_list->topLevelItemCount() > 0)
        m_list->setCurrentItem(m_list->topLevelItem(0));
}

void ExploreHistory::onClicked(QTreeWidgetItem* item, int column)
{
    if (column != StarColumn || !history())
        return;
    const auto language = item->data(LanguageColumn, Qt::UserRole).toBool() ? langsvc::Language::LogQL : langsvc::Language::PromQL;
    history()->setStarred(language, item->data(QueryColumn, Qt::UserRole).toString(), !item->data(StarColumn, Qt::UserRole).toBool());
    refresh();
}

void ExploreHistory::runSelected()
{
    if (QTreeWidgetItem* item = m_list->currentItem())
        Q_EMIT runRequested(item->data(LanguageColumn, Qt::UserRole).toBool(), item->data(QueryColumn, Qt::UserRole).toString());
}

} // namespace sg::ui
