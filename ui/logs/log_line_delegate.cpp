#include "log_line_delegate.h"

#include "log_lines_model.h"
#include "ui/theme.h"

#include <QDateTime>
#include <QFontDatabase>
#include <QPainter>

using namespace Qt::StringLiterals;

namespace sg::ui {
namespace {
QColor levelColor(LogLevel level)
{
    switch (level) {
    case LogLevel::Error:
        return theme::errorColor();
    case LogLevel::Warn:
        return theme::warnColor();
    case LogLevel::Info:
        return theme::infoColor();
    case LogLevel::Debug:
        return theme::debugColor();
    case LogLevel::Unknown:
        break;
    }
    return theme::mutedText();
}
} // namespace

LogLineDelegate::LogLineDelegate(QObject* parent)
    : QStyledItemDelegate(parent)
    , m_mono(QFontDatabase::systemFont(QFontDatabase::FixedFont))
{
}

QSize LogLineDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex&) const
{
    const int h = std::max(QFontMetrics(m_mono).height(), option.fontMetrics.height()) + 6;
    return QSize(400, h);
}

void LogLineDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    painter->save();
    const QRect r = option.rect;
    if (option.state & QStyle::State_Selected)
        painter->fillRect(r, QColor(0x2a, 0x3a, 0x5a));
    else if (option.state & QStyle::State_MouseOver)
        painter->fillRect(r, QColor(0x22, 0x25, 0x2b));

    const auto level = LogLevel(index.data(LogLinesModel::LevelValueRole).toInt());
    painter->fillRect(QRect(r.left() + 2, r.top() + 2, 3, r.height() - 4), levelColor(level));

    int x = r.left() + 12;
    const int baselineFlags = Qt::AlignVCenter | Qt::AlignLeft | Qt::TextSingleLine;
    painter->setFont(m_mono);
    const QFontMetrics mono(m_mono);
    const QString time = index.data(LogLinesModel::TimeRole).toDateTime().toString(u"yyyy-MM-dd HH:mm:ss.zzz"_s);
    painter->setPen(theme::text());
    const int timeWidth = mono.horizontalAdvance(time);
    painter->drawText(QRect(x, r.top(), timeWidth, r.height()), baselineFlags, time);
    x += timeWidth + 14;

    if (m_showLabels) {
        painter->setFont(option.font);
        painter->setPen(theme::mutedText());
        const QString labels = index.data(LogLinesModel::LabelsRole).toString();
        const int maxLabelWidth = std::max(0, std::min(r.width() / 3, 320));
        const QString elided = option.fontMetrics.elidedText(labels, Qt::ElideRight, maxLabelWidth);
        const int w = option.fontMetrics.horizontalAdvance(elided);
        painter->drawText(QRect(x, r.top(), w, r.height()), baselineFlags, elided);
        x += w + 14;
    }

    painter->setFont(m_mono);
    painter->setPen(theme::text());
    const QString line = index.data(LogLinesModel::LineRole).toString();
    const QRect lineRect(x, r.top(), std::max(0, r.right() - x - 4), r.height());
    painter->drawText(lineRect, baselineFlags, mono.elidedText(line, Qt::ElideRight, lineRect.width()));
    painter->restore();
}

} // namespace sg::ui
