// The situation at the cursor for every completion context of PromQL and LogQL: what is expected there, the word
// being typed, the metric and matchers that scope label lookups, the log query sampled for fields.

#include "core/langsvc/language_service.h"
#include "cursor_text.h"

#include <QTest>

using namespace sg;
using namespace sg::langsvc;

class TestSituations : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void promql_data();
    void promql() { check(Language::PromQL); }
    void logql_data();
    void logql() { check(Language::LogQL); }
    void replaceRange();
    void scopeMatchers();

private:
    void check(Language language);
};

namespace {

void columns()
{
    QTest::addColumn<QString>("query");    // the cursor at ‸
    QTest::addColumn<QString>("kind");     // situationName()
    QTest::addColumn<QString>("prefix");
    QTest::addColumn<QString>("scope");    // PromQL: the metric; LogQL: the sampled log query; else the label
}

void row(const char* name, const char* query, const char* kind, const char* prefix = "", const char* scope = "")
{
    QTest::newRow(name) << QString::fromUtf8(query) << QString::fromLatin1(kind) << QString::fromUtf8(prefix)
                        << QString::fromUtf8(scope);
}

} // namespace

void TestSituations::promql_data()
{
    columns();
    row("empty", "‸", "expression");
    row("metric prefix", "http_req‸", "expression", "http_req");
    row("metric middle", "http_‸req", "expression", "http_");
    row("function argument", "rate(‸", "expression");
    row("second argument", "histogram_quantile(0.9, ‸", "expression");
    row("after operator", "a + ‸", "expression");
    row("after and", "a and ‸", "expression");
    row("after bool", "a > bool ‸", "expression");
    row("after metric", "up ‸", "after-expression");
    row("keyword prefix", "up o‸", "after-expression", "o");
    row("after selector", "up{job=\"a\"} ‸", "after-expression");
    row("after range", "rate(x[5m]) ‸", "after-expression");
    row("after call", "rate(x[5m])‸", "after-expression");
    row("after at", "up @ ‸", "after-expression");
    row("after aggregation", "sum ‸", "after-aggregation");
    row("after aggregation grouping", "sum by (job) ‸", "after-aggregation");
    row("label name empty", "up{‸", "label-name", "", "up");
    row("label name prefix", "up{jo‸", "label-name", "jo", "up");
    row("label name after comma", "up{job=\"a\", ‸}", "label-name", "", "up");
    row("label name no metric", "{‸}", "label-name");
    row("label name __name__ metric", "{__name__=\"up\", ‸}", "label-name", "", "up");
    row("label value unquoted", "up{job=‸", "label-value", "", "job");
    row("label value regex", "up{job=~‸", "label-value", "", "job");
    row("label value open quote", "up{job=\"‸", "label-value", "", "job");
    row("label value prefix", "up{job=\"ap‸\"}", "label-value", "ap", "job");
    row("label value single quotes", "up{job='ap‸'}", "label-value", "ap", "job");
    row("label value second matcher", "up{job=\"a\",instance!=\"lo‸", "label-value", "lo", "instance");
    row("after matcher", "up{job=\"a\" ‸", "none");
    row("grouping by", "sum by (‸) (rate(http_requests_total[5m]))", "grouping-label", "", "http_requests_total");
    row("grouping by prefix", "sum by (co‸", "grouping-label", "co");
    row("grouping after", "sum(rate(http_requests_total[5m])) by (‸)", "grouping-label", "", "http_requests_total");
    row("grouping second", "sum without (job, ‸) (up)", "grouping-label", "", "up");
    row("on", "a / on(‸) b", "grouping-label");
    row("group_left", "a * on(job) group_left(‸) b", "grouping-label");
    row("range", "rate(x[‸", "duration");
    row("range prefix", "rate(x[5‸", "duration", "5");
    row("subquery step", "max_over_time(x[1h:‸", "duration");
    row("offset", "x offset ‸", "duration");
    row("variable prefix", "rate(x[$__ra‸", "duration", "$__ra");
    row("comment", "up # a comm‸ent", "none");
    row("after comment line", "up # note\n+ ‸", "expression");
    row("inside string argument", "label_replace(up, \"d‸", "none");
    row("multi-line", "sum by (job) (\n  rate(‸\n)", "expression");
    row("variable metric", "$metric{‸", "label-name");
}

