// The LogQL formatter: layout as Loki's format_query (Prettify), with Loki's own prettier cases at its test
// column limit of 20; comments and Grafana variables kept; idempotence and the same tree over the shared LogQL
// corpus, and with a comment at every token boundary.

#include "tests/common/format_checks.h"
#include "tests/common/query_corpus.h"
#include "tests/common/require_peer.h"
#include "core/logql/format.h"

#include <QTest>

using namespace sg;
using namespace Qt::StringLiterals;

namespace {

const sg::testing::Formatter Format = sg::testing::formatterOf<logql::FormatOptions>(logql::formatQuery, logql::treeSignature);

} // namespace

class TestLogqlFormat : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void format_data();
    void format();
    void lokiCases_data();
    void lokiCases();
    void commentsEverywhere_data();
    void commentsEverywhere();
    void corpus_data();
    void corpus();
    void errors();
};

void TestLogqlFormat::format_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");

    // Loki's canonical text.
    QTest::addRow("selector") << u"{ app = \"api\" ,level=~`err.*` }"_s << u"{app=\"api\", level=~\"err.*\"}"_s;
    QTest::addRow("pipeline") << u"{app=\"api\"}|= \"GET\" or \"POST\" != `health`|json|status>=500 and method=\"GET\""_s
                              << u"{app=\"api\"} |= \"GET\" or \"POST\" != \"health\" | json | status>=500 and method=\"GET\""_s;
    QTest::addRow("range") << u"count_over_time({app=\"api\"}[300s] offset 1h)"_s
                           << u"count_over_time({app=\"api\"}[5m] offset 1h)"_s;
    QTest::addRow("vector aggregation") << u"sum(rate({app=\"api\"}[5m])) by (level, pod)"_s
                                        << u"sum by (level,pod)(rate({app=\"api\"}[5m]))"_s;
    QTest::addRow("binary") << u"sum(rate({app=\"a\"}[1m])) / 2 > bool 0.5"_s
                            << u"((sum(rate({app=\"a\"}[1m])) / 2) > bool 0.5)"_s;
    QTest::addRow("unwrap") << u"quantile_over_time(0.99, {app=\"a\"} | logfmt | unwrap bytes(size) | __error__=\"\" [1m]) by (pod)"_s
                            << u"quantile_over_time(0.99,{app=\"a\"} | logfmt | unwrap bytes(size) | __error__=\"\"[1m]) by (pod)"_s;
    QTest::addRow("label_replace") << u"label_replace(rate({a=\"b\"}[1m]), \"dst\", \"$1\", \"src\", \"(.*)\")"_s
                                   << u"label_replace(rate({a=\"b\"}[1m]),\"dst\",\"$1\",\"src\",\"(.*)\")"_s;
    QTest::addRow("stages") << u"{a=\"b\"} | logfmt --strict x, y=\"z\" | label_format n=m,t=\"{{.x}}\" | keep n, t=\"v\" | decolorize"_s
                            << u"{a=\"b\"} | logfmt --strict x,y=\"z\" | label_format n=m,t=\"{{.x}}\" | keep n,t=\"v\" | decolorize"_s;

    // Longer than 100 characters.
    QTest::addRow("split pipeline")
        << u"{cluster=\"prod\", namespace=\"loki\", container=\"querier\"} |= \"level=error\" | logfmt | duration > 10s | line_format \"{{.msg}}\""_s
        << u"{cluster=\"prod\", namespace=\"loki\", container=\"querier\"}\n  |= \"level=error\"\n  | logfmt\n  | duration>10s\n  | line_format \"{{.msg}}\""_s;
    QTest::addRow("split aggregations")
        << u"sum by (pod) (rate({cluster=\"prod\", namespace=\"loki\", container=\"querier\"} |= \"level=error\" | logfmt [5m]))"_s
        << u"sum by (pod)(\n  rate({cluster=\"prod\", namespace=\"loki\", container=\"querier\"} |= \"level=error\" | logfmt[5m])\n)"_s;
    QTest::addRow("split range")
        << u"sum by (pod) (rate({cluster=\"prod\", namespace=\"loki\", container=\"querier\", pod=~\"querier-.*\"} |= \"level=error\" | logfmt [5m]))"_s
        << u"sum by (pod)(\n  rate(\n    {cluster=\"prod\", namespace=\"loki\", container=\"querier\", pod=~\"querier-.*\"} |= \"level=error\" | logfmt [5m]\n  )\n)"_s;
    QTest::addRow("split keeps needed parentheses")
        << u"(sum(rate({cluster=\"prod\", namespace=\"loki\"}[5m])) + sum(rate({cluster=\"dev\", namespace=\"loki\"}[5m]))) * 2"_s
        << u"  (\n      sum(rate({cluster=\"prod\", namespace=\"loki\"}[5m]))\n    +\n      sum(rate({cluster=\"dev\", namespace=\"loki\"}[5m]))\n  )\n*\n  2"_s;

    // Comments and variables.
    QTest::addRow("comment between stages") << u"{app=\"foo\"}\n# |= \"bar\"\n| json"_s << u"{app=\"foo\"}\n  # |= \"bar\"\n  | json"_s;
    QTest::addRow("trailing comment") << u"{app=\"foo\"} |= \"x\" # only errors\n| logfmt"_s
                                      << u"{app=\"foo\"}\n  |= \"x\" # only errors\n  | logfmt"_s;
    QTest::addRow("comment in aggregation") << u"sum( # all pods\n rate({app=\"foo\"}[5m]))"_s
                                            << u"sum( # all pods\n  rate({app=\"foo\"}[5m])\n)"_s;
    QTest::addRow("variables") << u"sum by ($label) (count_over_time({app=\"$app\"} |= \"$search\" [$__auto]))"_s
                               << u"sum by ($label)(count_over_time({app=\"$app\"} |= \"$search\"[$__auto]))"_s;
    QTest::addRow("offset variable") << u"count_over_time({a=\"b\"}[5m] offset $off)"_s
                                     << u"count_over_time({a=\"b\"}[5m] offset $off)"_s;
    QTest::addRow("number variables") << u"topk($k, rate({a=\"b\"} | duration > $min [$__interval])) > $threshold"_s
                                      << u"(topk($k,rate({a=\"b\"} | duration>$min[$__interval])) > $threshold)"_s;
}

