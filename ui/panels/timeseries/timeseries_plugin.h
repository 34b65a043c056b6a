#pragma once

#include "ui/panels/panel_plugin.h"

#include <memory>

namespace sg::ui {

/// The "timeseries" panel type (Grafana's id).
std::unique_ptr<PanelPlugin> makeTimeSeriesPlugin();

} // namespace sg::ui
