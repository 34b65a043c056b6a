// Parser tests: valid expressions print back in canonical form; invalid ones give Prometheus-like messages
// at the right position.

#include "core/promql/parser.h"

#include <QTest>

using namespace sg;
using namespace sg::promql;
using namespace Qt::StringLiterals;

class TestPromqlParser : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTrip_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("canonical");
        auto row = [](const char* name, const char* in, const char* out) {
            QTest::newRow(name) << QString::fromUtf8(in) << QString::fromUtf8(out);
        };
        row("metric", "foo", "foo");
        row("matchers", "foo{job=\"a\",code=~\"5..\", x!=\"y\", z!~'w'}", "foo{job=\"a\", code=~\"5..\", x!=\"y\", z!~\"w\"}");
        row("name-matcher", "{__name__=~\"up|down\"}", "{__name__=~\"up|down\"}");
        row("quoted-name", "{\"foo\", job=\"a\"}", "foo{job=\"a\"}");
        row("trailing-comma", "foo{a=\"b\",}", "foo{a=\"b\"}");
        row("colon-name", "job:rate5m:sum", "job:rate5m:sum");
        row("rate", "rate(http_requests_total[5m])", "rate(http_requests_total[5m])");
        row("compound-duration", "foo[90m]", "foo[1h30m]");
        // the longest duration Prometheus takes: int64 nanoseconds
        row("duration-at-limit", "foo[9223372036854ms]", "foo[292y24w3d23h47m16s854ms]");
        // the histogram trim operators (Prometheus 3.x), at comparison precedence
        row("trim-upper", "h_test</0.5", "h_test </ 0.5");
        row("trim-lower", "h_test >/ -Inf", "h_test >/ -Inf");
        row("trim-vector-threshold", "h </ on (job) group_left t", "h </ on (job) group_left () t");
        row("week", "foo[7d]", "foo[1w]");
        row("millis", "foo[500ms]", "foo[500ms]");
        row("number-range", "foo[300]", "foo[5m]");
        row("agg-by-before", "sum by (job) (rate(x[1h30m]))", "sum by (job) (rate(x[1h30m]))");
        row("agg-by-after", "sum(rate(x[5m])) by (job, env)", "sum by (job, env) (rate(x[5m]))");
        row("agg-without", "avg without (instance) (x)", "avg without (instance) (x)");
        row("agg-upper", "SUM BY (job) (foo)", "sum by (job) (foo)");
        row("topk", "topk(5, foo)", "topk(5, foo)");
        row("count-values", "count_values(\"value\", foo)", "count_values(\"value\", foo)");
        row("precedence", "1 + 2 * 3", "1 + 2 * 3");
        row("pow", "2 ^ 3 ^ 2", "2 ^ 3 ^ 2");
        row("unary-number", "-1", "-1");
        row("unary-plus", "+1", "1");
        row("unary-vector", "-foo", "-foo");
        row("parens", "(1 + 2) * 3", "(1 + 2) * 3");
        row("offset", "foo offset 5m", "foo offset 5m");
        row("negative-offset", "foo offset -1h", "foo offset -1h");
        row("at", "foo @ 100", "foo @ 100.000");
        row("at-start", "foo @ start()", "foo @ start()");
        row("at-end-offset", "foo offset 1m @ end()", "foo @ end() offset 1m");
        row("range-offset", "foo[5m] offset 1w", "foo[5m] offset 1w");
        row("subquery", "rate(foo[5m:1m])", "rate(foo[5m:1m])");
        row("subquery-default-step", "max_over_time(rate(foo[1m])[1h:])", "max_over_time(rate(foo[1m])[1h:])");
        row("subquery-offset", "foo[1h:5m] offset 10m", "foo[1h:5m] offset 10m");
        row("anchored", "increase(foo[5m] anchored)", "increase(foo[5m] anchored)");
        row("smoothed", "rate(foo[5m] smoothed)", "rate(foo[5m] smoothed)");
        row("smoothed-vector", "foo offset 1m smoothed", "foo offset 1m smoothed");
        row("duration-expr", "foo[5m + 30s]", "foo[5m30s]");
        row("duration-expr-parens", "foo[2m * (10 + 5)] offset (2 * 1m)", "foo[30m] offset 2m");
        row("fill", "a + fill(0) b", "a + fill(0) b");
        row("fill-sides", "a + on (x) fill_left(1) fill_right(-2) b", "a + on (x) fill_left(1) fill_right(-2) b");
        row("fill-as-metric", "a + fill", "a + fill");
        row("group-left", "a / on(job) group_left(instance) b", "a / on (job) group_left (instance) b");
        row("ignoring", "a - ignoring(x) b", "a - ignoring (x) b");
        row("bool", "a > bool 1", "a > bool 1");
        row("set-ops", "a and b or c unless d", "a and b or c unless d");
        row("atan2", "a atan2 b", "a atan2 b");
        row("label-replace", "label_replace(up, \"a\", \"$1\", \"b\", \"(.*)\")", "label_replace(up, \"a\", \"$1\", \"b\", \"(.*)\")");
        row("hex", "0x1F", "31");
        row("exponent", "1e3", "1000");
        row("fraction", ".5", "0.5");
        row("inf", "Inf", "Inf");
        row("neg-inf", "-inf", "-Inf");
        row("nan", "NaN", "NaN");
        row("string-escape", "\"a\\nb\"", "\"a\\nb\"");
        row("single-quote", "'single'", "\"single\"");
        row("raw-string", "`raw\\n`", "\"raw\\\\n\"");
        row("unicode-escape", "\"\\u00e9\"", "\"\xc3\xa9\"");
        row("comment", "foo # a comment", "foo");
        row("optional-arg", "round(foo)", "round(foo)");
        row("variadic", "label_join(up, \"d\", \",\", \"a\", \"b\", \"c\")", "label_join(up, \"d\", \",\", \"a\", \"b\", \"c\")");
        // Prometheus' grammar reads these keywords as metric names where an expression begins (metric_identifier)
        row("keyword-metric", "offset", "offset");
        row("keyword-metrics", "sum(by) and without offset 5m or OR", "sum(by) and without offset 5m or OR");
        row("keyword-metric-range", "rate(unless{a=\"b\"}[5m])", "rate(unless{a=\"b\"}[5m])");
        // names that would not read back bare are printed quoted
        row("operator-keyword-name", "{\"bool\"}", "{\"bool\"}");
        row("number-name", "{\"Inf\", a=\"b\"}", "{\"Inf\", a=\"b\"}");
        row("dotted-name", "{\"foo.bar\"}", "{\"foo.bar\"}");
        row("dotted-label", "sum by (\"a.b\") (x{\"a.b\"=\"c\"})", "sum by (\"a.b\") (x{\"a.b\"=\"c\"})");
        row("histogram-quantile", "histogram_quantile(0.9, sum by (le) (rate(x_bucket[5m])))",
            "histogram_quantile(0.9, sum by (le) (rate(x_bucket[5m])))");
    }
    void roundTrip()
    {
        QFETCH(QString, input);
        QFETCH(QString, canonical);
        const std::string in = input.toStdString();
        auto r = parse(in);
        if (!r)
            QFAIL(qPrintable(QString::fromStdString(r.error().toString())));
        QCOMPARE(QString::fromStdString(printExpr(**r)), canonical);
        // the canonical form parses to the same canonical form
        auto again = parse(canonical.toStdString());
        QVERIFY(again.ok());
        QCOMPARE(QString::fromStdString(printExpr(**again)), canonical);
    }

    void precedenceShape_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<int>("rootOp");
        QTest::newRow("mul-binds-tighter") << u"1 + 2 * 3"_s << int(BinaryOp::Add);
        QTest::newRow("left-assoc") << u"1 - 2 - 3"_s << int(BinaryOp::Sub);
        QTest::newRow("or-lowest") << u"a and b or c"_s << int(BinaryOp::Or);
        QTest::newRow("comparison-below-add") << u"a + 1 > b"_s << int(BinaryOp::Gtr);
        QTest::newRow("unless-over-or") << u"a or b unless c"_s << int(BinaryOp::Or);
        QTest::newRow("pow-right-assoc") << u"2 ^ 3 ^ 2"_s << int(BinaryOp::Pow);
        QTest::newRow("trim-below-add") << u"h + h </ 1 + 1"_s << int(BinaryOp::TrimUpper);
        QTest::newRow("trim-over-and") << u"h >/ 1 and h"_s << int(BinaryOp::And);
    }
    void precedenceShape()
    {
        QFETCH(QString, input);
        QFETCH(int, rootOp);
        auto r = parse(input.toStdString());
        QVERIFY(r.ok());
        QCOMPARE(int((*r)->kind), int(NodeKind::Binary));
        const auto& b = static_cast<const BinaryExpr&>(**r);
        QCOMPARE(int(b.op), rootOp);
        if (input == u"2 ^ 3 ^ 2"_s) {
            QCOMPARE(int(b.lhs->kind), int(NodeKind::Number));
            QCOMPARE(int(b.rhs->kind), int(NodeKind::Binary));
        }
        if (input == u"1 - 2 - 3"_s) {
            QCOMPARE(int(b.lhs->kind), int(NodeKind::Binary));
            QCOMPARE(int(b.rhs->kind), int(NodeKind::Number));
        }
    }

    void sourceRanges()
    {
        auto r = parse("sum(rate(foo[5m]))");
        QVERIFY(r.ok());
        QCOMPARE((*r)->where.begin, 0);
        QCOMPARE((*r)->where.end, 18);
        const auto& agg = static_cast<const AggregateExpr&>(**r);
        QCOMPARE(agg.expr->where.begin, 4);
        QCOMPARE(agg.expr->where.end, 17);
        const auto& call = static_cast<const CallExpr&>(*agg.expr);
        QCOMPARE(call.args[0]->where.begin, 9);
        QCOMPARE(call.args[0]->where.end, 16);
    }

    void errors_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("message");
        QTest::addColumn<int>("position");
        auto row = [](const char* name, const QString& in, const char* msg, int pos) {
            QTest::newRow(name) << in << QString::fromUtf8(msg) << pos;
        };
        row("unclosed-brace", u"foo{"_s, "unexpected end of input inside braces", 4);
        row("unclosed-paren", u"(1 + 2"_s, "unclosed left parenthesis", 0);
        row("extra-paren", u"1)"_s, "unexpected right parenthesis ')'", 1);
        row("bad-number", u"1.2.3"_s, "bad number or duration syntax: \"1.2.3\"", 0);
        row("bad-duration", u"foo[5x]"_s, "bad number or duration syntax: \"5x\"", 4);
        row("bad-regex", u"foo{a=~\"(\"}"_s, "invalid regular expression", 4);
        row("dangling-op", u"1 +"_s, "unexpected end of input", 3);
        row("empty", u""_s, "no expression found in input", 0);
        row("range-type", u"rate(foo)"_s, "expected type range vector in call to function \"rate\", got instant vector", 5);
        row("arity", u"rate(foo[5m], 1)"_s, "expected 1 argument(s) in call to \"rate\", got 2", 0);
        row("unknown-function", u"nosuchfn(foo)"_s, "unknown function with name \"nosuchfn\"", 0);
        row("scalar-comparison", u"1 > 2"_s, "comparisons between scalars must use BOOL modifier", 2);
        row("trim-scalar-lhs", u"1 </ foo"_s, "operator \"</\" needs an instant vector of native histograms on its left-hand side", 0);
        row("trim-bool", u"foo </ bool 1"_s, "bool modifier can only be used on comparison operators", 4);
        row("set-op-scalar", u"foo and 1"_s, "set operator \"and\" not allowed in binary scalar expression", 0);
        // the keywords Prometheus does not read as metric names
        row("bool-as-metric", u"bool"_s, "unexpected <bool>", 0);
        row("group-right-as-metric", u"x + group_right"_s, "unexpected <group_right>", 4);
        row("group-left-as-metric", u"group_left"_s, "unexpected <group_left>", 0);
        row("atan2-as-metric", u"-atan2"_s, "unexpected <atan2>", 1);
        row("empty-selector", u"{}"_s, "vector selector must contain at least one non-empty matcher", 0);
        row("empty-matching-selector", u"{a=\"\"}"_s, "vector selector must contain at least one non-empty matcher", 0);
        row("double-offset", u"foo offset 5m offset 1m"_s, "offset may not be set multiple times", 14);
        row("unterminated-string", u"\"abc"_s, "unterminated quoted string", 0);
        row("bad-escape", u"\"\\q\""_s, "unknown escape sequence", 0);
        // found by fuzzing (scripts/fuzz promql_parse, promql_eval): durations past int64 milliseconds overflowed.
        // Prometheus takes durations up to int64 nanoseconds (about 292 years); its messages, from promtool 2.42:
        row("duration-overflow-at", u"ml0ic @ 333333310y"_s, "unexpected duration \"333333310y\" in @, expected timestamp", 8);
        row("duration-overflow-range", u"foo[333333333333333m]"_s, "duration out of range", 4);
        row("duration-past-292-years", u"foo[555555550m]"_s, "duration out of range", 4);
        row("duration-past-int64-ns", u"foo[9223372036855ms]"_s, "duration out of range", 4);
        row("duration-digits-past-int64", u"foo[99999999999999999999s]"_s, "duration out of range", 4);
        row("offset-past-292-years", u"foo offset 555555550m"_s, "duration out of range", 11);
        row("step-past-292-years", u"foo[1h:555555550m]"_s, "duration out of range", 7);
        // found by fuzzing (scripts/fuzz query_format): a duration written in seconds was allowed up to int64
        // milliseconds, past what the same duration written with units may be, so it formatted to a text that did
        // not parse
        row("offset-seconds-past-292-years", u"foo offset 299999992e+6"_s, "duration out of range", 11);
        row("range-seconds-past-292-years", u"foo[1e10]"_s, "duration out of range", 4);
        row("agg-range", u"sum(foo[5m])"_s, "expected type instant vector in aggregation expression, got range vector", 4);
        row("keyword-as-metric", u"sum(on)"_s, "unexpected <on>", 4);
        row("range-on-call", u"rate(foo[5m])[5m]"_s, "ranges only allowed for vector selectors", 0);
        row("bool-arith", u"a + bool b"_s, "bool modifier can only be used on comparison operators", 2);
        row("name-twice", u"foo{__name__=\"bar\"}"_s, "metric name must not be set twice: \"foo\" or \"bar\"", 4);
        row("anchored-wrong-function", u"deriv(foo[5m] anchored)"_s,
            "anchored modifier can only be used with: changes, delta, increase, rate, resets - not with deriv", 6);
        row("duration-division-by-zero", u"foo[5m / 0]"_s, "division by zero", 7);
        row("depth", QString(2000, u'(') + u'1' + QString(2000, u')'), "expression nesting too deep (limit 1000)", 1000);
        // found by fuzzing: a long chain of one operator (`1-1-1-...`) nests the tree without nesting the text, and
        // overflowed the printer's stack; each operator of a chain counts as a level now
        row("binary-chain", u"1"_s + QString(u"-1"_s).repeated(2000), "expression nesting too deep (limit 1000)", 1998);
    }
    void errors()
    {
        QFETCH(QString, input);
        QFETCH(QString, message);
        QFETCH(int, position);
        auto r = parse(input.toStdString());
        QVERIFY(!r.ok());
        QCOMPARE(int(r.error().code), int(ErrorCode::Parse));
        const QString got = QString::fromStdString(r.error().message);
        if (!got.startsWith(message))
            QFAIL(qPrintable(u"message \"%1\" does not start with \"%2\""_s.arg(got, message)));
        QCOMPARE(r.error().where.begin, position);
    }
};

QTEST_GUILESS_MAIN(TestPromqlParser)
#include "tst_promql_parser.moc"
