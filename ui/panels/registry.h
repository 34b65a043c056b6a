#pragma once

#include "ui/panels/panel_plugin.h"

#include <memory>
#include <vector>

namespace sg::ui {

/// Every panel type Sightglass paints, one line per type in registry.cpp. A type not listed renders as a named
/// placeholder that keeps its JSON.
class PanelRegistry
{
public:
    static const PanelRegistry& instance();

    /// The plugin for Grafana type id `id`, or nullptr.
    const PanelPlugin* find(const QString& id) const;
    std::vector<const PanelPlugin*> all() const;

private:
    PanelRegistry();
    std::vector<std::unique_ptr<PanelPlugin>> m_plugins;
};

} // namespace sg::ui
