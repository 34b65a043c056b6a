#include "heatmap_palette.h"

#include "core/fieldconfig/field_color.h"
#include "ui/panels/common/panel_paint.h"

#include <QColor>

#include <algorithm>
#include <cmath>

namespace sg::ui::heatmap {

PaletteOptions PaletteOptions::fromJson(const QJsonObject& color)
{
    PaletteOptions o;
    o.mode = color.value(u"mode").toString(o.mode);
    o.scheme = color.value(u"scheme").toString(o.scheme);
    o.fill = color.value(u"fill").toString(o.fill);
    o.scale = color.value(u"scale").toString(o.scale);
    o.exponent = color.value(u"exponent").toDouble(o.exponent);
    o.steps = color.value(u"steps").toInt(o.steps);
    o.reverse = color.value(u"reverse").toBool(o.reverse);
    return o;
}

std::vector<QRgb> quantizedPalette(const PaletteOptions& o)
{
    const int steps = std::clamp(o.steps, 2, 256);
    std::vector<QRgb> out;
    out.reserve(std::size_t(steps));
    if (o.mode == u"opacity") {
        QColor fill = paint::namedColor(o.fill);
        if (!fill.isValid())
            fill = paint::namedColor(u"dark-orange");
        for (int i = 0; i < steps; ++i) {
            const double t = double(i) / double(steps - 1);
            const double alpha = o.scale == u"linear" ? t : std::pow(t, o.exponent);
            QColor c = fill;
            c.setAlphaF(float(std::clamp(alpha, 0.0, 1.0)));
            out.push_back(c.rgba());
        }
    } else {
        const fieldconfig::ChromaticScheme& scheme = fieldconfig::chromaticScheme(o.scheme);
        for (int i = 0; i < steps; ++i) {
            const fieldconfig::Rgba c = fieldconfig::sampleChromaticScheme(scheme, double(i) / double(steps - 1));
            out.push_back(qRgb(c.r, c.g, c.b));
        }
        if (scheme.invertOnDark)
            std::reverse(out.begin(), out.end());
    }
    if (o.reverse)
        std::reverse(out.begin(), out.end());
    return out;
}

int paletteIndex(double v, double min, double max, int size)
{
    if (v <= min && max > min)
        return 0;
    if (v >= max || !(max > min))
        return size - 1;
    return std::min(size - 1, int(std::floor(double(size) * (v - min) / (max - min))));
}

} // namespace sg::ui::heatmap
