// Dashboard links as Grafana writes them (`/d/<uid>/<slug>?var-x=..&from=..&to=..`) and the variable values a link
// selects.
#include "core/dashboards/dashboard_json.h"
#include "core/dashboards/url_state.h"

#include <QJsonArray>
#include <QTest>

using namespace sg;
using namespace sg::dashboards;
using namespace Qt::StringLiterals;

class TestDashboardUrl : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parse_data()
    {
        QTest::addColumn<QString>("href");
        QTest::addColumn<bool>("isDashboard");
        QTest::addColumn<QString>("uid");
        QTest::addColumn<QString>("variables"); // name=value;...
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("to");
        QTest::addRow("uid-slug") << u"/d/abc/my-dash"_s << true << u"abc"_s << QString() << QString() << QString();
        QTest::addRow("uid-only") << u"/d/abc"_s << true << u"abc"_s << QString() << QString() << QString();
        QTest::addRow("no-leading-slash") << u"d/abc/x"_s << true << u"abc"_s << QString() << QString() << QString();
        QTest::addRow("sub-path") << u"/grafana/d/abc/x"_s << true << u"abc"_s << QString() << QString() << QString();
        QTest::addRow("query") << u"/d/abc/x?var-job=api&from=now-1h&to=now&orgId=1"_s << true << u"abc"_s
                               << u"job=api"_s << u"now-1h"_s << u"now"_s;
        QTest::addRow("multi") << u"/d/abc?var-h=a&var-h=b"_s << true << u"abc"_s << u"h=a;h=b"_s << QString()
                               << QString();
        QTest::addRow("encoded") << u"/d/abc?var-env=prod%20eu&var-re=a%7Cb"_s << true << u"abc"_s
                                 << u"env=prod eu;re=a|b"_s << QString() << QString();
        QTest::addRow("epoch") << u"/d/abc?from=1700000000000&to=1700003600000"_s << true << u"abc"_s << QString()
                               << u"1700000000000"_s << u"1700003600000"_s;
        QTest::addRow("external") << u"https://grafana.example/d/abc/x"_s << false << QString() << QString()
                                  << QString() << QString();
        QTest::addRow("explore") << u"/explore?left=x"_s << false << QString() << QString() << QString() << QString();
        QTest::addRow("d-without-uid") << u"/d/"_s << false << QString() << QString() << QString() << QString();
    }

    void parse()
    {
        QFETCH(QString, href);
        QFETCH(bool, isDashboard);
        QFETCH(QString, uid);
        QFETCH(QString, variables);
        QFETCH(QString, from);
        QFETCH(QString, to);
        const auto url = parseDashboardUrl(href);
        QCOMPARE(url.has_value(), isDashboard);
        if (!url)
            return;
        QCOMPARE(url->uid, uid);
        QStringList pairs;
        for (const auto& [name, value] : url->variables)
            pairs << name + u'=' + value;
        QCOMPARE(pairs.join(u';'), variables);
        QCOMPARE(url->from, from);
        QCOMPARE(url->to, to);
    }

    void applyValues()
    {
        auto d = importDashboard(QByteArray(R"({"title": "t", "schemaVersion": 42, "templating": {"list": [
            {"name": "one", "type": "custom", "query": "a,b", "current": {"value": "a", "text": "a"}},
            {"name": "many", "type": "custom", "multi": true, "query": "a,b,c", "current": {"value": ["a"], "text": ["a"]}},
            {"name": "box", "type": "textbox", "query": "x", "current": {"value": "x", "text": "x"}}]}, "panels": []})"));
        QVERIFY(d.ok());
        applyVariableValues(*d, { { u"one"_s, u"b"_s }, { u"many"_s, u"b"_s }, { u"many"_s, u"c"_s },
                                    { u"box"_s, u"typed"_s }, { u"absent"_s, u"z"_s } });
        const auto vars = d->variables();
        QCOMPARE(vars[0].currentValues(), QStringList { u"b"_s });
        QVERIFY(vars[0].json.value(u"current").toObject().value(u"value").isString());
        QCOMPARE(vars[1].currentValues(), (QStringList { u"b"_s, u"c"_s }));
        QCOMPARE(vars[2].currentValues(), QStringList { u"typed"_s });
        QCOMPARE(vars[2].json.value(u"query").toString(), u"typed"_s);
        QCOMPARE(vars.size(), std::size_t(3));
    }
};

QTEST_GUILESS_MAIN(TestDashboardUrl)
#include "tst_dashboard_url.moc"
