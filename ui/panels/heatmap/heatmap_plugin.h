#pragma once

#include "ui/panels/panel_plugin.h"

#include <memory>

namespace sg::ui {

/// The "heatmap" panel type (Grafana's id).
std::unique_ptr<PanelPlugin> makeHeatmapPlugin();

} // namespace sg::ui
