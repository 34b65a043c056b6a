#pragma once

#include "ui/panels/panel_plugin.h"

#include <memory>

namespace sg::ui {

/// The "text" panel type (Grafana's id).
std::unique_ptr<PanelPlugin> makeTextPlugin();

} // namespace sg::ui
