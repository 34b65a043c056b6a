#pragma once

// Option descriptors and option defaults the panel plugins share, after Grafana's standard options and its
// common options builders (reduce options, legend, tooltip).

#include "ui/panels/panel_plugin.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <vector>

namespace sg::ui::paint {

/// A Select option descriptor.
OptionDescriptor selectOption(const QString& path, const QString& name, const QString& category,
    const QString& defaultValue, const QStringList& choices, const QString& description = {});

OptionDescriptor option(const QString& path, const QString& name, const QString& category,
    OptionDescriptor::Editor editor, const QJsonValue& defaultValue = {}, const QString& description = {});

/// Grafana's standard field options (unit, min, max, decimals, display name, no value, thresholds, mappings,
/// colour scheme), as every value panel lists them.
std::vector<OptionDescriptor> standardFieldOptions(const QString& defaultColorMode);

/// Grafana's plugin field config defaults: thresholds green / red at 80, colour by `colorMode`, no mappings.
QJsonObject pluginFieldDefaults(const QString& colorMode);

/// The panel's `fieldConfig` with its `defaults` laid over pluginFieldDefaults(`colorMode`), as Grafana applies a
/// plugin's field config defaults before the panel's own.
QJsonObject effectiveFieldConfig(const dashboards::Panel& panel, const QString& colorMode);

/// Grafana's default `reduceOptions` for value panels: last non-null value of every numeric field.
QJsonObject defaultReduceOptions();
/// The "Value options" descriptors of Grafana's addStandardDataReduceOptions.
std::vector<OptionDescriptor> reduceOptionDescriptors();
/// The `options.orientation` select (auto, horizontal, vertical) of Grafana's addOrientationOption.
OptionDescriptor orientationOption(const QString& category);
/// A value panel's descriptors: the reduce options, the panel's `own`, then the standard field options (colour by
/// thresholds).
std::vector<OptionDescriptor> valuePanelOptions(const std::vector<OptionDescriptor>& own);

/// Grafana's default `legend` options (visible list at the bottom) and the legend's visibility switch.
QJsonObject defaultLegendOptions();
OptionDescriptor legendVisibilityOption();
/// Grafana's default `tooltip` options (single series, unsorted).
QJsonObject defaultTooltipOptions();

} // namespace sg::ui::paint
