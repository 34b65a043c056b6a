// `sightglass import openmetrics FILE --data-dir DIR`: backfills an OpenMetrics file into a data dir's metric store
// (DIR/metrics, the layout every command shares). Samples older than the store's retention are refused before
// anything is written: they would be deleted as soon as the store holds newer data.
//
// The file is mapped and read line by line. The first line of every series goes through the OpenMetrics parser
// (its labels, escapes and syntax); later lines of a known series only have their value and timestamp parsed.
// Samples go to the store's backfill path by series ref (no WAL; one persistence at the end), so a failed
// import leaves the data dir as it was and is simply re-run.
#include "commands.h"

#include "core/datadir/layout.h"
#include "core/datadir/lock.h"
#include "core/datadir/settings.h"
#include "core/scrape/exposition_parser.h"
#include "core/tsdb/store.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QDateTime>
#include <QFile>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>
#include <unordered_map>

namespace sg::app {

namespace {

int importUsage(const QString& message = {})
{
    if (!message.isEmpty())
        std::fprintf(stderr, "import: %s\n", qPrintable(message));
    std::fprintf(stderr, "usage: sightglass import openmetrics FILE --data-dir DIR [--retention.time D]\n");
    return 2;
}

struct KeyHash
{
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view> {}(s); }
};

/// The series part of a sample line (`name{labels}` up to the space before the value), or npos.
std::size_t seriesKeyEnd(std::string_view line)
{
    std::size_t i = 0;
    while (i < line.size() && line[i] != '{' && line[i] != ' ')
        ++i;
    if (i < line.size() && line[i] == '{')
        i = scrape::labelSetEnd(line, i); // npos when the label set does not close
    return i < line.size() && line[i] == ' ' && i > 0 ? i : std::string_view::npos;
}

/// A timestamp in seconds as the OpenMetrics parser reads it, in milliseconds.
std::optional<TimestampMs> timestampMs(std::string_view text)
{
    const auto seconds = scrape::parseFloatValue(text);
    if (!seconds || !std::isfinite(*seconds))
        return std::nullopt;
    const double ms = std::round(*seconds * 1000.0);
    if (ms >= 9.2e18 || ms <= -9.2e18)
        return ms > 0 ? std::numeric_limits<TimestampMs>::max() : std::numeric_limits<TimestampMs>::min();
    return TimestampMs(ms);
}

class Importer
{
public:
    /// Samples older than `cutoff` are counted (tooOld()) and not imported.
    Importer(tsdb::Store& store, const QString& file, TimestampMs cutoff)
        : m_store(store)
        , m_file(file)
        , m_cutoff(cutoff)
    {
        m_batch.reserve(BatchSamples);
    }

    /// Imports the mapped file; false after printing the first error.
    bool run(std::string_view body)
    {
        std::size_t pos = 0;
        bool sawEof = false;
        while (pos < body.size()) {
            const void* nl = std::memchr(body.data() + pos, '\n', body.size() - pos);
            const std::size_t end = nl ? std::size_t(static_cast<const char*>(nl) - body.data()) : body.size();
            ++m_lineNo;
            const std::string_view line = body.substr(pos, end - pos);
            pos = end + 1;
            if (sawEof)
                return fail("unexpected data after # EOF");
            if (line == "# EOF") {
                sawEof = true;
                continue;
            }
            if (!nl)
                return fail("data does not end with # EOF");
            if (!line.empty() && line[0] == '#') {
                // metadata: checked on its own; the store keeps no metadata
                if (!parseAlone(line))
                    return false;
                continue;
            }
            if (!sample(line))
                return false;
        }
        if (!sawEof)
            return fail("data does not end with # EOF");
        return flush();
    }

    std::size_t appended() const { return m_appended; }
    std::size_t rejected() const { return m_rejected; }
    std::size_t series() const { return m_refs.size(); }
    std::size_t tooOld() const { return m_tooOld; }
    TimestampMs oldest() const { return m_oldest; }

private:
    static constexpr std::size_t BatchSamples = 1u << 20;

    bool fail(const std::string& message)
    {
        std::fprintf(stderr, "import: %s: line %zu: %s\n", qPrintable(m_file), m_lineNo, message.c_str());
        return false;
    }

