// A real Prometheus as a remote datasource renders a dashboard as the embedded store does: one OpenMetrics file (a few
// series over three hours: counters, a gauge, a histogram) goes into a fresh Prometheus data dir with
// `promtool tsdb create-blocks-from openmetrics` and into a Sightglass data dir with `sightglass import openmetrics`;
// /usr/bin/prometheus serves the first on loopback. One dashboard (time series, stat and table panels with rate(),
// sum by, histogram_quantile, topk/increase, avg_over_time, deriv, vector matching) is run twice: on the embedded
// Prometheus, and with its datasource uid mapped to the remote by a datasources file. Every panel gets the same
// series (labels, names, refIds, timestamps) with values equal within float tolerance, and the rendered panels the same
// state (plugin, queries, series, no error).
#include "core/dashboards/dashboard_json.h"
#include "core/datadir/layout.h"
#include "core/logstore/memory_log_store.h"
#include "core/services/query_client.h"
#include "core/services/remote_datasources.h"
#include "core/tsdb/store.h"
#include "remote_fixtures.h"
#include "remote_stores.h"
#include "tests/common/require_peer.h"
#include "ui/dashboard/panel_query_runner.h"
#include "ui/export/dashboard_renderer.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonArray>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace Qt::StringLiterals;
using namespace sg;

namespace {

constexpr qint64 SpanMs = 3 * 3600'000;
constexpr qint64 ScrapeMs = 15'000;
constexpr qint64 SampleOffsetMs = 7'750;

/// The OpenMetrics text of the test's samples over (endMs - SpanMs, endMs], families grouped, each series in time
/// order. Values follow fixed formulas, so that both stores hold exactly the same numbers.
QByteArray openMetrics(qint64 endMs)
{
    QByteArray out;
    const auto ts = [](qint64 ms) { return QByteArray::number(double(ms) / 1000.0, 'f', 3); };
    const auto num = [](double v) { return QByteArray::number(v, 'g', 17); };
    // Off the whole-second grid of steps and ranges: no sample sits on a window's edge, where Prometheus 2.x's
    // left-closed ranges and lookback take one more sample than 3.x's left-open ones (which Sightglass follows).
    std::vector<qint64> times;
    for (qint64 t = endMs - SpanMs + ScrapeMs - SampleOffsetMs; t <= endMs; t += ScrapeMs)
        times.push_back(t);

    out += "# TYPE http_requests counter\n# HELP http_requests Requests served.\n";
    for (int instance = 0; instance < 2; ++instance)
        for (const char* code : { "200", "404", "500" }) {
            double v = 0;
            for (std::size_t i = 0; i < times.size(); ++i) {
                const int weight = code[0] == '2' ? 40 : code[0] == '4' ? 3 : 1;
                v += weight * (1 + (int(i) * 7 + instance * 3) % 5);
                if (instance == 1 && code[0] == '2' && i == times.size() / 2)
                    v = 5; // a counter reset
                out += "http_requests_total{code=\"" + QByteArray(code) + "\",instance=\"i" + QByteArray::number(instance)
                    + "\",job=\"api\"} " + num(v) + " " + ts(times[i]) + "\n";
            }
        }
    out += "# TYPE memory_bytes gauge\n";
    for (int instance = 0; instance < 2; ++instance)
        for (std::size_t i = 0; i < times.size(); ++i)
            out += "memory_bytes{instance=\"i" + QByteArray::number(instance) + "\",job=\"api\"} "
                + num(1e8 + instance * 2e7 + 1e7 * std::sin(double(i) / 40.0) + double(i % 13) * 1024) + " " + ts(times[i]) + "\n";
    out += "# TYPE http_request_duration_seconds histogram\n";
    const std::vector<std::pair<const char*, double>> buckets { { "0.05", 0.3 }, { "0.1", 0.55 }, { "0.25", 0.8 },
        { "0.5", 0.93 }, { "1.0", 0.99 }, { "+Inf", 1.0 } };
    // Each scrape adds some requests, spread over the buckets by a distribution that moves a little over time:
    // every bucket's counter only grows, and `le` buckets stay cumulative.
    std::vector<std::vector<double>> bucketCounts(buckets.size(), std::vector<double>(times.size()));
    std::vector<double> total(buckets.size(), 0);
    for (std::size_t i = 0; i < times.size(); ++i) {
        const double added = 20 + double((i * 11) % 17);
        const double shift = 0.05 * std::sin(double(i) / 25.0);
        for (std::size_t b = 0; b < buckets.size(); ++b) {
            const double share = buckets[b].second >= 1.0 ? 1.0 : std::min(1.0, buckets[b].second + shift);
            bucketCounts[b][i] = total[b] += std::floor(added * share);
        }
    }
    for (std::size_t b = 0; b < buckets.size(); ++b)
        for (std::size_t i = 0; i < times.size(); ++i)
            out += "http_request_duration_seconds_bucket{job=\"api\",le=\"" + QByteArray(buckets[b].first) + "\"} "
                + num(bucketCounts[b][i]) + " " + ts(times[i]) + "\n";
    const std::vector<double>& count = bucketCounts.back();
    for (std::size_t i = 0; i < times.size(); ++i)
        out += "http_request_duration_seconds_sum{job=\"api\"} " + num(count[i] * 0.12) + " " + ts(times[i]) + "\n";
    for (std::size_t i = 0; i < times.size(); ++i)
        out += "http_request_duration_seconds_count{job=\"api\"} " + num(count[i]) + " " + ts(times[i]) + "\n";
    out += "# EOF\n";
    return out;
}

bool nearlyEqual(double a, double b)
{
    if (std::isnan(a) || std::isnan(b))
        return std::isnan(a) && std::isnan(b);
    if (std::isinf(a) || std::isinf(b))
        return a == b;
    return std::abs(a - b) <= 1e-9 * std::max({ 1.0, std::abs(a), std::abs(b) });
}

/// "refId name {labels}" of every frame, sorted: what must be the same on both sides.
QStringList frameKeys(const query::PanelData& data)
{
    QStringList out;
    for (const query::SeriesFrame& f : data.series) {
        QStringList labels;
        for (const auto& [k, v] : f.labels)
            labels << k + u"="_s + v;
        out << f.refId + u" "_s + f.name + u" {"_s + labels.join(u',') + u"}"_s;
    }
    out.sort();
    return out;
}

} // namespace

