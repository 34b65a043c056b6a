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

int clampChannel(double v)
{
    return std::clamp(int(std::lround(v)), 0, 255);
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

const std::vector<ChromaticScheme>& chromaticSchemes()
{
    // d3-scale-chromatic's scheme stops; the single-hue and sequential multi-hue ones are inverted on the dark theme
    // by Grafana's heatmap (palettes.ts).
    static const std::vector<ChromaticScheme> schemes {
        { "Blues", { 0xf7fbff, 0xdeebf7, 0xc6dbef, 0x9ecae1, 0x6baed6, 0x4292c6, 0x2171b5, 0x08519c, 0x08306b }, true },
        { "Greens", { 0xf7fcf5, 0xe5f5e0, 0xc7e9c0, 0xa1d99b, 0x74c476, 0x41ab5d, 0x238b45, 0x006d2c, 0x00441b }, true },
        { "Greys", { 0xffffff, 0xf0f0f0, 0xd9d9d9, 0xbdbdbd, 0x969696, 0x737373, 0x525252, 0x252525, 0x000000 }, true },
        { "Oranges", { 0xfff5eb, 0xfee6ce, 0xfdd0a2, 0xfdae6b, 0xfd8d3c, 0xf16913, 0xd94801, 0xa63603, 0x7f2704 },
            true },
        { "Purples", { 0xfcfbfd, 0xefedf5, 0xdadaeb, 0xbcbddc, 0x9e9ac8, 0x807dba, 0x6a51a3, 0x54278f, 0x3f007d },
            true },
        { "Reds", { 0xfff5f0, 0xfee0d2, 0xfcbba1, 0xfc9272, 0xfb6a4a, 0xef3b2c, 0xcb181d, 0xa50f15, 0x67000d }, true },
        { "BuPu", { 0xf7fcfd, 0xe0ecf4, 0xbfd3e6, 0x9ebcda, 0x8c96c6, 0x8c6bb1, 0x88419d, 0x810f7c, 0x4d004b }, true },
        { "YlGn", { 0xffffe5, 0xf7fcb9, 0xd9f0a3, 0xaddd8e, 0x78c679, 0x41ab5d, 0x238443, 0x006837, 0x004529 }, true },
        { "YlGnBu", { 0xffffd9, 0xedf8b1, 0xc7e9b4, 0x7fcdbb, 0x41b6c4, 0x1d91c0, 0x225ea8, 0x253494, 0x081d58 },
            true },
        { "YlOrBr", { 0xffffe5, 0xfff7bc, 0xfee391, 0xfec44f, 0xfe9929, 0xec7014, 0xcc4c02, 0x993404, 0x662506 },
            true },
        { "YlOrRd", { 0xffffcc, 0xffeda0, 0xfed976, 0xfeb24c, 0xfd8d3c, 0xfc4e2a, 0xe31a1c, 0xbd0026, 0x800026 },
            true },
        { "RdBu", { 0x67001f, 0xb2182b, 0xd6604d, 0xf4a582, 0xfddbc7, 0xf7f7f7, 0xd1e5f0, 0x92c5de, 0x4393c3, 0x2166ac,
                      0x053061 },
            false },
        { "RdYlBu", { 0xa50026, 0xd73027, 0xf46d43, 0xfdae61, 0xfee090, 0xffffbf, 0xe0f3f8, 0xabd9e9, 0x74add1,
                        0x4575b4, 0x313695 },
            false },
        { "RdYlGn", { 0xa50026, 0xd73027, 0xf46d43, 0xfdae61, 0xfee08b, 0xffffbf, 0xd9ef8b, 0xa6d96a, 0x66bd63,
                        0x1a9850, 0x006837 },
            false },
        { "Spectral", { 0x9e0142, 0xd53e4f, 0xf46d43, 0xfdae61, 0xfee08b, 0xffffbf, 0xe6f598, 0xabdda4, 0x66c2a5,
                          0x3288bd, 0x5e4fa2 },
            false },
        { "Viridis", { 0x440154, 0x472d7b, 0x3b528b, 0x2c728e, 0x21918c, 0x28ae80, 0x5ec962, 0xaddc30, 0xfde725 },
            false },
        { "Inferno", { 0x000004, 0x1b0c41, 0x4a0c6b, 0x781c6d, 0xa52c60, 0xcf4446, 0xed6925, 0xfb9b06, 0xf7d13d,
                         0xfcffa4 },
            false },
        { "Magma", { 0x000004, 0x180f3d, 0x440f76, 0x721f81, 0x9e2f7f, 0xcd4071, 0xf1605d, 0xfd9668, 0xfeca8d,
                       0xfcfdbf },
            false },
        { "Plasma", { 0x0d0887, 0x41049d, 0x6a00a8, 0x8f0da4, 0xb12a90, 0xcc4778, 0xe16462, 0xf2844b, 0xfca636,
                        0xfcce25, 0xf0f921 },
            false },
        { "Cividis", { 0x00204d, 0x00336f, 0x39486b, 0x575d6d, 0x707173, 0x8a8779, 0xa69d75, 0xc4b56c, 0xe4cf5b,
                         0xffea46 },
            false },
        { "Turbo", { 0x30123b, 0x4662d7, 0x36aaf9, 0x1ae4b6, 0x72fe5e, 0xc8ef34, 0xfaba39, 0xf66b19, 0xca2a04,
                       0x7a0403 },
            false },
    };
    return schemes;
}

const ChromaticScheme& chromaticScheme(QStringView name)
{
    const auto& all = chromaticSchemes();
    for (const auto& s : all)
        if (name.compare(QLatin1StringView(s.name), Qt::CaseInsensitive) == 0)
            return s;
    for (const auto& s : all)
        if (QLatin1StringView(s.name) == u"Oranges")
            return s;
    return all.front();
}

Rgba sampleChromaticScheme(const ChromaticScheme& scheme, double t)
{
    const auto& stops = scheme.stops;
    if (stops.empty())
        return parseColor(FallbackColor).value_or(Rgba {});
    if (stops.size() == 1)
        return Rgba { int((stops[0] >> 16) & 0xff), int((stops[0] >> 8) & 0xff), int(stops[0] & 0xff), 1.0 };
    t = std::clamp(std::isnan(t) ? 0.0 : t, 0.0, 1.0) * double(stops.size() - 1);
    const auto i = std::min(std::size_t(t), stops.size() - 2);
    const double f = t - double(i);
    auto channel = [&](int shift) {
        const double a = double((stops[i] >> shift) & 0xff);
        const double b = double((stops[i + 1] >> shift) & 0xff);
        return clampChannel(a + (b - a) * f);
    };
    return Rgba { channel(16), channel(8), channel(0), 1.0 };
}

} // namespace sg::fieldconfig