void TestLogqlFormat::format()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    Format.verifyFormats(input, expected);
}

void TestLogqlFormat::lokiCases_data()
{
    // Cases of Loki's prettier_test.go (query strings only), which run with maxCharsPerLine = 20.
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    QTest::addRow("basic stream selector") << u"{job=\"loki\", instance=\"localhost\"}"_s << u"{job=\"loki\", instance=\"localhost\"}"_s;
    QTest::addRow("pipeline") << u"{job=\"loki\", instance=\"localhost\"}|logfmt|level=\"error\" "_s
                              << u"{job=\"loki\", instance=\"localhost\"}\n  | logfmt\n  | level=\"error\""_s;
    QTest::addRow("pipeline_line_filter")
        << u"{job=\"loki\", instance=\"localhost\"}|= \"error\" != \"memcached\" |= ip(\"192.168.0.1\") |logfmt"_s
        << u"{job=\"loki\", instance=\"localhost\"}\n  |= \"error\"\n  != \"memcached\"\n  |= ip(\"192.168.0.1\")\n  | logfmt"_s;
    QTest::addRow("aggregation") << u"count_over_time({job=\"loki\", instance=\"localhost\"}|logfmt[1m])"_s
                                 << u"count_over_time(\n  {job=\"loki\", instance=\"localhost\"}\n    | logfmt [1m]\n)"_s;
    QTest::addRow("offset") << u"count_over_time({job=\"loki\", instance=\"localhost\"}|= \"error\"[5m] offset 20m)"_s
                            << u"count_over_time(\n  {job=\"loki\", instance=\"localhost\"}\n    |= \"error\" [5m] offset 20m\n)"_s;
    QTest::addRow("unwrap")
        << u"quantile_over_time(0.99,{container=\"ingress-nginx\",service=\"hosted-grafana\"}| json| unwrap response_latency_seconds| __error__=\"\"[1m]) by (cluster)"_s
        << u"quantile_over_time(\n  0.99,\n  {container=\"ingress-nginx\", service=\"hosted-grafana\"}\n    | json\n    | unwrap response_latency_seconds\n    | __error__=\"\" [1m]\n) by (cluster)"_s;
    QTest::addRow("vector aggregation")
        << u"sum(count_over_time({foo=\"bar\",namespace=\"loki\",instance=\"localhost\"}[5m])) by (container)"_s
        << u"sum by (container)(\n  count_over_time(\n    {foo=\"bar\", namespace=\"loki\", instance=\"localhost\"} [5m]\n  )\n)"_s;
    QTest::addRow("topk") << u"topk(5, count_over_time({foo=\"bar\",namespace=\"loki\",instance=\"localhost\"}[5m])) by (container)"_s
                          << u"topk by (container)(\n  5,\n  count_over_time(\n    {foo=\"bar\", namespace=\"loki\", instance=\"localhost\"} [5m]\n  )\n)"_s;
    QTest::addRow("label_replace")
        << u"label_replace(rate({job=\"api-server\",service=\"a:c\"}|= \"err\" [5m]), \"foo\", \"$1\", \"service\", \"(.*):.*\")"_s
        << u"label_replace(\n  rate(\n    {job=\"api-server\", service=\"a:c\"}\n      |= \"err\" [5m]\n  ),\n  \"foo\",\n  \"$1\",\n  \"service\",\n  \"(.*):.*\"\n)"_s;
    QTest::addRow("binary") << u"sum(rate({job=\"loki\"}[5m])) + sum(rate({job=\"loki-dev\"}[5m])) / sum(rate({job=\"loki-prod\"}[5m]))"_s
                            << u"  sum(\n    rate(\n      {job=\"loki\"} [5m]\n    )\n  )\n+\n    sum(\n      rate(\n        {job=\"loki-dev\"} [5m]\n      )\n    )\n  /\n    sum(\n      rate(\n        {job=\"loki-prod\"} [5m]\n      )\n    )"_s;
    QTest::addRow("binary matching")
        << u"sum(rate({job=\"loki\"}[5m])) * on(instance, job) group_left (node) sum(rate({job=\"loki-prod\"}[5m]))"_s
        << u"  sum(\n    rate(\n      {job=\"loki\"} [5m]\n    )\n  )\n* on (instance, job) group_left (node)\n  sum(\n    rate(\n      {job=\"loki-prod\"} [5m]\n    )\n  )"_s;
}

