#pragma once

#include <QByteArray>

namespace sg::demo {

/// The demo's "Service overview" dashboard (Grafana JSON), seeded into a new data dir's dashboards.
QByteArray serviceOverviewJson();
/// "Targets overview": target health and scrape cost of every configured target (seeded without the demo).
QByteArray targetsOverviewJson();

} // namespace sg::demo
