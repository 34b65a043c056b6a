// `sightglass datasource list|test` and `sightglass query run --datasource NAME`: remote datasources from the CLI.
#include "commands.h"

#include "core/remote/remote_client.h"
#include "core/services/remote_datasources.h"
#include "core/templating/time_spec.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QRegularExpression>
#include <QUrl>

#include <cmath>
#include <cstdio>

using namespace Qt::StringLiterals;

namespace sg::app {

namespace {

constexpr const char* Usage
    = "usage: sightglass datasource list [--config FILE] [--datasources FILE]\n"
      "       sightglass datasource test NAME [--config FILE] [--datasources FILE]\n"
      "       sightglass query run --datasource NAME [--config FILE] [--datasources FILE] [--from T] [--to T]\n"
      "                            [--step DURATION | --instant] [--limit N] QUERY\n"
      "  T: RFC 3339, Unix seconds or relative to now (now-1h)\n";

/// The files naming datasources, the positional words, and the other `--flag value` pairs.
struct DatasourceArgs
{
    QString configFile, datasourcesFile;
    QStringList positional;
    QHash<QString, QString> flags;
    bool instant = false;
    QString error;
};

DatasourceArgs parseArgs(const QStringList& args, const QStringList& valueFlags)
{
    DatasourceArgs out;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString& a = args[i];
        if (a == u"--instant") {
            out.instant = true;
        } else if (a == u"--config" || a == u"--datasources" || valueFlags.contains(a)) {
            if (i + 1 >= args.size()) {
                out.error = a + u" needs a value"_s;
                return out;
            }
            const QString v = args[++i];
            if (a == u"--config")
                out.configFile = v;
            else if (a == u"--datasources")
                out.datasourcesFile = v;
            else
                out.flags.insert(a, v);
        } else if (a.startsWith(u"--")) {
            out.error = u"unknown argument \""_s + a + u"\""_s;
            return out;
        } else {
            out.positional << a;
        }
    }
    if (out.configFile.isEmpty() && out.datasourcesFile.isEmpty())
        out.error = u"give --config FILE or --datasources FILE"_s;
    return out;
}

std::optional<std::vector<remote::RemoteDatasource>> load(const DatasourceArgs& a)
{
    auto list = services::loadRemoteDatasources(a.configFile, a.datasourcesFile);
    if (!list.ok()) {
        std::fprintf(stderr, "sightglass: %s\n", list.error().message.c_str());
        return std::nullopt;
    }
    return std::move(*list);
}

int usageError(const QString& message)
{
    std::fprintf(stderr, "sightglass: %s\n%s", qPrintable(message), Usage);
    return 2;
}

/// The datasource called NAME, or an exit code after saying why not.
const remote::RemoteDatasource* pick(const std::vector<remote::RemoteDatasource>& list, const QString& name)
{
    const remote::RemoteDatasource* d = remote::findDatasource(list, name);
    if (!d)
        std::fprintf(stderr, "sightglass: no datasource named \"%s\" (see `sightglass datasource list`)\n", qPrintable(name));
    return d;
}

QString safeUrl(const QString& url) { return QUrl(url).toString(QUrl::RemoveUserInfo); }

int list(const DatasourceArgs& a)
{
    const auto list = load(a);
    if (!list)
        return 1;
    std::printf("%-24s %-24s %-10s %-7s %s\n", "NAME", "UID", "TYPE", "DEFAULT", "URL");
    for (const remote::RemoteDatasource& d : *list)
        std::printf("%-24s %-24s %-10s %-7s %s\n", qPrintable(d.name), qPrintable(d.uid), qPrintable(d.pluginId()),
            d.isDefault ? "yes" : "", qPrintable(safeUrl(d.url)));
    return 0;
}

int test(const DatasourceArgs& a)
{
    if (a.positional.size() != 1)
        return usageError(u"datasource test takes one NAME"_s);
    const auto list = load(a);
    if (!list)
        return 1;
    const remote::RemoteDatasource* d = pick(*list, a.positional.front());
    if (!d)
        return 2;
    const auto status = remote::RemoteClient(*d).test();
    if (!status.ok()) {
        std::printf("FAIL %s (%s, %s): %s\n", qPrintable(d->name), qPrintable(d->pluginId()), qPrintable(safeUrl(d->url)),
            status.error().message.c_str());
        return 1;
    }
    std::printf("OK %s (%s, %s): version %s%s, %d label names, %lld ms\n", qPrintable(d->name),
        qPrintable(d->pluginId()), qPrintable(safeUrl(d->url)), qPrintable(status->version),
        status->revision.isEmpty() ? "" : qPrintable(u" (revision "_s + status->revision + u")"_s), status->labelCount,
        static_cast<long long>(status->elapsedMs));
    return 0;
}

std::optional<qint64> timeArg(const QString& text, qint64 now)
{
    static const QRegularExpression seconds(u"^-?[0-9]+(\\.[0-9]+)?$"_s);
    if (seconds.match(text).hasMatch())
        return qint64(std::llround(text.toDouble() * 1000));
    auto ms = templating::parseTime(text, now, false);
    return ms.ok() ? std::optional<qint64>(*ms) : std::nullopt;
}

QString labelsText(const query::LabelPairs& labels)
{
    QStringList parts;
    for (const auto& [name, value] : labels)
        parts << name + u"=\""_s + value + u"\""_s;
    return u"{"_s + parts.join(u", "_s) + u"}"_s;
}

} // namespace

