#pragma once

#include "ui/panels/panel_plugin.h"

#include <memory>

namespace sg::ui {

/// The "table" panel type (Grafana's id).
std::unique_ptr<PanelPlugin> makeTablePlugin();

} // namespace sg::ui
