// The per-target scrape cache: processScrape() with a cache that lives across scrapes against the same bodies
// processed with a fresh cache (every series a miss), staleness, drops, invalidation and scrape_series_added.
#include "core/scrape/relabel.h"
#include "core/scrape/scrape_manager.h"
#include "core/scrape/scrape_processing.h"

#include <QtTest>

#include <cmath>

using namespace sg;
using namespace sg::scrape;

namespace {

const tsdb::BatchSample* find(const tsdb::AppendBatch& b, std::string_view name, std::string_view label = {},
    std::string_view value = {})
{
    for (const auto& s : b.samples)
        if (s.labels.metricName() == name && (label.empty() || s.labels.get(label) == value))
            return &s;
    return nullptr;
}

double synthetic(const tsdb::AppendBatch& b, std::string_view name)
{
    const auto* s = find(b, name);
    return s ? s->v : -1;
}

std::size_t staleCount(const tsdb::AppendBatch& b)
{
    std::size_t n = 0;
    for (const auto& s : b.samples)
        n += tsdb::isStaleNaN(s.v) ? 1 : 0;
    return n;
}

/// The samples of the body (not the stale markers nor the synthetic series), as strings, in batch order.
QStringList bodySamples(const tsdb::AppendBatch& b)
{
    static const std::vector<std::string_view> syntheticNames { "up", "scrape_duration_seconds",
        "scrape_samples_scraped", "scrape_samples_post_metric_relabeling", "scrape_series_added" };
    QStringList out;
    for (const auto& s : b.samples) {
        if (tsdb::isStaleNaN(s.v))
            continue;
        if (std::find(syntheticNames.begin(), syntheticNames.end(), s.labels.metricName()) != syntheticNames.end())
            continue;
        out << QStringLiteral("%1 %2 %3 %4")
                   .arg(QString::fromStdString(s.labels.toString()))
                   .arg(s.v)
                   .arg(s.t)
                   .arg(s.labels.hash());
    }
    return out;
}

std::shared_ptr<const std::vector<RelabelConfig>> relabelConfigs(std::vector<RelabelConfig> configs)
{
    auto out = std::make_shared<std::vector<RelabelConfig>>();
    for (auto& c : configs)
        out->push_back(*makeRelabelConfig(std::move(c)));
    return out;
}

/// A target with metric relabeling: drops `go_*`, copies `mode` to `m`, and a clash with a target label.
TargetConfig target()
{
    TargetConfig t;
    t.job = QStringLiteral("node");
    t.url = QUrl(QStringLiteral("http://127.0.0.1:9100/metrics"));
    RelabelConfig drop;
    drop.sourceLabels = { "__name__" };
    drop.regex = "go_.*";
    drop.action = RelabelAction::Drop;
    RelabelConfig copy;
    copy.sourceLabels = { "mode" };
    copy.regex = "(.+)";
    copy.targetLabel = "m";
    t.metricRelabelConfigs = relabelConfigs({ drop, copy });
    return t;
}

QByteArray body(int scrape, bool withY = true, bool extra = false)
{
    const QByteArray n = QByteArray::number(scrape);
    QByteArray b = "# HELP cpu_seconds_total CPU.\n# TYPE cpu_seconds_total counter\n"
                   "cpu_seconds_total{cpu=\"0\",mode=\"idle\"} 1" + n + "\n"
                   "cpu_seconds_total{cpu=\"0\",mode=\"user\"} 2" + n + "\n"
                   "go_goroutines " + n + "\n"
                   "clash{job=\"inner\",instance=\"x\"} 3\n"
                   "escaped{path=\"a\\\\b\\\"}\\n\"} 4\n"
                   "with_ts{k=\"v\"} 5 1700000000" + n + "\n"
                   "# TYPE lat histogram\n"
                   "lat_bucket{le=\"1\"} 1\nlat_bucket{le=\"+Inf\"} 2\nlat_sum 3\nlat_count 2\n";
    if (withY)
        b += "y 7\n";
    if (extra)
        b += "extra{n=\"" + n + "\"} 1\n";
    return b;
}

class Scraper
{
public:
    explicit Scraper(TargetConfig config, std::string key = "k")
        : m_config(std::move(config))
        , m_key(std::move(key))
    {
    }
    std::shared_ptr<ScrapeCache> cache = std::make_shared<ScrapeCache>();

