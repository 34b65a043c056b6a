// Data links as Grafana resolves them: the field, series, value and row variables, dashboard variables and the
// time range, with the URL encoding of links (uriencode unless the reference names a format).
#include "core/fieldconfig/data_links.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace sg;
using namespace sg::fieldconfig;
using namespace Qt::StringLiterals;

namespace {

templating::Variable variable(const QString& name, const QStringList& current, bool multi = false)
{
    templating::Variable v;
    v.name = name;
    v.type = templating::VariableType::Custom;
    v.multi = multi;
    v.current = current;
    for (const QString& c : current)
        v.options.append({ c, c });
    return v;
}

templating::InterpolationContext dashboardContext()
{
    templating::InterpolationContext ctx;
    ctx.variables = { variable(u"env"_s, { u"prod eu"_s }), variable(u"host"_s, { u"a"_s, u"b"_s }, true) };
    ctx.fromMs = 1700000000000;
    ctx.toMs = 1700003600000;
    ctx.timeZone = u"utc"_s;
    return ctx;
}

DataLinkOrigin pointOrigin()
{
    DataLinkOrigin o;
    o.fieldName = u"api 5xx"_s;
    o.seriesName = u"errors"_s;
    o.refId = u"A"_s;
    o.labels = { { u"instance"_s, u"10.0.0.1:9100"_s }, { u"job"_s, u"api server"_s } };
    o.value = 0.25;
    o.valueText = u"25%"_s;
    o.timeMs = 1700001800000;
    return o;
}

} // namespace

class TestDataLinks : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void resolve_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("rowOrigin");
        QTest::addColumn<QString>("expected");
        auto row = [](const char* name, const QString& url, const QString& expected, bool rowOrigin = false) {
            QTest::addRow("%s", name) << url << rowOrigin << expected;
        };
        row("label", u"http://x/?job=${__field.labels.job}"_s, u"http://x/?job=api%20server"_s);
        row("label-ip", u"http://x/${__field.labels.instance}"_s, u"http://x/10.0.0.1:9100"_s);
        row("labels-all", u"${__field.labels}"_s, u"%7Binstance=%2210.0.0.1:9100%22,%20job=%22api%20server%22%7D"_s);
        row("labels-values", u"${__field.labels.__values}"_s, u"10.0.0.1:9100,%20api%20server"_s);
        row("field-name", u"/a?f=${__field.name}"_s, u"/a?f=api%205xx"_s);
        row("series-name", u"/a?s=${__series.name}"_s, u"/a?s=errors"_s);
        row("value-raw", u"v=${__value.raw}"_s, u"v=0.25"_s);
        row("value-numeric", u"v=${__value.numeric}"_s, u"v=0.25"_s);
        row("value-text", u"v=${__value.text}"_s, u"v=25%25"_s);
        row("value-time", u"t=${__value.time}"_s, u"t=1700001800000"_s);
        row("value-time-iso", u"t=${__value.time:date:iso}"_s, u"t=2023-11-14T22:43:20.000Z"_s);
        row("url-time-range", u"/d/x?${__url_time_range}"_s, u"/d/x?from=1700000000000&to=1700003600000"_s);
        row("from-to", u"?from=${__from}&to=${__to}"_s, u"?from=1700000000000&to=1700003600000"_s);
        row("from-iso", u"?t=${__from:date:iso}"_s, u"?t=2023-11-14T22:13:20.000Z"_s);
        row("from-seconds", u"?t=${__from:date:seconds}"_s, u"?t=1700000000"_s);
        row("var-plain", u"/x?env=$env"_s, u"/x?env=prod%20eu"_s);
        row("var-queryparam", u"/d/u?${env:queryparam}"_s, u"/d/u?var-env=prod%20eu"_s);
        row("var-multi-queryparam", u"/d/u?${host:queryparam}"_s, u"/d/u?var-host=a&var-host=b"_s);
        row("var-multi-default", u"/x?h=$host"_s, u"/x?h=%7Ba,b%7D"_s);
        row("var-percentencode", u"/x?e=${env:percentencode}"_s, u"/x?e=prod%20eu"_s);
        row("unknown-stays", u"/x?${__field.labels.nope}"_s, u"/x?${__field.labels.nope}"_s);
        row("newline-dropped", u"http://x/\n?a=1"_s, u"http://x/?a=1"_s);
        row("row-field", u"/x?pod=${__data.fields.pod}"_s, u"/x?pod=web-1"_s, true);
        row("row-field-bracket", u"/x?v=${__data.fields[\"Value #A\"]}"_s, u"/x?v=12"_s, true);
        row("row-value", u"/x?v=${__value.raw}"_s, u"/x?v=web-1"_s, true);
    }

    void resolve()
    {
        QFETCH(QString, url);
        QFETCH(bool, rowOrigin);
        QFETCH(QString, expected);
        DataLinkOrigin origin = pointOrigin();
        if (rowOrigin) {
            origin = {};
            origin.fieldName = u"pod"_s;
            origin.rawText = u"web-1"_s;
            origin.rowFields = { { u"pod"_s, u"web-1"_s }, { u"Value #A"_s, u"12"_s } };
        }
        const auto links = resolveLinks({ DataLink { u"t"_s, url, false } }, dashboardContext(), origin);
        QCOMPARE(links.size(), std::size_t(1));
        QCOMPARE(links.front().href, expected);
    }

    void title_data()
    {
        QTest::addColumn<QString>("title");
        QTest::addColumn<QString>("expected");
        QTest::addRow("plain") << u"Details"_s << u"Details"_s;
        QTest::addRow("label") << u"Logs of ${__field.labels.job}"_s << u"Logs of api server"_s;
        QTest::addRow("variable") << u"In $env"_s << u"In prod eu"_s;
    }

    void title()
    {
        QFETCH(QString, title);
        QFETCH(QString, expected);
        const auto links = resolveLinks({ DataLink { title, u"/x"_s, true } }, dashboardContext(), pointOrigin());
        QCOMPARE(links.front().title, expected);
        QVERIFY(links.front().targetBlank);
    }

    void listAndOverrides()
    {
        const QJsonObject fieldConfig = QJsonDocument::fromJson(R"({
            "defaults": {"links": [{"title": "All", "url": "/all"}, {"title": "No url", "url": ""}]},
            "overrides": [{"matcher": {"id": "byName", "options": "db"},
                           "properties": [{"id": "links", "value": [{"title": "DB", "url": "/db", "targetBlank": true}]}]}]
        })").object();
        query::SeriesFrame api;
        api.name = u"api"_s;
        query::SeriesFrame db;
        db.name = u"db"_s;
        const auto apiLinks = fieldLinks(fieldConfig, api);
        QCOMPARE(apiLinks.size(), std::size_t(1)); // the entry without a URL is left out
        QCOMPARE(apiLinks.front().url, u"/all"_s);
        const auto dbLinks = fieldLinks(fieldConfig, db);
        QCOMPARE(dbLinks.size(), std::size_t(1));
        QCOMPARE(dbLinks.front().title, u"DB"_s);
        QVERIFY(dbLinks.front().targetBlank);
    }
};

QTEST_GUILESS_MAIN(TestDataLinks)
#include "tst_fieldconfig_data_links.moc"
