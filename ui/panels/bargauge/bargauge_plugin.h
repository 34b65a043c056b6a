#pragma once

#include "ui/panels/panel_plugin.h"

#include <memory>

namespace sg::ui {

/// The "bargauge" panel type (Grafana's id).
std::unique_ptr<PanelPlugin> makeBarGaugePlugin();

} // namespace sg::ui
