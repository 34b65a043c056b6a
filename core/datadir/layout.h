#pragma once

#include "core/common/result.h"

#include <QString>

#include <optional>

namespace sg::datadir {

/// The one layout of a data dir, shared by every command (docs/data-dir.md):
///   DIR/lock            who holds the data dir (lock.h)
///   DIR/storage.yml  the data dir's settings: retention per store (settings.h)
///   DIR/metrics/        the metric store (core/tsdb/FORMAT.md)
///   DIR/logs/           the log store (core/logstore/FORMAT.md)
///   DIR/dashboards/     dashboard files
///   DIR/label-mapping.json  the user's metric label → log label mappings (core/correlation)
QString metricsDir(const QString& dataDir);
QString logsDir(const QString& dataDir);
QString dashboardsDir(const QString& dataDir);
QString lockPath(const QString& dataDir);
QString settingsPath(const QString& dataDir);
QString labelMappingPath(const QString& dataDir);

/// Creates `dataDir` when missing and checks it has this layout. A metric store written at the top of the
/// dir (by `import` before the layout was shared) is moved into DIR/metrics when that is still free; `moved`
/// then says so. An error names what is wrong and how to fix it.
std::optional<Error> prepare(const QString& dataDir, QString* moved = nullptr);

/// A folder a benchmark may fill: created when missing. An existing, non-empty one is accepted only when an
/// earlier benchmark made it (it holds the marker file) or `force` is set, else an error says so; with `clear`
/// its contents are then removed. Nothing else is ever deleted.
std::optional<Error> prepareScratchDir(const QString& dir, bool force, bool clear = true);

} // namespace sg::datadir
