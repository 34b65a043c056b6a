#include "core/demo/demo_model.h"
#include "core/demo/demo_service.h"
#include "core/scrape/exposition_parser.h"
#include "core/scrape/scrape_manager.h"

#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

#include <map>
#include <set>

using namespace sg;
using namespace sg::demo;

namespace {

constexpr TimestampMs T0 = 1'760'000'000'000; // a fixed start keeps the model deterministic

double sumCounters(const metrics::Registry& r, std::string_view status)
{
    double sum = 0;
    for (const auto& s : r.collect())
        if (s.labels.metricName() == "http_requests_total" && s.labels.get("status") == status)
            sum += s.value;
    return sum;
}

std::size_t countLevel(const logs::PushBatch& b, std::string_view level, std::size_t* withWord = nullptr)
{
    std::size_t n = 0;
    for (const auto& s : b.streams) {
        if (s.labels.get("level") != level)
            continue;
        n += s.entries.size();
        if (withWord)
            for (const auto& e : s.entries)
                if (e.line.find(level == "error" ? "ERROR" : level == "warn" ? "WARN" : "INFO") != std::string::npos)
                    ++*withWord;
    }
    return n;
}

} // namespace

class TestDemo : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        DemoService::registerMetaTypes();
        scrape::ScrapeManager::registerMetaTypes();
    }

    void errorLinesExactlyFor5xx()
    {
        metrics::Registry reg;
        DemoModel model(reg);
        model.schedulePeriodicBursts(T0 + 20000);
        double previous5xx = 0;
        std::size_t burstSeconds = 0, errorLines = 0, lines = 0, jsonLines = 0;
        double burstFailures = 0, burstAffected = 0;
        const QRegularExpression trace(QStringLiteral("trace_id\"?[=:]\"?[0-9a-f]{32}\\b"));
        for (TimestampMs t = T0 + 1000; t <= T0 + 600000; t += 1000) {
            const double before2xx = sumCounters(reg, "2xx");
            const logs::PushBatch batch = model.step(t);
            const double now5xx = sumCounters(reg, "5xx");
            std::size_t withWord = 0;
            const std::size_t errors = countLevel(batch, "error", &withWord);
            QCOMPARE(double(errors), now5xx - previous5xx); // one ERROR line per 5xx, none otherwise
            QCOMPARE(withWord, errors);
            if (const BurstWindow* b = model.burstAt(t)) {
                ++burstSeconds;
                burstFailures += now5xx - previous5xx;
                burstAffected += (now5xx - previous5xx) * (1 / b->errorRatio);
            }
            previous5xx = now5xx;
            QVERIFY(sumCounters(reg, "2xx") >= before2xx);
            for (const auto& s : batch.streams) {
                QCOMPARE(s.labels.get("app"), std::string_view("fastapi"));
                for (const auto& e : s.entries) {
                    QVERIFY(e.ts > msToNs(t - 1000) && e.ts <= msToNs(t));
                    ++lines;
                    jsonLines += e.line.front() == '{';
                    if (s.labels.has("handler"))
                        QVERIFY2(trace.match(QString::fromStdString(e.line)).hasMatch(), e.line.c_str());
                }
            }
            errorLines += errors;
        }
        // The first burst starts 20 s in; in 10 minutes there are two or three bursts of 30-45 s.
        QVERIFY(model.burstAt(T0 + 25000));
        QVERIFY2(burstSeconds >= 60 && burstSeconds <= 140, qPrintable(QString::number(burstSeconds)));
        QVERIFY(errorLines > 100);
        QVERIFY(burstFailures > 0.8 * double(errorLines)); // errors concentrate in bursts
        // Volume: 15-40 requests/s, about 2-5 logged lines/s outside bursts
        const double perSecond = double(model.totalRequests()) / 600.0;
        QVERIFY2(perSecond >= 15 && perSecond <= 40, qPrintable(QString::number(perSecond)));
        const double linesPerSecond = double(lines - errorLines) / 600.0;
        QVERIFY2(linesPerSecond >= 2 && linesPerSecond <= 7, qPrintable(QString::number(linesPerSecond)));
        const double jsonShare = double(jsonLines) / double(lines);
        QVERIFY2(jsonShare > 0.4 && jsonShare < 0.6, qPrintable(QString::number(jsonShare)));
    }

    void deterministic()
    {
        metrics::Registry a, b;
        DemoModel ma(a), mb(b);
        for (TimestampMs t = T0 + 1000; t <= T0 + 30000; t += 1000) {
            ma.step(t);
            mb.step(t);
        }
        QCOMPARE(ma.totalRequests(), mb.totalRequests());
        QCOMPARE(a.render(), b.render());
    }

    void backfillThenLiveHasNoReset()
    {
        DemoService service;
        QSignalSpy history(&service, &DemoService::historyProduced);
        QSignalSpy started(&service, &DemoService::started);
        const TimestampMs now = nowMs();
        service.backfill(now);
        QCOMPARE(history.size(), 1);
        const auto samples = history[0][0].value<tsdb::AppendBatch>();
        const auto logs = history[0][1].value<logs::PushBatch>();

        // Samples every 15 s over the hour, with the labels a live scrape gives.
        std::set<TimestampMs> times;
        std::map<Labels, double> last;
        for (const auto& s : samples.samples) {
            times.insert(s.t);
            QCOMPARE(s.labels.get("job"), std::string_view("fastapi"));
            QCOMPARE(s.labels.get("instance"), std::string_view("fastapi-demo"));
            if (s.labels.metricName() == "http_requests_total") {
                auto [it, inserted] = last.emplace(s.labels, s.v);
                QVERIFY(inserted || s.v >= it->second);
                it->second = s.v;
            }
        }
        QCOMPARE(times.size(), std::size_t(240));
        QCOMPARE(*times.rbegin(), now);
        QVERIFY(!last.empty());

        // Two bursts in the backfilled hour: ERROR lines form two clusters.
        std::vector<TimestampNs> errorTimes;
        for (const auto& s : logs.streams)
            if (s.labels.get("level") == "error")
                for (const auto& e : s.entries)
                    errorTimes.push_back(e.ts);
        std::sort(errorTimes.begin(), errorTimes.end());
        QVERIFY(errorTimes.size() > 50);
        // Count dense clusters only: outside bursts a rare 502 is logged now and then.
        int clusters = 0;
        std::size_t clusterSize = 0;
        for (std::size_t i = 0; i <= errorTimes.size(); ++i) {
            if (i == errorTimes.size() || (i > 0 && errorTimes[i] - errorTimes[i - 1] > msToNs(60000))) {
                clusters += clusterSize >= 20 ? 1 : 0;
                clusterSize = 0;
            }
            ++clusterSize;
        }
        QCOMPARE(clusters, 2);

        // Live: scrape the endpoint the way the app does; counters continue from the backfill.
        service.start();
        QVERIFY(started.size() == 1 || started.wait(5000));
        const QUrl url = started[0][0].toUrl();
        QVERIFY(url.isValid() && url.port() > 0);
        scrape::ScrapeManager manager;
        manager.setInitialOffsetCap(0);
        QSignalSpy scraped(&manager, &scrape::ScrapeManager::samplesScraped);
        manager.setTargets({ demoTarget(url) });
        QVERIFY(scraped.wait(5000));
        const auto live = scraped[0][0].value<tsdb::AppendBatch>();
        std::size_t matched = 0;
        for (const auto& s : live.samples) {
            if (s.labels.metricName() == "up")
                QCOMPARE(s.v, 1.0);
            auto it = last.find(s.labels);
            if (it == last.end())
                continue;
            ++matched;
            QVERIFY2(s.v >= it->second, s.labels.toString().c_str());
        }
        QCOMPARE(matched, last.size()); // the same series, same labels
    }

    void endpointServesParseableText()
    {
        DemoService service;
        QSignalSpy started(&service, &DemoService::started);
        QSignalSpy logsSpy(&service, &DemoService::logsProduced);
        service.start();
        QVERIFY(started.size() == 1 || started.wait(5000));
        QVERIFY(logsSpy.wait(3000));
        QNetworkAccessManager nam;
        nam.setProxy(QNetworkProxy::NoProxy);
        QNetworkReply* reply = nam.get(QNetworkRequest(started[0][0].toUrl()));
        QSignalSpy finished(reply, &QNetworkReply::finished);
        QVERIFY(finished.wait(5000));
        QCOMPARE(reply->header(QNetworkRequest::ContentTypeHeader).toString(),
            QStringLiteral("text/plain; version=0.0.4; charset=utf-8"));
        const QByteArray body = reply->readAll();
        reply->deleteLater();
        auto parsed = scrape::parseTextFormat(std::string_view(body.constData(), std::size_t(body.size())));
        QVERIFY2(parsed.ok(), parsed.ok() ? "" : parsed.error().message.c_str());
        std::map<std::string, scrape::MetricType> types;
        for (const auto& m : parsed->metadata)
            types[m.name] = m.type;
        QCOMPARE(types["http_requests_total"], scrape::MetricType::Counter);
        QCOMPARE(types["http_request_duration_seconds"], scrape::MetricType::Histogram);
        QCOMPARE(types["http_requests_in_progress"], scrape::MetricType::Gauge);
        std::set<std::string> les, handlers;
        for (const auto& s : parsed->samples) {
            if (s.labels.metricName() == "http_request_duration_seconds_bucket")
                les.insert(std::string(s.labels.get("le")));
            if (s.labels.metricName() == "http_requests_total")
                handlers.insert(std::string(s.labels.get("handler")));
        }
        for (const char* le : { "0.1", "0.5", "1", "+Inf" })
            QVERIFY2(les.count(le), le);
        QCOMPARE(handlers, (std::set<std::string> { "/", "/checkout", "/health", "/items/{item_id}", "/users" }));
    }
};

QTEST_GUILESS_MAIN(TestDemo)
#include "tst_demo.moc"
