#pragma once

// What an exported SVG holds, read with QXmlStreamReader: whether it parses, its text, its paths.
#include <QByteArray>
#include <QRegularExpression>
#include <QStringList>
#include <QXmlStreamReader>

#include <algorithm>

namespace sg::testing {

struct SvgSummary
{
    QString error;       ///< empty when the document parses
    QStringList texts;   ///< the text of every <text> element, trimmed
    int paths = 0;       ///< <path> elements
    int longPaths = 0;   ///< <path> elements with more than 20 points: a series, not a tick or a box
    int largestImage = 0; ///< the area in px² of the largest <image> (a picture embedded as raster)
    QStringList longPathStrokes; ///< the stroke colour of each long path (its own, or its group's), lower case
};

inline SvgSummary summarizeSvg(const QByteArray& svg)
{
    SvgSummary s;
    QXmlStreamReader xml(svg);
    static const QRegularExpression command(QStringLiteral("[MLCQ]"));
    QStringList strokes { QString() }; // the stroke in effect, one entry per open element
    while (!xml.atEnd()) {
        const QXmlStreamReader::TokenType token = xml.readNext();
        if (token == QXmlStreamReader::EndElement) {
            strokes.removeLast();
            continue;
        }
        if (token != QXmlStreamReader::StartElement)
            continue;
        const QString own = xml.attributes().value(QStringLiteral("stroke")).toString().toLower();
        strokes << (own.isEmpty() ? strokes.last() : own);
        if (xml.name() == u"text") {
            s.texts << xml.readElementText(QXmlStreamReader::IncludeChildElements).trimmed();
            strokes.removeLast(); // readElementText consumed the end element
        } else if (xml.name() == u"path") {
            ++s.paths;
            if (xml.attributes().value(QStringLiteral("d")).toString().count(command) > 20) {
                ++s.longPaths;
                s.longPathStrokes << strokes.last();
            }
        } else if (xml.name() == u"image") {
            const double w = xml.attributes().value(QStringLiteral("width")).toDouble();
            const double h = xml.attributes().value(QStringLiteral("height")).toDouble();
            s.largestImage = std::max(s.largestImage, int(w * h));
        }
    }
    if (xml.hasError())
        s.error = xml.errorString();
    return s;
}

} // namespace sg::testing
