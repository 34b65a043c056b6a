#include "field_color.h"

#include "colors.h"

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace sg::fieldconfig {

namespace {

struct Hsl
{
    double h = 0; // degrees
    double s = 0; // 0..1
    double l = 0; // 0..1
};

struct RgbF
{
    double r = 0;
    double g = 0;
    double b = 0;
};

// tinycolor's rgbToHsl / hslToRgb, channels unrounded as tinycolor keeps them.
Hsl toHsl(const RgbF& c)
{
    const double r = c.r / 255, g = c.g / 255, b = c.b / 255;
    const double mx = std::max({ r, g, b }), mn = std::min({ r, g, b });
    Hsl out;
    out.l = (mx + mn) / 2;
    if (mx == mn)
        return out;
    const double d = mx - mn;
    out.s = out.l > 0.5 ? d / (2 - mx - mn) : d / (mx + mn);
    double h;
    if (mx == r)
        h = (g - b) / d + (g < b ? 6 : 0);
    else if (mx == g)
        h = (b - r) / d + 2;
    else
        h = (r - g) / d + 4;
    out.h = h / 6 * 360;
    return out;
}

double hue2rgb(double p, double q, double t)
{
    if (t < 0)
        t += 1;
    if (t > 1)
        t -= 1;
    if (t < 1.0 / 6)
        return p + (q - p) * 6 * t;
    if (t < 1.0 / 2)
        return q;
    if (t < 2.0 / 3)
        return p + (q - p) * (2.0 / 3 - t) * 6;
    return p;
}

RgbF fromHsl(const Hsl& hsl)
{
    const double h = std::fmod(std::clamp(hsl.h, 0.0, 360.0), 360.0) / 360.0;
    const double s = std::clamp(hsl.s, 0.0, 1.0), l = std::clamp(hsl.l, 0.0, 1.0);
    if (s == 0)
        return { l * 255, l * 255, l * 255 };
    const double q = l < 0.5 ? l * (1 + s) : l + s - l * s;
    const double p = 2 * l - q;
    return { hue2rgb(p, q, h + 1.0 / 3) * 255, hue2rgb(p, q, h) * 255, hue2rgb(p, q, h - 1.0 / 3) * 255 };
}

RgbF spin(const RgbF& c, double amount)
{
    Hsl hsl = toHsl(c);
    const double hue = std::fmod(hsl.h + amount, 360.0);
    hsl.h = hue < 0 ? 360 + hue : hue;
    return fromHsl(hsl);
}

RgbF brighten(const RgbF& c, double amount)
{
    const double delta = std::round(255 * -(amount / 100));
    auto ch = [&](double v) { return std::clamp(std::round(v) - delta, 0.0, 255.0); };
    return { ch(c.r), ch(c.g), ch(c.b) };
}

RgbF darken(const RgbF& c, double amount)
{
    Hsl hsl = toHsl(c);
    hsl.l = std::clamp(hsl.l - amount / 100, 0.0, 1.0);
    return fromHsl(hsl);
}

QString hexOf(const RgbF& c)
{
    return Rgba { int(std::lround(c.r)), int(std::lround(c.g)), int(std::lround(c.b)), 1.0 }.toHex();
}

QStringList resolvedPalette()
{
    return classicPalette();
}

QStringList readablePalette()
{
    static const QStringList readable = [] {
        QStringList out;
        for (const QString& c : classicPalette())
            if (contrastRatio(colorByName(c), QString::fromUtf16(theme::PanelBackground)) >= theme::ContrastThreshold)
                out << c;
        return out;
    }();
    return readable;
}

} // namespace

QStringList colorModeIds()
{
    return { u"fixed"_s, u"shades"_s, u"thresholds"_s, u"palette-classic"_s, u"palette-classic-by-name"_s,
        u"continuous-GrYlRd"_s, u"continuous-RdYlGr"_s, u"continuous-BlYlRd"_s, u"continuous-YlRd"_s,
        u"continuous-BlPu"_s, u"continuous-YlBl"_s, u"continuous-blues"_s, u"continuous-reds"_s, u"continuous-greens"_s,
        u"continuous-purples"_s };
}

QStringList continuousSchemeColors(const QString& mode)
{
    if (mode == u"continuous-GrYlRd")
        return { u"green"_s, u"yellow"_s, u"red"_s };
    if (mode == u"continuous-RdYlGr")
        return { u"red"_s, u"yellow"_s, u"green"_s };
    if (mode == u"continuous-BlYlRd")
        return { u"dark-blue"_s, u"super-light-yellow"_s, u"dark-red"_s };
    if (mode == u"continuous-YlRd")
        return { u"super-light-yellow"_s, u"dark-red"_s };
    if (mode == u"continuous-BlPu")
        return { u"blue"_s, u"purple"_s };
    if (mode == u"continuous-YlBl")
        return { u"super-light-yellow"_s, u"dark-blue"_s };
    if (mode == u"continuous-blues")
        return { u"panel-bg"_s, u"dark-blue"_s };
    if (mode == u"continuous-reds")
        return { u"panel-bg"_s, u"dark-red"_s };
    if (mode == u"continuous-greens")
        return { u"panel-bg"_s, u"dark-green"_s };
    if (mode == u"continuous-purples")
        return { u"panel-bg"_s, u"dark-purple"_s };
    return {};
}

bool isByValueColorMode(const QString& mode)
{
    return mode.isEmpty() || mode == u"thresholds" || !continuousSchemeColors(mode).isEmpty()
        || !colorModeIds().contains(mode);
}

QStringList shadesOf(const QString& baseColor)
{
    const QString base = colorByName(baseColor);
    const Rgba c = parseColor(base).value_or(Rgba { 128, 128, 128, 1.0 });
    const RgbF rgb { double(c.r), double(c.g), double(c.b) };
    QStringList colors { base };
    constexpr int ShadesCount = 6;
    constexpr double MaxHueSpin = 10, MaxDarken = 35, MaxBrighten = 35;
    for (int i = 1; i < ShadesCount; ++i) {
        const double f = double(i) / ShadesCount;
        colors << hexOf(brighten(spin(rgb, f * MaxHueSpin), f * MaxDarken));
        colors << hexOf(darken(spin(rgb, -f * MaxHueSpin), f * MaxBrighten));
    }
    return colors;
}

QString fieldColor(const FieldConfig& config, double /*value*/, double percent, const Threshold& threshold)
{
    const QString& mode = config.color.mode;
    if (mode == u"fixed")
        return colorByName(
            config.color.fixedColor.isEmpty() ? QString::fromUtf16(FallbackColor) : config.color.fixedColor);
    if (mode == u"shades") {
        const QStringList shades
            = shadesOf(config.color.fixedColor.isEmpty() ? QString::fromUtf16(FallbackColor) : config.color.fixedColor);
        return shades.at(config.seriesIndex % shades.size());
    }
    if (mode == u"palette-classic") {
        const QStringList p = resolvedPalette();
        return colorByName(p.at(std::max(0, config.seriesIndex) % p.size()));
    }
    if (mode == u"palette-classic-by-name") {
        const QStringList p = readablePalette();
        return colorByName(p.at(int(stringHash(config.seriesName) % quint32(p.size()))));
    }
    const QStringList scheme = continuousSchemeColors(mode);
    if (!scheme.isEmpty())
        return interpolateRgbBasis(scheme, percent);
    return colorByName(threshold.color);
}

QString seriesColor(const FieldConfig& config, const std::vector<double>& values)
{
    if (!isByValueColorMode(config.color.mode))
        return fieldColor(config, 0, 0, fallbackThreshold());
    const QString by = config.color.seriesBy.isEmpty() ? u"last"_s : config.color.seriesBy;
    double v = reduce(by, values, config.nullValueMode);
    if (std::isnan(v))
        v = 0;
    double percent = (v - config.rangeMin) / (config.rangeMax - config.rangeMin);
    if (std::isnan(percent))
        percent = 0;
    return fieldColor(config, v, percent, getActiveThresholdForValue(config.thresholds, v, percent));
}

} // namespace sg::fieldconfig
