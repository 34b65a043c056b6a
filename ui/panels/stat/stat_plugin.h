#pragma once

#include "ui/panels/panel_plugin.h"

#include <memory>

namespace sg::ui {

/// The "stat" panel type (Grafana's id).
std::unique_ptr<PanelPlugin> makeStatPlugin();

} // namespace sg::ui
