#include "settings.h"

#include <QFile>
#include <QSaveFile>

#include <yaml-cpp/yaml.h>

#include <array>
#include <limits>

namespace sg::datadir {

namespace {

constexpr DurationMs Second = 1000;
constexpr DurationMs Minute = 60 * Second;
constexpr DurationMs Hour = 60 * Minute;
constexpr DurationMs Day = 24 * Hour;
constexpr DurationMs Week = 7 * Day;
constexpr DurationMs Year = 365 * Day;

struct TimeUnit
{
    const char* name;
    DurationMs ms;
};
// In the order Prometheus' model.ParseDuration requires them.
constexpr std::array<TimeUnit, 7> TimeUnits { { { "y", Year }, { "w", Week }, { "d", Day }, { "h", Hour },
    { "m", Minute }, { "s", Second }, { "ms", 1 } } };

struct SizeUnit
{
    const char* name;
    int shift;
};
constexpr std::array<SizeUnit, 13> SizeUnits { { { "B", 0 }, { "KB", 10 }, { "KiB", 10 }, { "MB", 20 }, { "MiB", 20 },
    { "GB", 30 }, { "GiB", 30 }, { "TB", 40 }, { "TiB", 40 }, { "PB", 50 }, { "PiB", 50 }, { "EB", 60 },
    { "EiB", 60 } } };

Error badValue(const QString& message) { return Error { ErrorCode::Parse, message.toStdString(), {} }; }

/// One store's `retention_time` / `retention_size`; what the node leaves out stays unset.
std::optional<Error> readRetention(const YAML::Node& node, const char* store, std::optional<DurationMs>& time,
    std::optional<std::uint64_t>& bytes)
{
    if (!node)
        return std::nullopt;
    if (!node.IsMap())
        return badValue(QStringLiteral("storage.%1 must be a mapping").arg(QLatin1String(store)));
    for (const auto& kv : node) {
        const auto key = kv.first.as<std::string>();
        const auto value = QString::fromStdString(kv.second.as<std::string>());
        if (key == "retention_time") {
            auto t = parseRetentionTime(value);
            if (!t)
                return badValue(QStringLiteral("storage.%1.retention_time: %2").arg(QLatin1String(store), QString::fromStdString(t.error().message)));
            time = *t;
        } else if (key == "retention_size") {
            auto b = parseRetentionSize(value);
            if (!b)
                return badValue(QStringLiteral("storage.%1.retention_size: %2").arg(QLatin1String(store), QString::fromStdString(b.error().message)));
            bytes = *b;
        } else {
            return badValue(QStringLiteral("storage.%1: unknown key \"%2\" (retention_time, retention_size)")
                                .arg(QLatin1String(store), QString::fromStdString(key)));
        }
    }
    return std::nullopt;
}

/// The `storage:` section; `strict`: only metrics and logs may be in it (DIR/storage.yml), else Prometheus'
/// own tsdb and exemplars are passed over (a prometheus.yml or Sightglass config file).
Result<RetentionFlags> readStorage(const YAML::Node& storage, const QString& path, bool strict)
{
    RetentionFlags r;
    if (!storage || storage.IsNull())
        return r;
    if (!storage.IsMap())
        return badValue(path + QStringLiteral(": storage must be a mapping"));
    for (const auto& kv : storage) {
        const auto key = kv.first.as<std::string>();
        if (key != "metrics" && key != "logs" && (strict || (key != "tsdb" && key != "exemplars")))
            return badValue(path + QStringLiteral(": storage: unknown store \"%1\" (metrics, logs)").arg(QString::fromStdString(key)));
    }
    if (auto e = readRetention(storage["metrics"], "metrics", r.metricsTime, r.metricsBytes))
        return badValue(path + QStringLiteral(": ") + QString::fromStdString(e->message));
    if (auto e = readRetention(storage["logs"], "logs", r.logsTime, r.logsBytes))
        return badValue(path + QStringLiteral(": ") + QString::fromStdString(e->message));
    return r;
}

Result<YAML::Node> readYaml(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return Error { ErrorCode::Io, (path + QStringLiteral(": ") + f.errorString()).toStdString(), {} };
    try {
        return YAML::Load(f.readAll().toStdString());
    } catch (const YAML::Exception& e) {
        return badValue(path + QStringLiteral(": ") + QString::fromStdString(e.what()));
    }
}

} // namespace

StorageSettings RetentionFlags::applyTo(StorageSettings s) const
{
    if (metricsTime)
        s.metrics.time = *metricsTime;
    if (metricsBytes)
        s.metrics.bytes = *metricsBytes;
    if (logsTime)
        s.logs.time = *logsTime;
    if (logsBytes)
        s.logs.bytes = *logsBytes;
    return s;
}

Result<DurationMs> parseRetentionTime(const QString& text)
{
    const std::string s = text.trimmed().toStdString();
    if (s == "0")
        return DurationMs(0);
    if (s.empty())
        return badValue(QStringLiteral("empty duration"));
    DurationMs total = 0;
    std::size_t pos = 0;
    std::size_t nextUnit = 0;
    while (pos < s.size()) {
        std::size_t digits = pos;
        while (digits < s.size() && s[digits] >= '0' && s[digits] <= '9')
            ++digits;
        if (digits == pos || digits - pos > 12)
            return badValue(QStringLiteral("\"%1\" is not a duration (e.g. 15d, 1w, 12h30m, 1y)").arg(text));
        const DurationMs n = std::stoll(s.substr(pos, digits - pos));
        std::size_t unitEnd = digits;
        while (unitEnd < s.size() && (s[unitEnd] < '0' || s[unitEnd] > '9'))
            ++unitEnd;
        const std::string unit = s.substr(digits, unitEnd - digits);
        std::size_t u = nextUnit;
        while (u < TimeUnits.size() && unit != TimeUnits[u].name)
            ++u;
        if (u == TimeUnits.size())
            return badValue(QStringLiteral("\"%1\" is not a duration: units are y, w, d, h, m, s, ms, largest first").arg(text));
        if (n > std::numeric_limits<DurationMs>::max() / TimeUnits[u].ms - total / TimeUnits[u].ms)
            return badValue(QStringLiteral("duration \"%1\" is too long").arg(text));
        total += n * TimeUnits[u].ms;
        nextUnit = u + 1;
        pos = unitEnd;
    }
    return total;
}

Result<std::uint64_t> parseRetentionSize(const QString& text)
{
    const std::string s = text.trimmed().toStdString();
    if (s == "0")
        return std::uint64_t(0);
    std::size_t digits = 0;
    while (digits < s.size() && ((s[digits] >= '0' && s[digits] <= '9') || s[digits] == '.'))
        ++digits;
    const std::string unit = s.substr(digits);
    for (const auto& u : SizeUnits) {
        if (unit != u.name || digits == 0)
            continue;
        bool ok = false;
        const double n = QString::fromStdString(s.substr(0, digits)).toDouble(&ok);
        const double bytes = n * double(std::uint64_t(1) << u.shift);
        if (!ok || bytes >= 1.8e19)
            break;
        return std::uint64_t(bytes);
    }
    return badValue(QStringLiteral("\"%1\" is not a size (e.g. 512MB, 20GB, 1TB; units B, KB, MB, GB, TB, PB, EB, base 2)").arg(text));
}

QString formatRetentionTime(DurationMs ms)
{
    if (ms <= 0)
        return QStringLiteral("0");
    // one unit, the largest that divides it (15d, 2w, 1y, 36h), as people write retention
    for (const auto& u : TimeUnits)
        if (ms % u.ms == 0 && u.ms != Week) // days read better than weeks: 42d, not 6w
            return QString::number(ms / u.ms) + QLatin1String(u.name);
    return QString::number(ms) + QStringLiteral("ms");
}

QString formatRetentionSize(std::uint64_t bytes)
{
    if (bytes == 0)
        return QStringLiteral("0");
    // the largest unit the size is a whole multiple of, else one decimal of GB-ish units
    static constexpr std::array<SizeUnit, 7> Whole { { { "EB", 60 }, { "PB", 50 }, { "TB", 40 }, { "GB", 30 },
        { "MB", 20 }, { "KB", 10 }, { "B", 0 } } };
    for (const auto& u : Whole)
        if (bytes % (std::uint64_t(1) << u.shift) == 0)
            return QString::number(bytes >> u.shift) + QLatin1String(u.name);
    return QString::number(bytes) + QStringLiteral("B");
}

QString describe(const Retention& r)
{
    if (r.time == 0 && r.bytes == 0)
        return QStringLiteral("kept without limit");
    if (r.bytes == 0)
        return QStringLiteral("%1, no size limit").arg(formatRetentionTime(r.time));
    if (r.time == 0)
        return QStringLiteral("up to %1, no time limit").arg(formatRetentionSize(r.bytes));
    return QStringLiteral("%1 or %2, whichever is reached first").arg(formatRetentionTime(r.time), formatRetentionSize(r.bytes));
}

bool parseRetentionFlag(const QStringList& args, qsizetype& i, RetentionFlags& flags, QString& error)
{
    QString name = args[i];
    std::optional<QString> inlineValue;
    if (const auto eq = name.indexOf(u'='); eq > 0) {
        inlineValue = name.mid(eq + 1);
        name.truncate(eq);
    }
    enum Store { Both, Metrics, Logs };
    enum What { Time, Size };
    struct Flag
    {
        const char* name;
        Store store;
        What what;
    };
    static constexpr std::array<Flag, 10> Flags { { { "--retention.time", Both, Time }, { "--retention", Both, Time },
        { "--retention.size", Both, Size }, { "--metrics.retention.time", Metrics, Time },
        { "--metrics.retention.size", Metrics, Size }, { "--storage.tsdb.retention.time", Metrics, Time },
        { "--storage.tsdb.retention", Metrics, Time }, { "--storage.tsdb.retention.size", Metrics, Size },
        { "--logs.retention.time", Logs, Time }, { "--logs.retention.size", Logs, Size } } };
    const Flag* flag = nullptr;
    for (const auto& f : Flags)
        if (name == QLatin1String(f.name))
            flag = &f;
    if (!flag)
        return false;
    QString value;
    if (inlineValue) {
        value = *inlineValue;
    } else if (i + 1 < args.size()) {
        value = args[++i];
    } else {
        error = name + QStringLiteral(" needs a value");
        return true;
    }
    if (flag->what == Time) {
        auto t = parseRetentionTime(value);
        if (!t) {
            error = name + QStringLiteral(": ") + QString::fromStdString(t.error().message);
            return true;
        }
        if (flag->store != Logs)
            flags.metricsTime = *t;
        if (flag->store != Metrics)
            flags.logsTime = *t;
    } else {
        auto b = parseRetentionSize(value);
        if (!b) {
            error = name + QStringLiteral(": ") + QString::fromStdString(b.error().message);
            return true;
        }
        if (flag->store != Logs)
            flags.metricsBytes = *b;
        if (flag->store != Metrics)
            flags.logsBytes = *b;
    }
    return true;
}

QString retentionFlagsUsage()
{
    return QStringLiteral(
        "[--retention.time D] [--retention.size S] [--metrics.retention.time D] [--metrics.retention.size S]\n"
        "[--logs.retention.time D] [--logs.retention.size S]   (also Prometheus' --storage.tsdb.retention.time/.size)");
}

Result<RetentionFlags> loadConfigRetention(const QString& configFile)
{
    auto root = readYaml(configFile);
    if (!root)
        return root.error();
    if (!root->IsMap())
        return RetentionFlags {};
    try {
        return readStorage((*root)["storage"], configFile, false);
    } catch (const YAML::Exception& e) {
        return badValue(configFile + QStringLiteral(": ") + QString::fromStdString(e.what()));
    }
}

Result<StorageSettings> loadSettings(const QString& path)
{
    if (!QFile::exists(path))
        return StorageSettings {};
    auto root = readYaml(path);
    if (!root)
        return root.error();
    try {
        if (!*root || root->IsNull())
            return StorageSettings {};
        if (!root->IsMap())
            return badValue(path + QStringLiteral(": expected a mapping with a storage: section"));
        for (const auto& kv : *root) {
            const auto key = kv.first.as<std::string>();
            if (key != "storage")
                return badValue(path + QStringLiteral(": unknown key \"%1\"").arg(QString::fromStdString(key)));
        }
        auto storage = readStorage((*root)["storage"], path, true);
        if (!storage)
            return storage.error();
        return storage->applyTo(StorageSettings {});
    } catch (const YAML::Exception& e) {
        return badValue(path + QStringLiteral(": ") + QString::fromStdString(e.what()));
    }
}

std::optional<Error> saveSettings(const QString& path, const StorageSettings& s)
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return Error { ErrorCode::Io, (path + QStringLiteral(": ") + f.errorString()).toStdString(), {} };
    const QString text = QStringLiteral(
        "# Sightglass data dir settings. Retention: how long (15d, 1w, 1y) and how much (20GB) each store keeps;\n"
        "# 0 is no limit. Command-line flags (--retention.time, --logs.retention.size, ...) are written back here.\n"
        "storage:\n"
        "  metrics:\n"
        "    retention_time: %1\n"
        "    retention_size: %2\n"
        "  logs:\n"
        "    retention_time: %3\n"
        "    retention_size: %4\n")
                             .arg(formatRetentionTime(s.metrics.time), formatRetentionSize(s.metrics.bytes),
                                 formatRetentionTime(s.logs.time), formatRetentionSize(s.logs.bytes));
    f.write(text.toUtf8());
    if (!f.commit())
        return Error { ErrorCode::Io, (path + QStringLiteral(": ") + f.errorString()).toStdString(), {} };
    return std::nullopt;
}

} // namespace sg::datadir
