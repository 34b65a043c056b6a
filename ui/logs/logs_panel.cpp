#include "logs_panel.h"

#include "log_line_delegate.h"
#include "log_lines_model.h"

#include <QLabel>
#include <QListView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sg::ui {

LogsPanel::LogsPanel(QWidget* parent)
    : QWidget(parent)
    , m_model(new LogLinesModel(this))
{
    setObjectName(u"logsPanel"_s);
    m_header = new QLabel(this);
    m_header->setObjectName(u"logsHeader"_s);
    m_header->setTextFormat(Qt::PlainText);
    m_header->setStyleSheet(u"color: #8e8e9a; padding: 2px 4px;"_s);
    m_header->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_error = new QLabel(this);
    m_error->setObjectName(u"logsError"_s);
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setStyleSheet(u"color: #ff7383; background: rgba(224, 47, 68, 0.12); border: 1px solid #e02f44;"
                           " padding: 8px; font-family: monospace;"_s);
    m_error->hide();

    m_view = new QListView(this);
    m_view->setObjectName(u"logsView"_s);
    m_view->setModel(m_model);
    m_view->setItemDelegate(new LogLineDelegate(m_view));
    m_view->setUniformItemSizes(true);
    m_view->setMouseTracking(true);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_view->setFrameShape(QFrame::NoFrame);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_header);
    layout->addWidget(m_error);
    layout->addWidget(m_view, 1);
    updateHeader();
}

void LogsPanel::setStreams(std::vector<logs::Stream> streams, logs::Direction direction)
{
    m_error->hide();
    m_view->show();
    m_model->setStreams(std::move(streams), direction);
    updateHeader();
}

void LogsPanel::setQueryText(const QString& query)
{
    m_query = query;
    updateHeader();
}

void LogsPanel::setError(const QString& message)
{
    m_loading = false;
    m_model->clear();
    m_error->setText(message);
    m_error->show();
    updateHeader();
}

void LogsPanel::setLoading(bool loading)
{
    m_loading = loading;
    updateHeader();
}

QString LogsPanel::headerText() const { return m_header->text(); }

QString LogsPanel::errorText() const { return m_error->isHidden() ? QString() : m_error->text(); }

void LogsPanel::updateHeader()
{
    const int n = m_model->rowCount();
    QString text = m_query.isEmpty() ? tr("No query") : m_query;
    text += u"  ·  "_s + (n == 1 ? tr("1 line") : tr("%1 lines").arg(n));
    if (m_loading)
        text += u"  ·  "_s + tr("loading…");
    m_header->setText(text);
}

} // namespace sg::ui
