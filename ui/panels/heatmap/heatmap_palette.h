#pragma once

#include <QJsonObject>
#include <QRgb>
#include <QString>

#include <vector>

namespace sg::ui::heatmap {

/// The heatmap's `options.color`: Grafana's quantized palette, from a d3 scheme or from one colour's opacity.
struct PaletteOptions
{
    QString mode = QStringLiteral("scheme"); ///< "scheme" or "opacity"
    QString scheme = QStringLiteral("Oranges");
    QString fill = QStringLiteral("dark-orange");
    QString scale = QStringLiteral("exponential"); ///< opacity mode: "linear" or "exponential"
    double exponent = 0.5;
    int steps = 64;
    bool reverse = false;

    /// Reads `options.color`; absent keys keep the defaults above (Grafana's).
    static PaletteOptions fromJson(const QJsonObject& color);
};

/// Grafana's quantizeScheme: `steps` colours of the scheme (fieldconfig::chromaticScheme) with the dark theme's
/// inversion and `reverse` applied, or for the opacity mode the fill colour with alpha rising linearly or as
/// t^exponent.
std::vector<QRgb> quantizedPalette(const PaletteOptions& options);

/// Grafana's valuesToFills: the palette index of `v` over [min, max] (the top index when the range is empty).
int paletteIndex(double v, double min, double max, int size);

} // namespace sg::ui::heatmap
