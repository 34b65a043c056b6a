// Diagnostics of both languages as `sightglass query check` prints them (`LINE:COLUMN: parse error|warning: ...`),
// at their place in the query as typed (template variables and comments before them), and the language guess.

#include "core/logql/diagnostics.h"
#include "core/logql/query_language.h"
#include "core/promql/diagnostics.h"

#include <QTest>

using namespace sg;
using namespace Qt::StringLiterals;

class TestQueryCheck : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void check_data();
    void check();
    void guess_data();
    void guess();
};

void TestQueryCheck::check_data()
{
    QTest::addColumn<QString>("language");
    QTest::addColumn<QString>("query");
    QTest::addColumn<QStringList>("expected");

    QTest::addRow("promql clean") << u"promql"_s << u"sum by (job) (rate(http_requests_total[$__rate_interval]))"_s << QStringList {};
    QTest::addRow("promql paren") << u"promql"_s << u"sum(x))"_s
                                  << QStringList { u"1:7: parse error: unexpected right parenthesis ')'"_s };
    QTest::addRow("promql after variables")
        << u"promql"_s << u"# errors\nrate(x{job=\"$job\"}[$__rate_interval]) by (job)"_s
        << QStringList { u"2:39: parse error: unexpected <by>"_s };
    QTest::addRow("promql error in variable position")
        << u"promql"_s << u"rate(x[${__range_s}s]) +"_s << QStringList { u"1:25: parse error: unexpected end of input"_s };
    QTest::addRow("promql multibyte column") << u"promql"_s << u"x{a=\"é\"} +"_s
                                             << QStringList { u"1:11: parse error: unexpected end of input"_s };
    QTest::addRow("variable in the message") << u"promql"_s << u"$agg(x)"_s
                                             << QStringList { u"1:1: parse error: unknown function with name \"$agg\""_s };
    QTest::addRow("subquery step") << u"promql"_s << u"max_over_time(rate(x_total[1m])[5m:5m])"_s
                                   << QStringList { u"1:15: warning: subquery [5m:5m] has its range equal to its step: each evaluation sees a single point"_s };
    QTest::addRow("subquery variables") << u"promql"_s << u"max_over_time(x[$__interval:$__interval])"_s
                                        << QStringList { u"1:15: warning: subquery [$__interval:$__interval] has its range equal to its step: each evaluation sees a single point"_s };
    QTest::addRow("irate long range") << u"promql"_s << u"irate(x_total[1h])"_s
                                      << QStringList { u"1:7: warning: irate over 1h: it uses only the last two samples of the range, so a range beyond 5m only matters for series scraped less often (rate averages over the whole range)"_s };
    QTest::addRow("irate 5m") << u"promql"_s << u"irate(x_total[5m])"_s << QStringList {};
    QTest::addRow("rate interval") << u"promql"_s << u"rate(x_total[$__interval])"_s
                                   << QStringList { u"1:6: warning: rate over $__interval can see fewer than two samples when the step is short; Grafana's $__rate_interval is at least four scrape intervals"_s };
    QTest::addRow("not a counter") << u"promql"_s << u"increase(node_memory_bytes[5m])"_s
                                   << QStringList { u"1:10: warning: metric might not be a counter, name does not end in _total/_sum/_count/_bucket: \"node_memory_bytes\""_s };
    QTest::addRow("empty regex") << u"promql"_s << u"up{job=\"api\", env=~\".*\"}"_s
                                 << QStringList { u"1:1: warning: env=~\".*\" matches the empty string: it also selects series that have no env label"_s };
    QTest::addRow("two warnings in order") << u"promql"_s << u"irate(a_total[10m])\n+ rate(b[1m])"_s
                                           << QStringList { u"1:7: warning: irate over 10m: it uses only the last two samples of the range, so a range beyond 5m only matters for series scraped less often (rate averages over the whole range)"_s,
                                                  u"2:8: warning: metric might not be a counter, name does not end in _total/_sum/_count/_bucket: \"b\""_s };

    QTest::addRow("logql clean") << u"logql"_s << u"sum by (pod) (count_over_time({app=\"$app\"} |= \"error\" [$__auto]))"_s << QStringList {};
    QTest::addRow("logql error") << u"logql"_s << u"{app=\"a\"} | json |"_s
                                 << QStringList { u"1:19: parse error: syntax error: unexpected end of input, expecting a pipeline stage or label filter"_s };
    QTest::addRow("logql error after variable") << u"logql"_s << u"count_over_time({app=\"$app\"}[$__auto]) by (x"_s
                                                << QStringList { u"1:45: parse error: syntax error: unexpected end of input, expecting , or )"_s };
    QTest::addRow("keeps every line") << u"logql"_s << u"{app=\"a\"} |= \"\" |~ \"x\""_s
                                      << QStringList { u"1:11: warning: |= \"\" keeps every line: the filter does nothing"_s };
    QTest::addRow("drops every line") << u"logql"_s << u"{app=\"a\"} !~ \".*\""_s
                                      << QStringList { u"1:11: warning: !~ \".*\" drops every line: the query selects nothing"_s };
    QTest::addRow("stream regex") << u"logql"_s << u"{app=\"a\", env=~\".*\"}"_s
                                  << QStringList { u"1:1: warning: env=~\".*\" matches the empty string: it also selects streams that have no env label"_s };
}

void TestQueryCheck::check()
{
    QFETCH(QString, language);
    QFETCH(QString, query);
    QFETCH(QStringList, expected);
    const QByteArray utf8 = query.toUtf8();
    const std::string_view text(utf8.constData(), std::size_t(utf8.size()));
    const auto found = language == u"logql"_s ? logql::checkQuery(text) : promql::checkQuery(text);
    QStringList got;
    for (const auto& d : found)
        got << QString::fromStdString(describeDiagnostic(text, d));
    QCOMPARE(got, expected);
}

void TestQueryCheck::guess_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("expected");
    QTest::addRow("metric") << u"rate(x[5m])"_s << u"promql"_s;
    QTest::addRow("bare selector") << u"{job=\"api\"}"_s << u"promql"_s;
    QTest::addRow("pipeline") << u"{job=\"api\"} | json"_s << u"logql"_s;
    QTest::addRow("line filter") << u"{job=\"api\"} |= \"error\""_s << u"logql"_s;
    QTest::addRow("negative line filter") << u"{job=\"api\"} != \"debug\""_s << u"logql"_s;
    QTest::addRow("comparison") << u"x{job=\"api\"} != 1"_s << u"promql"_s;
    QTest::addRow("log range") << u"sum(rate({app=\"a\"} |~ \"x\" [$__auto]))"_s << u"logql"_s;
    QTest::addRow("bytes_rate") << u"bytes_rate({app=\"a\"}[5m])"_s << u"logql"_s;
    QTest::addRow("comment with a pipe") << u"# {a=\"b\"} | x\nup"_s << u"promql"_s;
    QTest::addRow("valid in both") << u"count_over_time({app=\"a\"}[5m] offset 1h) > bool 1"_s << u"promql"_s;
    QTest::addRow("valid in both, vector") << u"sum(count_over_time({app=\"a\"}[5m])) or vector(0)"_s << u"promql"_s;
}

void TestQueryCheck::guess()
{
    QFETCH(QString, query);
    QFETCH(QString, expected);
    const QByteArray utf8 = query.toUtf8();
    QCOMPARE(QString::fromLatin1(logql::queryLanguageName(logql::guessQueryLanguage(std::string_view(utf8.constData(), std::size_t(utf8.size()))))), expected);
}

QTEST_GUILESS_MAIN(TestQueryCheck)
#include "tst_query_check.moc"