    /// One scrape through the cache, handed on as ScrapeLoop does (a copy of the batch); committed unless
    /// `commit` is false (an abandoned scrape, whose labels are given back all the same).
    tsdb::AppendBatch scrape(const QByteArray& text, TimestampMs t, bool commit = true,
        ExpositionFormat format = ExpositionFormat::PrometheusText)
    {
        ScrapeResult r = processScrape(input(text, t, cache, format));
        tsdb::AppendBatch handedOn = r.batch;
        const auto lock = cache->lock();
        cache->giveBack(r.batch);
        if (commit)
            cache->commit(r.run, r.status.up);
        last = r.status;
        return handedOn;
    }
    /// The same scrape with a fresh cache: every series parsed, merged and relabeled.
    tsdb::AppendBatch uncached(const QByteArray& text, TimestampMs t,
        ExpositionFormat format = ExpositionFormat::PrometheusText)
    {
        return processScrape(input(text, t, std::make_shared<ScrapeCache>(), format)).batch;
    }
    TargetConfig& config() { return m_config; }
    std::string key;
    TargetStatus last;

private:
    ScrapeInput input(const QByteArray& text, TimestampMs t, std::shared_ptr<ScrapeCache> c, ExpositionFormat format)
    {
        return ScrapeInput { text.toStdString(), format, {}, t, 0.01, m_config, targetLabels(m_config), std::move(c),
            key.empty() ? m_key : key };
    }
    TargetConfig m_config;
    std::string m_key;
};

} // namespace