    /// Parses `line` as a document of its own; its sample (if any) lands in m_parsed.
    bool parseAlone(std::string_view line)
    {
        std::string doc;
        doc.reserve(line.size() + 8);
        doc.append(line).append("\n# EOF\n");
        auto parsed = scrape::parseOpenMetrics(doc);
        if (!parsed.ok()) {
            std::string message = parsed.error().message;
            if (message.rfind("line 1: ", 0) == 0)
                message.erase(0, 8);
            return fail(message);
        }
        m_parsed = std::move(parsed.value());
        return true;
    }

    bool sample(std::string_view line)
    {
        const std::size_t keyEnd = seriesKeyEnd(line);
        const std::string_view rest = keyEnd == std::string_view::npos ? std::string_view() : line.substr(keyEnd + 1);
        const std::size_t space = rest.find(' ');
        const bool simple = keyEnd != std::string_view::npos && space != std::string_view::npos
            && rest.find(' ', space + 1) == std::string_view::npos;
        if (simple) {
            if (auto it = m_refs.find(line.substr(0, keyEnd)); it != m_refs.end()) {
                const auto value = scrape::parseFloatValue(rest.substr(0, space));
                const auto t = timestampMs(rest.substr(space + 1));
                if (value && t)
                    return add(tsdb::WalSample { it->second, *t, *value });
            }
        }
        // a new series, an exemplar, or a line the quick path does not take: the full parser decides
        if (!parseAlone(line))
            return false;
        if (m_parsed.samples.size() != 1)
            return fail("expected one sample");
        const auto& s = m_parsed.samples.front();
        if (!s.timestamp)
            return fail("sample " + s.labels.toString() + " has no timestamp");
        bool created = false;
        const tsdb::SeriesRef ref = m_store.backfillSeries(s.labels, created);
        if (keyEnd != std::string_view::npos)
            m_refs.try_emplace(std::string(line.substr(0, keyEnd)), ref);
        return add(tsdb::WalSample { ref, *s.timestamp, s.value });
    }

    bool add(const tsdb::WalSample& s)
    {
        if (s.t < m_cutoff) {
            ++m_tooOld;
            m_oldest = std::min(m_oldest, s.t);
            return true;
        }
        if (m_tooOld > 0)
            return true; // nothing will be written: only the old samples are still counted
        m_batch.push_back(s);
        return m_batch.size() < BatchSamples || flush();
    }

    bool flush()
    {
        if (m_batch.empty())
            return true;
        const tsdb::AppendStats stats = m_store.backfill(m_batch);
        m_batch.clear();
        if (!stats.error.empty()) {
            std::fprintf(stderr, "import: %s\n", stats.error.c_str());
            return false;
        }
        m_appended += stats.appended;
        m_rejected += stats.outOfOrder + stats.duplicates;
        return true;
    }

    tsdb::Store& m_store;
    QString m_file;
    std::size_t m_lineNo = 0;
    scrape::ParsedExposition m_parsed;
    std::unordered_map<std::string, tsdb::SeriesRef, KeyHash, std::equal_to<>> m_refs;
    std::vector<tsdb::WalSample> m_batch;
    std::size_t m_appended = 0;
    std::size_t m_rejected = 0;
    TimestampMs m_cutoff;
    std::size_t m_tooOld = 0;
    TimestampMs m_oldest = std::numeric_limits<TimestampMs>::max();
};

} // namespace

