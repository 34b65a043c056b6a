#pragma once

#include "ui/panels/panel_plugin.h"

#include <memory>

namespace sg::ui {

/// The "state_timeline" panel type (Grafana's id).
std::unique_ptr<PanelPlugin> makeStateTimelinePlugin();

} // namespace sg::ui
