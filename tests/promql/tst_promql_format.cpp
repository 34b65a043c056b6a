// The PromQL formatter: layout as Prometheus 2.42's format_query (checked against the real one by
// tests/conformance/tst_format_agreement), comments and Grafana variables kept, idempotence and the same tree,
// parse errors at their place in the text as typed; and every query of the shared corpora formats to itself twice.

#include "tests/common/format_checks.h"
#include "tests/common/query_corpus.h"
#include "tests/common/require_peer.h"
#include "core/promql/format.h"

#include <QTest>

using namespace sg;
using namespace Qt::StringLiterals;

namespace {

const sg::testing::Formatter Format = sg::testing::formatterOf<promql::FormatOptions>(promql::formatQuery, promql::treeSignature);

} // namespace

class TestPromqlFormat : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void format_data();
    void format();
    void columnLimit();
    void errors_data();
    void errors();
    void corpus_data();
    void corpus();
    void commentsEverywhere_data();
    void commentsEverywhere();
};

void TestPromqlFormat::format_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");

    // Prometheus' canonical text: sorted matchers joined by ",", Go's numbers, model.Duration, `by` in front.
    QTest::addRow("selector") << u"up{job = 'api',  instance=\"a\"}"_s << u"up{instance=\"a\",job=\"api\"}"_s;
    QTest::addRow("name matcher") << u"{__name__=\"up\", job=\"x\"}"_s << u"{__name__=\"up\",job=\"x\"}"_s;
    QTest::addRow("numbers") << u"1000000 + 1234567 + 0.00001 + 0x10 + Inf - -1"_s
                             << u"1e+06 + 1.234567e+06 + 1e-05 + 16 + +Inf - -1"_s;
    QTest::addRow("durations") << u"rate(x[90m] offset 400d) + x offset -1w @ 100"_s
                               << u"rate(x[1h30m] offset 400d) + x @ 100.000 offset -1w"_s;
    QTest::addRow("grouping after") << u"sum(rate(x[5m])) by (job, instance)"_s
                                    << u"sum by (job, instance) (rate(x[5m]))"_s;
    QTest::addRow("empty by") << u"sum by () (x)"_s << u"sum(x)"_s;
    QTest::addRow("matching") << u"a * on(x) group_left(y) b > bool 1"_s << u"a * on (x) group_left (y) b > bool 1"_s;
    QTest::addRow("strings") << u"label_replace(x, 'dst', `$1\\d`, \"src\", \"(.*)\")"_s
                             << u"label_replace(x, \"dst\", \"$1\\\\d\", \"src\", \"(.*)\")"_s;
    QTest::addRow("subquery") << u"max_over_time( rate(x[5m])[1h:1m] )"_s << u"max_over_time(rate(x[5m])[1h:1m])"_s;

    // Longer than 100 characters: operands one level deeper.
    QTest::addRow("split binary")
        << u"sum(rate(http_requests_total{job=\"api\",code=~\"5..\"}[5m])) / sum(rate(http_requests_total{job=\"api\"}[5m]))"_s
        << u"  sum(rate(http_requests_total{code=~\"5..\",job=\"api\"}[5m]))\n/\n  sum(rate(http_requests_total{job=\"api\"}[5m]))"_s;
    QTest::addRow("split aggregate")
        << u"topk(5, sum by (instance) (rate(node_network_receive_bytes_total{device!~\"lo|veth.*|docker.*\"}[5m])))"_s
        << u"topk(\n  5,\n  sum by (instance) (rate(node_network_receive_bytes_total{device!~\"lo|veth.*|docker.*\"}[5m]))\n)"_s;
    QTest::addRow("subquery not indented")
        << u"max_over_time(rate(http_requests_total{job=\"api-server\",instance=\"localhost:9090\",method=\"GET\"}[5m])[1h:])"_s
        << u"max_over_time(\nrate(http_requests_total{instance=\"localhost:9090\",job=\"api-server\",method=\"GET\"}[5m])[1h:]\n)"_s;
    QTest::addRow("unary split")
        << u"-sum by (job) (rate(http_requests_total{job=\"api-server\",instance=\"localhost:9090\",method=\"GET\"}[5m]))"_s
        << u"-sum by (job) (\n  rate(http_requests_total{instance=\"localhost:9090\",job=\"api-server\",method=\"GET\"}[5m])\n)"_s;

    // Comments: a node holding one is split; the comment ends the line of what it followed.
    QTest::addRow("comment before") << u"# requests\nrate(x[5m])"_s << u"# requests\nrate(x[5m])"_s;
    QTest::addRow("comment after") << u"rate(x[5m]) # per second  "_s << u"rate(x[5m]) # per second"_s;
    QTest::addRow("comment in call") << u"rate(x[5m] # window\n)"_s << u"rate(\n  x[5m] # window\n)"_s;
    QTest::addRow("comment between operands")
        << u"sum(rate(errors_total[5m])) # errors\n/\nsum(rate(requests_total[5m])) # all"_s
        << u"  sum(rate(errors_total[5m])) # errors\n/\n  sum(rate(requests_total[5m])) # all"_s;
    QTest::addRow("comment after operator") << u"a / # ratio\n b"_s << u"  a\n/ # ratio\n  b"_s;
    QTest::addRow("own-line comment before operand")
        << u"sum(\n  # the numerator\n  rate(x[5m])\n)"_s << u"sum(\n  # the numerator\n  rate(x[5m])\n)"_s;
    QTest::addRow("comment after header") << u"sum by (job) # per job\n (x)"_s << u"sum by (job) ( # per job\n  x\n)"_s;
    QTest::addRow("comment inside selector") << u"sum(x{a=\"b\", # the b\n c=\"d\"})"_s
                                             << u"sum(\n  x{a=\"b\",c=\"d\"} # the b\n)"_s;
    QTest::addRow("comment before closing") << u"sum(x\n# end\n)"_s << u"sum(\n  x\n  # end\n)"_s;
    QTest::addRow("comment after closing") << u"sum(x) # total\n by (job)"_s << u"sum by (job) (x) # total"_s;
    QTest::addRow("comment in string kept") << u"x{a=\"#not\"} # yes"_s << u"x{a=\"#not\"} # yes"_s;

    // Grafana variables stay as written.
    QTest::addRow("rate interval") << u"rate(x{job=\"$job\"}[$__rate_interval])"_s
                                   << u"rate(x{job=\"$job\"}[$__rate_interval])"_s;
    QTest::addRow("braced and brackets") << u"rate(x[${interval}]) + rate(y[[[interval]]] offset $off)"_s
                                         << u"rate(x[${interval}]) + rate(y[[[interval]]] offset $off)"_s;
    QTest::addRow("unit glued") << u"increase(x[${__range_s}s])"_s << u"increase(x[${__range_s}s])"_s;
    QTest::addRow("subquery step") << u"max_over_time(x[$__range:$__interval])"_s
                                   << u"max_over_time(x[$__range:$__interval])"_s;
    QTest::addRow("number param") << u"topk($n, x) > $threshold"_s << u"topk($n, x) > $threshold"_s;
    QTest::addRow("scalar arg") << u"histogram_quantile($q, sum by (le) (rate(x_bucket[5m])))"_s
                                << u"histogram_quantile($q, sum by (le) (rate(x_bucket[5m])))"_s;
    QTest::addRow("name parts") << u"node_${kind}_bytes{job=\"$job\"} / $metric"_s
                                << u"node_${kind}_bytes{job=\"$job\"} / $metric"_s;
    QTest::addRow("grouping label") << u"sum(x) by ($label, [[other]])"_s << u"sum by ($label, [[other]]) (x)"_s;
    QTest::addRow("at variable") << u"x @ ${__to:date:seconds}"_s << u"x @ ${__to:date:seconds}"_s;
    QTest::addRow("offset variable") << u"x offset $off"_s << u"x offset $off"_s;
    QTest::addRow("negative offset variable") << u"x offset -$off"_s << u"x offset -$off"_s;
    QTest::addRow("negated variable") << u"x * -$factor"_s << u"x * -$factor"_s;
    // found by fuzzing (scripts/fuzz query_format): a bare selector was cast to a range selector before the printer
    // looked at its kind (clang's UBSan reports the cast, GCC's does not), and a NaN literal was converted to an
    // integer while looking for the variable it might stand for
    QTest::addRow("bare selector") << u"metric"_s << u"metric"_s;
    QTest::addRow("not a number") << u"nan"_s << u"NaN"_s;
    QTest::addRow("not a number beside a variable") << u"x > nan or x > $threshold"_s << u"x > NaN or x > $threshold"_s;
    // found by fuzzing (scripts/fuzz query_format): `+Inf ^ x` reads as `+(Inf ^ x)`, so infinity raised to a power
    // prints without its sign (Prometheus 2.42 prints `+Inf ^ o`, which changes the query)
    QTest::addRow("infinity raised") << u"inf^o"_s << u"Inf ^ o"_s;
    QTest::addRow("infinity raised, split") << u"inf ^ # power\n o"_s << u"  Inf\n^ # power\n  o"_s;
    QTest::addRow("infinity elsewhere") << u"o ^ inf + inf"_s << u"o ^ +Inf + +Inf"_s;
    // found by fuzzing (scripts/fuzz query_format): a comment ending a line, hoisted out of an operand, went before an
    // own-line comment that came first; the formatter refused the query ("a comment is lost"). Once one comment has
    // a line of its own, those after it do too.
    QTest::addRow("comments keep their order") << u"a -\n# x\n- # y\no"_s << u"  a\n-\n  # x\n  # y\n  -o"_s;
    QTest::addRow("comments keep their order in a call")
        << u"sum(\n# x\n-# y\no)"_s << u"sum(\n  # x\n  # y\n  -o\n)"_s;
    // found by fuzzing (scripts/fuzz query_format): a metric named `offset` printed bare and the parser refused it as
    // a keyword. Prometheus reads `offset`, `by`, `without`, `and`, `or` and `unless` as metric names where an
    // expression begins; the names it cannot read bare (`bool`, `on`, `atan2`, `Inf`, ...) stay quoted.
    QTest::addRow("keyword as metric name") << u"-{\"offset\"}"_s << u"-offset"_s;
    QTest::addRow("keywords as metric names") << u"sum(by) and offset offset 5m"_s << u"sum(by) and offset offset 5m"_s;
    QTest::addRow("operator keyword as metric name") << u"-{\"bool\"}"_s << u"-{\"bool\"}"_s;
    QTest::addRow("number as metric name") << u"{\"nan\"} + {\"Inf\",a=\"b\"}"_s << u"{\"nan\"} + {\"Inf\",a=\"b\"}"_s;
}

