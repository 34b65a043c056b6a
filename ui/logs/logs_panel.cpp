#include "logs_panel.h"

#include "log_details.h"
#include "log_line_delegate.h"
#include "log_lines_model.h"
#include "log_scroll_anchor.h"
#include "log_tail.h"
#include "logs_volume.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDateTime>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QListView>
#include <QMenu>
#include <QPushButton>
#include <QShortcut>
#include <QSplitter>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sg::ui {
namespace {
QCheckBox* option(const QString& objectName, const QString& text, QWidget* parent)
{
    auto* box = new QCheckBox(text, parent);
    box->setObjectName(objectName);
    return box;
}
constexpr int VolumeBuckets = 60;
} // namespace

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

    m_toolbar = new QWidget(this);
    m_toolbar->setObjectName(u"logsOptions"_s);
    m_order = new QComboBox(m_toolbar);
    m_order->setObjectName(u"logsOrder"_s);
    m_order->addItems({ tr("Newest first"), tr("Oldest first") });
    m_dedup = new QComboBox(m_toolbar);
    m_dedup->setObjectName(u"logsDedup"_s);
    for (DedupMode mode : { DedupMode::None, DedupMode::Exact, DedupMode::Numbers, DedupMode::Signature })
        m_dedup->addItem(tr("Dedup: %1").arg(QString::fromLatin1(dedupModeName(mode))), int(mode));
    m_labels = option(u"logsShowLabels"_s, tr("Labels"), m_toolbar);
    m_labels->setChecked(true);
    m_wrap = option(u"logsWrap"_s, tr("Wrap lines"), m_toolbar);
    m_prettify = option(u"logsPrettify"_s, tr("Prettify JSON"), m_toolbar);
    m_escape = option(u"logsEscape"_s, tr("Escape newlines"), m_toolbar);
    auto* download = new QToolButton(m_toolbar);
    download->setObjectName(u"logsDownload"_s);
    download->setText(tr("Download"));
    download->setPopupMode(QToolButton::InstantPopup);
    auto* menu = new QMenu(download);
    menu->addAction(tr("Download as TXT"), this, [this] { downloadLines(false); });
    menu->addAction(tr("Download as JSON"), this, [this] { downloadLines(true); });
    download->setMenu(menu);
    m_tail = new LogTail(this);
    m_live = new QToolButton(m_toolbar);
    m_live->setObjectName(u"logsLive"_s);
    m_live->setText(tr("▶ Live"));
    m_live->setCheckable(true);
    m_live->hide();
    m_pause = new QToolButton(m_toolbar);
    m_pause->setObjectName(u"logsPause"_s);
    m_pause->setText(tr("Pause"));
    m_pause->setCheckable(true);
    m_clear = new QToolButton(m_toolbar);
    m_clear->setObjectName(u"logsClear"_s);
    m_clear->setText(tr("Clear"));
    connect(m_live, &QToolButton::toggled, this, [this](bool on) {
        if (on && !startLive())
            m_live->setChecked(false);
        else if (!on)
            stopLive();
    });
    connect(m_pause, &QToolButton::toggled, this, [this](bool paused) {
        if (paused)
            m_tail->pause();
        else
            m_tail->resume();
        updateLiveButtons();
        updateHeader();
    });
    connect(m_clear, &QToolButton::clicked, this, [this] {
        m_model->clear();
        updateHeader();
    });
    connect(m_tail, &LogTail::linesArrived, this, [this](const std::vector<logs::Stream>& streams) {
        // A redraw must not move what the user reads: scrolled away from the newest lines, the top line stays;
        // at the newest end the list follows.
        const LogScrollAnchor anchor = captureScrollAnchor(*m_view, *m_model);
        appendStreams(streams);
        restoreScrollAnchor(*m_view, *m_model, anchor);
    });
    connect(m_tail, &LogTail::linesHeld, this, &LogsPanel::updateHeader);
    updateLiveButtons();
    auto* options = new QHBoxLayout(m_toolbar);
    options->setContentsMargins(4, 0, 4, 0);
    for (QWidget* w : std::initializer_list<QWidget*> { m_order, m_labels, m_wrap, m_prettify, m_escape, m_dedup })
        options->addWidget(w);
    options->addStretch(1);
    for (QWidget* w : std::initializer_list<QWidget*> { m_live, m_pause, m_clear, download })
        options->addWidget(w);
    connect(m_order, &QComboBox::currentIndexChanged, this, [this](int i) {
        m_model->setSortOrder(i == 0 ? LogLinesModel::SortOrder::NewestFirst : LogLinesModel::SortOrder::OldestFirst);
    });
    connect(m_dedup, &QComboBox::currentIndexChanged, this, [this] {
        m_model->setDedupMode(DedupMode(m_dedup->currentData().toInt()));
        updateHeader();
    });
    for (QCheckBox* box : { m_labels, m_wrap, m_prettify, m_escape })
        connect(box, &QCheckBox::toggled, this, &LogsPanel::applyDisplay);

    m_volume = new LogsVolume(this);
    m_volume->setFixedHeight(100);
    m_volume->hide();
    connect(m_volume, &LogsVolume::levelFilterChanged, this, [this](std::set<LogLevel> levels) {
        m_model->setLevelFilter(std::move(levels));
        updateHeader();
    });

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
    m_delegate = new LogLineDelegate(m_view);
    m_view->setItemDelegate(m_delegate);
    m_view->setUniformItemSizes(true);
    m_view->setMouseTracking(true);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_view->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_view->setFrameShape(QFrame::NoFrame);
    connect(m_view, &QListView::clicked, this, &LogsPanel::showDetails);
    // Ctrl+C copies the selected lines, oldest to newest as shown.
    auto* copy = new QShortcut(QKeySequence::Copy, m_view, nullptr, nullptr, Qt::WidgetShortcut);
    connect(copy, &QShortcut::activated, this, [this] {
        QModelIndexList rows = m_view->selectionModel()->selectedRows();
        std::sort(rows.begin(), rows.end());
        QStringList lines;
        for (const QModelIndex& i : rows)
            lines << i.data(LogLinesModel::LineRole).toString();
        if (!lines.isEmpty())
            QApplication::clipboard()->setText(lines.join(u'\n'));
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] { m_details->hide(); });

    m_details = new LogDetails(this);
    m_details->hide();
    connect(m_details, &LogDetails::filterRequested, this, &LogsPanel::applyFilter);
    connect(m_details, &LogDetails::contextRequested, this, &LogsPanel::contextRequested);
    connect(m_details, &LogDetails::closeRequested, m_details, &QWidget::hide);

    m_split = new QSplitter(Qt::Vertical, this);
    m_split->setObjectName(u"logsSplit"_s);
    m_split->addWidget(m_view);
    m_split->addWidget(m_details);
    m_split->setStretchFactor(0, 3);
    m_split->setStretchFactor(1, 2);

    m_limitBar = new QWidget(this);
    m_limitBar->setObjectName(u"logsLimitBar"_s);
    m_limitText = new QLabel(m_limitBar);
    m_limitText->setObjectName(u"logsLimitText"_s);
    m_limitText->setStyleSheet(u"color: #ffb357;"_s);
    auto* older = new QPushButton(tr("Load older lines"), m_limitBar);
    older->setObjectName(u"logsLoadOlder"_s);
    connect(older, &QPushButton::clicked, this, [this] {
        if (const qint64 oldest = oldestNs())
            Q_EMIT loadOlderRequested(oldest);
    });
    auto* limitLayout = new QHBoxLayout(m_limitBar);
    limitLayout->setContentsMargins(4, 0, 4, 0);
    limitLayout->addWidget(m_limitText, 1);
    limitLayout->addWidget(older);
    m_limitBar->hide();

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_header);
    layout->addWidget(m_toolbar);
    layout->addWidget(m_volume);
    layout->addWidget(m_error);
    layout->addWidget(m_split, 1);
    layout->addWidget(m_limitBar);
    updateHeader();
}

