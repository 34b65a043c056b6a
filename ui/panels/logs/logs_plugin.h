#pragma once

#include "ui/panels/panel_plugin.h"

#include <memory>

namespace sg::ui {

/// The "logs" panel type (Grafana's id).
std::unique_ptr<PanelPlugin> makeLogsPlugin();

} // namespace sg::ui
