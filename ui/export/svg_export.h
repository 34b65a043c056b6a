#pragma once

#include <QByteArray>
#include <QString>

class QWidget;

namespace sg::ui {

/// `widget` and its children painted into an SVG document (QSvgGenerator): what the views paint as paths (series,
/// axes, gauges) stays vector, text stays text. Views that keep a cached picture paint directly for it.
QByteArray widgetToSvg(QWidget* widget, const QString& title);

/// widgetToSvg written to `path`; false with `error` set when the file cannot be written.
bool writeSvg(QWidget* widget, const QString& path, const QString& title, QString* error = nullptr);

/// True when `path` names an SVG file (by its extension), the way `render --out` and the export dialogs choose.
bool isSvgPath(const QString& path);

} // namespace sg::ui