void LogsPanel::setStreams(std::vector<logs::Stream> streams, logs::Direction direction)
{
    m_error->hide();
    m_split->show();
    m_model->setStreams(std::move(streams), direction);
    m_order->blockSignals(true);
    m_order->setCurrentIndex(direction == logs::Direction::Backward ? 0 : 1);
    m_order->blockSignals(false);
    m_model->setDedupMode(DedupMode(m_dedup->currentData().toInt()));
    m_model->setLevelFilter(m_volume->selectedLevels());
    refreshVolume();
    updateHeader();
}

void LogsPanel::appendStreams(const std::vector<logs::Stream>& streams)
{
    m_model->appendStreams(streams);
    refreshVolume();
    updateHeader();
}

void LogsPanel::refreshVolume()
{
    if (!m_volumeFromLines)
        return;
    qint64 lo = std::numeric_limits<qint64>::max(), hi = std::numeric_limits<qint64>::min();
    m_model->forEachLine([&](TimestampNs ts, LogLevel) {
        lo = std::min<qint64>(lo, nsToMs(ts));
        hi = std::max<qint64>(hi, nsToMs(ts));
    });
    if (lo > hi) {
        m_volume->hide();
        return;
    }
    hi = std::max(hi, lo + VolumeBuckets);
    m_volume->setData(volumeFromLines(*m_model, lo, hi, (hi - lo + VolumeBuckets - 1) / VolumeBuckets));
    m_volume->show();
}

