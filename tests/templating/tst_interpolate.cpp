#include "core/templating/formats.h"
#include "core/templating/interpolate.h"

#include <QTest>

using namespace sg;
using namespace sg::templating;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(sg::templating::QueryLanguage)

namespace {

Variable makeVariable(const QString& name, QStringList current, QStringList text = {}, bool multi = false,
    bool includeAll = false, QStringList optionValues = {}, VariableType type = VariableType::Custom)
{
    Variable v;
    v.name = name;
    v.type = type;
    v.multi = multi;
    v.includeAll = includeAll;
    v.current = std::move(current);
    v.currentText = std::move(text);
    for (const QString& o : optionValues)
        v.options.append({ o, o });
    return v;
}

InterpolationContext context()
{
    InterpolationContext ctx;
    ctx.variables = {
        makeVariable(u"single"_s, { u"srv1"_s }, { u"Server 1"_s }, false, false, { u"srv1"_s, u"srv2"_s }),
        makeVariable(u"sv"_s, { u"foo bar.baz"_s }, { u"Foo"_s }),
        makeVariable(u"mv"_s, { u"foo bar"_s, u"baz"_s }, { u"Foo Bar"_s, u"Baz"_s }, true),
        makeVariable(u"multiOne"_s, { u"a.b"_s }, {}, true),
        makeVariable(u"all"_s, { u"$__all"_s }, { u"All"_s }, true, true, { u"x"_s, u"y.z"_s }),
        makeVariable(u"inclSingle"_s, { u"a.b"_s }, {}, false, true, { u"a.b"_s }),
        makeVariable(u"q"_s, { u"a\\b'c"_s }),
        makeVariable(u"empty"_s, {}, {}, true),
        makeVariable(u"tb"_s, { u"hello world"_s }, {}, false, false, {}, VariableType::TextBox),
        makeVariable(u"c"_s, { u"const/val"_s }, {}, false, false, {}, VariableType::Constant),
        makeVariable(u"ts"_s, { u"1594671549254"_s }),
    };
    Variable allCustom = makeVariable(u"allCustom"_s, { u"$__all"_s }, { u"All"_s }, true, true, { u"p"_s });
    allCustom.allValue = u".*"_s;
    Variable allNested = makeVariable(u"allNested"_s, { u"$__all"_s }, {}, false, true, { u"p"_s });
    allNested.allValue = u"$single|$mv"_s;
    Variable loop = makeVariable(u"loop"_s, { u"$__all"_s }, {}, false, true, {});
    loop.allValue = u"<$loop>"_s;
    Variable iv = makeVariable(u"iv"_s, { u"$__auto"_s }, { u"Auto"_s }, false, false, {}, VariableType::Interval);
    iv.autoValue = u"5m"_s;
    ctx.variables << allCustom << allNested << loop << iv;
    ctx.scoped.insert(u"__interval"_s, { u"30s"_s, {} });
    ctx.scoped.insert(u"__interval_ms"_s, { u"30000"_s, {} });
    ctx.fromMs = 1594671549254;
    ctx.toMs = 1594675149254;
    ctx.timeZone = u"utc"_s;
    return ctx;
}

} // namespace

