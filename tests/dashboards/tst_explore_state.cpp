// Explore's state as a link: ours round-trips, Grafana's /explore forms (panes, left/right JSON, the compact array)
// read into the same model, and what is not an Explore link says so.
#include "core/dashboards/explore_state.h"

#include <QJsonObject>
#include <QTest>
#include <QUrl>

using namespace sg;
using namespace sg::dashboards;
using namespace Qt::StringLiterals;

class TestExploreState : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTrip()
    {
        ExploreState state;
        ExplorePaneState left;
        left.from = u"now-6h"_s;
        left.to = u"now"_s;
        left.queries.push_back({ u"A"_s, u"sightglass-prometheus"_s, u"prometheus"_s,
            u"sum by (status) (rate(http_requests_total{job=\"api\"}[2m]))"_s, false, false, false });
        left.queries.push_back({ u"B"_s, u"sightglass-loki"_s, u"loki"_s, u"{app=\"fastapi\"} |= \"ERROR\" # a&b=c"_s,
            false, false, false, true });
        left.queries.push_back({ u"C"_s, u"remote-prom"_s, u"prometheus"_s, u"up"_s, true, true, true });
        ExplorePaneState right;
        right.from = u"1700000000000"_s;
        right.to = u"1700003600000"_s;
        right.queries.push_back({ u"A"_s, u"sightglass-loki"_s, u"loki"_s, u"count_over_time({app=\"x\"}[1m])"_s,
            true, true, false });
        state.panes = { left, right };
        state.syncTime = false;

        const QString link = exploreLink(state);
        QVERIFY2(link.startsWith(u"sightglass://explore?schemaVersion=1&panes="_s), qPrintable(link));
        QVERIFY(link.endsWith(u"&syncTime=false"_s));
        QVERIFY(!link.contains(u' ')); // one token a shell or a chat keeps whole
        QVERIFY(isExploreLink(link));
        auto parsed = parseExploreLink(link);
        QVERIFY2(parsed.ok(), parsed.ok() ? "" : parsed.error().message.c_str());
        QCOMPARE(parsed->panes.size(), std::size_t(2));
        QCOMPARE(parsed->panes[0].queries.size(), std::size_t(3));
        QCOMPARE(parsed->panes[0].queries[1].expr, left.queries[1].expr);
        QVERIFY(parsed->panes[0].queries[1].annotations); // shown as annotations
        QVERIFY(!parsed->panes[0].queries[0].annotations);
        QVERIFY(parsed->panes[0].queries[2].hidden);
        QVERIFY(parsed->panes[0].queries[2].table);
        QVERIFY(parsed->panes[0].queries[2].instant);
        QCOMPARE(parsed->panes[0].queries[2].datasourceUid, u"remote-prom"_s);
        QCOMPARE(parsed->panes[1].from, u"1700000000000"_s);
        QVERIFY(*parsed == state);

        state.syncTime = true;
        QVERIFY(!exploreLink(state).contains(u"syncTime"_s));
        QVERIFY(parseExploreLink(exploreLink(state))->syncTime);
    }

    void grafanaPanes()
    {
        // Grafana 10's URL: panes keyed by ids, a Loki query with queryType, a Prometheus one with instant/range.
        const QString panes = u"{\"x1\":{\"datasource\":\"P8E80F9AEF21F6940\",\"queries\":[{\"refId\":\"A\","
                              "\"expr\":\"{job=\\\"varlogs\\\"} |= `error`\",\"queryType\":\"range\","
                              "\"datasource\":{\"type\":\"loki\",\"uid\":\"P8E80F9AEF21F6940\"}}],"
                              "\"range\":{\"from\":\"now-1h\",\"to\":\"now\"}},"
                              "\"y2\":{\"datasource\":\"prom\",\"queries\":[{\"refId\":\"A\",\"expr\":\"up\","
                              "\"instant\":true,\"range\":false,\"format\":\"table\"}],"
                              "\"range\":{\"from\":\"now-5m\",\"to\":\"now\"}}}"_s;
        const QString link = u"http://localhost:3000/explore?schemaVersion=1&orgId=1&panes="_s
            + QString::fromLatin1(QUrl::toPercentEncoding(panes));
        auto parsed = parseExploreLink(link);
        QVERIFY2(parsed.ok(), parsed.ok() ? "" : parsed.error().message.c_str());
        QCOMPARE(parsed->panes.size(), std::size_t(2));
        const ExploreQuery& logs = parsed->panes[0].queries.at(0);
        QCOMPARE(logs.expr, u"{job=\"varlogs\"} |= `error`"_s);
        QCOMPARE(logs.datasourceType, u"loki"_s);
        QVERIFY(!logs.instant);
        const ExploreQuery& up = parsed->panes[1].queries.at(0);
        QCOMPARE(up.datasourceUid, u"prom"_s); // the pane's datasource when the query names none
        QVERIFY(up.instant);
        QVERIFY(up.table);
        QCOMPARE(parsed->panes[1].from, u"now-5m"_s);
    }

    void grafanaLeftRight()
    {
        const QString left = u"{\"datasource\":\"Prometheus\",\"queries\":[{\"refId\":\"A\",\"expr\":\"rate(x[5m])\"}],"
                             "\"range\":{\"from\":1700000000000,\"to\":1700000600000}}"_s;
        const QString right = u"[\"now-1h\",\"now\",\"Loki\",{\"expr\":\"{app=\\\"a\\\"}\"},{\"expr\":\"{app=\\\"b\\\"}\"},{\"ui\":[true]}]"_s;
        const QString link = u"/grafana/explore?orgId=1&left="_s + QString::fromLatin1(QUrl::toPercentEncoding(left))
            + u"&right="_s + QString::fromLatin1(QUrl::toPercentEncoding(right));
        auto parsed = parseExploreLink(link);
        QVERIFY2(parsed.ok(), parsed.ok() ? "" : parsed.error().message.c_str());
        QCOMPARE(parsed->panes.size(), std::size_t(2));
        QCOMPARE(parsed->panes[0].from, u"1700000000000"_s);
        QCOMPARE(parsed->panes[0].queries.at(0).datasourceUid, u"Prometheus"_s);
        QCOMPARE(parsed->panes[1].queries.size(), std::size_t(2));
        QCOMPARE(parsed->panes[1].queries[1].refId, u"B"_s);
        QCOMPARE(parsed->panes[1].queries[1].expr, u"{app=\"b\"}"_s);
        QCOMPARE(parsed->panes[1].queries[1].datasourceUid, u"Loki"_s);
    }

    void addToDashboard()
    {
        Dashboard d;
        Panel existing(QJsonObject { { u"id"_s, 1 }, { u"type"_s, u"stat"_s },
            { u"gridPos"_s, QJsonObject { { u"x"_s, 0 }, { u"y"_s, 0 }, { u"w"_s, 6 }, { u"h"_s, 4 } } } });
        d.panels().push_back(existing);
        const ExploreQuery metric { u"A"_s, u"sightglass-prometheus"_s, u"prometheus"_s, u"rate(x[5m])"_s, false, false, true };
        const int id = addExploreQuery(d, metric, false);
        QCOMPARE(id, 2);
        const Panel* panel = d.panelById(id);
        QVERIFY(panel);
        QCOMPARE(panel->type(), u"timeseries"_s);
        QCOMPARE(panel->gridPos().y, 0);
        QCOMPARE(d.panelById(1)->gridPos().y, 8); // the old panel moved below
        QCOMPARE(panel->targets().size(), std::size_t(1));
        QCOMPARE(panel->targets()[0].expr(), u"rate(x[5m])"_s);
        QVERIFY(!panel->targets()[0].hidden());
        QCOMPARE(panel->datasource().uid, u"sightglass-prometheus"_s);
        QCOMPARE(panel->targets()[0].datasource().type, u"prometheus"_s);

        const ExploreQuery logs { u"B"_s, u"sightglass-loki"_s, u"loki"_s, u"{app=\"a\"}"_s, false, false, false };
        QCOMPARE(explorePanel(logs, true).type(), u"logs"_s);
        ExploreQuery instant = metric;
        instant.instant = true;
        QCOMPARE(explorePanel(instant, false).type(), u"table"_s);
        QVERIFY(explorePanel(instant, false).targets()[0].instant());
    }

    void rejects_data()
    {
        QTest::addColumn<QString>("link");
        QTest::addColumn<QString>("message");
        QTest::addRow("dashboard") << u"/d/abc/x?from=now-1h"_s << u"not an Explore link"_s;
        QTest::addRow("dashboard-slug") << u"/d/abc/explore"_s << u"not an Explore link"_s;
        QTest::addRow("other-scheme") << u"sightglass://dashboards"_s << u"not an Explore link"_s;
        QTest::addRow("no-pane") << u"sightglass://explore?schemaVersion=1"_s << u"no Explore pane"_s;
        QTest::addRow("bad-json") << u"/explore?left=%7B%22queries%22"_s << u"left:"_s;
        QTest::addRow("bad-panes") << u"/explore?panes=%5B1%5D"_s << u"panes:"_s;
    }

    void rejects()
    {
        QFETCH(QString, link);
        QFETCH(QString, message);
        auto parsed = parseExploreLink(link);
        QVERIFY(!parsed.ok());
        QVERIFY2(QString::fromStdString(parsed.error().message).contains(message), parsed.error().message.c_str());
    }
};

QTEST_GUILESS_MAIN(TestExploreState)
#include "tst_explore_state.moc"
