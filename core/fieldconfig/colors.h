#pragma once

#include <QString>
#include <QStringList>
#include <QStringView>

#include <optional>

namespace sg::fieldconfig {

/// The colour Grafana falls back to when a field has no colour at all (`FALLBACK_COLOR`).
inline constexpr char16_t FallbackColor[] = u"#808080";

/// Grafana's dark theme (v2) tokens the panels paint with.
namespace theme {
inline constexpr char16_t PanelBackground[] = u"#181b1f"; ///< colors.background.primary ("panel-bg")
inline constexpr char16_t Canvas[] = u"#111217"; ///< colors.background.canvas
inline constexpr char16_t TextPrimary[] = u"rgb(204, 204, 220)";
inline constexpr char16_t TextSecondary[] = u"rgba(204, 204, 220, 0.65)";
inline constexpr char16_t BorderWeak[] = u"rgba(204, 204, 220, 0.12)";
/// The minimum contrast ratio a by-name palette colour must keep against the panel background.
inline constexpr double ContrastThreshold = 3.0;
} // namespace theme

/// A colour as 8-bit channels (core code stays free of QtGui's QColor).
struct Rgba
{
    int r = 0;
    int g = 0;
    int b = 0;
    double a = 1.0;
    bool operator==(const Rgba&) const = default;
    /// "#rrggbb", or "#rrggbbaa" when not opaque (Grafana's asHexString).
    QString toHex() const;
};

/// Grafana's `theme.visualization.getColorByName` (dark theme): the hue shades ("red", "semi-dark-red", ...),
/// "transparent", "panel-bg" and "text" become their colours; "#..." and "rgb..." strings and unknown names pass
/// through unchanged; CSS colour names become hex; an empty name gives FallbackColor.
QString colorByName(QStringView name);

/// Parses "#rgb", "#rrggbb", "#rrggbbaa", "rgb(r, g, b)", "rgba(r, g, b, a)", a Grafana name or a CSS colour name.
std::optional<Rgba> parseColor(QStringView color);

/// Grafana's classic palette (`theme.visualization.palette`), as names or hex strings in Grafana's order.
const QStringList& classicPalette();

/// WCAG contrast ratio between two colours, as Grafana's getContrastRatio computes it (luminances rounded to 3
/// decimals).
double contrastRatio(QStringView foreground, QStringView background);

/// d3's interpolateRgbBasis over `colors` (names resolved) at `t` in [0, 1], formatted "rgb(r, g, b)" as d3 does.
QString interpolateRgbBasis(const QStringList& colors, double t);

/// Grafana's string-hash of `text` (djb2 with xor, walked from the end), for palette-classic-by-name.
quint32 stringHash(QStringView text);

/// Formats a number as JavaScript's `String(number)` does ("1", "0.5", "1e+21", "1e-7", "NaN", "Infinity").
QString jsNumberToString(double value);

} // namespace sg::fieldconfig
