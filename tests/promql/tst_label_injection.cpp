// Ad hoc filters injected into PromQL and LogQL queries: every selector found by the parser gets the filters it
// lacks, and the rest of the query keeps its text as typed.
#include "core/logql/label_injection.h"
#include "core/promql/label_injection.h"

#include <QTest>

using namespace sg;
using namespace Qt::StringLiterals;

namespace {
/// "k=v;a=~b" → filters
std::vector<LabelFilter> filtersOf(const QString& spec)
{
    std::vector<LabelFilter> out;
    for (const QString& f : spec.split(u';', Qt::SkipEmptyParts)) {
        for (const char* op : { "!~", "=~", "!=", "=" }) {
            const qsizetype at = f.indexOf(QLatin1StringView(op));
            if (at < 0)
                continue;
            LabelFilter filter;
            filter.name = f.left(at).toStdString();
            parseMatchType(op, filter.type);
            filter.value = f.mid(at + qsizetype(std::strlen(op))).toStdString();
            out.push_back(filter);
            break;
        }
    }
    return out;
}
} // namespace

class TestLabelInjection : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void inject_data()
    {
        QTest::addColumn<bool>("logql");
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("filters");
        QTest::addColumn<QString>("expected");
        auto row = [](const char* name, const QString& q, const QString& f, const QString& e) {
            QTest::addRow("%s", name) << false << q << f << e;
        };
        auto logRow = [](const char* name, const QString& q, const QString& f, const QString& e) {
            QTest::addRow("logql-%s", name) << true << q << f << e;
        };
        row("bare-name", u"up"_s, u"job=api"_s, u"up{job=\"api\"}"_s);
        row("braces", u"up{instance=\"a\"}"_s, u"job=api"_s, u"up{instance=\"a\",job=\"api\"}"_s);
        row("empty-braces", u"up{}"_s, u"job=api"_s, u"up{job=\"api\"}"_s);
        row("spaces-kept", u"up { instance = \"a\" }"_s, u"job=api"_s, u"up { instance = \"a\",job=\"api\" }"_s);
        row("trailing-comma", u"up{a=\"1\",}"_s, u"job=api"_s, u"up{a=\"1\",job=\"api\"}"_s);
        row("name-in-braces", u"{__name__=\"up\"}"_s, u"job=api"_s, u"{__name__=\"up\",job=\"api\"}"_s);
        row("quoted-name", u"{\"up\", a=\"b\"}"_s, u"job=api"_s, u"{\"up\", a=\"b\",job=\"api\"}"_s);
        row("operators", u"up"_s, u"a=1;b!=2;c=~x.*;d!~y"_s, u"up{a=\"1\",b!=\"2\",c=~\"x.*\",d!~\"y\"}"_s);
        row("function", u"rate(http_requests_total[5m])"_s, u"job=api"_s,
            u"rate(http_requests_total{job=\"api\"}[5m])"_s);
        row("aggregation", u"sum by (code) (rate(x{a=\"b\"}[1m]))"_s,
            u"job=api"_s, u"sum by (code) (rate(x{a=\"b\",job=\"api\"}[1m]))"_s);
        row("binary", u"a / on(instance) b"_s, u"job=api"_s, u"a{job=\"api\"} / on(instance) b{job=\"api\"}"_s);
        row("binary-number", u"a * 100"_s, u"job=api"_s, u"a{job=\"api\"} * 100"_s);
        row("subquery", u"max_over_time(rate(x[1m])[10m:1m])"_s, u"job=api"_s,
            u"max_over_time(rate(x{job=\"api\"}[1m])[10m:1m])"_s);
        row("offset", u"x offset 5m"_s, u"job=api"_s, u"x{job=\"api\"} offset 5m"_s);
        row("at-and-offset", u"x{a=\"1\"} @ 100 offset 5m"_s, u"job=api"_s, u"x{a=\"1\",job=\"api\"} @ 100 offset 5m"_s);
        row("topk-param", u"topk(3, x)"_s, u"job=api"_s, u"topk(3, x{job=\"api\"})"_s);
        row("label-replace", u"label_replace(up, \"a\", \"$1\", \"b\", \"(.*)\")"_s, u"job=api"_s,
            u"label_replace(up{job=\"api\"}, \"a\", \"$1\", \"b\", \"(.*)\")"_s);
        row("brace-in-string", u"x{a=\"}{\"}"_s, u"job=api"_s, u"x{a=\"}{\",job=\"api\"}"_s);
        row("already-there", u"x{job=\"api\"}"_s, u"job=api"_s, u"x{job=\"api\"}"_s);
        row("other-op-added", u"x{job=\"api\"}"_s, u"job!=api"_s, u"x{job=\"api\",job!=\"api\"}"_s);
        row("value-escaped", u"x"_s, u"path=C:\\a\"b"_s, u"x{path=\"C:\\\\a\\\"b\"}"_s);
        row("unicode-kept", u"x{a=\"ä\"} + y"_s, u"k=ö"_s, u"x{a=\"ä\",k=\"ö\"} + y{k=\"ö\"}"_s);
        row("no-selector", u"1 + 2"_s, u"job=api"_s, u"1 + 2"_s);
        row("no-filters", u"up"_s, QString(), u"up"_s);
        row("colon-name", u"job:rate5m:sum"_s, u"job=api"_s, u"job:rate5m:sum{job=\"api\"}"_s);
        logRow("selector", u"{app=\"x\"}"_s, u"env=prod"_s, u"{app=\"x\",env=\"prod\"}"_s);
        logRow("pipeline", u"{app=\"x\"} |= \"error\" | logfmt"_s, u"env=prod"_s,
            u"{app=\"x\",env=\"prod\"} |= \"error\" | logfmt"_s);
        logRow("range", u"sum by (level) (count_over_time({app=\"x\"} |= \"e\" [5m]))"_s, u"env=~prod|dev"_s,
            u"sum by (level) (count_over_time({app=\"x\",env=~\"prod|dev\"} |= \"e\" [5m]))"_s);
        logRow("binary", u"rate({a=\"1\"}[1m]) / rate({b=\"2\"}[1m])"_s, u"env!=dev"_s,
            u"rate({a=\"1\",env!=\"dev\"}[1m]) / rate({b=\"2\",env!=\"dev\"}[1m])"_s);
        logRow("already-there", u"{env=\"prod\"}"_s, u"env=prod"_s, u"{env=\"prod\"}"_s);
        logRow("brace-in-filter", u"{app=\"x\"} |= \"}\""_s, u"env=prod"_s, u"{app=\"x\",env=\"prod\"} |= \"}\""_s);
    }

    void parseError()
    {
        QVERIFY(!promql::addLabelFilters("sum(rate(x[5m])", filtersOf(u"job=api"_s)).ok());
        QVERIFY(!logql::addLabelFilters("{app=\"x\"", filtersOf(u"job=api"_s)).ok());
    }

    void inject()
    {
        QFETCH(bool, logql);
        QFETCH(QString, query);
        QFETCH(QString, filters);
        QFETCH(QString, expected);
        auto out = logql ? logql::addLabelFilters(query.toStdString(), filtersOf(filters))
                         : promql::addLabelFilters(query.toStdString(), filtersOf(filters));
        QVERIFY2(out.ok(), out.ok() ? "" : out.error().message.c_str());
        QCOMPARE(QString::fromStdString(*out), expected);
    }
};

QTEST_GUILESS_MAIN(TestLabelInjection)
#include "tst_label_injection.moc"