void TestLogqlFormat::lokiCases()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    Format.verifyFormats(input, expected, 20);
}

void TestLogqlFormat::errors()
{
    const QByteArray query = "sum(rate({app=\"$app\"} |= \"x\" [$__auto])) by ($label) +";
    auto r = logql::formatQuery(std::string_view(query.constData(), std::size_t(query.size())));
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, ErrorCode::Parse);
    QCOMPARE(r.error().where.begin, int(query.size()));
    QVERIFY2(!QString::fromStdString(r.error().message).startsWith(u"parse error at line"_s), r.error().message.c_str());
}

void TestLogqlFormat::corpus_data()
{
    QTest::addColumn<QString>("query");
    std::vector<sg::testing::CorpusQuery> queries = sg::testing::logqlQueries(u"logql-valid.txt"_s);
    for (const QString& more : { u"logql-expect-fail.txt"_s })
        for (auto& q : sg::testing::logqlQueries(more))
            queries.push_back(std::move(q));
    for (auto& q : sg::testing::dashboardExpressions()) // the LogQL targets of the Loki dashboards
        queries.push_back(std::move(q));
    Format.addParsingRows(queries, "not LogQL as our parser reads it (PromQL targets; an all-empty-matching "
                                   "selector and a regexp parser without a named group, which Loki rejects too)");
}

void TestLogqlFormat::corpus()
{
    SG_REQUIRE_PEER(QDir(sg::testing::sharedTestdata()).exists(), "../shared/testdata is absent: the LogQL corpus cannot run");
    QFETCH(QString, query);
    Format.verifyStable(query, 100);
    Format.verifyStable(query, 20);
}

void TestLogqlFormat::commentsEverywhere_data()
{
    QTest::addColumn<QString>("query");
    QTest::addRow("pipeline") << u"{app=\"a\", env=~\"prod|dev\"} |= \"x\" or \"y\" != \"z\" | json | status >= 500 or (level=\"error\" and x=\"1\") | line_format \"{{.msg}}\""_s;
    QTest::addRow("metric") << u"sum by (pod) (quantile_over_time(0.9, {app=\"a\"} | logfmt | unwrap duration(took) | __error__=\"\" [5m] offset 1m)) / on (pod) group_left count(rate({app=\"b\"}[1m]))"_s;
    QTest::addRow("topk") << u"topk(3, label_replace(sum(rate({a=\"b\"}[1m])), \"x\", \"$1\", \"y\", \"(.*)\")) or vector(0)"_s;
    Format.addParsingRows(sg::testing::logqlQueries(u"logql-valid.txt"_s), "not LogQL as our parser reads it");
}

void TestLogqlFormat::commentsEverywhere()
{
    // A comment at any token boundary, alone on its line or after a token: the query formats, keeps its tree and
    // the comment, and formats to itself.
    QFETCH(QString, query);
    SG_REQUIRE_PEER(!query.isEmpty(), "../shared/testdata is absent: no corpus queries to comment");
    Format.verifyCommentsEverywhere(query, { 100, 20 });
}

QTEST_GUILESS_MAIN(TestLogqlFormat)
#include "tst_logql_format.moc"
