#include "log_context.h"

#include "core/logql/filter_edit.h"
#include "log_lines_model.h"
#include "logs_panel.h"

#include <QDateTime>
#include <QLabel>
#include <QListView>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sg::ui {
namespace {
/// How far each side of the line the context queries look.
constexpr qint64 ContextWindowMs = 24LL * 3600'000;
} // namespace

LogContextDialog::LogContextDialog(Labels stream, logs::LogEntry line, Fetch fetch, QWidget* parent)
    : QDialog(parent)
    , m_stream(std::move(stream))
    , m_line(std::move(line))
    , m_fetch(std::move(fetch))
{
    setObjectName(u"logContext"_s);
    setWindowTitle(tr("Log context"));
    resize(1000, 600);
    m_title = new QLabel(this);
    m_title->setTextFormat(Qt::PlainText);
    m_lines = new LogsPanel(this);
    m_lines->setObjectName(u"logContextLines"_s);
    m_lines->toolbar()->hide();
    auto* more = new QPushButton(tr("Load more"), this);
    more->setObjectName(u"logContextMore"_s);
    connect(more, &QPushButton::clicked, this, &LogContextDialog::loadMore);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_lines, 1);
    layout->addWidget(more, 0, Qt::AlignLeft);
    load(m_size);
}

void LogContextDialog::load(int size)
{
    m_size = size;
    std::vector<std::pair<std::string, std::string>> pairs;
    for (const Label& l : m_stream)
        pairs.emplace_back(l.name, l.value);
    const QString selector = QString::fromStdString(logql::streamSelector(pairs));
    m_title->setText(tr("%1 lines before and after %2 in %3")
                         .arg(size)
                         .arg(QDateTime::fromMSecsSinceEpoch(nsToMs(m_line.ts)).toString(u"yyyy-MM-dd HH:mm:ss.zzz"_s),
                             selector));
    m_lines->setQueryText(selector);
    const qint64 atMs = nsToMs(m_line.ts);
    m_pending = 2;
    // The line itself comes with the "after" side (its own millisecond), so that side asks for one more.
    m_fetch(selector, atMs - ContextWindowMs, atMs - 1, size, logs::Direction::Backward,
        [this](std::vector<logs::Stream> s) {
            m_before = std::move(s);
            merge();
        });
    m_fetch(selector, atMs, atMs + ContextWindowMs, size + 1, logs::Direction::Forward, [this](std::vector<logs::Stream> s) {
        m_after = std::move(s);
        merge();
    });
}

void LogContextDialog::merge()
{
    if (--m_pending > 0)
        return;
    std::vector<logs::Stream> all = m_before;
    all.insert(all.end(), m_after.begin(), m_after.end());
    m_lines->setStreams(std::move(all), logs::Direction::Forward);
    if (const int row = anchorRow(); row >= 0) {
        const QModelIndex index = m_lines->model()->index(row, 0);
        m_lines->view()->setCurrentIndex(index);
        m_lines->view()->scrollTo(index, QAbstractItemView::PositionAtCenter);
    }
    Q_EMIT contextLoaded();
}

int LogContextDialog::anchorRow() const
{
    const LogLinesModel* model = m_lines->model();
    for (int r = 0; r < model->rowCount(); ++r)
        if (model->entryAt(r).ts == m_line.ts && model->entryAt(r).line == m_line.line)
            return r;
    return -1;
}

} // namespace sg::ui
