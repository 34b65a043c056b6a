#pragma once

#include "ui/panels/panel_plugin.h"

#include <memory>

namespace sg::ui {

/// The "histogram" panel type (Grafana's id).
std::unique_ptr<PanelPlugin> makeHistogramPlugin();

} // namespace sg::ui
