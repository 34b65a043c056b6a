// `sightglass import openmetrics FILE --data-dir DIR`: backfills an OpenMetrics file into a data dir's metric store.
#include "commands.h"

#include "core/scrape/exposition_parser.h"
#include "core/services/tsdb_service.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>

#include <algorithm>
#include <cstdio>

namespace sg::app {

namespace {

int importUsage()
{
    std::fprintf(stderr, "usage: sightglass import openmetrics FILE --data-dir DIR\n");
    return 2;
}

} // namespace

int runImport(int& argc, char** argv, const QStringList& args)
{
    QCoreApplication app(argc, argv);
    QString file;
    QString dataDir;
    QString format;
    for (int i = 0; i < args.size(); ++i) {
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
    const QByteArray body = f.readAll();
    auto parsed = scrape::parseOpenMetrics(std::string_view(body.constData(), std::size_t(body.size())));
    if (!parsed.ok()) {
        std::fprintf(stderr, "import: %s:%s\n", qPrintable(file), parsed.error().message.substr(4).c_str());
        return 1;
    }
    // As promtool's create-blocks-from openmetrics, every sample needs its own timestamp.
    for (std::size_t i = 0; i < parsed->samples.size(); ++i) {
        if (!parsed->samples[i].timestamp) {
            std::fprintf(stderr, "import: %s: sample %zu (%s) has no timestamp\n", qPrintable(file), i + 1,
                parsed->samples[i].labels.toString().c_str());
            return 1;
        }
    }
    // Oldest first per series keeps the store's in-order rule; a stable sort keeps the file's order otherwise.
    auto& samples = parsed->samples;
    std::stable_sort(samples.begin(), samples.end(),
        [](const scrape::ParsedSample& a, const scrape::ParsedSample& b) { return *a.timestamp < *b.timestamp; });

    services::TsdbService tsdb(dataDir);
    constexpr std::size_t BatchSamples = 50'000;
    std::size_t appended = 0, rejected = 0, series = 0;
    tsdb::AppendBatch batch;
    batch.samples.reserve(BatchSamples);
    auto flush = [&]() -> bool {
        if (batch.samples.empty())
            return true;
        const tsdb::AppendStats stats = tsdb.append(batch);
        batch.samples.clear();
        if (!stats.error.empty()) {
            std::fprintf(stderr, "import: %s\n", stats.error.c_str());
            return false;
        }
        appended += stats.appended;
        rejected += stats.outOfOrder + stats.duplicates;
        series += stats.seriesCreated;
        return true;
    };
    for (auto& s : samples) {
        batch.samples.push_back(tsdb::BatchSample { std::move(s.labels), *s.timestamp, s.value });
        if (batch.samples.size() >= BatchSamples && !flush())
            return 1;
    }
    if (!flush())
        return 1;
    const double seconds = std::max(1e-9, double(timer.nsecsElapsed()) / 1e9);
    std::printf("%zu series created, %zu samples rejected (out of order or duplicate), %.3f s\n", series, rejected, seconds);
    std::printf("imported %zu samples, %.0f samples/s\n", appended, double(appended) / seconds);
    return appended > 0 || samples.empty() ? 0 : 1;
}

} // namespace sg::app