class TestInterpolate : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void interpolate_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QueryLanguage>("language");
        QTest::addColumn<QString>("expected");
        const auto none = QueryLanguage::None;
        const auto prom = QueryLanguage::Prometheus;
        const auto loki = QueryLanguage::Loki;
        auto row = [](const char* name, const QString& text, QueryLanguage lang, const QString& expected) {
            QTest::addRow("%s", name) << text << lang << expected;
        };
        // syntax
        row("dollar", u"$single"_s, none, u"srv1"_s);
        row("braces", u"${single}"_s, none, u"srv1"_s);
        row("brackets", u"[[single]]"_s, none, u"srv1"_s);
        row("brackets with format", u"[[single:text]]"_s, none, u"Server 1"_s);
        row("braces with format", u"${single:text}"_s, none, u"Server 1"_s);
        row("adjacent", u"$single$single"_s, none, u"srv1srv1"_s);
        row("in text", u"up{instance=\"$single:9100\"}"_s, none, u"up{instance=\"srv1:9100\"}"_s);
        row("word continues the name", u"$singlesuffix ${single}suffix"_s, none, u"$singlesuffix srv1suffix"_s);
        row("unknown stays", u"$unknown ${nope:raw} [[x]]"_s, none, u"$unknown ${nope:raw} [[x]]"_s);
        row("lone dollar", u"cost $ 5"_s, none, u"cost $ 5"_s);
        row("field index", u"${mv.0}/${mv.1}"_s, none, u"foo bar/baz"_s);
        row("field index out of range", u"${mv.5}"_s, none, u"{foo bar,baz}"_s);
        // built-ins and macros
        row("interval", u"rate(x[$__interval])"_s, none, u"rate(x[30s])"_s);
        row("interval ms", u"${__interval_ms}"_s, none, u"30000"_s);
        row("from", u"$__from"_s, none, u"1594671549254"_s);
        row("to", u"${__to}"_s, none, u"1594675149254"_s);
        row("from date", u"${__from:date}"_s, none, u"2020-07-13T20:19:09.254Z"_s);
        row("from date iso", u"${__from:date:iso}"_s, none, u"2020-07-13T20:19:09.254Z"_s);
        row("from date seconds", u"${__from:date:seconds}"_s, none, u"1594671549"_s);
        row("from date ms", u"${__from:date:ms}"_s, none, u"1594671549254"_s);
        row("from custom date", u"${__from:date:YYYY-MM}"_s, none, u"2020-07"_s);
        row("to custom date with colon", u"${__to:date:YYYY-MM-DD HH:mm}"_s, none, u"2020-07-13 21:19"_s);
        row("from text", u"${__from:text}"_s, none, u"2020-07-13 20:19:09"_s);
        row("timezone", u"$__timezone"_s, none, u"utc"_s);
        row("url time range", u"$__url_time_range"_s, none, u"from=1594671549254&to=1594675149254"_s);
        row("builtins under prometheus", u"[$__interval]"_s, prom, u"[30s]"_s);
        // single value through every format
        row("sv glob", u"$sv"_s, none, u"foo bar.baz"_s);
        row("sv raw", u"${sv:raw}"_s, none, u"foo bar.baz"_s);
        row("sv regex", u"${sv:regex}"_s, none, u"foo bar\\.baz"_s);
        row("sv pipe", u"${sv:pipe}"_s, none, u"foo bar.baz"_s);
        row("sv csv", u"${sv:csv}"_s, none, u"foo bar.baz"_s);
        row("sv json", u"${sv:json}"_s, none, u"foo bar.baz"_s);
        row("sv doublequote", u"${sv:doublequote}"_s, none, u"\"foo bar.baz\""_s);
        row("sv singlequote", u"${sv:singlequote}"_s, none, u"'foo bar.baz'"_s);
        row("sv sqlstring", u"${sv:sqlstring}"_s, none, u"'foo bar.baz'"_s);
        row("sv lucene", u"${sv:lucene}"_s, none, u"foo\\ bar.baz"_s);
        row("sv percentencode", u"${sv:percentencode}"_s, none, u"foo%20bar.baz"_s);
        row("sv uriencode", u"${sv:uriencode}"_s, none, u"foo%20bar.baz"_s);
        row("sv queryparam", u"${sv:queryparam}"_s, none, u"var-sv=foo%20bar.baz"_s);
        row("sv customqueryparam", u"${sv:customqueryparam}"_s, none, u"sv=foo%20bar.baz"_s);
        row("sv text", u"${sv:text}"_s, none, u"Foo"_s);
        row("sv distributed", u"${sv:distributed}"_s, none, u"foo bar.baz"_s);
        row("sv html", u"${sv:html}"_s, none, u"foo bar.baz"_s);
        row("sv join", u"${sv:join}"_s, none, u"foo bar.baz"_s);
        row("sv date of text", u"${sv:date}"_s, none, u"NaN"_s);
        row("sv unknown format is glob", u"${sv:bogus}"_s, none, u"foo bar.baz"_s);
        // multi value through every format
        row("mv glob", u"$mv"_s, none, u"{foo bar,baz}"_s);
        row("mv raw", u"${mv:raw}"_s, none, u"foo bar,baz"_s);
        row("mv regex", u"${mv:regex}"_s, none, u"(foo bar|baz)"_s);
        row("mv pipe", u"${mv:pipe}"_s, none, u"foo bar|baz"_s);
        row("mv csv", u"${mv:csv}"_s, none, u"foo bar,baz"_s);
        row("mv json", u"${mv:json}"_s, none, u"[\"foo bar\",\"baz\"]"_s);
        row("mv doublequote", u"${mv:doublequote}"_s, none, u"\"foo bar\",\"baz\""_s);
        row("mv singlequote", u"${mv:singlequote}"_s, none, u"'foo bar','baz'"_s);
        row("mv sqlstring", u"${mv:sqlstring}"_s, none, u"'foo bar','baz'"_s);
        row("mv lucene", u"${mv:lucene}"_s, none, u"(\"foo\\ bar\" OR \"baz\")"_s);
        row("mv percentencode", u"${mv:percentencode}"_s, none, u"%7Bfoo%20bar%2Cbaz%7D"_s);
        row("mv uriencode", u"${mv:uriencode}"_s, none, u"%7Bfoo%20bar,baz%7D"_s);
        row("mv queryparam", u"${mv:queryparam}"_s, none, u"var-mv=foo%20bar&var-mv=baz"_s);
        row("mv customqueryparam", u"${mv:customqueryparam:p:v-}"_s, none, u"p=v-foo%20bar&p=v-baz"_s);
        row("mv text", u"${mv:text}"_s, none, u"Foo Bar + Baz"_s);
        row("mv distributed", u"${mv:distributed}"_s, none, u"foo bar,mv=baz"_s);
        row("mv html", u"${mv:html}"_s, none, u"foo bar, baz"_s);
        row("mv join", u"${mv:join}"_s, none, u"foo bar,baz"_s);
        row("mv join separator", u"${mv:join: | }"_s, none, u"foo bar | baz"_s);
        row("mv date", u"${mv:date}"_s, none, u"NaN"_s);
        row("brackets format", u"[[mv:csv]]"_s, none, u"foo bar,baz"_s);
        row("multi with one value glob", u"$multiOne"_s, none, u"a.b"_s);
        row("multi with one value regex", u"${multiOne:regex}"_s, none, u"a\\.b"_s);
        row("multi with one value json", u"${multiOne:json}"_s, none, u"[\"a.b\"]"_s);
        row("multi with one value lucene", u"${multiOne:lucene}"_s, none, u"(\"a.b\")"_s);
        row("empty multi glob", u"[$empty]"_s, none, u"[]"_s);
        row("empty multi lucene", u"${empty:lucene}"_s, none, u"__empty__"_s);
        row("empty multi regex", u"${empty:regex}"_s, none, u"()"_s);
        // All
        row("all glob", u"$all"_s, none, u"{x,y.z}"_s);
        row("all regex", u"${all:regex}"_s, none, u"(x|y\\.z)"_s);
        row("all csv", u"${all:csv}"_s, none, u"x,y.z"_s);
        row("all text", u"${all:text}"_s, none, u"All"_s);
        row("all queryparam", u"${all:queryparam}"_s, none, u"var-all=$__all"_s);
        row("all prometheus", u"$all"_s, prom, u"(x|y\\\\.z)"_s);
        row("all loki", u"$all"_s, loki, u"x|y\\\\.z"_s);
        row("custom all", u"$allCustom"_s, none, u".*"_s);
        row("custom all prometheus is raw", u"$allCustom"_s, prom, u".*"_s);
        row("custom all regex is raw", u"${allCustom:regex}"_s, none, u".*"_s);
        row("custom all text", u"${allCustom:text}"_s, none, u"All"_s);
        row("custom all percentencode", u"${allCustom:percentencode}"_s, none, u".%2A"_s);
        row("custom all queryparam", u"${allCustom:queryparam}"_s, none, u"var-allCustom=$__all"_s);
        row("custom all interpolated again", u"$allNested"_s, prom, u"srv1|{foo bar,baz}"_s);
        row("self-referencing all value stops", u"$loop"_s, none, u"<<<<<<<<<$loop>>>>>>>>>"_s);
        // data source defaults
        row("prometheus single", u"$single"_s, prom, u"srv1"_s);
        row("prometheus single escapes", u"$q"_s, prom, u"a\\\\b\\\\'c"_s);
        row("prometheus multi", u"$mv"_s, prom, u"(foo bar|baz)"_s);
        row("prometheus multi one", u"$multiOne"_s, prom, u"a\\\\.b"_s);
        row("prometheus include-all single", u"$inclSingle"_s, prom, u"a\\\\.b"_s);
        row("prometheus empty multi", u"$empty"_s, prom, u"()"_s);
        row("prometheus explicit format wins", u"${mv:csv}"_s, prom, u"foo bar,baz"_s);
        row("prometheus selector", u"up{job=~\"$mv\"}"_s, prom, u"up{job=~\"(foo bar|baz)\"}"_s);
        row("loki single raw", u"$q"_s, loki, u"a\\b'c"_s);
        row("loki multi", u"$mv"_s, loki, u"foo bar|baz"_s);
        row("loki multi one", u"$multiOne"_s, loki, u"a\\\\.b"_s);
        row("loki empty multi", u"[$empty]"_s, loki, u"[]"_s);
        // other variable kinds
        row("interval auto", u"$iv"_s, none, u"5m"_s);
        row("textbox", u"$tb"_s, none, u"hello world"_s);
        row("textbox percentencode", u"${tb:percentencode}"_s, none, u"hello%20world"_s);
        row("constant", u"$c"_s, none, u"const/val"_s);
        row("constant queryparam has no url state", u"${c:queryparam}"_s, none, u"var-c=const%2Fval"_s);
        row("date of a value", u"${ts:date:seconds}"_s, none, u"1594671549"_s);
        row("date iso of a value", u"${ts:date}"_s, none, u"2020-07-13T20:19:09.254Z"_s);
    }
    void interpolate()
    {
        QFETCH(QString, text);
        QFETCH(QueryLanguage, language);
        QFETCH(QString, expected);
        InterpolationContext ctx = context();
        ctx.language = language;
        QCOMPARE(interpolateString(text, ctx), expected);
    }

    void scopedValuesWin()
    {
        InterpolationContext ctx = context();
        ctx.scoped.insert(u"single"_s, { u"repeat-2"_s, u"Repeat 2"_s });
        QCOMPARE(interpolateString(u"$single ${single:text}", ctx), u"repeat-2 Repeat 2"_s);
        ctx.format = u"csv"_s;
        QCOMPARE(interpolateString(u"$mv", ctx), u"foo bar,baz"_s);
    }

    void formats_data()
    {
        // The expectations of Grafana's formatRegistry tests.
        QTest::addColumn<QString>("format");
        QTest::addColumn<QStringList>("values");
        QTest::addColumn<bool>("isList");
        QTest::addColumn<QString>("expected");
        auto one = [](const char* name, const QString& f, const QString& v, const QString& e) {
            QTest::addRow("%s", name) << f << QStringList { v } << false << e;
        };
        auto many = [](const char* name, const QString& f, const QStringList& v, const QString& e) {
            QTest::addRow("%s", name) << f << v << true << e;
        };
        one("lucene space", u"lucene"_s, u"foo bar"_s, u"foo\\ bar"_s);
        one("lucene number", u"lucene"_s, u"-1"_s, u"-1"_s);
        one("lucene dash", u"lucene"_s, u"-test"_s, u"\\-test"_s);
        many("lucene list", u"lucene"_s, { u"foo bar"_s, u"baz"_s }, u"(\"foo\\ bar\" OR \"baz\")"_s);
        many("lucene empty", u"lucene"_s, {}, u"__empty__"_s);
        one("lucene specials", u"lucene"_s, u"a:b/c(d)"_s, u"a\\:b\\/c\\(d\\)"_s);
        one("glob", u"glob"_s, u"foo"_s, u"foo"_s);
        many("glob list", u"glob"_s, { u"AA"_s, u"BB"_s, u"C.*"_s }, u"{AA,BB,C.*}"_s);
        many("raw numbers", u"raw"_s, { u"12"_s, u"13"_s }, u"12,13"_s);
        one("raw unicode", u"raw"_s, u"#Æ³ ̇¹\"Ä1\"#!\"#!½"_s, u"#Æ³ ̇¹\"Ä1\"#!\"#!½"_s);
        one("regex", u"regex"_s, u"test."_s, u"test\\."_s);
        many("regex single list", u"regex"_s, { u"test."_s }, u"test\\."_s);
        many("regex list", u"regex"_s, { u"test."_s, u"test2"_s }, u"(test\\.|test2)"_s);
        one("regex all specials", u"regex"_s, u"\\^$*+?.()|[]{}/"_s,
            u"\\\\\\^\\$\\*\\+\\?\\.\\(\\)\\|\\[\\]\\{\\}\\/"_s);
        many("pipe", u"pipe"_s, { u"test"_s, u"test2"_s }, u"test|test2"_s);
        many("distributed one", u"distributed"_s, { u"test"_s }, u"test"_s);
        many("distributed", u"distributed"_s, { u"test"_s, u"test2"_s }, u"test,server=test2"_s);
        one("csv", u"csv"_s, u"test"_s, u"test"_s);
        many("csv list", u"csv"_s, { u"test"_s, u"test2"_s }, u"test,test2"_s);
        one("html", u"html"_s, u"<script>alert(asd)</script>"_s, u"&lt;script&gt;alert(asd)&lt;/script&gt;"_s);
        one("html quotes", u"html"_s, u"a&'\""_s, u"a&amp;&#39;&quot;"_s);
        many("json", u"json"_s, { u"test"_s, u"12"_s }, u"[\"test\",\"12\"]"_s);
        one("json string", u"json"_s, u"test"_s, u"test"_s);
        many("json escapes", u"json"_s, { u"a\"b\\c\nd"_s }, u"[\"a\\\"b\\\\c\\nd\"]"_s);
        many("percentencode", u"percentencode"_s, { u"foo()bar BAZ"_s, u"test2"_s },
            u"%7Bfoo%28%29bar%20BAZ%2Ctest2%7D"_s);
        one("percentencode utf8", u"percentencode"_s, u"é!"_s, u"%C3%A9%21"_s);
        one("singlequote", u"singlequote"_s, u"test"_s, u"'test'"_s);
        many("singlequote list", u"singlequote"_s, { u"test"_s, u"test'2"_s }, u"'test','test\\'2'"_s);
        one("doublequote", u"doublequote"_s, u"test"_s, u"\"test\""_s);
        many("doublequote list", u"doublequote"_s, { u"test"_s, u"test\"2"_s }, u"\"test\",\"test\\\"2\""_s);
        one("sqlstring quote", u"sqlstring"_s, u"test'value"_s, u"'test''value'"_s);
        one("sqlstring double quote", u"sqlstring"_s, u"test\"value"_s, u"'test\\\"value'"_s);
        many("sqlstring list", u"sqlstring"_s, { u"test"_s, u"test'value2"_s, u"test\"value3"_s },
            u"'test','test''value2','test\\\"value3'"_s);
        one("date", u"date"_s, u"1594671549254"_s, u"2020-07-13T20:19:09.254Z"_s);
        one("date seconds", u"date:seconds"_s, u"1594671549254"_s, u"1594671549"_s);
        one("date iso", u"date:iso"_s, u"1594671549254"_s, u"2020-07-13T20:19:09.254Z"_s);
        one("date custom", u"date:YYYY-MM"_s, u"1594671549254"_s, u"2020-07"_s);
        one("date custom with colon", u"date:YYYY-MM:ss"_s, u"1594671549254"_s, u"2020-07:09"_s);
        one("date three parts", u"date:YYYY:MM:DD"_s, u"1594671549254"_s, u"2020:07:13"_s);
        one("join single", u"join"_s, u"hello"_s, u"hello"_s);
        many("join one", u"join"_s, { u"hello"_s }, u"hello"_s);
        many("join default", u"join"_s, { u"hello"_s, u"world"_s }, u"hello,world"_s);
        many("join separator", u"join: | "_s, { u"hello"_s, u"world"_s }, u"hello | world"_s);
        many("customqueryparam", u"customqueryparam"_s, { u"api"_s, u"database"_s }, u"server=api&server=database"_s);
        many("customqueryparam name", u"customqueryparam:p-server"_s, { u"api"_s, u"database"_s },
            u"p-server=api&p-server=database"_s);
        many("customqueryparam prefix", u"customqueryparam:p-server:v-"_s, { u"api"_s }, u"p-server=v-api"_s);
        one("customqueryparam string", u"customqueryparam:p-server:v-"_s, u"api"_s, u"p-server=v-api"_s);
        many("customqueryparam encoding", u"customqueryparam:space & ampersand!:v& "_s,
            { u"mysql&postgres"_s, u"databases!"_s },
            u"space%20%26%20ampersand%21=v%26%20mysql%26postgres&space%20%26%20ampersand%21=v%26%20databases%21"_s);
        one("uriencode", u"uriencode"_s, u"/any-path/any-second-path?query=foo()bar BAZ"_s,
            u"/any-path/any-second-path?query=foo%28%29bar%20BAZ"_s);
        one("queryparam", u"queryparam"_s, u"helloAZ%="_s, u"var-server=helloAZ%25%3D"_s);
        one("text", u"text"_s, u"v"_s, u"display text"_s);
    }
    void formats()
    {
        QFETCH(QString, format);
        QFETCH(QStringList, values);
        QFETCH(bool, isList);
        QFETCH(QString, expected);
        FormatTarget target;
        target.name = u"server"_s;
        target.text = u"display text"_s;
        target.timeZone = u"utc"_s;
        QCOMPARE(applyFormat(format, FormatValue { values, isList }, target), expected);
    }

    void escapes_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("promRegular");
        QTest::addColumn<QString>("promRegex");
        QTest::addColumn<QString>("lokiRegex");
        QTest::addRow("plain") << u"abc"_s << u"abc"_s << u"abc"_s << u"abc"_s;
        QTest::addRow("dot") << u"a.b"_s << u"a.b"_s << u"a\\\\.b"_s << u"a\\\\.b"_s;
        QTest::addRow("backslash") << u"a\\b"_s << u"a\\\\b"_s << u"a\\\\\\\\b"_s << u"a\\\\\\\\b"_s;
        QTest::addRow("single quote") << u"it's"_s << u"it\\\\'s"_s << u"it's"_s << u"it's"_s;
        QTest::addRow("regex specials") << u"$^*{}[]+?.()|"_s << u"$^*{}[]+?.()|"_s
                                        << u"\\\\$\\\\^\\\\*\\\\{\\\\}\\\\[\\\\]\\\\+\\\\?\\\\.\\\\(\\\\)\\\\|"_s
                                        << u"\\\\$\\\\^\\\\*\\\\{\\\\}\\\\[\\\\]\\\\+\\\\?\\\\.\\\\(\\\\)\\\\|"_s;
        QTest::addRow("double quote untouched") << u"a\"b"_s << u"a\"b"_s << u"a\"b"_s << u"a\"b"_s;
    }
    void escapes()
    {
        QFETCH(QString, input);
        QFETCH(QString, promRegular);
        QFETCH(QString, promRegex);
        QFETCH(QString, lokiRegex);
        QCOMPARE(prometheusRegularEscape(input), promRegular);
        QCOMPARE(prometheusSpecialRegexEscape(input), promRegex);
        QCOMPARE(lokiSpecialRegexEscape(input), lokiRegex);
    }

    void spansMapBack()
    {
        const QString text = u"rate(x{a=\"$single\"}[$__interval])"_s;
        const Interpolated r = templating::interpolate(text, context());
        QCOMPARE(r.text, u"rate(x{a=\"srv1\"}[30s])"_s);
        QCOMPARE(r.spans.size(), 2);
        QCOMPARE(r.spans[0].variable, u"single"_s);
        QCOMPARE(r.spans[0].original.begin, 10);
        QCOMPARE(r.spans[0].original.end, 17);
        QCOMPARE(r.spans[0].replaced.begin, 10);
        QCOMPARE(r.spans[0].replaced.end, 14);
        QCOMPARE(r.spans[1].original.begin, 20);
        QCOMPARE(r.spans[1].original.end, 31);
        QCOMPARE(r.spans[1].replaced.begin, 17);
        QCOMPARE(r.spans[1].replaced.end, 20);
        QCOMPARE(r.toOriginal(0), 0);
        QCOMPARE(r.toOriginal(11), 10);
        QCOMPARE(r.toOriginal(14), 17);
        QCOMPARE(r.toOriginal(16), 19);
        QCOMPARE(r.toOriginal(18), 20);
        QCOMPARE(r.toOriginal(20, true), 31);
        QCOMPARE(r.toOriginal(21), 32);
        const SourceRange mapped = r.toOriginal(SourceRange { 17, 20 });
        QCOMPARE(mapped.begin, 20);
        QCOMPARE(mapped.end, 31);
        const SourceRange tail = r.toOriginal(SourceRange { 21, 22 });
        QCOMPARE(tail.begin, 32);
        QCOMPARE(tail.end, 33);

        const Interpolated unknown = templating::interpolate(u"$nope x", context());
        QCOMPARE(unknown.text, u"$nope x"_s);
        QCOMPARE(unknown.spans.size(), 1);
        QVERIFY(!unknown.spans[0].found);
        QCOMPARE(unknown.toOriginal(6), 6);

        const Interpolated emptied = templating::interpolate(u"a$empty b", context());
        QCOMPARE(emptied.text, u"a b"_s);
        QCOMPARE(emptied.toOriginal(1), 7);
        QCOMPARE(emptied.toOriginal(2), 8);
    }

    void referenced()
    {
        QCOMPARE(referencedVariables(u"$a ${b:raw} [[c]] $a ${d.0} [[e:csv]]"),
            QStringList({ u"a"_s, u"b"_s, u"c"_s, u"d"_s, u"e"_s }));
        QVERIFY(referencedVariables(u"no variables here").isEmpty());
    }

    void builtinHelpers()
    {
        InterpolationContext ctx;
        addRangeBuiltins(ctx, 1000, 3'601'500);
        addIntervalBuiltins(ctx, IntervalValues { 20'000, u"20s"_s });
        QCOMPARE(interpolateString(u"$__range $__range_s $__range_ms $__interval $__interval_ms", ctx),
            u"3601s 3601 3600500 20s 20000"_s);
        PrometheusStep step;
        step.stepMs = 120'000;
        step.interval = u"2m"_s;
        step.rateIntervalMs = 480'000;
        step.rateInterval = u"8m0s"_s;
        step.rangeMs = 172'800'000;
        step.rangeS = 172'800;
        addPrometheusBuiltins(ctx, step);
        QCOMPARE(interpolateString(u"rate(x[$__rate_interval]) $__interval ${__rate_interval_ms} $__range", ctx),
            u"rate(x[8m0s]) 2m 480000 172800s"_s);
        LokiStep loki;
        loki.intervalMs = 2000;
        loki.interval = u"2s"_s;
        loki.autoValue = u"5s"_s;
        loki.rangeS = 60;
        loki.rangeMs = 60'000;
        addLokiBuiltins(ctx, loki);
        QCOMPARE(interpolateString(u"count_over_time({a=\"b\"}[$__auto]) $__interval", ctx),
            u"count_over_time({a=\"b\"}[5s]) 2s"_s);
    }
};

QTEST_GUILESS_MAIN(TestInterpolate)
#include "tst_interpolate.moc"
