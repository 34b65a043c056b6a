#include "core/metrics/registry.h"

#include <QDateTime>
#include <QTest>

#include <cmath>
#include <limits>
#include <thread>

using namespace sg;
using namespace sg::metrics;

class TestRegistry : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void formatsValues_data()
    {
        QTest::addColumn<double>("value");
        QTest::addColumn<QString>("expected");
        QTest::addRow("zero") << 0.0 << QStringLiteral("0");
        QTest::addRow("int") << 42.0 << QStringLiteral("42");
        QTest::addRow("big-int") << 1e6 << QStringLiteral("1000000");
        QTest::addRow("negative") << -3.0 << QStringLiteral("-3");
        QTest::addRow("fraction") << 0.25 << QStringLiteral("0.25");
        QTest::addRow("shortest") << 0.1 << QStringLiteral("0.1");
        QTest::addRow("small") << 1.5e-7 << QStringLiteral("1.5e-07");
        QTest::addRow("large-frac") << 1234567.5 << QStringLiteral("1.2345675e+06");
        QTest::addRow("huge") << 1e20 << QStringLiteral("1e+20");
        QTest::addRow("+inf") << std::numeric_limits<double>::infinity() << QStringLiteral("+Inf");
        QTest::addRow("-inf") << -std::numeric_limits<double>::infinity() << QStringLiteral("-Inf");
        QTest::addRow("nan") << std::numeric_limits<double>::quiet_NaN() << QStringLiteral("NaN");
    }
    void formatsValues()
    {
        QFETCH(double, value);
        QFETCH(QString, expected);
        QCOMPARE(QString::fromStdString(formatValue(value)), expected);
    }

    void rendersCountersAndGauges()
    {
        Registry r;
        r.counter("requests_total", "All requests.", Labels { { "code", "200" } }).inc(3);
        r.counter("requests_total", "All requests.", Labels { { "code", "500" } }).inc();
        r.counter("requests_total", "ignored", Labels { { "code", "200" } }).inc(-5); // ignored: counters only grow
        r.gauge("in_flight", "Line one\nwith \\ backslash").set(2.5);
        const std::string expected = "# HELP in_flight Line one\\nwith \\\\ backslash\n"
                                     "# TYPE in_flight gauge\n"
                                     "in_flight 2.5\n"
                                     "# HELP requests_total All requests.\n"
                                     "# TYPE requests_total counter\n"
                                     "requests_total{code=\"200\"} 3\n"
                                     "requests_total{code=\"500\"} 1\n";
        QCOMPARE(QString::fromStdString(r.render()), QString::fromStdString(expected));
    }

    void escapesLabelValues()
    {
        Registry r;
        r.gauge("g", "h", Labels { { "path", "a\"b\\c\nd" } }).set(1);
        QVERIFY(r.render().find("g{path=\"a\\\"b\\\\c\\nd\"} 1\n") != std::string::npos);
    }

    void rendersHistogram()
    {
        Registry r;
        auto& h = r.histogram("latency_seconds", "Latency.", { 0.1, 0.5, 1 }, Labels { { "handler", "/" } });
        h.observe(0.05);
        h.observe(0.1); // le is inclusive
        h.observe(0.7);
        h.observe(3);
        const std::string expected = "# HELP latency_seconds Latency.\n"
                                     "# TYPE latency_seconds histogram\n"
                                     "latency_seconds_bucket{handler=\"/\",le=\"0.1\"} 2\n"
                                     "latency_seconds_bucket{handler=\"/\",le=\"0.5\"} 2\n"
                                     "latency_seconds_bucket{handler=\"/\",le=\"1\"} 3\n"
                                     "latency_seconds_bucket{handler=\"/\",le=\"+Inf\"} 4\n"
                                     "latency_seconds_sum{handler=\"/\"} 3.85\n"
                                     "latency_seconds_count{handler=\"/\"} 4\n";
        QCOMPARE(QString::fromStdString(r.render()), QString::fromStdString(expected));
    }

    void sameSeriesSameObject()
    {
        Registry r;
        auto& a = r.counter("c_total", "h", Labels { { "x", "1" } });
        auto& b = r.counter("c_total", "h", Labels { { "x", "1" } });
        auto& c = r.counter("c_total", "h", Labels { { "x", "2" } });
        QCOMPARE(&a, &b);
        QVERIFY(&a != &c);
    }

    void concurrentUpdates()
    {
        Registry r;
        auto& c = r.counter("c_total", "h");
        auto& h = r.histogram("h_seconds", "h", defaultBuckets());
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t)
            threads.emplace_back([&] {
                for (int i = 0; i < 10000; ++i) {
                    c.inc();
                    h.observe(0.01);
                }
            });
        for (auto& t : threads)
            t.join();
        QCOMPARE(c.value(), 40000.0);
        const auto s = h.snapshot();
        QCOMPARE(s.count, std::uint64_t(40000));
        QCOMPARE(s.cumulative.back(), std::uint64_t(40000));
        QVERIFY(std::fabs(s.sum - 400.0) < 1e-6);
    }

    void processMetrics()
    {
#ifndef __linux__
        QSKIP("process metrics come from /proc (Linux only)");
#endif
        Registry r;
        r.collectProcessMetrics();
        const std::string text = r.render();
        for (const char* name : { "process_cpu_seconds_total ", "process_resident_memory_bytes ",
                 "process_start_time_seconds ", "process_open_fds " })
            QVERIFY2(text.find(name) != std::string::npos, name);
        QVERIFY(r.gauge("process_resident_memory_bytes", "").value() > 1e6);
        QVERIFY(r.gauge("process_open_fds", "").value() >= 3);
        const double start = r.gauge("process_start_time_seconds", "").value();
        const double now = double(nowSeconds());
        QVERIFY2(start > now - 3600 && start <= now + 1, qPrintable(QString::number(start, 'f', 0)));
    }

private:
    static qint64 nowSeconds()
    {
        return QDateTime::currentSecsSinceEpoch();
    }
};

QTEST_GUILESS_MAIN(TestRegistry)
#include "tst_registry.moc"
