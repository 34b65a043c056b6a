#pragma once

#include "ui/panels/panel_plugin.h"

#include <memory>

namespace sg::ui {

/// The "gauge" panel type (Grafana's id).
std::unique_ptr<PanelPlugin> makeGaugePlugin();

} // namespace sg::ui
