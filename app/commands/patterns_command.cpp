// `sightglass patterns`: the log patterns of a window ranked against a baseline window ("what changed"), mined
// from a data dir's log store opened read-only. The output formats are documented in docs/patterns.md.

#include "commands.h"
#include "store_reader.h"

#include "core/api/json_writer.h"
#include "core/common/saturating.h"
#include "core/patterns/compare.h"
#include "core/templating/time_spec.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QStandardPaths>

#include <cstdio>

namespace sg::app {

using namespace Qt::StringLiterals;

namespace {

constexpr const char* PatternsUsage
    = "usage: sightglass patterns --query LOGQL --from T --to T [--baseline-from T --baseline-to T | --baseline-day-earlier] "
      "[--limit N] [--data-dir DIR] [--json]\n"
      "  T: RFC 3339, Unix seconds or relative to now (now-1h)\n";

/// A time as the command takes it: Unix seconds (a number), or what Grafana's time picker takes (RFC 3339,
/// `now-1h`). Nanoseconds.
std::optional<TimestampNs> parseCliTime(const QString& text, TimestampMs now)
{
    static const QRegularExpression seconds(u"^-?[0-9]+(\\.[0-9]+)?$"_s);
    if (seconds.match(text).hasMatch())
        return saturatingFromDouble(text.toDouble() * 1e9);
    auto ms = templating::parseTime(text, now, false);
    if (!ms.ok())
        return std::nullopt;
    return saturatingMsToNs(*ms);
}

struct PatternsArgs
{
    QString query;
    QString from, to, baselineFrom, baselineTo;
    QString dataDir;
    std::size_t limit = 0;
    bool json = false;
    bool dayEarlier = false; ///< the baseline is the same window a day earlier
};

/// Parses the arguments; an error message on usage errors.
std::optional<QString> parseArgs(const QStringList& args, PatternsArgs& a)
{
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString& k = args[i];
        if (k == u"--json" || k == u"--baseline-day-earlier") {
            (k == u"--json" ? a.json : a.dayEarlier) = true;
            continue;
        }
        if (i + 1 >= args.size())
            return k + u" needs a value"_s;
        const QString& v = args[++i];
        if (k == u"--query")
            a.query = v;
        else if (k == u"--from")
            a.from = v;
        else if (k == u"--to")
            a.to = v;
        else if (k == u"--baseline-from")
            a.baselineFrom = v;
        else if (k == u"--baseline-to")
            a.baselineTo = v;
        else if (k == u"--data-dir")
            a.dataDir = v;
        else if (k == u"--limit") {
            bool ok = false;
            a.limit = v.toULongLong(&ok);
            if (!ok)
                return u"--limit takes a number, got \""_s + v + u"\""_s;
        } else
            return u"unknown argument "_s + k;
    }
    if (a.query.isEmpty() || a.from.isEmpty() || a.to.isEmpty())
        return u"--query, --from and --to are required"_s;
    if (a.baselineFrom.isEmpty() != a.baselineTo.isEmpty())
        return u"--baseline-from and --baseline-to go together"_s;
    if (a.dayEarlier && !a.baselineFrom.isEmpty())
        return u"--baseline-day-earlier and --baseline-from/--baseline-to exclude each other"_s;
    return std::nullopt;
}

void printJson(const std::vector<patterns::PatternChange>& rows)
{
    std::string out = "[";
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto& r = rows[i];
        out += i ? ",{\"pattern\":" : "{\"pattern\":";
        api::appendJsonString(out, r.pattern);
        out += ",\"count\":" + std::to_string(r.count) + ",\"baseline_count\":" + std::to_string(r.baselineCount);
        char score[32];
        std::snprintf(score, sizeof score, "%.4f", r.score);
        out += ",\"score\":" + std::string(score) + ",\"samples\":[";
        for (std::size_t s = 0; s < r.samples.size(); ++s) {
            if (s)
                out += ',';
            api::appendJsonString(out, r.samples[s]);
        }
        // After the documented keys: the level the pattern was mined in.
        out += "],\"level\":";
        api::appendJsonString(out, r.level);
        out += "}";
    }
    out += "]\n";
    std::fputs(out.c_str(), stdout);
}

void printTable(const std::vector<patterns::PatternChange>& rows)
{
    std::printf("%10s %10s %8s  %-8s  %s\n", "COUNT", "BASELINE", "SCORE", "LEVEL", "PATTERN");
    for (const auto& r : rows)
        std::printf("%10llu %10llu %8.2f  %-8s  %s\n", static_cast<unsigned long long>(r.count),
            static_cast<unsigned long long>(r.baselineCount), r.score, r.level.c_str(), r.pattern.c_str());
}

} // namespace

int runPatterns(int& argc, char** argv, const QStringList& args)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"sightglass"_s);
    if (args.contains(u"--help"_s) || args.contains(u"-h"_s)) {
        std::fputs(PatternsUsage, stdout);
        return 0;
    }
    PatternsArgs a;
    if (auto error = parseArgs(args, a)) {
        std::fprintf(stderr, "patterns: %s\n%s", qPrintable(*error), PatternsUsage);
        return 2;
    }
    const TimestampMs now = nowMs();
    auto time = [&](const QString& text, const char* name) {
        auto t = parseCliTime(text, now);
        if (!t)
            std::fprintf(stderr, "patterns: %s: cannot parse time \"%s\"\n%s", name, qPrintable(text), PatternsUsage);
        return t;
    };
    const auto from = time(a.from, "--from"), to = time(a.to, "--to");
    if (!from || !to)
        return 2;
    const patterns::TimeWindow spike { *from, *to };
    if (spike.end <= spike.start) {
        std::fprintf(stderr, "patterns: --to must be after --from\n");
        return 2;
    }
    patterns::TimeWindow baseline = a.dayEarlier ? patterns::dayEarlierBaseline(spike) : patterns::precedingBaseline(spike);
    if (!a.baselineFrom.isEmpty()) {
        const auto bf = time(a.baselineFrom, "--baseline-from"), bt = time(a.baselineTo, "--baseline-to");
        if (!bf || !bt)
            return 2;
        baseline = { *bf, *bt };
        if (baseline.end <= baseline.start) {
            std::fprintf(stderr, "patterns: --baseline-to must be after --baseline-from\n");
            return 2;
        }
    }
    const QString dataDir = a.dataDir.isEmpty() ? QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) : a.dataDir;
    auto reader = StoreReader::open(dataDir);
    if (!reader.ok()) {
        std::fprintf(stderr, "patterns: %s\n", reader.error().message.c_str());
        return 1;
    }
    patterns::CompareOptions options;
    options.limit = a.limit;
    options.buckets = 0;
    auto result = patterns::comparePatterns(*(*reader)->client(), a.query.toStdString(), spike, baseline, options);
    if (!result.ok()) {
        std::fprintf(stderr, "patterns: %s\n", result.error().message.c_str());
        return result.error().code == ErrorCode::Parse || result.error().code == ErrorCode::BadData ? 2 : 1;
    }
    if (a.json)
        printJson(result->changes);
    else
        printTable(result->changes);
    std::fprintf(stderr, "%llu spike lines, %llu baseline lines, %zu patterns\n",
        static_cast<unsigned long long>(result->spikeLines), static_cast<unsigned long long>(result->baselineLines),
        result->changes.size());
    return 0;
}

} // namespace sg::app
