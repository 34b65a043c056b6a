#pragma once

// Colours shared by the heatmap, histogram, bar chart and state timeline views: the dark theme's panel colours,
// Grafana's named colours, its classic palette and the d3 colour schemes of the heatmap.
//
// Header-only on purpose: each panel folder is its own static library and links only sg_panel_common, so a helper
// compiled into one folder's library would not link into another folder's tests.

#include <QColor>
#include <QHash>
#include <QString>
#include <QStringView>

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

namespace sg::ui::viz {

/// The dark theme's panel colours (the same values as ui/theme.cpp, which lives in a library panels do not link).
inline QColor panelBackground() { return QColor(0x18, 0x1b, 0x1f); }
inline QColor textColor() { return QColor(0xd8, 0xd9, 0xda); }
inline QColor mutedTextColor() { return QColor(0x8e, 0x8e, 0x9a); }
inline QColor gridLineColor() { return QColor(0x2a, 0x2d, 0x33); }
inline QColor borderColor() { return QColor(0x2c, 0x30, 0x35); }
inline QColor tooltipBackground() { return QColor(0x22, 0x25, 0x2b); }
inline QColor selectionColor() { return QColor(0x3d, 0x71, 0xd9, 70); }

/// Grafana's classic palette ("palette-classic"): the i-th series colour, wrapping around.
inline QColor classicColor(int index)
{
    static constexpr std::array<QRgb, 24> Palette { 0x7eb26d, 0xeab839, 0x6ed0e0, 0xef843c, 0xe24d42, 0x1f78c1,
        0xba43a9, 0x705da0, 0x508642, 0xcca300, 0x447ebc, 0xc15c17, 0x890f02, 0x0a437c, 0x6d1f62, 0x584477, 0xb7dbab,
        0xf4d598, 0x70dbed, 0xf9ba8f, 0xf29191, 0x82b5d8, 0xe5a8e2, 0xaea2e0 };
    const auto i = static_cast<std::size_t>(index < 0 ? -index : index) % Palette.size();
    return QColor::fromRgb(Palette[i]);
}

/// A colour as dashboards write it: Grafana's dark-theme names ("green", "semi-dark-red", "transparent"), "#rgb"
/// hex, "rgb(…)"/"rgba(…)" or an SVG name. Unknown text gives an invalid colour.
inline QColor namedColor(QStringView name)
{
    static const QHash<QString, QRgb> Named = [] {
        QHash<QString, QRgb> h;
        auto hue = [&h](const char* n, QRgb superLight, QRgb light, QRgb main, QRgb semiDark, QRgb dark) {
            const QString base = QString::fromLatin1(n);
            h.insert(QStringLiteral("super-light-") + base, superLight);
            h.insert(QStringLiteral("light-") + base, light);
            h.insert(base, main);
            h.insert(QStringLiteral("semi-dark-") + base, semiDark);
            h.insert(QStringLiteral("dark-") + base, dark);
        };
        hue("red", 0xffa6b0, 0xff7383, 0xf2495c, 0xe02f44, 0xc4162a);
        hue("orange", 0xffcb7d, 0xffb357, 0xff9830, 0xff780a, 0xfa6400);
        hue("yellow", 0xfff899, 0xffee52, 0xfade2a, 0xf2cc0c, 0xe0b400);
        hue("green", 0xc8f2c2, 0x96d98d, 0x73bf69, 0x56a64b, 0x37872d);
        hue("blue", 0xc0d8ff, 0x8ab8ff, 0x5794f2, 0x3274d9, 0x1f60c4);
        hue("purple", 0xdeb6f2, 0xca95e5, 0xb877d9, 0xa352cc, 0x8f3bb8);
        h.insert(QStringLiteral("text"), 0xccccdc);
        return h;
    }();
    const QString key = name.trimmed().toString().toLower();
    if (key.isEmpty())
        return {};
    if (key == u"transparent")
        return QColor(0, 0, 0, 0);
    if (const auto it = Named.constFind(key); it != Named.constEnd())
        return QColor::fromRgb(*it);
    if (key.startsWith(u"rgb")) {
        const qsizetype open = key.indexOf(u'(');
        const qsizetype close = key.indexOf(u')');
        if (open < 0 || close < open)
            return {};
        const auto parts = QStringView(key).mid(open + 1, close - open - 1).split(u',');
        if (parts.size() < 3)
            return {};
        QColor c(parts[0].trimmed().toInt(), parts[1].trimmed().toInt(), parts[2].trimmed().toInt());
        if (parts.size() > 3)
            c.setAlphaF(std::clamp(parts[3].trimmed().toFloat(), 0.0f, 1.0f));
        return c;
    }
    return QColor::fromString(key);
}

/// Black or white, whichever reads better on `background`.
inline QColor contrastText(const QColor& background)
{
    const double luma = 0.299 * background.redF() + 0.587 * background.greenF() + 0.114 * background.blueF();
    return luma > 0.6 ? QColor(0x20, 0x22, 0x26) : QColor(0xf4, 0xf5, 0xf5);
}

/// Stops of the d3-scale-chromatic schemes the heatmap offers, low to high; `invertOnDark` marks those Grafana
/// reverses on the dark theme so that the hottest cells are the brightest.
struct ColorScheme
{
    const char* name;
    std::vector<QRgb> stops;
    bool invertOnDark;
};

inline const std::vector<ColorScheme>& colorSchemes()
{
    static const std::vector<ColorScheme> Schemes {
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
    return Schemes;
}

/// The scheme named `name` (case-insensitive); Oranges, Grafana's default, when unknown.
inline const ColorScheme& colorScheme(QStringView name)
{
    const auto& all = colorSchemes();
    for (const auto& s : all)
        if (name.compare(QLatin1StringView(s.name), Qt::CaseInsensitive) == 0)
            return s;
    return all[3];
}

/// The scheme sampled at t in [0, 1] (linear between stops).
inline QColor sampleScheme(const ColorScheme& scheme, double t)
{
    const auto& stops = scheme.stops;
    t = std::clamp(t, 0.0, 1.0) * double(stops.size() - 1);
    const auto i = std::min(std::size_t(t), stops.size() - 2);
    const double f = t - double(i);
    const QColor a = QColor::fromRgb(stops[i]);
    const QColor b = QColor::fromRgb(stops[i + 1]);
    return QColor::fromRgbF(float(a.redF() + (b.redF() - a.redF()) * f), float(a.greenF() + (b.greenF() - a.greenF()) * f),
        float(a.blueF() + (b.blueF() - a.blueF()) * f));
}

/// Grafana's heatmap palette (quantizeScheme): `steps` colours of a scheme, dark-theme inversion and `reverse`
/// applied, or for the opacity mode the fill colour with alpha rising linearly or as t^exponent.
struct HeatmapPaletteOptions
{
    QString mode = QStringLiteral("scheme"); ///< "scheme" or "opacity"
    QString scheme = QStringLiteral("Oranges");
    QString fill = QStringLiteral("dark-orange");
    QString scale = QStringLiteral("exponential"); ///< opacity mode: "linear" or "exponential"
    double exponent = 0.5;
    int steps = 64;
    bool reverse = false;
};

inline std::vector<QRgb> heatmapPalette(const HeatmapPaletteOptions& o)
{
    const int steps = std::clamp(o.steps, 2, 256);
    std::vector<QRgb> out;
    out.reserve(std::size_t(steps));
    if (o.mode == u"opacity") {
        QColor fill = namedColor(o.fill);
        if (!fill.isValid())
            fill = namedColor(u"dark-orange");
        for (int i = 0; i < steps; ++i) {
            const double t = double(i) / double(steps - 1);
            const double alpha = o.scale == u"linear" ? t : std::pow(t, o.exponent);
            QColor c = fill;
            c.setAlphaF(float(std::clamp(alpha, 0.0, 1.0)));
            out.push_back(c.rgba());
        }
    } else {
        const ColorScheme& scheme = colorScheme(o.scheme);
        for (int i = 0; i < steps; ++i)
            out.push_back(sampleScheme(scheme, double(i) / double(steps - 1)).rgba());
        if (scheme.invertOnDark)
            std::reverse(out.begin(), out.end());
    }
    if (o.reverse)
        std::reverse(out.begin(), out.end());
    return out;
}

/// Grafana's valuesToFills: the palette index of `v` over [min, max] (the top index when the range is empty).
inline int paletteIndex(double v, double min, double max, int size)
{
    if (v <= min && max > min)
        return 0;
    if (v >= max || !(max > min))
        return size - 1;
    return std::min(size - 1, int(std::floor(double(size) * (v - min) / (max - min))));
}

} // namespace sg::ui::viz