void LogsPanel::setQueryText(const QString& query)
{
    m_query = query;
    m_delegate->setHighlights(highlightPatterns(query));
    m_view->viewport()->update();
    updateHeader();
}

void LogsPanel::setError(const QString& message)
{
    m_loading = false;
    m_model->clear();
    m_error->setText(message);
    m_error->show();
    m_limitBar->hide();
    updateHeader();
}

void LogsPanel::setLoading(bool loading)
{
    m_loading = loading;
    updateHeader();
}

void LogsPanel::setLimitReached(bool reached, int limit)
{
    m_limitText->setText(tr("Limit reached: the query returned its limit of %1 lines; older lines were not loaded.")
                             .arg(QLocale().toString(limit)));
    m_limitBar->setVisible(reached);
}

void LogsPanel::setLimitReached(const QStringList& queries, int limit)
{
    const QString lines = QLocale().toString(limit);
    if (queries.size() == 1) {
        m_limitText->setText(tr("Limit reached: query %1 returned its limit of %2 lines; its older lines were not loaded.")
                                 .arg(queries.front(), lines));
    } else if (queries.size() > 1) {
        const QString names = QStringList(queries.begin(), queries.end() - 1).join(u", "_s) + tr(" and ") + queries.back();
        m_limitText->setText(tr("Limit reached: queries %1 each returned their limit of %2 lines; their older lines were not loaded.")
                                 .arg(names, lines));
    }
    m_limitBar->setVisible(!queries.isEmpty());
}

QString LogsPanel::limitText() const
{
    return m_limitBar->isVisibleTo(this) ? m_limitText->text() : QString();
}

void LogsPanel::setTailSource(std::shared_ptr<const logs::LogQuerier> store)
{
    m_tailStore = std::move(store);
    m_live->setVisible(m_tailStore != nullptr);
}

bool LogsPanel::startLive()
{
    if (!m_tail->start(m_query, m_tailStore)) {
        m_header->setText(m_header->text() + u"  ·  "_s + m_tail->error());
        updateLiveButtons();
        return false;
    }
    m_limitBar->hide();
    m_model->setStreams({}, logs::Direction::Backward);
    m_live->blockSignals(true);
    m_live->setChecked(true);
    m_live->blockSignals(false);
    updateLiveButtons();
    updateHeader();
    return true;
}

void LogsPanel::stopLive()
{
    m_tail->stop();
    m_live->blockSignals(true);
    m_live->setChecked(false);
    m_live->blockSignals(false);
    updateLiveButtons();
    updateHeader();
}

void LogsPanel::updateLiveButtons()
{
    const bool running = m_tail->isRunning();
    m_pause->setVisible(running);
    m_clear->setVisible(running);
    m_pause->blockSignals(true);
    m_pause->setChecked(m_tail->isPaused());
    m_pause->setText(m_tail->isPaused() ? tr("Resume") : tr("Pause"));
    m_pause->blockSignals(false);
}

void LogsPanel::setDisplay(const LineDisplay& display)
{
    for (auto [box, on] : { std::pair { m_labels, display.showLabels }, { m_wrap, display.wrap },
             { m_prettify, display.prettifyJson }, { m_escape, display.escapeNewlines } }) {
        box->blockSignals(true);
        box->setChecked(on);
        box->blockSignals(false);
    }
    applyDisplay();
}

void LogsPanel::setDedupMode(DedupMode mode)
{
    m_dedup->setCurrentIndex(std::max(0, m_dedup->findData(int(mode))));
}

const LineDisplay& LogsPanel::display() const { return m_delegate->display(); }

void LogsPanel::applyDisplay()
{
    LineDisplay d;
    d.showLabels = m_labels->isChecked();
    d.wrap = m_wrap->isChecked();
    d.prettifyJson = m_prettify->isChecked();
    d.escapeNewlines = m_escape->isChecked();
    m_delegate->setDisplay(d);
    m_delegate->setTextWidth(m_view->viewport()->width());
    // Rows of their own heights only when a line may span several; a million single-line rows stay uniform.
    m_view->setUniformItemSizes(!d.multiLine());
    // Measuring a million rows of their own heights would block; batches keep the list responsive meanwhile.
    m_view->setLayoutMode(d.multiLine() ? QListView::Batched : QListView::SinglePass);
    m_view->setBatchSize(500);
    m_view->setWordWrap(d.wrap);
    m_view->doItemsLayout();
    m_view->viewport()->update();
}