class TestScrapeCache : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void hitsProduceTheBatchesOfMisses_data()
    {
        QTest::addColumn<bool>("honorLabels");
        QTest::addColumn<bool>("openMetrics");
        QTest::newRow("text") << false << false;
        QTest::newRow("text honor_labels") << true << false;
        QTest::newRow("openmetrics") << false << true;
    }

    void hitsProduceTheBatchesOfMisses()
    {
        QFETCH(bool, honorLabels);
        QFETCH(bool, openMetrics);
        Scraper s(target());
        s.config().honorLabels = honorLabels;
        const auto format = openMetrics ? ExpositionFormat::OpenMetrics : ExpositionFormat::PrometheusText;
        for (int i = 1; i <= 4; ++i) {
            QByteArray text = body(i);
            if (openMetrics) // OpenMetrics: a counter family's samples end in _total, the body in # EOF
                text = "# TYPE c counter\nc_total{a=\"" + QByteArray::number(i % 2) + "\"} 1\nc_total{a=\"z\"} "
                    + QByteArray::number(i) + "\ng 2\n# EOF\n";
            const TimestampMs t = 1000 * i;
            const tsdb::AppendBatch cached = s.scrape(text, t, true, format);
            const tsdb::AppendBatch fresh = s.uncached(text, t, format);
            QVERIFY2(s.last.up, qPrintable(s.last.lastError));
            QCOMPARE(bodySamples(cached), bodySamples(fresh));
            QVERIFY(!bodySamples(cached).isEmpty());
            QCOMPARE(synthetic(cached, "scrape_samples_scraped"), synthetic(fresh, "scrape_samples_scraped"));
            QCOMPARE(synthetic(cached, "scrape_samples_post_metric_relabeling"),
                synthetic(fresh, "scrape_samples_post_metric_relabeling"));
            QCOMPARE(cached.source, fresh.source);
        }
        if (!openMetrics) {
            const auto b = s.scrape(body(5), 5000);
            QCOMPARE(find(b, "clash")->labels.get(honorLabels ? "job" : "exported_job"), std::string_view("inner"));
            QCOMPARE(find(b, "escaped")->labels.get("path"), std::string_view("a\\b\"}\n"));
            QCOMPARE(find(b, "cpu_seconds_total", "mode", "user")->labels.get("m"), std::string_view("user"));
            QCOMPARE(find(b, "cpu_seconds_total", "mode", "user")->v, 25.0);
            QCOMPARE(find(b, "with_ts")->t, TimestampMs(17000000005));
        }
    }

    void seriesAddedCountsSeriesNewToTheCache()
    {
        Scraper s(target());
        // 2 cpu + clash + escaped + with_ts + 4 lat + y = 10 kept series (go_goroutines dropped)
        auto b = s.scrape(body(1), 1000);
        QCOMPARE(synthetic(b, "scrape_series_added"), 10.0);
        QCOMPARE(s.last.seriesAdded, std::size_t(10));
        QCOMPARE(synthetic(b, "scrape_samples_scraped"), 11.0);
        QCOMPARE(synthetic(b, "scrape_samples_post_metric_relabeling"), 10.0);
        b = s.scrape(body(2), 2000);
        QCOMPARE(synthetic(b, "scrape_series_added"), 0.0);
        b = s.scrape(body(3, true, true), 3000);
        QCOMPARE(synthetic(b, "scrape_series_added"), 1.0);
        b = s.scrape(body(4, true, true), 4000); // `extra` has a new label value: a new series
        QCOMPARE(synthetic(b, "scrape_series_added"), 1.0);
        QCOMPARE(staleCount(b), std::size_t(1)); // extra{n="3"}
        QVERIFY(tsdb::isStaleNaN(find(b, "extra", "n", "3")->v));
    }

    void droppedSeriesStayDropped()
    {
        Scraper s(target());
        for (int i = 1; i <= 3; ++i) {
            const auto b = s.scrape(body(i), 1000 * i);
            QVERIFY(!find(b, "go_goroutines"));
            QCOMPARE(synthetic(b, "scrape_samples_scraped"), 11.0);
            QCOMPARE(synthetic(b, "scrape_samples_post_metric_relabeling"), 10.0);
            QCOMPARE(staleCount(b), std::size_t(0));
        }
        // every line of the body is an entry, the dropped one too; go_goroutines is no series
        QCOMPARE(s.cache->entryCount(), std::size_t(11));
        QCOMPARE(s.cache->seriesCount(), std::size_t(10));
    }

    void staleMarkersWhenASeriesDisappears()
    {
        Scraper s(target());
        s.scrape(body(1), 1000);
        auto b = s.scrape(body(2, false), 2000);
        QCOMPARE(staleCount(b), std::size_t(1));
        QVERIFY(tsdb::isStaleNaN(find(b, "y")->v));
        QCOMPARE(find(b, "y")->t, TimestampMs(2000));
        QCOMPARE(s.cache->entryCount(), std::size_t(10)); // y is evicted: not in the last successful scrape
        b = s.scrape(body(3, false), 3000);
        QCOMPARE(staleCount(b), std::size_t(0));
        b = s.scrape(body(4), 4000);
        QCOMPARE(find(b, "y")->v, 7.0);
        QCOMPARE(synthetic(b, "scrape_series_added"), 1.0);
        // a failed scrape marks every tracked series stale (with_ts has its own timestamp: not tracked)
        s.config().limits.sampleLimit = 3; // (a real config change is a new key; sample_limit counts hits too)
        b = s.scrape(body(5), 5000);
        QVERIFY(!s.last.up);
        QCOMPARE(s.last.lastError, QStringLiteral("sample_limit exceeded (limit: 3)"));
        QCOMPARE(staleCount(b), std::size_t(9));
        QCOMPARE(synthetic(b, "scrape_series_added"), 0.0);
        QCOMPARE(synthetic(b, "scrape_samples_scraped"), 11.0);
        b = s.scrape(body(6), 6000);
        QCOMPARE(staleCount(b), std::size_t(0)); // nothing left to end
    }

    void anAbandonedScrapeLeavesTheLastCommittedOne()
    {
        Scraper s(target());
        s.scrape(body(1), 1000);
        s.scrape(body(2, false), 2000, false); // processed, never handed on
        const auto b = s.scrape(body(3, false), 3000);
        QCOMPARE(staleCount(b), std::size_t(1));
        QVERIFY(tsdb::isStaleNaN(find(b, "y")->v));
    }

    void configChangeInvalidates()
    {
        Scraper s(target(), "first");
        auto b = s.scrape(body(1), 1000);
        QCOMPARE(find(b, "cpu_seconds_total", "mode", "idle")->labels.get("m"), std::string_view("idle"));
        // The same key: the cache keeps the labels it computed (this is what the cache saves)...
        RelabelConfig copy;
        copy.sourceLabels = { "mode" };
        copy.regex = "(.+)";
        copy.targetLabel = "other";
        s.config().metricRelabelConfigs = relabelConfigs({ copy });
        b = s.scrape(body(2), 2000);
        QCOMPARE(find(b, "cpu_seconds_total", "mode", "idle")->labels.get("m"), std::string_view("idle"));
        QVERIFY(!find(b, "go_goroutines"));
        // ...a new key (what ScrapeLoop::keyOf() makes of a changed config) starts it afresh.
        s.key = "second";
        b = s.scrape(body(3), 3000);
        const auto* idle = find(b, "cpu_seconds_total", "mode", "idle");
        QCOMPARE(idle->labels.get("other"), std::string_view("idle"));
        QVERIFY(!idle->labels.has("m"));
        QVERIFY(find(b, "go_goroutines"));
        QCOMPARE(synthetic(b, "scrape_series_added"), 11.0);
        QCOMPARE(bodySamples(b), bodySamples(s.uncached(body(3), 3000)));
    }

    void duplicateSeriesWithinOneScrapeKeepTheFirst()
    {
        TargetConfig t = target();
        Scraper s(t);
        const QByteArray text = "a{x=\"1\",y=\"2\"} 1\na{y=\"2\",x=\"1\"} 2\nb 3\nb 4\n";
        for (int i = 1; i <= 3; ++i) {
            const auto b = s.scrape(text, 1000 * i);
            QCOMPARE(bodySamples(b).size(), 2);
            QCOMPARE(find(b, "a")->v, 1.0);
            QCOMPARE(find(b, "b")->v, 3.0);
            QCOMPARE(synthetic(b, "scrape_samples_scraped"), 4.0);
            QCOMPARE(synthetic(b, "scrape_series_added"), i == 1 ? 2.0 : 0.0);
        }
    }

    void aReorderedBodyFindsItsSeries()
    {
        // Lookups first try the entry after the last one found (bodies keep their order); any other order, and
        // new series in between, still find every series.
        Scraper s(target());
        const QByteArray bodies[] = { "a 1\nb 2\nc{x=\"1\"} 3\nd 4\n", "d 5\nc{x=\"1\"} 6\nnew 0\nb 7\na 8\n",
            "a 9\nnew 1\nc{x=\"1\"} 10\nb 11\nd 12\n" };
        const double added[] = { 4, 1, 0 };
        for (int i = 0; i < 3; ++i) {
            const auto b = s.scrape(bodies[i], 1000 * (i + 1));
            QCOMPARE(bodySamples(b), bodySamples(s.uncached(bodies[i], 1000 * (i + 1))));
            QCOMPARE(synthetic(b, "scrape_series_added"), added[i]);
            QCOMPARE(staleCount(b), std::size_t(0));
        }
        QCOMPARE(s.cache->entryCount(), std::size_t(5));
    }

    void borrowedLabelsServeEverySampleOfASeries()
    {
        Scraper s(target());
        s.scrape("s 1\n", 1000);
        for (int i = 2; i <= 3; ++i) {
            // the same series twice with own timestamps, and a series tracked last time now with a timestamp
            const QByteArray text = "t{a=\"1\"} 1 100\nt{a=\"1\"} 2 200\ns 1 5000\n";
            const auto b = s.scrape(text, 1000 * i);
            QCOMPARE(bodySamples(b), bodySamples(s.uncached(text, 1000 * i)));
            QCOMPARE(bodySamples(b).size(), 3);
            QCOMPARE(b.samples[1].labels, b.samples[0].labels);
            QCOMPARE(b.samples[1].labels.get("a"), std::string_view("1"));
            QCOMPARE(staleCount(b), std::size_t(i == 2 ? 1 : 0)); // `s` is no longer tracked
            if (i == 2)
                QCOMPARE(b.samples[3].labels.metricName(), std::string_view("s"));
        }
        const auto b = s.scrape("s 1\n", 4000);
        QCOMPARE(find(b, "s")->labels.get("job"), std::string_view("node"));
        QCOMPARE(find(b, "s")->t, TimestampMs(4000));
    }

    void labelLimitsStillApply()
    {
        Scraper s(target());
        s.config().limits.labelNameLengthLimit = 10;
        const QByteArray text = "ok{v=\"x\"} 1\nbad{a_long_label=\"x\"} 2\n";
        s.scrape(text, 1000);
        QVERIFY(!s.last.up);
        QVERIFY2(s.last.lastError.startsWith(QStringLiteral("label_name_length_limit exceeded (metric: bad")),
            qPrintable(s.last.lastError));
        const auto again = s.scrape(text, 2000);
        QVERIFY(!s.last.up); // the violating series was never cached
        QVERIFY(!find(again, "ok"));
        const auto good = s.scrape("ok{v=\"x\"} 1\n", 3000);
        QVERIFY(s.last.up);
        QCOMPARE(find(good, "ok")->v, 1.0);
    }

    void parseErrorsOfKnownSeriesStillFail()
    {
        Scraper s(target());
        s.scrape("a{x=\"1\"} 1\n", 1000);
        s.scrape("a{x=\"1\"} nope\n", 2000);
        QVERIFY(!s.last.up);
        QCOMPARE(s.last.lastError, QStringLiteral("line 1: expected float as value, got \"nope\""));
        s.scrape("# TYPE a gauge\na{x=\"1\"} 1\n", 3000);
        QVERIFY(s.last.up);
        s.scrape("a{x=\"1\"} 1\n# TYPE a gauge\n", 4000); // TYPE after samples of a known series
        QVERIFY(!s.last.up);
        QVERIFY2(s.last.lastError.contains(QStringLiteral("TYPE reported after samples")),
            qPrintable(s.last.lastError));
    }

    void hashBytesSeesEveryByte()
    {
        const std::string a = "node_cpu_seconds_total{cpu=\"0\",mode=\"idle\"}";
        for (std::size_t n = 0; n <= a.size(); ++n) {
            std::string b = a.substr(0, n);
            const std::uint64_t h = hashBytes(b);
            QCOMPARE(hashBytes(b), h);
            for (std::size_t i = 0; i < n; ++i) {
                std::string c = b;
                c[i] = char(c[i] ^ 1);
                QVERIFY2(hashBytes(c) != h, qPrintable(QStringLiteral("length %1, byte %2").arg(n).arg(i)));
            }
            if (n > 0)
                QVERIFY(hashBytes(a.substr(0, n - 1)) != h);
        }
    }
};

QTEST_GUILESS_MAIN(TestScrapeCache)
#include "tst_scrape_cache.moc"
