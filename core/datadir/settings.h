#pragma once

#include "core/common/result.h"
#include "core/common/time.h"

#include <QString>
#include <QStringList>

#include <cstdint>
#include <optional>

namespace sg::datadir {

/// How long and how much one store keeps. 0 means no limit.
struct Retention
{
    DurationMs time = 0;
    std::uint64_t bytes = 0;
    bool operator==(const Retention&) const = default;
};

/// A data dir's settings, kept in DIR/storage.yml:
///   storage:
///     metrics: { retention_time: 15d, retention_size: 0 }
///     logs:    { retention_time: 0,   retention_size: 20GB }
struct StorageSettings
{
    Retention metrics { 15LL * 24 * 3600 * 1000, 0 }; ///< Prometheus' default: 15 days, no size limit
    Retention logs {};                                 ///< Loki's default: retention off
    bool operator==(const StorageSettings&) const = default;
};

/// Retention given on the command line; unset fields leave the data dir's settings as they are.
struct RetentionFlags
{
    std::optional<DurationMs> metricsTime, logsTime;
    std::optional<std::uint64_t> metricsBytes, logsBytes;
    bool any() const { return metricsTime || logsTime || metricsBytes || logsBytes; }
    /// `settings` with these flags applied.
    StorageSettings applyTo(StorageSettings settings) const;
};

/// A duration as Prometheus writes it: `30d`, `1w2d`, `12h30m`, `1y`, `500ms`; `0` is no limit.
Result<DurationMs> parseRetentionTime(const QString& text);
/// A size as Prometheus' --storage.tsdb.retention.size takes it, base 2: `512MB`, `20GB`, `1TiB`, `100B`; `0`
/// is no limit.
Result<std::uint64_t> parseRetentionSize(const QString& text);
/// One unit, the largest that divides it, weeks left out: `15d`, `42d`, `1y`, `36h`, or `0` (off).
QString formatRetentionTime(DurationMs ms);
/// `20GB`, `512MB`, or `0` (off).
QString formatRetentionSize(std::uint64_t bytes);
/// "15d, no size limit" / "no limit" / "30d or 20GB".
QString describe(const Retention& r);

/// Consumes the retention flag at `args[i]` (and its value), in `--flag VALUE` or `--flag=VALUE` form:
///   --retention.time, --retention.size, --retention   both stores
///   --metrics.retention.time, --metrics.retention.size, --storage.tsdb.retention.time,
///   --storage.tsdb.retention.size, --storage.tsdb.retention   the metric store (the last three: Prometheus')
///   --logs.retention.time, --logs.retention.size   the log store
/// Returns false when `args[i]` is not one of them; sets `error` when its value is missing or malformed.
bool parseRetentionFlag(const QStringList& args, qsizetype& i, RetentionFlags& flags, QString& error);
/// The flags above, for usage texts.
QString retentionFlagsUsage();

/// The `storage:` section of a Sightglass config file (`--config FILE`), the same shape as DIR/storage.yml;
/// what it leaves out stays as the data dir has it. Other top-level keys, and Prometheus' own `storage.tsdb` and
/// `storage.exemplars` of a prometheus.yml, are not this reader's business.
Result<RetentionFlags> loadConfigRetention(const QString& configFile);

/// Reads DIR/storage.yml; a missing file gives the defaults.
Result<StorageSettings> loadSettings(const QString& path);
/// Writes the settings atomically (keeping nothing else: the file is Sightglass' own).
std::optional<Error> saveSettings(const QString& path, const StorageSettings& settings);

} // namespace sg::datadir
