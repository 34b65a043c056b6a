#include "panel_paint.h"

#include "core/fieldconfig/colors.h"

#include <QFontMetricsF>
#include <QPainter>

#include <algorithm>

namespace sg::ui::paint {

QColor namedColor(QStringView color)
{
    if (const auto c = fieldconfig::parseColor(color))
        return QColor(c->r, c->g, c->b, int(c->a * 255 + 0.5));
    // Names fieldconfig passes through unchanged are CSS names to a browser; Qt knows the SVG ones.
    return QColor::fromString(fieldconfig::colorByName(color.trimmed()));
}

QColor toQColor(const QString& color)
{
    const QColor c = namedColor(color);
    return c.isValid() ? c : QColor(0x80, 0x80, 0x80);
}

QColor panelBackground()
{
    return toQColor(QString::fromUtf16(fieldconfig::theme::PanelBackground));
}

QColor textPrimary()
{
    return toQColor(QString::fromUtf16(fieldconfig::theme::TextPrimary));
}

QColor textSecondary()
{
    return toQColor(QString::fromUtf16(fieldconfig::theme::TextSecondary));
}

QColor borderWeak()
{
    return toQColor(QString::fromUtf16(fieldconfig::theme::BorderWeak));
}

// The same values as ui/theme.cpp, which lives in a library the panel folders do not link.
QColor plotText()
{
    return QColor(0xd8, 0xd9, 0xda);
}

QColor mutedText()
{
    return QColor(0x8e, 0x8e, 0x9a);
}

QColor gridLine()
{
    return QColor(0x2a, 0x2d, 0x33);
}

QColor plotBorder()
{
    return QColor(0x2c, 0x30, 0x35);
}

QColor tooltipBackground()
{
    return QColor(0x22, 0x25, 0x2b);
}

QColor selection()
{
    return QColor(0x3d, 0x71, 0xd9, 70);
}

QColor paletteColor(int index)
{
    const QStringList& palette = fieldconfig::classicPalette();
    const auto i = (index < 0 ? -qsizetype(index) : qsizetype(index)) % palette.size();
    return toQColor(palette.at(i));
}

QColor textOn(const QColor& background)
{
    const double brightness = (background.red() * 299 + background.green() * 587 + background.blue() * 114) / 1000.0;
    return brightness > 180 ? QColor(32, 34, 38) : QColor(247, 248, 250);
}

QFont fittedFont(QFont font, const QString& text, qreal width, qreal height, qreal maxPx, qreal minPx)
{
    font.setPixelSize(100);
    const QFontMetricsF fm(font);
    const qreal textWidth = std::max<qreal>(1, fm.horizontalAdvance(text));
    const qreal byWidth = 100 * width * 0.95 / textWidth;
    const qreal byHeight = height / 1.2; // line height
    const qreal px = std::clamp(std::min({ byWidth, byHeight, maxPx }), minPx, std::max(minPx, maxPx));
    font.setPixelSize(std::max(1, int(px)));
    return font;
}

void drawFitted(QPainter& p, const QRectF& rect, const QString& text, const QFont& font, int flags)
{
    p.setFont(font);
    const QFontMetricsF fm(font);
    const QString shown
        = fm.horizontalAdvance(text) > rect.width() + 0.5 ? fm.elidedText(text, Qt::ElideRight, rect.width()) : text;
    p.drawText(rect, flags | Qt::TextSingleLine, shown);
}

} // namespace sg::ui::paint