void TestPromqlFormat::format()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    Format.verifyFormats(input, expected);
}

void TestPromqlFormat::columnLimit()
{
    QCOMPARE(Format.formatted(u"sum(rate(x[5m])) / sum(rate(y[5m]))"_s, 15),
        u"  sum(\n    rate(x[5m])\n  )\n/\n  sum(\n    rate(y[5m])\n  )"_s);
}

void TestPromqlFormat::errors_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<int>("begin");
    QTest::addColumn<QString>("message");
    QTest::addRow("paren") << u"sum(x))"_s << 6 << u"unexpected right parenthesis ')'"_s;
    QTest::addRow("after variable") << u"rate(x[$__rate_interval]) +"_s << 27 << u"unexpected end of input"_s;
    QTest::addRow("second line") << u"# c\nsum(x))"_s << 10 << u"unexpected right parenthesis ')'"_s;
}

void TestPromqlFormat::errors()
{
    QFETCH(QString, input);
    QFETCH(int, begin);
    QFETCH(QString, message);
    const QByteArray utf8 = input.toUtf8();
    auto r = promql::formatQuery(std::string_view(utf8.constData(), std::size_t(utf8.size())));
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, ErrorCode::Parse);
    QCOMPARE(r.error().where.begin, begin);
    QVERIFY2(QString::fromStdString(r.error().message).contains(message), r.error().message.c_str());
}

