#pragma once

// Painting helpers shared by the stat, gauge and bar gauge views (header-only: each panel folder is its own
// library and links only sg_panel_common).

#include "core/fieldconfig/colors.h"
#include "core/fieldconfig/field_color.h"
#include "ui/panels/panel_plugin.h"

#include <QColor>
#include <QFont>
#include <QFontMetricsF>
#include <QJsonArray>
#include <QJsonObject>
#include <QPainter>
#include <QString>

#include <algorithm>
#include <vector>

namespace sg::ui::paint {

/// A colour string from sg::fieldconfig (hex, rgb(), rgba(), Grafana or CSS name) as a QColor.
inline QColor toQColor(const QString& color)
{
    if (const auto c = fieldconfig::parseColor(color))
        return QColor(c->r, c->g, c->b, int(c->a * 255 + 0.5));
    QColor q = QColor::fromString(color);
    return q.isValid() ? q : QColor(0x80, 0x80, 0x80);
}

inline QColor panelBackground()
{
    return toQColor(QString::fromUtf16(fieldconfig::theme::PanelBackground));
}
inline QColor textPrimary()
{
    return toQColor(QString::fromUtf16(fieldconfig::theme::TextPrimary));
}
inline QColor textSecondary()
{
    return toQColor(QString::fromUtf16(fieldconfig::theme::TextSecondary));
}
inline QColor borderWeak()
{
    return toQColor(QString::fromUtf16(fieldconfig::theme::BorderWeak));
}

/// Text readable on `background`, as Grafana's getTextColorForBackground picks it (by perceived brightness).
inline QColor textOn(const QColor& background)
{
    const double brightness = (background.red() * 299 + background.green() * 587 + background.blue() * 114) / 1000.0;
    return brightness > 180 ? QColor(32, 34, 38) : QColor(247, 248, 250);
}

/// The largest font (at most `maxPx`, at least `minPx`) whose `text` fits `width` x `height`, as Grafana's
/// calculateFontSize scales the big value to its box.
inline QFont fittedFont(QFont font, const QString& text, qreal width, qreal height, qreal maxPx, qreal minPx = 7)
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

/// Draws `text` centred in `rect`, elided when even the smallest font does not fit.
inline void drawFitted(QPainter& p, const QRectF& rect, const QString& text, const QFont& font, int flags)
{
    p.setFont(font);
    const QFontMetricsF fm(font);
    const QString shown
        = fm.horizontalAdvance(text) > rect.width() + 0.5 ? fm.elidedText(text, Qt::ElideRight, rect.width()) : text;
    p.drawText(rect, flags | Qt::TextSingleLine, shown);
}

/// A Select option descriptor.
inline OptionDescriptor selectOption(const QString& path, const QString& name, const QString& category,
    const QString& defaultValue, const QStringList& choices, const QString& description = {})
{
    OptionDescriptor d;
    d.path = path;
    d.name = name;
    d.category = category;
    d.editor = OptionDescriptor::Editor::Select;
    d.defaultValue = defaultValue;
    d.choices = choices;
    d.description = description;
    return d;
}

inline OptionDescriptor option(const QString& path, const QString& name, const QString& category,
    OptionDescriptor::Editor editor, const QJsonValue& defaultValue = {}, const QString& description = {})
{
    OptionDescriptor d;
    d.path = path;
    d.name = name;
    d.category = category;
    d.editor = editor;
    d.defaultValue = defaultValue;
    d.description = description;
    return d;
}

/// Grafana's standard field options (unit, min, max, decimals, display name, no value, thresholds, mappings,
/// colour scheme), as every value panel lists them.
inline std::vector<OptionDescriptor> standardFieldOptions(const QString& defaultColorMode)
{
    using E = OptionDescriptor::Editor;
    const QString std = QStringLiteral("Standard options");
    std::vector<OptionDescriptor> out {
        option(QStringLiteral("fieldConfig.defaults.unit"), QStringLiteral("Unit"), std, E::Unit),
        option(QStringLiteral("fieldConfig.defaults.min"), QStringLiteral("Min"), std, E::Number, {},
            QStringLiteral("Leave empty to calculate based on all values")),
        option(QStringLiteral("fieldConfig.defaults.max"), QStringLiteral("Max"), std, E::Number, {},
            QStringLiteral("Leave empty to calculate based on all values")),
        option(QStringLiteral("fieldConfig.defaults.decimals"), QStringLiteral("Decimals"), std, E::Number),
        option(QStringLiteral("fieldConfig.defaults.displayName"), QStringLiteral("Display name"), std, E::Text, {},
            QStringLiteral("Change the field or series name")),
        option(QStringLiteral("fieldConfig.defaults.noValue"), QStringLiteral("No value"), std, E::Text, {},
            QStringLiteral("What to show when there is no value")),
        selectOption(QStringLiteral("fieldConfig.defaults.color.mode"), QStringLiteral("Color scheme"), std,
            defaultColorMode, fieldconfig::colorModeIds()),
        option(QStringLiteral("fieldConfig.defaults.thresholds"), QStringLiteral("Thresholds"),
            QStringLiteral("Thresholds"), E::Thresholds),
        option(QStringLiteral("fieldConfig.defaults.mappings"), QStringLiteral("Value mappings"),
            QStringLiteral("Value mappings"), E::Mappings, QJsonArray()),
    };
    return out;
}

/// Grafana's plugin field config defaults for value panels: thresholds green / red at 80, colour by `colorMode`.
inline QJsonObject pluginFieldDefaults(const QString& colorMode)
{
    return QJsonObject {
        { QStringLiteral("thresholds"),
            QJsonObject { { QStringLiteral("mode"), QStringLiteral("absolute") },
                { QStringLiteral("steps"),
                    QJsonArray { QJsonObject { { QStringLiteral("color"), QStringLiteral("green") },
                                     { QStringLiteral("value"), QJsonValue() } },
                        QJsonObject { { QStringLiteral("color"), QStringLiteral("red") },
                            { QStringLiteral("value"), 80 } } } } } },
        { QStringLiteral("color"), QJsonObject { { QStringLiteral("mode"), colorMode } } },
        { QStringLiteral("mappings"), QJsonArray() },
    };
}

} // namespace sg::ui::paint