void LogsPanel::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    m_delegate->setTextWidth(m_view->viewport()->width());
    if (display().wrap)
        m_view->doItemsLayout();
}

QString LogsPanel::headerText() const { return m_header->text(); }

QString LogsPanel::errorText() const { return m_error->isHidden() ? QString() : m_error->text(); }

qint64 LogsPanel::oldestNs() const
{
    qint64 oldest = 0;
    m_model->forEachLine([&](TimestampNs ts, LogLevel) { oldest = oldest == 0 ? ts : std::min<qint64>(oldest, ts); });
    return oldest;
}

void LogsPanel::showDetails(const QModelIndex& index)
{
    if (!index.isValid())
        return;
    m_details->showLine(m_model, index.row());
    if (m_details->isHidden()) {
        m_details->show();
        const int total = m_split->height();
        m_split->setSizes({ total * 2 / 5, total - total * 2 / 5 });
    }
}

void LogsPanel::applyFilter(const logql::FieldFilter& filter)
{
    auto rewritten = logql::toggleFieldFilter(m_query.toStdString(), filter);
    if (!rewritten.ok()) {
        m_header->setText(m_header->text() + u"  ·  "_s + QString::fromStdString(rewritten.error().message));
        return;
    }
    Q_EMIT queryChangeRequested(QString::fromStdString(*rewritten));
}

QString LogsPanel::linesAsText() const
{
    QString out;
    for (int r = 0; r < m_model->rowCount(); ++r) {
        const QModelIndex i = m_model->index(r, 0);
        out += i.data(LogLinesModel::TimeRole).toDateTime().toString(Qt::ISODateWithMs) + u' '
            + i.data(LogLinesModel::LabelsRole).toString() + u' ' + i.data(LogLinesModel::LineRole).toString() + u'\n';
    }
    return out;
}

QByteArray LogsPanel::linesAsJson() const
{
    QJsonArray rows;
    for (int r = 0; r < m_model->rowCount(); ++r) {
        QJsonObject labels;
        for (const Label& l : m_model->streamAt(r).labels)
            labels.insert(QString::fromStdString(l.name), QString::fromStdString(l.value));
        const auto& e = m_model->entryAt(r);
        QJsonObject row;
        row.insert(u"timestamp"_s, QString::number(e.ts));
        row.insert(u"time"_s, QDateTime::fromMSecsSinceEpoch(nsToMs(e.ts), Qt::UTC).toString(Qt::ISODateWithMs));
        row.insert(u"labels"_s, labels);
        row.insert(u"line"_s, QString::fromStdString(e.line));
        rows.append(row);
    }
    return QJsonDocument(rows).toJson(QJsonDocument::Indented);
}

bool LogsPanel::saveLines(const QString& path, QString* error) const
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        if (error)
            *error = file.errorString();
        return false;
    }
    const QByteArray data = path.endsWith(u".json"_s, Qt::CaseInsensitive) ? linesAsJson() : linesAsText().toUtf8();
    if (file.write(data) != data.size()) {
        if (error)
            *error = file.errorString();
        return false;
    }
    return true;
}

void LogsPanel::downloadLines(bool json)
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Download logs"), json ? u"logs.json"_s : u"logs.txt"_s,
        json ? tr("JSON (*.json)") : tr("Text (*.txt)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!saveLines(path, &error))
        setError(tr("Could not write %1: %2").arg(path, error));
}

void LogsPanel::setSourceCaption(const QString& caption)
{
    m_caption = caption;
    updateHeader();
}

void LogsPanel::updateHeader()
{
    const int n = m_model->rowCount();
    QString text = !m_caption.isEmpty() ? m_caption : m_query.isEmpty() ? tr("No query") : m_query;
    text += u"  ·  "_s + (n == 1 ? tr("1 line") : tr("%1 lines").arg(n));
    if (m_model->dedupedLines() > 0)
        text += u"  ·  "_s + tr("%1 duplicates hidden").arg(m_model->dedupedLines());
    if (m_loading)
        text += u"  ·  "_s + tr("loading…");
    if (m_tail->isRunning())
        text += u"  ·  "_s + (m_tail->isPaused() ? tr("live tail paused, %1 new lines held").arg(m_tail->heldLines())
                                                 : tr("live"));
    m_header->setText(text);
}

} // namespace sg::ui
