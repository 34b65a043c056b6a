#include "core/templating/variable_query.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace sg;
using namespace sg::templating;
using namespace Qt::StringLiterals;

namespace {

QJsonValue json(const QString& text)
{
    // wrap so that scalars parse too
    const QJsonDocument doc = QJsonDocument::fromJson((u'[' + text + u']').toUtf8());
    return doc.array().at(0);
}

} // namespace

class TestVariableQuery : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void prometheus_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<int>("type");
        QTest::addColumn<QString>("label");
        QTest::addColumn<QString>("selector");
        QTest::addColumn<QString>("regexOrExpr");
        auto row = [](const char* name, const QString& q, PromVariableQueryType t, const QString& label,
                       const QString& selector, const QString& other = {}) {
            QTest::addRow("%s", name) << q << int(t) << label << selector << other;
        };
        using T = PromVariableQueryType;
        row("label names", u"label_names()"_s, T::LabelNames, {}, {});
        row("label names trailing space", u"label_names()  "_s, T::LabelNames, {}, {});
        row("label names with match", u"label_names(node_)"_s, T::LabelNames, {}, u"{__name__=~\".*node_.*\"}"_s);
        row("label values", u"label_values(job)"_s, T::LabelValues, u"job"_s, {});
        row("label values of metric", u"label_values(up, instance)"_s, T::LabelValues, u"instance"_s, u"up"_s);
        row("label values no space", u"label_values(up,instance)"_s, T::LabelValues, u"instance"_s, u"up"_s);
        row("label values of selector", u"label_values(up{job=\"a,b\"}, instance)"_s, T::LabelValues, u"instance"_s,
            u"up{job=\"a,b\"}"_s);
        row("label values of series selector", u"label_values({__name__=~\"node_.*\", env=\"prod\"}, job)"_s,
            T::LabelValues, u"job"_s, u"{__name__=~\"node_.*\", env=\"prod\"}"_s);
        row("empty selector is none", u"label_values({}, job)"_s, T::LabelValues, u"job"_s, {});
        row("blank selector is none", u"label_values( {  } ,job)"_s, T::LabelValues, u"job"_s, {});
        row("label must be a name", u"label_values(up, 1abc)"_s, T::SeriesQuery, {}, u"label_values(up, 1abc)"_s);
        row("metrics", u"metrics(node_.*)"_s, T::MetricNames, {}, {}, u"node_.*"_s);
        row("query result", u"query_result(topk(5, up))"_s, T::QueryResult, {}, {}, u"topk(5, up)"_s);
        row("query result with range", u"query_result(sum(rate(x[5m])) by (job))"_s, T::QueryResult, {}, {},
            u"sum(rate(x[5m])) by (job)"_s);
        row("series selector", u"up{job=\"api\"}"_s, T::SeriesQuery, {}, u"up{job=\"api\"}"_s);
        row("bare metric", u"node_load1"_s, T::SeriesQuery, {}, u"node_load1"_s);
        row("empty", QString(), T::None, {}, {});
        row("empty metrics", u"metrics()"_s, T::None, {}, {});
        row("empty label values", u"label_values()"_s, T::None, {}, {});
        row("empty query result", u"query_result()"_s, T::None, {}, {});
        row("leading space is a series query", u" label_names()"_s, T::SeriesQuery, {}, u" label_names()"_s);
    }
    void prometheus()
    {
        QFETCH(QString, query);
        QFETCH(int, type);
        QFETCH(QString, label);
        QFETCH(QString, selector);
        QFETCH(QString, regexOrExpr);
        const PrometheusVariableQuery q = parsePrometheusVariableQuery(query);
        QCOMPARE(int(q.type), type);
        QCOMPARE(q.label, label);
        QCOMPARE(q.selector, selector);
        QCOMPARE(q.type == PromVariableQueryType::QueryResult ? q.expr : q.regex, regexOrExpr);
    }

    void prometheusStored_data()
    {
        QTest::addColumn<QString>("stored");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<int>("type");
        QTest::addColumn<QString>("label");
        QTest::addColumn<QString>("selector");
        QTest::addColumn<QString>("other");
        using T = PromVariableQueryType;
        auto row = [](const char* name, const QString& s, bool ok, T t, const QString& label = {},
                       const QString& selector = {}, const QString& other = {}) {
            QTest::addRow("%s", name) << s << ok << int(t) << label << selector << other;
        };
        row("string", u"\"label_values(job)\""_s, true, T::LabelValues, u"job"_s);
        row("object with query",
            u"{\"qryType\":1,\"query\":\"label_values(up, job)\","
            "\"refId\":\"PrometheusVariableQueryEditor-VariableQuery\"}"_s,
            true, T::LabelValues, u"job"_s, u"up"_s);
        row("object without qryType", u"{\"query\":\"metrics(go_.*)\",\"refId\":\"A\"}"_s, true, T::MetricNames, {}, {},
            u"go_.*"_s);
        row("label values from fields",
            u"{\"qryType\":1,\"label\":\"job\",\"metric\":\"up\",\"labelFilters\":"
            "[{\"label\":\"env\",\"op\":\"=\",\"value\":\"prod\"},"
            "{\"label\":\"dc\",\"op\":\"=~\",\"value\":\"eu.*\"}]}"_s,
            true, T::LabelValues, u"job"_s, u"up{env=\"prod\", dc=~\"eu.*\"}"_s);
        row("label values without metric", u"{\"qryType\":1,\"label\":\"job\"}"_s, true, T::LabelValues, u"job"_s);
        row("label names with match", u"{\"qryType\":0,\"match\":\"node\"}"_s, true, T::LabelNames, {},
            u"{__name__=~\".*node.*\"}"_s);
        row("label names", u"{\"qryType\":0}"_s, true, T::LabelNames);
        row("metric names", u"{\"qryType\":2,\"metric\":\"go_.*\"}"_s, true, T::MetricNames, {}, {}, u"go_.*"_s);
        row("query result drops line breaks", u"{\"qryType\":3,\"varQuery\":\"sum(up)\\nby (job)\"}"_s, true,
            T::QueryResult, {}, {}, u"sum(up)by (job)"_s);
        row("series query", u"{\"qryType\":4,\"seriesQuery\":\"up\"}"_s, true, T::SeriesQuery, {}, u"up"_s);
        row("classic query", u"{\"qryType\":5,\"classicQuery\":\"label_names()\"}"_s, true, T::LabelNames);
        row("no query at all", u"{\"refId\":\"x\"}"_s, true, T::None);
        row("null", u"null"_s, true, T::None);
        row("unknown qryType", u"{\"qryType\":9}"_s, false, T::None);
        row("number", u"42"_s, false, T::None);
    }
    void prometheusStored()
    {
        QFETCH(QString, stored);
        QFETCH(bool, ok);
        QFETCH(int, type);
        QFETCH(QString, label);
        QFETCH(QString, selector);
        QFETCH(QString, other);
        const auto q = parseStoredPrometheusVariableQuery(json(stored));
        QCOMPARE(q.ok(), ok);
        if (!ok)
            return;
        QCOMPARE(int(q->type), type);
        QCOMPARE(q->label, label);
        QCOMPARE(q->selector, selector);
        QCOMPARE(q->type == PromVariableQueryType::QueryResult ? q->expr : q->regex, other);
    }

    void loki_data()
    {
        QTest::addColumn<QString>("stored");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<int>("type");
        QTest::addColumn<QString>("label");
        QTest::addColumn<QString>("stream");
        using T = LokiVariableQueryType;
        auto row
            = [](const char* name, const QString& s, bool ok, T t, const QString& label = {},
                  const QString& stream = {}) { QTest::addRow("%s", name) << s << ok << int(t) << label << stream; };
        row("label names", u"\"label_names()\""_s, true, T::LabelNames);
        row("label values", u"\"label_values(job)\""_s, true, T::LabelValues, u"job"_s);
        row("label values of stream", u"\"label_values({app=\\\"x\\\"}, pod)\""_s, true, T::LabelValues, u"pod"_s,
            u"{app=\"x\"}"_s);
        row("bare selector gets braces", u"\"label_values(app=\\\"x\\\", pod)\""_s, true, T::LabelValues, u"pod"_s,
            u"{app=\"x\"}"_s);
        row("variable as label", u"\"label_values($name)\""_s, true, T::LabelValues, u"$name"_s);
        row("other text", u"\"rate({a=\\\"b\\\"}[1m])\""_s, true, T::None);
        row("label names with argument", u"\"label_names(x)\""_s, true, T::None);
        row("object label values",
            u"{\"type\":1,\"label\":\"pod\",\"stream\":\"{app=\\\"x\\\"}\","
            "\"refId\":\"LokiVariableQueryEditor-VariableQuery\"}"_s,
            true, T::LabelValues, u"pod"_s, u"{app=\"x\"}"_s);
        row("object label names", u"{\"type\":0}"_s, true, T::LabelNames);
        row("object without label", u"{\"type\":1}"_s, true, T::None);
        row("object bad type", u"{\"type\":5}"_s, false, T::None);
        row("array", u"[1]"_s, false, T::None);
    }
    void loki()
    {
        QFETCH(QString, stored);
        QFETCH(bool, ok);
        QFETCH(int, type);
        QFETCH(QString, label);
        QFETCH(QString, stream);
        const auto q = parseStoredLokiVariableQuery(json(stored));
        QCOMPARE(q.ok(), ok);
        if (!ok)
            return;
        QCOMPARE(int(q->type), type);
        QCOMPARE(q->label, label);
        QCOMPARE(q->stream, stream);
    }

    void queryResultText()
    {
        QCOMPARE(formatQueryResultSample(
                     u"up"_s, { { u"job"_s, u"api"_s }, { u"instance"_s, u"h:9090"_s } }, u"1"_s, 1700000000.5),
            u"up{job=\"api\",instance=\"h:9090\"} 1 1700000000500"_s);
        QCOMPARE(formatQueryResultSample(QString(), {}, u"3"_s, 1700000000), u"{} 3 1700000000000"_s);
    }
};

QTEST_GUILESS_MAIN(TestVariableQuery)
#include "tst_variable_query.moc"