int runImport(int& argc, char** argv, const QStringList& args)
{
    QCoreApplication app(argc, argv);
    QString file;
    QString dataDir;
    QString format;
    datadir::RetentionFlags flags;
    for (qsizetype i = 0; i < args.size(); ++i) {
        QString flagError;
        if (datadir::parseRetentionFlag(args, i, flags, flagError)) {
            if (!flagError.isEmpty())
                return importUsage(flagError);
            continue;
        }
        if (args[i] == QStringLiteral("--data-dir") && i + 1 < args.size())
            dataDir = args[++i];
        else if (format.isEmpty())
            format = args[i];
        else if (file.isEmpty())
            file = args[i];
        else
            return importUsage();
    }
    if (format != QStringLiteral("openmetrics") || file.isEmpty() || dataDir.isEmpty())
        return importUsage();

    QElapsedTimer timer;
    timer.start();
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "import: %s: %s\n", qPrintable(file), qPrintable(f.errorString()));
        return 1;
    }
    std::string_view body;
    const uchar* mapped = f.size() > 0 ? f.map(0, f.size()) : nullptr;
    if (f.size() > 0 && !mapped) {
        std::fprintf(stderr, "import: %s: %s\n", qPrintable(file), qPrintable(f.errorString()));
        return 1;
    }
    if (mapped)
        body = std::string_view(reinterpret_cast<const char*>(mapped), std::size_t(f.size()));

    // The data dir as every command lays it out, locked against a running workbench or server.
    QString moved;
    if (auto error = datadir::prepare(dataDir, &moved)) {
        std::fprintf(stderr, "import: %s\n", error->message.c_str());
        return 1;
    }
    if (!moved.isEmpty())
        std::fprintf(stderr, "import: %s\n", qPrintable(moved));
    auto lock = datadir::DataDirLock::acquire(dataDir, QStringLiteral("sightglass import"));
    if (!lock) {
        std::fprintf(stderr, "import: %s\n", lock.error().message.c_str());
        return 1;
    }
    const QString settingsFile = datadir::settingsPath(dataDir);
    auto stored = datadir::loadSettings(settingsFile);
    if (!stored) {
        std::fprintf(stderr, "import: %s\n", stored.error().message.c_str());
        return 1;
    }
    const datadir::StorageSettings settings = flags.applyTo(*stored);
    const TimestampMs now = nowMs();
    const TimestampMs cutoff = settings.metrics.time > 0 ? now - settings.metrics.time : std::numeric_limits<TimestampMs>::min();

    tsdb::StoreOptions options;
    options.backfill = true;
    options.persistOnClose = false; // only a complete import is persisted
    options.retention = settings.metrics.time;
    options.retentionBytes = settings.metrics.bytes;
    auto store = tsdb::Store::open(datadir::metricsDir(dataDir).toStdString(), options);
    if (!store) {
        std::fprintf(stderr, "import: %s: %s\n", qPrintable(datadir::metricsDir(dataDir)), store.error().message.c_str());
        return 1;
    }
    Importer importer(*store.value(), file, cutoff);
    if (!importer.run(body))
        return 1;
    if (importer.tooOld() > 0) {
        // Ask for a retention that keeps the oldest sample, with a day to spare; write nothing.
        const DurationMs age = now - importer.oldest();
        const DurationMs day = 24LL * 3600 * 1000;
        const QString needed = QString::number(age / day + 2) + u'd';
        std::fprintf(stderr,
            "import: %s: %zu samples are older than the metric store's retention (%s, from %s): the oldest is from "
            "%s, %.1f days ago. They would be deleted as soon as the store holds newer data, so nothing was imported. "
            "Re-run with --retention.time %s (or longer); the data dir keeps it.\n",
            qPrintable(file), importer.tooOld(), qPrintable(datadir::formatRetentionTime(settings.metrics.time)),
            qPrintable(flags.metricsTime ? QStringLiteral("--retention.time") : settingsFile),
            qPrintable(QDateTime::fromMSecsSinceEpoch(importer.oldest(), Qt::UTC).toString(Qt::ISODate)),
            double(age) / double(day), qPrintable(needed));
        return 1;
    }
    if (settings != *stored)
        if (auto error = datadir::saveSettings(settingsFile, settings)) {
            std::fprintf(stderr, "import: %s\n", error->message.c_str());
            return 1;
        }
    if (auto err = store.value()->persist()) {
        std::fprintf(stderr, "import: %s: %s\n", qPrintable(dataDir), err->message.c_str());
        return 1;
    }
    store.value().reset();
    const double seconds = std::max(1e-9, double(timer.nsecsElapsed()) / 1e9);
    std::printf("%zu series created, %zu samples rejected (out of order or duplicate), %.3f s\n", importer.series(),
        importer.rejected(), seconds);
    std::printf("imported %zu samples, %.0f samples/s\n", importer.appended(), double(importer.appended()) / seconds);
    return importer.appended() > 0 || body.empty() ? 0 : 1;
}

} // namespace sg::app
