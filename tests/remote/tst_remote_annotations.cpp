// Dashboard annotations against remote datasources, through the AnnotationRunner and the query client: a Loki
// annotation query whose datasource is a remote Loki, and a Prometheus one (Grafana's `expr`, `step`, `titleFormat`,
// `textFormat`, `tagKeys`) whose datasource is a remote Prometheus, both run on a real `sightglass serve`; a
// Prometheus annotation on the embedded store runs there. Each gives the markers of its own data: the remote's log
// line, a region where the remote's counter is above five, a region over the embedded store's ten minutes. A region
// is drawn shaded on a time series panel, with its start and end in its tooltip.
#include "core/dashboards/dashboard_json.h"
#include "core/logstore/memory_log_store.h"
#include "core/services/query_client.h"
#include "core/services/remote_datasources.h"
#include "remote_fixtures.h"
#include "remote_stores.h"
#include "ui/dashboard/annotation_runner.h"
#include "ui/panels/timeseries/timeseries_view.h"

#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <map>

using namespace Qt::StringLiterals;
using namespace sg;

class TestRemoteAnnotations : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void remoteAndEmbeddedAnnotations();
    void unreachableRemoteIsAnError();
    void regionIsShadedAndHovered();

private:
    std::vector<query::Annotation> run(const dashboards::DatasourceRegistry& registry, QStringList* errors)
    {
        ui::AnnotationRunner runner(m_client.get());
        QSignalSpy ready(&runner, &ui::AnnotationRunner::ready);
        dashboards::PanelQueryContext ctx;
        ctx.nowMs = m_nowMs;
        ctx.from = u"now-1h"_s;
        ctx.to = u"now"_s;
        runner.run(m_dashboard, registry, ctx);
        if (ready.isEmpty() && !ready.wait(20'000))
            return {};
        *errors = runner.errors();
        return runner.annotations();
    }

    QTemporaryDir m_dir;
    QProcess m_serve;
    qint64 m_nowMs = 0;
    std::vector<remote::RemoteDatasource> m_remotes;
    dashboards::Dashboard m_dashboard;
    std::unique_ptr<services::QueryClient> m_client;
};

void TestRemoteAnnotations::initTestCase()
{
    QVERIFY(m_dir.isValid());
    // The remote counter counts minutes: 0 twenty minutes ago, 19 a minute ago.
    const qint64 nowS = QDateTime::currentSecsSinceEpoch();
    const QByteArray om = sg::testing::minuteCounterOpenMetrics({ "/api", "/login" });
    QByteArray error;
    const QString url = sg::testing::startRemoteServe(m_serve, m_dir.path(), om, "{\"app\":\"remote-app\"}",
        "level=warn deploy finished", &error);
    QVERIFY2(!url.isEmpty(), error.constData());
    m_nowMs = nowS * 1000;
    m_client = std::make_unique<services::QueryClient>(sg::testing::metricStoreWith("local_only_total"),
        std::make_shared<logs::MemoryLogStore>());
    m_remotes = sg::testing::promAndLokiAt(url);
    m_client->setRemoteDatasources(m_remotes);
    auto dashboard = dashboards::importDashboard(QByteArray(fixtures::AnnotationDashboard));
    QVERIFY2(dashboard.ok(), dashboard.ok() ? "" : dashboard.error().message.c_str());
    m_dashboard = *dashboard;
}

void TestRemoteAnnotations::cleanupTestCase()
{
    m_client.reset();
    sg::testing::stopProcess(m_serve);
}

void TestRemoteAnnotations::remoteAndEmbeddedAnnotations()
{
    QStringList errors;
    const auto markers = run(services::datasourceRegistry(m_remotes), &errors);
    QVERIFY2(errors.isEmpty(), qPrintable(errors.join(u"; "_s)));
    QCOMPARE(int(markers.size()), 3);
    std::map<QString, query::Annotation> bySource;
    for (const query::Annotation& a : markers)
        bySource[a.source] = a;

    const query::Annotation& logs = bySource[u"Remote logs"_s];
    QCOMPARE(logs.text, u"level=warn deploy finished"_s);
    QCOMPARE(logs.title, u"remote-app"_s);
    QCOMPARE(logs.tags, QStringList { u"remote-app"_s });
    QCOMPARE(logs.color, u"orange"_s);
    // the line is stamped 5 s before its push, which came after m_nowMs (a slow start-up must not matter)
    QVERIFY(logs.timeMs >= m_nowMs - 5000 && logs.timeMs <= QDateTime::currentMSecsSinceEpoch() - 5000);

    // Above five from 14 minutes ago on; the last sample (a minute ago) is seen until the lookback ends, past now.
    const query::Annotation& busy = bySource[u"Remote busy"_s];
    QCOMPARE(busy.title, u"busy /api"_s);
    QCOMPARE(busy.text, u"zone eu"_s);
    QCOMPARE(busy.tags, (QStringList { u"eu"_s, u"/api"_s }));
    QVERIFY2(busy.timeMs >= m_nowMs - 840'000 && busy.timeMs < m_nowMs - 840'000 + 60'000, qPrintable(QString::number(m_nowMs - busy.timeMs)));
    QVERIFY2(busy.timeEndMs >= m_nowMs - 60'000, qPrintable(QString::number(m_nowMs - busy.timeEndMs)));

    // The embedded store's series: one region over its last ten minutes.
    const query::Annotation& local = bySource[u"Local"_s];
    QCOMPARE(local.title, u"here"_s);
    QVERIFY(local.timeEndMs - local.timeMs >= 9 * 60'000);
}

void TestRemoteAnnotations::unreachableRemoteIsAnError()
{
    // The same uids pointing at a port nobody listens on: the remote queries fail with the datasource's name, the
    // embedded one still gives its marker.
    auto dead = m_remotes;
    for (remote::RemoteDatasource& d : dead) {
        d.url = u"http://127.0.0.1:"_s + QString::number(sg::testing::freePort());
        d.timeoutMs = 3000;
    }
    m_client->setRemoteDatasources(dead);
    QStringList errors;
    const auto markers = run(services::datasourceRegistry(dead), &errors);
    m_client->setRemoteDatasources(m_remotes);
    QCOMPARE(int(markers.size()), 1);
    QCOMPARE(markers[0].source, u"Local"_s);
    QCOMPARE(errors.size(), qsizetype(2));
    QVERIFY2(errors.filter(u"Remote busy: team-prom: "_s).size() == 1, qPrintable(errors.join(u"; "_s)));
    QVERIFY2(errors.filter(u"Remote logs: team-loki: "_s).size() == 1, qPrintable(errors.join(u"; "_s)));
}

void TestRemoteAnnotations::regionIsShadedAndHovered()
{
    // A region marker on a time series panel: shaded from its start to its end, its tooltip giving both times.
    constexpr qint64 T0 = 1'700'000'000'000;
    ui::timeseries::TimeSeriesView view;
    view.setPanel(dashboards::Panel(QJsonObject { { u"type"_s, u"timeseries"_s } }));
    query::PanelData data;
    data.fromMs = T0;
    data.toMs = T0 + 3600'000;
    query::SeriesFrame f;
    f.refId = u"A"_s;
    f.name = u"flat"_s;
    for (qint64 t = T0; t <= data.toMs; t += 60'000) {
        f.timesMs.push_back(t);
        f.values.push_back(1);
    }
    data.series.push_back(f);
    view.setData(data);
    query::Annotation region;
    region.timeMs = T0 + 600'000;
    region.timeEndMs = T0 + 1800'000;
    region.title = u"busy"_s;
    region.color = u"red"_s;
    view.setAnnotations({ region });
    view.resize(800, 400);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QCOMPARE(view.annotationCount(), 1);

    const QRectF plot = view.plotRect();
    const auto xAt = [&](qint64 t) { return int(plot.left() + double(t - data.fromMs) / double(data.toMs - data.fromMs) * plot.width()); };
    const QImage image = view.grab().toImage();
    const int y = int(plot.top()) + 4;
    const QColor inside = image.pixelColor(xAt(T0 + 1200'000), y);
    const QColor outside = image.pixelColor(xAt(T0 + 2700'000), y);
    QVERIFY2(inside.red() - inside.blue() > outside.red() - outside.blue() + 8,
        qPrintable(inside.name() + u" vs "_s + outside.name()));

    const QPoint marker = view.annotationMarkerRect(0).center();
    QTest::mouseMove(&view, marker - QPoint(0, 30));
    QTest::mouseMove(&view, marker);
    QTRY_VERIFY(!view.annotationTooltipLines().isEmpty());
    const QString first = view.annotationTooltipLines().front();
    QVERIFY2(first.contains(u" – "_s) && first.endsWith(u" · busy"_s), qPrintable(first));
}

QTEST_MAIN(TestRemoteAnnotations)
#include "tst_remote_annotations.moc"
