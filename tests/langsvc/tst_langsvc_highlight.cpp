// Highlighting classes from the languages' lexers over text as typed (comments, variables, unfinished strings), and
// hover documentation.

#include "core/langsvc/language_service.h"

#include <QTest>

using namespace sg;
using namespace sg::langsvc;

class TestHighlight : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void classes_data();
    void classes();
    void coversTextInOrder();
    void hover_data();
    void hover();
    void documentationComplete();
};

namespace {

/// "text:class text:class ..." for every token, to compare in one line.
QString describe(Language language, const std::string& text)
{
    QStringList out;
    for (const HighlightToken& t : highlight(language, text))
        out << QString::fromStdString(text.substr(std::size_t(t.start), std::size_t(t.length))) + u':'
                + QString::fromLatin1(tokenClassName(t.cls));
    return out.join(u' ');
}

} // namespace

void TestHighlight::classes_data()
{
    QTest::addColumn<bool>("logql");
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("expected");
    const auto row = [](const char* name, bool logql, const char* q, const char* e) {
        QTest::newRow(name) << logql << QString::fromUtf8(q) << QString::fromUtf8(e);
    };
    row("selector", false, "up{job=\"a\"}", "up:metric {:punctuation job:label =:operator \"a\":string }:punctuation");
    row("aggregation", false, "sum by (job) (rate(x[5m]))",
        "sum:aggregation by:keyword (:punctuation job:label ):punctuation (:punctuation rate:function (:punctuation "
        "x:metric [:punctuation 5m:duration ]:punctuation ):punctuation ):punctuation");
    row("binary", false, "a / on(job) group_left b > bool 1",
        "a:metric /:operator on:keyword (:punctuation job:label ):punctuation group_left:keyword b:metric "
        ">:operator bool:keyword 1:number");
    row("metric named like a function", false, "rate + 1", "rate:metric +:operator 1:number");
    row("label named like a keyword", false, "x{by=\"1\"}", "x:metric {:punctuation by:label =:operator \"1\":string }:punctuation");
    row("comment", false, "up # the target\n+ 1", "up:metric # the target:comment +:operator 1:number");
    row("variables", false, "rate(x{job=~\"$job\"}[$__rate_interval])",
        "rate:function (:punctuation x:metric {:punctuation job:label =~:operator \"$job\":string }:punctuation "
        "[:punctuation $__rate_interval:variable ]:punctuation ):punctuation");
    row("variable metric", false, "${metric}_total", "${metric}_total:variable");
    row("unterminated string", false, "up{job=\"ap", "up:metric {:punctuation job:label =:operator \"ap:string");
    row("unknown character", false, "up ; 1", "up:metric ;:error 1:number");
    row("at modifier", false, "x @ start()", "x:metric @:operator start:keyword (:punctuation ):punctuation");
    row("logql pipeline", true, "{app=\"a\"} |= \"x\" | json | status >= 500 | line_format \"{{.msg}}\"",
        "{:punctuation app:label =:operator \"a\":string }:punctuation |=:operator \"x\":string |:operator "
        "json:function |:operator status:label >=:operator 500:number |:operator line_format:function "
        "\"{{.msg}}\":string");
    row("logql metric", true, "sum by (level) (count_over_time({a=\"b\"} | logfmt [$__auto]))",
        "sum:aggregation by:keyword (:punctuation level:label ):punctuation (:punctuation count_over_time:function "
        "(:punctuation {:punctuation a:label =:operator \"b\":string }:punctuation |:operator logfmt:function "
        "[:punctuation $__auto:variable ]:punctuation ):punctuation ):punctuation");
    row("logql unwrap", true, "{a=\"b\"} | unwrap duration(d)",
        "{:punctuation a:label =:operator \"b\":string }:punctuation |:operator unwrap:function duration:function "
        "(:punctuation d:plain ):punctuation");
    row("logql keep", true, "{a=\"b\"} | keep x, y",
        "{:punctuation a:label =:operator \"b\":string }:punctuation |:operator keep:function x:plain ,:punctuation "
        "y:plain");
    row("logql unterminated", true, "{a=\"b\"} |= \"err", "{:punctuation a:label =:operator \"b\":string }:punctuation "
        "|=:operator \"err:string");
}

void TestHighlight::classes()
{
    QFETCH(bool, logql);
    QFETCH(QString, query);
    QFETCH(QString, expected);
    QCOMPARE(describe(logql ? Language::LogQL : Language::PromQL, query.toStdString()), expected);
}

