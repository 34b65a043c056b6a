// Explain: the trees of PromQL and LogQL queries (kinds, canonical texts, descriptions, ranges in the query as
// typed, template variables), and each node evaluated on its own over small in-memory stores: series counts,
// binary matching, pipeline stages' lines in and out, fields added and `__error__`s produced.

#include "core/langsvc/explain.h"
#include "core/logstore/memory_log_store.h"
#include "core/services/query_client.h"
#include "core/tsdb/memory_store.h"
#include "tests/common/explain_data.h"

#include <QTest>

using namespace sg;
using namespace sg::langsvc;
using namespace Qt::StringLiterals;

namespace {

/// `kind expr — description @begin..end`, one line per node, children indented by two spaces.
void dump(const ExplainNode& node, const std::string& query, int depth, QStringList& out)
{
    out << QString(depth * 2, u' ') + QString::fromUtf8(explainKindName(node.kind)) + u' '
            + QString::fromStdString(node.expr) + u" — "_s + QString::fromStdString(node.description) + u" @"_s
            + QString::fromStdString(query.substr(std::size_t(node.where.begin), std::size_t(node.where.end - node.where.begin)));
    for (const auto& child : node.children)
        dump(child, query, depth + 1, out);
}

QStringList tree(logql::QueryLanguage language, const QString& query)
{
    const std::string text = query.toStdString();
    auto explained = explainQuery(language, text);
    if (!explained.ok())
        return { u"error: "_s + QString::fromStdString(explained.error().message) };
    QStringList out;
    dump(*explained, text, 0, out);
    return out;
}

const ExplainNode* find(const ExplainNode& node, const std::string& expr)
{
    if (node.expr == expr)
        return &node;
    for (const auto& child : node.children)
        if (const ExplainNode* found = find(child, expr))
            return found;
    return nullptr;
}

} // namespace

