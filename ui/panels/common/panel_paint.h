#pragma once

// Colours and text fitting every painted panel view shares. Colours come from sg::fieldconfig as strings; these
// turn them into QColors and add the plot chrome the chart-like views draw.

#include <QColor>
#include <QFont>
#include <QString>
#include <QStringView>

class QPainter;
class QRectF;

namespace sg::ui::paint {

/// A colour string from sg::fieldconfig (hex, rgb(), rgba(), a Grafana or CSS name) as a QColor; invalid when it
/// names no colour. An empty string is Grafana's fallback grey, as fieldconfig::colorByName has it.
QColor namedColor(QStringView color);
/// namedColor, with grey for text that names no colour.
QColor toQColor(const QString& color);

/// Grafana's dark theme tokens (fieldconfig::theme).
QColor panelBackground();
QColor textPrimary();
QColor textSecondary();
QColor borderWeak();

/// The plot chrome of the chart-like views (axes, legends, tooltips), the application theme's values so that these
/// panels sit with the time series charts.
QColor plotText();
QColor mutedText();
QColor gridLine();
QColor plotBorder();
QColor tooltipBackground();
QColor selection();

/// The `index`-th colour of Grafana's classic palette (fieldconfig::classicPalette), wrapping around.
QColor paletteColor(int index);

/// Text readable on `background`, as Grafana's getTextColorForBackground picks it (by perceived brightness).
QColor textOn(const QColor& background);

/// The largest font (at most `maxPx`, at least `minPx`) whose `text` fits `width` x `height`, as Grafana's
/// calculateFontSize scales the big value to its box.
QFont fittedFont(QFont font, const QString& text, qreal width, qreal height, qreal maxPx, qreal minPx = 7);

/// Draws `text` centred in `rect`, elided when even the smallest font does not fit.
void drawFitted(QPainter& p, const QRectF& rect, const QString& text, const QFont& font, int flags);

} // namespace sg::ui::paint