void TestSituations::logql_data()
{
    columns();
    row("empty", "‸", "expression");
    row("function prefix", "count_ov‸", "expression", "count_ov");
    row("range aggregation argument", "count_over_time(‸", "expression");
    row("label name", "{‸", "label-name");
    row("label name prefix", "{ap‸}", "label-name", "ap");
    row("label value", "{app=\"‸\"}", "label-value", "", "app");
    row("label value prefix", "{app=\"api\", level=~\"er‸", "label-value", "er", "level");
    row("after selector", "{app=\"api\"} ‸", "after-selector", "", "{app=\"api\"}");
    row("after line filter", "{app=\"api\"} |= \"GET\" ‸", "after-selector", "", "{app=\"api\"} |= \"GET\"");
    row("line filter value", "{app=\"api\"} |= \"GE‸", "line-filter-value", "GE");
    row("line filter before string", "{app=\"api\"} |~ ‸", "line-filter-value");
    row("stage", "{app=\"api\"} | ‸", "pipeline-stage", "", "{app=\"api\"}");
    row("stage prefix", "{app=\"api\"} | js‸", "pipeline-stage", "js", "{app=\"api\"}");
    row("stage after parser", "{app=\"api\"} |= \"x\" | json | ‸", "pipeline-stage", "",
        "{app=\"api\"} |= \"x\" | json");
    row("label filter value", "{app=\"api\"} | logfmt | level=‸", "label-filter-value", "", "level");
    row("label filter value quoted", "{app=\"api\"} | logfmt | level=\"er‸\"", "label-filter-value", "er", "level");
    row("label filter comparison", "{app=\"api\"} | json | status >= ‸", "label-filter-value", "", "status");
    row("label filter and", "{app=\"api\"} | json | status >= 500 and ‸", "label-filter-name", "", "{app=\"api\"} | json");
    row("label filter or", "{app=\"api\"} | json | a=\"1\" or ‸", "label-filter-name", "", "{app=\"api\"} | json");
    row("after label filter", "{app=\"api\"} | json | status >= 500 ‸", "after-selector");
    row("unwrap", "sum_over_time({app=\"api\"} | logfmt | unwrap ‸", "unwrap-field", "", "{app=\"api\"} | logfmt");
    row("unwrap prefix", "sum_over_time({app=\"api\"} | logfmt | unwrap dur‸", "unwrap-field", "dur");
    row("unwrap duration", "sum_over_time({app=\"api\"} | logfmt | unwrap duration(‸", "unwrap-field");
    row("keep", "{app=\"api\"} | json | keep ‸", "keep-drop-label", "", "{app=\"api\"} | json");
    row("drop second", "{app=\"api\"} | json | drop a, ‸", "keep-drop-label");
    row("line_format field", "{app=\"api\"} | json | line_format \"{{.‸", "format-template", "",
        "{app=\"api\"} | json");
    row("line_format prefix", "{app=\"api\"} | json | line_format \"x {{.ms‸}}\"", "format-template", "ms");
    row("line_format no dot", "{app=\"api\"} | json | line_format \"{{ ‸", "format-template");
    row("line_format text", "{app=\"api\"} | json | line_format \"plain ‸", "none");
    row("label_format template", "{app=\"api\"} | json | label_format x=\"{{.‸", "format-template");
    row("range", "count_over_time({app=\"api\"}[‸", "duration");
    row("range after pipeline", "rate({app=\"api\"} | json [‸", "duration");
    row("after range aggregation", "count_over_time({app=\"api\"}[5m]) ‸", "after-expression");
    row("after vector aggregation", "sum ‸", "after-aggregation");
    row("grouping", "sum by (‸) (count_over_time({app=\"api\"} | json [5m]))", "grouping-label", "",
        "{app=\"api\"} | json");
    row("offset", "count_over_time({app=\"api\"}[5m] offset ‸", "duration");
    row("binary", "count_over_time({a=\"b\"}[5m]) / ‸", "expression");
    row("comment", "{app=\"api\"} # see ‸", "none");
}