class TestExplain : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        auto metrics = std::make_shared<tsdb::MemoryStore>();
        QVERIFY(metrics->append(testing::explainMetrics()).error.empty());
        auto logStore = std::make_shared<logs::MemoryLogStore>();
        logStore->push(testing::explainLogs());
        m_client = std::make_unique<services::QueryClient>(metrics, logStore);
    }

    void trees_data()
    {
        QTest::addColumn<bool>("logql");
        QTest::addColumn<QString>("query");
        QTest::addColumn<QStringList>("expected");
        QTest::addRow("aggregation over rate") << false << u"sum by (job) (rate(http_requests_total[5m]))"_s
            << QStringList { u"aggregation sum by (job) (rate(http_requests_total[5m])) — sum, keeping job @sum by (job) (rate(http_requests_total[5m]))"_s,
                   u"  function rate(http_requests_total[5m]) — per-second rate over 5m @rate(http_requests_total[5m])"_s,
                   u"    range_selector http_requests_total[5m] — the last 5m of samples of series http_requests_total @http_requests_total[5m]"_s };
        QTest::addRow("binary, parentheses, literal arguments") << false << u"(a) / on(job) topk(3, b{job!=\"x\"}) > 1"_s
            << QStringList { u"binary (a) / on (job) topk(3, b{job!=\"x\"}) > 1 — left where greater than right @(a) / on(job) topk(3, b{job!=\"x\"}) > 1"_s,
                   u"  binary (a) / on (job) topk(3, b{job!=\"x\"}) — left divided by right, matching on job @(a) / on(job) topk(3, b{job!=\"x\"})"_s,
                   u"    selector a — series a @a"_s,
                   u"    aggregation topk(3, b{job!=\"x\"}) — largest 3 series over all series @topk(3, b{job!=\"x\"})"_s,
                   u"      selector b{job!=\"x\"} — series b where job!=\"x\" @b{job!=\"x\"}"_s,
                   u"  number 1 — the number 1 @1"_s };
        QTest::addRow("subquery and variables") << false << u"max_over_time(rate(x_total[$__rate_interval])[1h:$__interval]) unless y"_s
            << QStringList { u"binary max_over_time(rate(x_total[$__rate_interval])[1h:$__interval]) unless y — left series that have no match on the right, matching on all labels but the name @max_over_time(rate(x_total[$__rate_interval])[1h:$__interval]) unless y"_s,
                   u"  function max_over_time(rate(x_total[$__rate_interval])[1h:$__interval]) — maximum over 1h @max_over_time(rate(x_total[$__rate_interval])[1h:$__interval])"_s,
                   u"    subquery rate(x_total[$__rate_interval])[1h:$__interval] — the inner query evaluated every $__interval over the last 1h @rate(x_total[$__rate_interval])[1h:$__interval]"_s,
                   u"      function rate(x_total[$__rate_interval]) — per-second rate over $__rate_interval @rate(x_total[$__rate_interval])"_s,
                   u"        range_selector x_total[$__rate_interval] — the last $__rate_interval of samples of series x_total @x_total[$__rate_interval]"_s,
                   u"  selector y — series y @y"_s };
        QTest::addRow("logql pipeline") << true << u"{app=\"api\"} |= \"error\" | json | level != \"debug\" | line_format \"{{.msg}}\""_s
            << QStringList { u"format {app=\"api\"} |= \"error\" | json | level!=\"debug\" | line_format \"{{.msg}}\" — rewrite each line from a template @{app=\"api\"} |= \"error\" | json | level != \"debug\" | line_format \"{{.msg}}\""_s,
                   u"  label_filter {app=\"api\"} |= \"error\" | json | level!=\"debug\" — keep lines where level!=\"debug\" @{app=\"api\"} |= \"error\" | json | level != \"debug\""_s,
                   u"    parser {app=\"api\"} |= \"error\" | json — parse the line as JSON into fields @{app=\"api\"} |= \"error\" | json"_s,
                   u"      line_filter {app=\"api\"} |= \"error\" — keep lines containing \"error\" @{app=\"api\"} |= \"error\""_s,
                   u"        selector {app=\"api\"} — lines of the streams where app=\"api\" @{app=\"api\"}"_s };
        QTest::addRow("logql metric with unwrap") << true << u"sum by (pod) (avg_over_time({app=\"api\"} | logfmt | unwrap latency [$__auto])) > 2"_s
            << QStringList { u"binary sum by (pod) (avg_over_time({app=\"api\"} | logfmt | unwrap latency [$__auto])) > 2 — left where greater than right @sum by (pod) (avg_over_time({app=\"api\"} | logfmt | unwrap latency [$__auto])) > 2"_s,
                   u"  aggregation sum by (pod) (avg_over_time({app=\"api\"} | logfmt | unwrap latency [$__auto])) — sum, keeping pod @sum by (pod) (avg_over_time({app=\"api\"} | logfmt | unwrap latency [$__auto]))"_s,
                   u"    range_aggregation avg_over_time({app=\"api\"} | logfmt | unwrap latency [$__auto]) — average of unwrapped values over $__auto, per stream @avg_over_time({app=\"api\"} | logfmt | unwrap latency [$__auto])"_s,
                   u"      unwrap {app=\"api\"} | logfmt | unwrap latency — take label latency as the sample value @{app=\"api\"} | logfmt | unwrap latency"_s,
                   u"        parser {app=\"api\"} | logfmt — parse the line as logfmt key=value fields @{app=\"api\"} | logfmt"_s,
                   u"          selector {app=\"api\"} — lines of the streams where app=\"api\" @{app=\"api\"}"_s,
                   u"  number 2 — the number 2 @2"_s };
    }

    void trees()
    {
        QFETCH(bool, logql);
        QFETCH(QString, query);
        QFETCH(QStringList, expected);
        QCOMPARE(tree(logql ? logql::QueryLanguage::LogQL : logql::QueryLanguage::PromQL, query), expected);
    }

    void parseErrorHasTypedRange()
    {
        const std::string query = "# comment\nsum(rate(x[5m])";
        auto explained = explainQuery(logql::QueryLanguage::PromQL, query);
        QVERIFY(!explained.ok());
        QCOMPARE(explained.error().code, ErrorCode::Parse);
        QCOMPARE(explained.error().message, std::string("unclosed left parenthesis"));
        QCOMPARE(explained.error().where.begin, 10);
    }

    void timeVariablesAreInterpolated()
    {
        auto explained = explainQuery(logql::QueryLanguage::PromQL, "rate(x[$__rate_interval]) * $__range_s + y{job=\"$job\"}");
        QVERIFY(explained.ok());
        const ExplainNode* rate = find(*explained, "rate(x[$__rate_interval])");
        QVERIFY(rate);
        QCOMPARE(rate->plan.query, std::string("rate(x[75s])"));
        QCOMPARE(explained->children.at(0).plan.query, std::string("rate(x[75s]) * 3600"));
        const ExplainNode* y = find(*explained, "y{job=\"$job\"}");
        QVERIFY(y);
        QCOMPARE(y->plan.mode, EvalPlan::Mode::None);
        QCOMPARE(y->plan.notEvaluated, std::string("uses template variable $job: not evaluated"));
    }

    void evaluatesSeriesCounts()
    {
        auto explained = explainQuery(logql::QueryLanguage::PromQL, "sum by (job) (rate(http_requests_total[5m]))");
        QVERIFY(explained.ok());
        evaluate(*explained, *m_client, options());
        QVERIFY(explained->eval);
        QCOMPARE(explained->eval->error, std::string());
        QCOMPARE(explained->eval->series, 2);
        QCOMPARE(explained->eval->samples.size(), std::size_t(2));
        const ExplainNode& rate = explained->children.at(0);
        QCOMPARE(rate.eval->series, 4);
        const ExplainNode& range = rate.children.at(0);
        QCOMPARE(range.eval->series, 4);
        QCOMPARE(range.eval->samples.at(0).points, 20); // 5m of 15s samples
        QVERIFY(explained->eval->durationMs >= 0);
        // sum over jobs: api 2 × 1/s, db 2 × 2/s
        QCOMPARE(explained->eval->samples.at(0).labels.toString(), std::string("{job=\"api\"}"));
        QCOMPARE(explained->eval->samples.at(0).value, 2.0);
    }

    void evaluatesBinaryMatching()
    {
        auto explained = explainQuery(logql::QueryLanguage::PromQL, "a / on(job) b");
        QVERIFY(explained.ok());
        evaluate(*explained, *m_client, options());
        QCOMPARE(explained->eval->series, 1);
        QVERIFY(explained->eval->match);
        const auto& [left, right] = *explained->eval->match;
        QCOMPARE(left.series, 2);
        QCOMPARE(left.matched, 1);
        QCOMPARE(right.series, 2);
        QCOMPARE(right.matched, 1);
        QCOMPARE(left.unmatched.size(), std::size_t(1));
        QCOMPARE(left.unmatched.at(0).toString(), std::string("a{job=\"db\"}"));
        QCOMPARE(right.unmatched.at(0).toString(), std::string("b{job=\"web\"}"));
        // A scalar side has nothing to match.
        auto scalar = explainQuery(logql::QueryLanguage::PromQL, "a > 15");
        evaluate(*scalar, *m_client, options());
        QCOMPARE(scalar->eval->series, 1);
        QVERIFY(!scalar->eval->match);
        QCOMPARE(scalar->children.at(1).eval->scalar, 15.0);
    }

    void evaluatesPipelineStages()
    {
        auto explained = explainQuery(logql::QueryLanguage::LogQL, "{app=\"api\"} | json | level=\"error\" != \"full\"");
        QVERIFY(explained.ok());
        evaluate(*explained, *m_client, options());
        const ExplainNode& filter = *explained;
        const ExplainNode& level = filter.children.at(0);
        const ExplainNode& json = level.children.at(0);
        const ExplainNode& selector = json.children.at(0);
        QCOMPARE(selector.eval->lines, 7);
        QVERIFY(!selector.eval->stage);
        QCOMPARE(selector.eval->series, 1);
        // json over 2 non-JSON lines: all 7 lines go on, 2 of them with __error__ (counted over the lines read).
        QVERIFY(json.eval->stage);
        QCOMPARE(json.eval->stage->linesIn, 7);
        QCOMPARE(json.eval->stage->linesOut, 7);
        QCOMPARE(json.eval->stage->fieldsAdded, (std::vector<std::string> { "level", "msg" }));
        QCOMPARE(json.eval->stage->errors, (std::vector<std::pair<std::string, int>> { { "JSONParserErr", 2 } }));
        QVERIFY(!json.eval->linesLimited);
        QCOMPARE(level.eval->stage->linesIn, 7);
        QCOMPARE(level.eval->stage->linesOut, 3);
        QVERIFY(level.eval->stage->errors.empty());
        QVERIFY(level.eval->stage->fieldsAdded.empty());
        QCOMPARE(filter.eval->stage->linesOut, 2); // "timeout", "refused"
        QCOMPARE(filter.eval->samples.size(), std::size_t(2));
    }

    void evaluatesLogqlMetrics()
    {
        auto explained = explainQuery(logql::QueryLanguage::LogQL,
            "sum by (level) (count_over_time({app=\"api\"} | json | __error__=\"\" [1h]))");
        QVERIFY(explained.ok());
        evaluate(*explained, *m_client, options());
        QCOMPARE(explained->eval->error, std::string());
        QCOMPARE(explained->eval->series, 2);
        const ExplainNode& range = explained->children.at(0);
        QCOMPARE(range.kind, ExplainKind::RangeAggregation);
        QCOMPARE(range.eval->series, 5); // each line its own series: level and msg differ
        // The pipeline inside reads the aggregation's range, 1h.
        QCOMPARE(range.children.at(0).plan.window, 3'600'000);
        QCOMPARE(range.children.at(0).eval->lines, 5);
    }

    void cancelledLeavesNoEval()
    {
        auto explained = explainQuery(logql::QueryLanguage::PromQL, "sum(a)");
        std::atomic_bool cancel { true };
        EvalOptions o = options();
        o.cancel = &cancel;
        evaluate(*explained, *m_client, o);
        QVERIFY(!explained->eval);
    }

private:
    static EvalOptions options()
    {
        EvalOptions o;
        o.at = testing::ExplainAt;
        return o;
    }

    std::unique_ptr<services::QueryClient> m_client;
};

QTEST_GUILESS_MAIN(TestExplain)
#include "tst_explain.moc"