void TestHighlight::coversTextInOrder()
{
    // Tokens are in order, do not overlap and stay inside the text, for anything typed (here: every prefix of some
    // queries, which is what typing produces).
    const std::string queries[] = { "sum by (job) (rate(http_requests_total{job=~\"a|b\", code!=\"500\"}[5m] offset 1h))",
        "{app=\"api\"} |= `x` | json | line_format \"{{.a}}\" | unwrap bytes(size) [1m] # c\n",
        "histogram_quantile(0.9, sum by (le) (rate(x_bucket[$__rate_interval]))) > ${threshold:raw}",
        // Found by fuzzing: a bad character after a line filter, then comments and strings read on after it.
        std::string(
        "label_replace(""\x5c""n""\x5c""t""\x5c""t""\x5c""t""\x5c""t#sum by (job) (""\x5c""n""\x5c""t""\x5c""t"
        "\x5c""t""\x5c""t""\x5c""tsum_over_time(""\x5c""n""\x5c""t""\x5c""t""\x5c""t""\x5c""t""\x5c""t""\x5c"
        "t{namespace=""\x22""tns""\x22""} |= ""\x22""level=error""\x22"" |""\x0a""\x00"
        " json | avg=5 and bar<25ms | unwrap duration(latency)  | __error__!~""\x22"".*""\x22"" [5m] offset 1h"
        "\x5c""n""\x5c""t""\x5c""\x5c""ttt""\x5c""\x5c""t)""\x5c""n""\x5c""t""\x5c""t""\x5c""t""\x5c""t/""\x5c""n"
        "\x5c""t""\x5c""t""\x5c""t""\x5c""t""\x5c""tcount_over_time({namespace=""\x22""tns""\x22"
        "} | logfmt | label[[_format fo""\x01""\x00""`@""\x00""\xf2""\xbf""\xfd""] offset 1h)""\x5c""n""\x5c""t"
        "\x5c""t""\x5c""t""\x5c""t),""\x5c""n""\x5c""t""\x5c""t""\x5c""t""\x5c""t""\x22""foo""\x22"",""\x5c""n"
        "\x5c""t""\x5c""t""\xa4""\x8b""\xa3""\x83""\x22""$1""\x22"",""\x5c""n""\x5c""t""\x5c""t""\x5c""t""\x5c""t"
        "\x22""service""\x22"",""\x5c""n""\x5c""t""\x5c""t""\x5c""t""\x5c""t""\x22""(.*):.*""\x22""\x5c""n""\x5c"
        "t""\x5c""t""\x5c""t)""\x5c""n""\x5c""t""\x5c""t""\x5c""t",
            421) };
    for (const std::string& q : queries) {
        for (std::size_t n = 0; n <= q.size(); ++n) {
            for (Language language : { Language::PromQL, Language::LogQL }) {
                const std::string text = q.substr(0, n);
                int end = 0;
                for (const HighlightToken& t : highlight(language, text)) {
                    QVERIFY2(t.start >= end && t.length > 0 && t.start + t.length <= int(text.size()), text.c_str());
                    end = t.start + t.length;
                }
            }
        }
    }
}

void TestHighlight::hover_data()
{
    QTest::addColumn<bool>("logql");
    QTest::addColumn<QString>("query");
    QTest::addColumn<int>("cursor");
    QTest::addColumn<QString>("contains"); // "" when nothing is shown
    QTest::newRow("function") << false << QStringLiteral("rate(x[5m])") << 2 << QStringLiteral("rate(range-vector)");
    QTest::newRow("aggregation") << false << QStringLiteral("sum by (a) (x)") << 0 << QStringLiteral("Sum over dimensions");
    QTest::newRow("keyword") << false << QStringLiteral("a / ignoring(b) c") << 6 << QStringLiteral("all labels but");
    QTest::newRow("metric") << false << QStringLiteral("rate(x[5m])") << 5 << QStringLiteral("**x**");
    QTest::newRow("label") << false << QStringLiteral("x{job=\"a\"}") << 3 << QString();
    QTest::newRow("stage") << true << QStringLiteral("{a=\"b\"} | logfmt") << 12 << QStringLiteral("key=value");
    QTest::newRow("line filter") << true << QStringLiteral("{a=\"b\"} |~ \"x\"") << 9 << QStringLiteral("RE2");
    QTest::newRow("range aggregation") << true << QStringLiteral("count_over_time({a=\"b\"}[1m])") << 3
                                       << QStringLiteral("Number of log lines");
}

void TestHighlight::hover()
{
    QFETCH(bool, logql);
    QFETCH(QString, query);
    QFETCH(int, cursor);
    QFETCH(QString, contains);
    const auto h = hoverAt(logql ? Language::LogQL : Language::PromQL, query.toStdString(), cursor, nullptr);
    if (contains.isEmpty()) {
        QVERIFY(!h);
        return;
    }
    QVERIFY(h);
    QVERIFY2(QString::fromStdString(h->markdown).contains(contains), h->markdown.c_str());
    QVERIFY(h->where.begin <= cursor && cursor <= h->where.end);
}

void TestHighlight::documentationComplete()
{
    // Every function of the engine has a line of documentation.
    for (const DocEntry& d : documentation(Language::PromQL))
        QVERIFY2(!d.summary.empty(), d.name.c_str());
    for (const DocEntry& d : documentation(Language::LogQL))
        QVERIFY2(!d.summary.empty() && !d.signature.empty(), d.name.c_str());
}

QTEST_APPLESS_MAIN(TestHighlight)
#include "tst_langsvc_highlight.moc"
