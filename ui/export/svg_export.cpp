#include "svg_export.h"

#include <QBuffer>
#include <QFile>
#include <QPainter>
#include <QSaveFile>
#include <QSvgGenerator>
#include <QWidget>

using namespace Qt::StringLiterals;

namespace sg::ui {

QByteArray widgetToSvg(QWidget* widget, const QString& title)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QSvgGenerator svg;
    svg.setOutputDevice(&buffer);
    svg.setSize(widget->size());
    svg.setViewBox(QRect(QPoint(0, 0), widget->size()));
    svg.setTitle(title);
    svg.setDescription(u"Sightglass"_s);
    QPainter p(&svg);
    widget->render(&p, QPoint(), QRegion(), QWidget::DrawWindowBackground | QWidget::DrawChildren);
    p.end();
    return buffer.data();
}

bool writeSvg(QWidget* widget, const QString& path, const QString& title, QString* error)
{
    const QByteArray bytes = widgetToSvg(widget, title);
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size() || !f.commit()) {
        if (error)
            *error = f.errorString();
        return false;
    }
    return true;
}

bool isSvgPath(const QString& path) { return path.endsWith(u".svg"_s, Qt::CaseInsensitive); }

} // namespace sg::ui