void TestSituations::check(Language language)
{
    QFETCH(QString, query);
    QFETCH(QString, kind);
    QFETCH(QString, prefix);
    QFETCH(QString, scope);
    const auto [text, cursor] = testing::cursorText(query.toStdString());
    const Situation s = situationAt(language, text, cursor);
    QCOMPARE(QString::fromLatin1(situationName(s.kind)), kind);
    QCOMPARE(QString::fromStdString(s.prefix), prefix);
    if (scope.isEmpty())
        return;
    const bool label = s.kind == SituationKind::LabelValue || s.kind == SituationKind::LabelFilterValue;
    const std::string actual = label ? s.labelName : language == Language::PromQL ? s.metric : s.logQuery;
    QCOMPARE(QString::fromStdString(actual), scope);
}

void TestSituations::replaceRange()
{
    // The word under the cursor is replaced whole; a quoted value's body, without its quotes.
    auto [text, cursor] = testing::cursorText("rate(http_re‸quests_total[5m])");
    Situation s = situationAt(Language::PromQL, text, cursor);
    QCOMPARE(s.replaceStart, 5);
    QCOMPARE(s.replaceEnd, 24);
    std::tie(text, cursor) = std::tuple(testing::cursorText("up{job=\"a‸pi\"}").text, testing::cursorText("up{job=\"a‸pi\"}").cursor);
    s = situationAt(Language::PromQL, text, cursor);
    QVERIFY(s.inQuotes);
    QCOMPARE(text.substr(std::size_t(s.replaceStart), std::size_t(s.replaceEnd - s.replaceStart)), std::string("api"));
    // An unterminated value is replaced up to the cursor.
    const auto open = testing::cursorText("up{job=\"a‸");
    s = situationAt(Language::PromQL, open.text, open.cursor);
    QCOMPARE(s.replaceStart, 8);
    QCOMPARE(s.replaceEnd, open.cursor);
    // Nothing typed: an empty range at the cursor.
    const auto empty = testing::cursorText("sum(‸)");
    s = situationAt(Language::PromQL, empty.text, empty.cursor);
    QCOMPARE(s.replaceStart, 4);
    QCOMPARE(s.replaceEnd, 4);
}

void TestSituations::scopeMatchers()
{
    const auto q = testing::cursorText("http_requests_total{job=\"api\", code=~\"5..\", method!=\"GET\", ‸}");
    const Situation s = situationAt(Language::PromQL, q.text, q.cursor);
    QCOMPARE(s.kind, SituationKind::LabelName);
    QCOMPARE(s.metric, std::string("http_requests_total"));
    QCOMPARE(int(s.matchers.size()), 3);
    QCOMPARE(s.matchers[0].toString(), std::string("job=\"api\""));
    QCOMPARE(s.matchers[1].toString(), std::string("code=~\"5..\""));
    QCOMPARE(s.matchers[2].toString(), std::string("method!=\"GET\""));
    // The matcher being typed is not part of the scope.
    const auto v = testing::cursorText("{app=\"api\", level=\"e‸\"}");
    const Situation l = situationAt(Language::LogQL, v.text, v.cursor);
    QCOMPARE(int(l.matchers.size()), 1);
    QCOMPARE(l.matchers[0].name(), std::string("app"));
}

QTEST_APPLESS_MAIN(TestSituations)
#include "tst_langsvc_situations.moc"