void TestPromqlFormat::corpus_data()
{
    QTest::addColumn<QString>("query");
    std::vector<sg::testing::CorpusQuery> queries = sg::testing::promqltestQueries();
    for (auto& q : sg::testing::dashboardExpressions())
        queries.push_back(std::move(q));
    Format.addParsingRows(queries, "not PromQL (eval_fail queries, LogQL targets)");
}

void TestPromqlFormat::corpus()
{
    // Every query that parses formats to a text that parses to the same tree and formats to itself.
    SG_REQUIRE_PEER(QDir(sg::testing::sharedTestdata()).exists(), "../shared/testdata is absent: the query corpus cannot run");
    QFETCH(QString, query);
    Format.verifyStable(query, 100);
}

void TestPromqlFormat::commentsEverywhere_data()
{
    QTest::addColumn<QString>("query");
    QTest::addRow("binary") << u"sum by (job) (rate(x{a=\"b\", c=~\"d\"}[5m] offset 1m)) / on (job) group_left (z) count(y)"_s;
    QTest::addRow("calls") << u"histogram_quantile(0.9, sum by (le) (rate(x_bucket[$__rate_interval]))) > bool $t"_s;
    QTest::addRow("subquery") << u"-max_over_time((a + b)[1h:5m] @ 100) unless topk(3, -c)"_s;
    std::vector<sg::testing::CorpusQuery> queries = sg::testing::dashboardExpressions();
    const auto scripts = sg::testing::promqltestQueries();
    for (std::size_t i = 0; i < scripts.size(); i += 5)
        queries.push_back(scripts[i]);
    Format.addParsingRows(queries, "not PromQL (eval_fail queries, LogQL targets)");
}

void TestPromqlFormat::commentsEverywhere()
{
    // A comment at any token boundary, alone on its line or after a token: the query formats, keeps its tree and
    // the comment, and formats to itself.
    QFETCH(QString, query);
    SG_REQUIRE_PEER(!query.isEmpty(), "../shared/testdata is absent: no corpus queries to comment");
    Format.verifyCommentsEverywhere(query, { 100 });
}

QTEST_GUILESS_MAIN(TestPromqlFormat)
#include "tst_promql_format.moc"
