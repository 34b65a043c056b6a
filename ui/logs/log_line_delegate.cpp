#include "log_line_delegate.h"

#include "log_lines_model.h"
#include "ui/theme.h"

#include <QDateTime>
#include <QFontDatabase>
#include <QPainter>

using namespace Qt::StringLiterals;

namespace sg::ui {
namespace {
constexpr int Pad = 3;       // above and below the text
constexpr int LeftEdge = 12; // after the level bar
constexpr int Gap = 14;
const QString TimeFormat = u"yyyy-MM-dd HH:mm:ss.zzz"_s;

/// `text` for QTextLayout, which breaks lines at U+2028 only.
QString forLayout(QString text)
{
    text.replace(u'\n', QChar::LineSeparator);
    return text;
}

QTextLayout* layoutText(QTextLayout& layout, qreal width, bool wrap)
{
    QTextOption option;
    option.setWrapMode(wrap ? QTextOption::WrapAtWordBoundaryOrAnywhere : QTextOption::NoWrap);
    layout.setTextOption(option);
    layout.beginLayout();
    qreal y = 0;
    for (QTextLine line = layout.createLine(); line.isValid(); line = layout.createLine()) {
        line.setLineWidth(wrap ? width : 1e6);
        line.setPosition(QPointF(0, y));
        y += line.height();
    }
    layout.endLayout();
    return &layout;
}
} // namespace

LogLineDelegate::LogLineDelegate(QObject* parent)
    : QStyledItemDelegate(parent)
    , m_mono(QFontDatabase::systemFont(QFontDatabase::FixedFont))
{
    m_timeWidth = QFontMetrics(m_mono).horizontalAdvance(u"0000-00-00 00:00:00.000"_s);
}

int LogLineDelegate::rowHeight(const QFontMetrics& fm) const
{
    return std::max(QFontMetrics(m_mono).height(), fm.height()) + 2 * Pad;
}

int LogLineDelegate::labelsWidth(int rowWidth) const
{
    if (!m_display.showLabels)
        return 0;
    // One width for every row so that the lines start in one column.
    return std::max(0, std::min(rowWidth / 4, 280)) + Gap;
}

QSize LogLineDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    const int single = rowHeight(option.fontMetrics);
    if (!m_display.multiLine())
        return QSize(400, single);
    const QString text = displayLine(index.data(LogLinesModel::LineRole).toString(), m_display);
    if (!m_display.wrap && !text.contains(u'\n'))
        return QSize(400, single);
    const int x = LeftEdge + m_timeWidth + Gap
        + labelsWidth(m_width);
    QTextLayout layout(forLayout(text), m_mono);
    layoutText(layout, std::max(80, m_width - x - 8), m_display.wrap);
    const int h = int(std::ceil(layout.boundingRect().height())) + 2 * Pad;
    return QSize(400, std::max(single, h));
}

void LogLineDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    painter->save();
    const QRect r = option.rect;
    const qint64 ts = m_highlightFromNs < m_highlightToNs ? index.data(LogLinesModel::TimeNsRole).toLongLong() : 0;
    if (option.state & QStyle::State_Selected)
        painter->fillRect(r, QColor(0x2a, 0x3a, 0x5a));
    else if (m_highlightFromNs < m_highlightToNs && ts >= m_highlightFromNs && ts < m_highlightToNs)
        painter->fillRect(r, QColor(0x3d, 0x71, 0xd9, 0x50));
    else if (option.state & QStyle::State_MouseOver)
        painter->fillRect(r, QColor(0x22, 0x25, 0x2b));

    const auto level = LogLevel(index.data(LogLinesModel::LevelValueRole).toInt());
    painter->fillRect(QRect(r.left() + 2, r.top() + 2, 3, r.height() - 4), logLevelColor(level));

    const int single = rowHeight(option.fontMetrics);
    const QRect firstLine(r.left(), r.top(), r.width(), single);
    int x = r.left() + LeftEdge;
    const int flags = Qt::AlignVCenter | Qt::AlignLeft | Qt::TextSingleLine;
    painter->setFont(m_mono);
    const QString time = index.data(LogLinesModel::TimeRole).toDateTime().toString(TimeFormat);
    painter->setPen(theme::text());
    painter->drawText(QRect(x, r.top(), m_timeWidth, single), flags, time);
    x += m_timeWidth + Gap;

    if (m_display.showLabels) {
        painter->setFont(option.font);
        painter->setPen(theme::mutedText());
        const QString labels = index.data(LogLinesModel::LabelsRole).toString();
        const int w = labelsWidth(r.width()) - Gap;
        painter->drawText(QRect(x, r.top(), w, single), flags, option.fontMetrics.elidedText(labels, Qt::ElideRight, w));
        x += w + Gap;
    }

    if (const int count = index.data(LogLinesModel::DuplicatesRole).toInt(); count > 1) {
        const QString badge = u"×%1"_s.arg(count);
        const int w = option.fontMetrics.horizontalAdvance(badge) + 10;
        const QRect pill(x, firstLine.top() + 3, w, single - 6);
        painter->setPen(Qt::NoPen);
        painter->setBrush(QColor(0x3d, 0x71, 0xd9, 0x60));
        painter->drawRoundedRect(pill, 4, 4);
        painter->setPen(theme::text());
        painter->setFont(option.font);
        painter->drawText(pill, Qt::AlignCenter, badge);
        x += w + 8;
    }

    const QString text = forLayout(displayLine(index.data(LogLinesModel::LineRole).toString(), m_display));
    QTextLayout layout(text, m_mono);
    QTextCharFormat match;
    match.setBackground(QColor(0xff, 0xb3, 0x57, 0x70));
    match.setForeground(QColor(0xff, 0xff, 0xff));
    layout.setFormats(highlightRanges(text, m_highlights, match));
    const int width = std::max(0, r.right() - x - 4);
    layoutText(layout, width, m_display.wrap);
    painter->setPen(theme::text());
    painter->setClipRect(QRect(x, r.top(), width, r.height()));
    const qreal top = r.top() + (single - QFontMetrics(m_mono).height()) / 2.0;
    layout.draw(painter, QPointF(x, top));
    painter->restore();
}

} // namespace sg::ui
