// Sightglass and a real Prometheus answer the same query_range over HTTP with the same numbers: a small dataset
// is generated, imported with `sightglass import openmetrics`, backfilled with promtool, and compared by
// `sightglass bench-promql --prometheus` (relative error at most 1e-6, evaluation times off the sample grid).
#include "tests/common/require_peer.h"
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

class TestPrometheusAgreement : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void agreesWithPrometheus();
};

void TestPrometheusAgreement::agreesWithPrometheus()
{
    SG_REQUIRE_PEER(!(QStandardPaths::findExecutable(u"prometheus"_s).isEmpty() || QStandardPaths::findExecutable(u"promtool"_s).isEmpty()), "prometheus and promtool are not installed (Debian package: prometheus); scripts/setup installs them");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    // The eight benchmark queries and a few more that exercise other paths of both engines.
    const QStringList extra = {
        u"rate(http_requests_total{job=\"api\"}[5m])"_s,
        u"avg_over_time(app_temperature_celsius[10m])"_s,
        u"max by (instance) (max_over_time(node_filesystem_avail_ratio[15m]))"_s,
        u"sum by (code) (increase(http_requests_total[10m])) / ignoring (code) group_left sum(increase(http_requests_total[10m]))"_s,
        u"histogram_quantile(0.5, rate(http_request_duration_seconds_bucket[5m]))"_s,
        u"node_cpu_seconds_total{mode=\"idle\"} offset 10m - node_cpu_seconds_total{mode=\"idle\"} offset 20m"_s,
    };
    QStringList args = { u"bench-promql"_s, u"--data-dir"_s, dir.path(), u"--prometheus"_s, u"--series"_s, u"50"_s,
        u"--hours"_s, u"2"_s, u"--runs"_s, u"1"_s };
    for (const auto& q : extra)
        args << u"--query"_s << q;
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QStringLiteral(SG_BINARY), args);
    QVERIFY(p.waitForStarted());
    QVERIFY2(p.waitForFinished(60'000), "bench-promql did not finish within 60 s");
    const QString out = QString::fromUtf8(p.readAll());
    const QStringList lines = out.trimmed().split(u'\n');
    QVERIFY2(p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0, qPrintable(out));
    QVERIFY2(out.contains(u"%1 queries, 0 disagree, 0 failed"_s.arg(8 + extra.size())), qPrintable(out));
    QVERIFY2(lines.last().startsWith(u"bench-promql: median speed-up"_s), qPrintable(out));
    // Every row of the table names a non-empty answer that agreed.
    int rows = 0;
    for (const auto& line : lines) {
        if (!line.startsWith(u"| `"_s))
            continue;
        ++rows;
        QVERIFY2(line.endsWith(u"| yes |"_s), qPrintable(line));
        QVERIFY2(!line.contains(u"| 0 | "_s), qPrintable(u"empty answer: "_s + line));
    }
    QCOMPARE(rows, 8 + int(extra.size()));
}

QTEST_GUILESS_MAIN(TestPrometheusAgreement)
#include "tst_prometheus_agreement.moc"
