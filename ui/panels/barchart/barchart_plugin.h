#pragma once

#include "ui/panels/panel_plugin.h"

#include <memory>

namespace sg::ui {

/// The "barchart" panel type (Grafana's id).
std::unique_ptr<PanelPlugin> makeBarChartPlugin();

} // namespace sg::ui