int runQueryRemote(const QStringList& args)
{
    const DatasourceArgs a = parseArgs(args, { u"--datasource"_s, u"--from"_s, u"--to"_s, u"--step"_s, u"--limit"_s });
    if (!a.error.isEmpty())
        return usageError(a.error);
    if (a.positional.size() != 1 || !a.flags.contains(u"--datasource"_s))
        return usageError(u"query run takes --datasource NAME and one QUERY"_s);
    const auto list = load(a);
    if (!list)
        return 1;
    const remote::RemoteDatasource* d = pick(*list, a.flags.value(u"--datasource"_s));
    if (!d)
        return 2;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const auto from = timeArg(a.flags.value(u"--from"_s, u"now-1h"_s), now);
    const auto to = timeArg(a.flags.value(u"--to"_s, u"now"_s), now);
    if (!from || !to)
        return usageError(u"--from and --to take RFC 3339, Unix seconds or now-DURATION"_s);
    remote::RemoteQuery q;
    q.expr = a.positional.front();
    q.fromMs = *from;
    q.toMs = *to;
    q.kind = a.instant ? remote::RemoteQuery::Kind::Instant : remote::RemoteQuery::Kind::Range;
    q.stepMs = d->defaultStepMs;
    if (a.flags.contains(u"--step"_s)) {
        auto step = templating::parseTime(u"now-"_s + a.flags.value(u"--step"_s), 0, false);
        if (!step.ok() || *step >= 0)
            return usageError(u"--step takes a duration (15s, 1m)"_s);
        q.stepMs = -*step;
    }
    q.limit = a.flags.value(u"--limit"_s, u"1000"_s).toInt();
    const remote::RemoteAnswer answer = remote::RemoteClient(*d).query(q);
    for (const QString& w : answer.warnings)
        std::fprintf(stderr, "warning: %s\n", qPrintable(w));
    if (answer.error) {
        std::fprintf(stderr, "sightglass: %s\n", answer.error->message.c_str());
        return 1;
    }
    for (const query::SeriesFrame& f : answer.series) {
        std::printf("%s\n", qPrintable(labelsText(f.labels)));
        for (std::size_t i = 0; i < f.timesMs.size(); ++i)
            std::printf("  %.3f %s\n", double(f.timesMs[i]) / 1000.0, qPrintable(QString::number(f.values[i], 'g', 17)));
    }
    for (const query::LogRow& r : answer.logs)
        std::printf("%s %s %s\n", qPrintable(QDateTime::fromMSecsSinceEpoch(r.timeNs / 1'000'000, Qt::UTC)
                                                .toString(Qt::ISODateWithMs)),
            qPrintable(labelsText(r.labels)), qPrintable(r.line));
    return 0;
}

int runDatasource(int& argc, char** argv, const QStringList& args)
{
    QCoreApplication app(argc, argv);
    const QString verb = args.value(0);
    if (verb == u"--help" || verb == u"-h" || verb.isEmpty()) {
        std::fputs(Usage, verb.isEmpty() ? stderr : stdout);
        return verb.isEmpty() ? 2 : 0;
    }
    const DatasourceArgs a = parseArgs(args.mid(1), {});
    if (!a.error.isEmpty())
        return usageError(a.error);
    if (verb == u"list")
        return a.positional.isEmpty() ? list(a) : usageError(u"datasource list takes no NAME"_s);
    if (verb == u"test")
        return test(a);
    return usageError(u"unknown datasource command \""_s + verb + u"\""_s);
}

} // namespace sg::app
