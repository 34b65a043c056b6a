#include "targets_page.h"

#include "core/scrape/scrape_manager.h"
#include "ui/models/targets_model.h"

#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sg::ui {

TargetsPage::TargetsPage(QWidget* parent)
    : QWidget(parent)
    , m_model(new TargetsModel(this))
{
    setObjectName(u"targetsPage"_s);
    auto* layout = new QVBoxLayout(this);
    m_summary = new QLabel(this);
    m_summary->setObjectName(u"targetsSummary"_s);
    layout->addWidget(m_summary);
    m_remoteWrite = new QLabel(this);
    m_remoteWrite->setObjectName(u"targetsRemoteWrite"_s);
    m_remoteWrite->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_remoteWrite->hide();
    layout->addWidget(m_remoteWrite);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    m_view = new QTableView(splitter);
    m_view->setObjectName(u"targetsView"_s);
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->verticalHeader()->hide();
    m_view->setWordWrap(false);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setColumnWidth(TargetsModel::Job, 110);
    m_view->setColumnWidth(TargetsModel::Endpoint, 260);
    m_view->setColumnWidth(TargetsModel::State, 70);
    m_view->setColumnWidth(TargetsModel::Labels, 320);
    m_view->setColumnWidth(TargetsModel::LastScrape, 90);
    m_view->setColumnWidth(TargetsModel::Duration, 80);
    m_details = new QPlainTextEdit(splitter);
    m_details->setObjectName(u"targetDetails"_s);
    m_details->setReadOnly(true);
    m_details->setPlaceholderText(tr("Select a target to see its labels before and after relabeling."));
    splitter->addWidget(m_view);
    splitter->addWidget(m_details);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    layout->addWidget(splitter);

    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &TargetsPage::updateDetails);
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &TargetsPage::updateDetails,
            Qt::UniqueConnection);
    });
    m_timer.setInterval(1000);
    connect(&m_timer, &QTimer::timeout, this, &TargetsPage::refresh);
}

void TargetsPage::setScrapeManager(scrape::ScrapeManager* manager)
{
    if (!manager) {
        setSource({});
        return;
    }
    setSource([manager] { return std::make_pair(manager->statuses(), manager->droppedTargets()); });
}

void TargetsPage::setSource(Source source)
{
    m_source = std::move(source);
    if (m_source) {
        refresh();
        m_timer.start();
    } else {
        m_timer.stop();
    }
}

void TargetsPage::refresh()
{
    if (!m_source)
        return;
    auto [statuses, dropped] = m_source();
    std::size_t up = 0;
    for (const auto& s : statuses)
        up += s.up ? 1 : 0;
    m_summary->setText(tr("%1 targets, %2 up, %3 down or not yet scraped, %4 dropped by relabeling")
                           .arg(statuses.size())
                           .arg(up)
                           .arg(statuses.size() - up)
                           .arg(dropped.size()));
    m_model->setSnapshot(std::move(statuses), std::move(dropped), nowMs());
    const QStringList remotes = m_remoteWriteSource ? m_remoteWriteSource() : QStringList();
    m_remoteWrite->setText(remotes.join(u'\n'));
    m_remoteWrite->setVisible(!remotes.isEmpty());
    updateDetails();
}

void TargetsPage::updateDetails()
{
    const QModelIndex current = m_view->currentIndex();
    if (!current.isValid()) {
        m_details->clear();
        return;
    }
    const int row = current.row();
    QString text;
    auto cell = [&](int column, int role = Qt::DisplayRole) { return m_model->index(row, column).data(role).toString(); };
    text += cell(TargetsModel::Job) + u"  "_s + cell(TargetsModel::Endpoint) + u"  ["_s + cell(TargetsModel::State) + u"]\n"_s;
    text += tr("Labels after relabeling: ") + cell(TargetsModel::Labels) + u'\n';
    text += cell(TargetsModel::Labels, Qt::ToolTipRole) + u'\n';
    const QString error = cell(TargetsModel::Error);
    if (!error.isEmpty())
        text += tr("Last error: ") + error + u'\n';
    if (m_details->toPlainText() != text)
        m_details->setPlainText(text);
}

} // namespace sg::ui