class TestRemoteRender : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void panelFramesEqual_data();
    void panelFramesEqual();
    void renderedPanelsEqual();
    void cliReportsEqual();

private:
    query::PanelData runPanel(int panelId, const dashboards::DatasourceRegistry& registry)
    {
        ui::PanelQueryRunner runner(m_client.get());
        QSignalSpy finished(&runner, &ui::PanelQueryRunner::finished);
        dashboards::PanelQueryContext ctx;
        ctx.nowMs = m_endMs;
        ctx.from = u"now-2h"_s;
        ctx.to = u"now"_s;
        ctx.widthPx = 800;
        for (const dashboards::Panel& p : m_dashboard.panels())
            if (p.id() == panelId)
                runner.run(p, m_dashboard, registry, ctx);
        if (!finished.wait(30'000))
            return {};
        return finished.takeFirst().at(0).value<query::PanelData>();
    }

    QTemporaryDir m_dir;
    QString m_dataDir;
    QString m_datasourcesFile;
    QProcess m_prometheus;
    qint64 m_endMs = 0;
    std::unique_ptr<services::QueryClient> m_client;
    std::shared_ptr<tsdb::Store> m_store;
    dashboards::Dashboard m_dashboard;
    dashboards::DatasourceRegistry m_embedded = dashboards::DatasourceRegistry::embedded();
    dashboards::DatasourceRegistry m_remote;
};

void TestRemoteRender::initTestCase()
{
    const QString prometheus = QStandardPaths::findExecutable(u"prometheus"_s);
    const QString promtool = QStandardPaths::findExecutable(u"promtool"_s);
    SG_REQUIRE_PEER(!prometheus.isEmpty() && !promtool.isEmpty(),
        "prometheus and promtool are not installed (Debian package `prometheus`)");
    QVERIFY(m_dir.isValid());
    // Whole minutes, ten minutes back: nothing is appended near the range's end on either side.
    m_endMs = (QDateTime::currentMSecsSinceEpoch() / 60'000 - 10) * 60'000;
    const QString file = m_dir.filePath(u"samples.om"_s);
    QVERIFY(sg::testing::writeTextFile(file, openMetrics(m_endMs)));

    // The same file into a fresh Prometheus data dir (promtool) and a Sightglass data dir (import).
    const QString promData = m_dir.filePath(u"prometheus-data"_s);
    QProcess tool;
    tool.setProcessChannelMode(QProcess::MergedChannels);
    tool.start(promtool, { u"tsdb"_s, u"create-blocks-from"_s, u"openmetrics"_s, file, promData });
    QVERIFY(tool.waitForFinished(120'000));
    QVERIFY2(tool.exitCode() == 0, tool.readAll().constData());
    const QString dataDir = m_dataDir = m_dir.filePath(u"sightglass-data"_s);
    const auto imported = sg::testing::importOpenMetrics(file, dataDir);
    QVERIFY2(imported.exitCode == 0, imported.dump().constData());

    // Prometheus on loopback, scraping nothing, keeping everything.
    const QString config = m_dir.filePath(u"prometheus.yml"_s);
    QVERIFY(sg::testing::writeTextFile(config, "global:\n  scrape_interval: 15s\n"));
    const quint16 port = sg::testing::freePort();
    m_prometheus.setProcessChannelMode(QProcess::MergedChannels);
    m_prometheus.start(prometheus, { u"--config.file="_s + config, u"--storage.tsdb.path="_s + promData,
                                       u"--storage.tsdb.retention.time=3650d"_s,
                                       u"--web.listen-address=127.0.0.1:"_s + QString::number(port) });
    QVERIFY(m_prometheus.waitForStarted());
    const QUrl base(u"http://127.0.0.1:"_s + QString::number(port));
    QNetworkAccessManager nam;
    int series = 0;
    for (int i = 0; i < 120 && series == 0; ++i) {
        QTest::qWait(250);
        const QJsonArray r = sg::testing::httpGet(nam, base, u"/api/v1/query"_s,
            QUrlQuery { { u"query"_s, u"count(http_requests_total)"_s }, { u"time"_s, QString::number(m_endMs / 1000) } })
                                 .json().value(u"data"_s).toObject().value(u"result"_s).toArray();
        if (!r.isEmpty())
            series = r[0].toObject().value(u"value"_s).toArray()[1].toString().toInt();
    }
    QVERIFY2(series == 6, m_prometheus.readAll().constData());

    // The embedded side reads the imported data dir; the remote one is configured by a datasources file.
    tsdb::StoreOptions options;
    options.readOnly = true;
    auto store = tsdb::Store::open(datadir::metricsDir(dataDir).toStdString(), options);
    QVERIFY2(store.ok(), store.ok() ? "" : store.error().message.c_str());
    m_store = std::shared_ptr<tsdb::Store>(std::move(*store));
    m_client = std::make_unique<services::QueryClient>(m_store, std::make_shared<logs::MemoryLogStore>());
    const QString datasources = m_dir.filePath(u"datasources.yml"_s);
    QVERIFY(sg::testing::writeTextFile(datasources,
        "datasources:\n  - name: team\n    uid: team-prom\n    type: prometheus\n    url: " + base.toString().toUtf8()
            + "\n    timeout: 30s\n"));
    m_datasourcesFile = datasources;
    auto remotes = remote::loadDatasourceFile(datasources);
    QVERIFY2(remotes.ok(), remotes.ok() ? "" : remotes.error().message.c_str());
    m_client->setRemoteDatasources(*remotes);
    m_remote = services::datasourceRegistry(*remotes);

    auto dashboard = dashboards::importDashboard(QByteArray(fixtures::RenderDashboard));
    QVERIFY2(dashboard.ok(), dashboard.ok() ? "" : dashboard.error().message.c_str());
    m_dashboard = *dashboard;
}

void TestRemoteRender::cleanupTestCase()
{
    m_client.reset();
    sg::testing::stopProcess(m_prometheus);
}

void TestRemoteRender::panelFramesEqual_data()
{
    QTest::addColumn<int>("panelId");
    for (const dashboards::Panel& p : m_dashboard.panels())
        QTest::addRow("%d %s", p.id(), qPrintable(p.title())) << p.id();
}

void TestRemoteRender::panelFramesEqual()
{
    QFETCH(int, panelId);
    const query::PanelData embedded = runPanel(panelId, m_embedded);
    const query::PanelData remote = runPanel(panelId, m_remote);
    QVERIFY2(embedded.error.isEmpty(), qPrintable(embedded.error));
    QVERIFY2(remote.error.isEmpty(), qPrintable(remote.error));
    QVERIFY(!embedded.series.empty());
    QCOMPARE(frameKeys(remote), frameKeys(embedded));
    QCOMPARE(remote.intervalMs, embedded.intervalMs);

    // Value by value, the frames matched by refId and name.
    std::size_t points = 0;
    for (const query::SeriesFrame& e : embedded.series) {
        const auto r = std::find_if(remote.series.begin(), remote.series.end(), [&](const query::SeriesFrame& f) {
            return f.refId == e.refId && f.name == e.name && f.labels == e.labels;
        });
        QVERIFY(r != remote.series.end());
        QCOMPARE(r->timesMs, e.timesMs);
        QCOMPARE(r->values.size(), e.values.size());
        for (std::size_t i = 0; i < e.values.size(); ++i)
            QVERIFY2(nearlyEqual(r->values[i], e.values[i]),
                qPrintable(u"%1 at %2: remote %3, embedded %4"_s.arg(e.name).arg(e.timesMs[i]).arg(r->values[i], 0, 'g', 17).arg(e.values[i], 0, 'g', 17)));
        points += e.values.size();
    }
    QVERIFY(points > 0);
}

void TestRemoteRender::renderedPanelsEqual()
{
    ui::RenderOptions options;
    options.nowMs = m_endMs;
    options.from = u"now-2h"_s;
    options.to = u"now"_s;
    options.size = QSize(1200, 800);
    const ui::RenderResult embedded = ui::renderDashboard(m_dashboard, m_client.get(), options, m_embedded);
    const ui::RenderResult remote = ui::renderDashboard(m_dashboard, m_client.get(), options, m_remote);
    QVERIFY2(embedded.error.isEmpty(), qPrintable(embedded.error));
    QVERIFY2(remote.error.isEmpty(), qPrintable(remote.error));
    QCOMPARE(remote.panels.size(), embedded.panels.size());
    QCOMPARE(embedded.panels.size(), std::size_t(6));
    for (std::size_t i = 0; i < embedded.panels.size(); ++i) {
        const ui::RenderedPanel& e = embedded.panels[i];
        const ui::RenderedPanel& r = remote.panels[i];
        QVERIFY2(e.error.isEmpty() && r.error.isEmpty(), qPrintable(e.error + u" / "_s + r.error));
        QCOMPARE(r.id, e.id);
        QCOMPARE(r.renderedAs, e.renderedAs);
        QCOMPARE(r.queries, e.queries);
        QCOMPARE(r.series, e.series);
        QVERIFY(e.series > 0);
    }
    // The report `sightglass render --report` writes is the same too.
    QCOMPARE(ui::renderReport(remote), ui::renderReport(embedded));
}

void TestRemoteRender::cliReportsEqual()
{
    // `sightglass render --report` on the data dir, then with --datasources naming the remote: the same report.
    const QString dashboard = m_dir.filePath(u"dashboard.json"_s);
    QVERIFY(sg::testing::writeTextFile(dashboard, QByteArray(fixtures::RenderDashboard)));
    QJsonObject reports[2];
    for (int remote = 0; remote < 2; ++remote) {
        const QString report = m_dir.filePath(u"report-%1.json"_s.arg(remote));
        QStringList args { u"render"_s, dashboard, u"--data-dir"_s, m_dataDir, u"--report"_s, report, u"--from"_s,
            u"now-3h"_s };
        if (remote)
            args << u"--datasources"_s << m_datasourcesFile;
        const auto run = sg::testing::runSightglass(args);
        QVERIFY2(run.exitCode == 0, run.dump().constData());
        QFile f(report);
        QVERIFY(f.open(QIODevice::ReadOnly));
        reports[remote] = QJsonDocument::fromJson(f.readAll()).object();
    }
    const QJsonArray panels = reports[0].value(u"panels"_s).toArray();
    QCOMPARE(panels.size(), qsizetype(6));
    for (const QJsonValue& p : panels) {
        QVERIFY2(p.toObject().value(u"error"_s).isNull(), qPrintable(p.toObject().value(u"error"_s).toString()));
        QVERIFY(p.toObject().value(u"series"_s).toInt() > 0);
    }
    QCOMPARE(reports[1], reports[0]);
}

QTEST_MAIN(TestRemoteRender)
#include "tst_remote_render.moc"
