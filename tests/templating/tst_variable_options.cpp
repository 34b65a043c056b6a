#include "core/templating/variable_options.h"

#include <QTest>

using namespace sg;
using namespace sg::templating;
using namespace Qt::StringLiterals;

namespace {

// "text|value" or "text" (no value); "~value" for a null text with a value
QList<MetricFindValue> found(const QStringList& items)
{
    QList<MetricFindValue> out;
    for (const QString& item : items) {
        if (item.startsWith(u'~')) {
            out.append({ QString(), item.mid(1) });
            continue;
        }
        const qsizetype bar = item.indexOf(u'|');
        if (bar < 0)
            out.append({ item, std::nullopt });
        else
            out.append({ item.left(bar), item.mid(bar + 1) });
    }
    return out;
}

QStringList dump(const QList<VariableOption>& options)
{
    QStringList out;
    for (const VariableOption& o : options)
        out << o.text + u'|' + o.value;
    return out;
}

QList<VariableOption> optionsOf(const QStringList& texts)
{
    QList<VariableOption> out;
    for (const QString& t : texts)
        out.append({ t, t.toLower() });
    return out;
}

QStringList textsOf(const QList<VariableOption>& options)
{
    QStringList out;
    for (const VariableOption& o : options)
        out << o.text;
    return out;
}

} // namespace

class TestVariableOptions : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void metricNames_data()
    {
        QTest::addColumn<QStringList>("input");
        QTest::addColumn<QString>("regex");
        QTest::addColumn<int>("sort");
        QTest::addColumn<bool>("applyToText");
        QTest::addColumn<QStringList>("expected");
        auto row = [](const char* name, const QStringList& in, const QString& re, int sort, bool text,
                       const QStringList& out) { QTest::addRow("%s", name) << in << re << sort << text << out; };
        row("no regex", { u"Option 1|opt1"_s, u"Option 2|opt2"_s }, {}, 0, false,
            { u"Option 1|opt1"_s, u"Option 2|opt2"_s });
        row("text only", { u"Option 1"_s, u"Option 2"_s }, {}, 0, false,
            { u"Option 1|Option 1"_s, u"Option 2|Option 2"_s });
        row("value only", { u"~opt1"_s, u"~opt2"_s }, {}, 0, false, { u"opt1|opt1"_s, u"opt2|opt2"_s });
        row("duplicates by value", { u"Option 1|opt1"_s, u"Option 1 Duplicate|opt1"_s, u"Option 2|opt2"_s }, {}, 0,
            false, { u"Option 1|opt1"_s, u"Option 2|opt2"_s });
        row("empty strings kept", { u"|"_s, u"Option|opt"_s }, {}, 0, false, { u"|"_s, u"Option|opt"_s });
        row("regex on value", { u"Display 1|val1"_s, u"Display 2|val2"_s, u"Display 11|val11"_s }, u"/^val1/"_s, 0,
            false, { u"Display 1|val1"_s, u"Display 11|val11"_s });
        row("regex on text", { u"Display1|val1"_s, u"Display2|val2"_s, u"Display11|val11"_s }, u"/^Display1/"_s, 0,
            true, { u"Display1|val1"_s, u"Display11|val11"_s });
        row("exact regex", { u"Option A|optA"_s, u"Option B|optB"_s }, u"/^optA$/"_s, 0, false, { u"Option A|optA"_s });
        row("no match", { u"Option 1|opt1"_s }, u"/^nomatch/"_s, 0, false, {});
        row("regex then sort", { u"Display3|val3"_s, u"Display1|val1"_s, u"Display2|val2"_s, u"Display1a|val1a"_s },
            u"/^Display1/"_s, 1, true, { u"Display1|val1"_s, u"Display1a|val1a"_s });
        row("capture group", { u"prefix-a"_s, u"prefix-b"_s, u"other"_s }, u"/prefix-(.*)/"_s, 0, false,
            { u"a|a"_s, u"b|b"_s });
        row("capture dedupes", { u"a1"_s, u"a2"_s }, u"/(a)/"_s, 0, false, { u"a|a"_s });
        row("bare pattern is anchored", { u"app1"_s, u"myapp"_s, u"app2"_s }, u"app.*"_s, 0, false,
            { u"app1|app1"_s, u"app2|app2"_s });
        row("named text and value", { u"Foo=1"_s, u"Bar=2"_s }, u"/(?<text>[^=]+)=(?<value>.+)/"_s, 0, false,
            { u"Foo|1"_s, u"Bar|2"_s });
        row("named value only", { u"id-7 x"_s }, u"/id-(?<value>\\d+)/"_s, 0, false, { u"7|7"_s });
        row("named text only", { u"host-a.example|a"_s }, u"/(?<text>host-\\w+)/"_s, 0, true, { u"host-a|host-a"_s });
        row("global many matches", { u"ab"_s }, u"/(\\w)/g"_s, 0, false, { u"a|a"_s, u"b|b"_s });
        row("global without groups", { u"aaa"_s }, u"/a/g"_s, 0, false, { u"aaa|aaa"_s });
        row("case insensitive", { u"foo1"_s, u"bar"_s }, u"/^FOO/i"_s, 0, false, { u"foo1|foo1"_s });
        row("unmatched group is empty", { u"x"_s }, u"/(y)?x/"_s, 0, false, { u"|"_s });
        row("sorted numerically", { u"srv-10"_s, u"srv-2"_s, u"srv-1"_s }, {}, 3, false,
            { u"srv-1|srv-1"_s, u"srv-2|srv-2"_s, u"srv-10|srv-10"_s });
    }
    void metricNames()
    {
        QFETCH(QStringList, input);
        QFETCH(QString, regex);
        QFETCH(int, sort);
        QFETCH(bool, applyToText);
        QFETCH(QStringList, expected);
        const auto result = metricNamesToOptions(
            found(input), regex, VariableSort(sort), applyToText ? RegexApplyTo::Text : RegexApplyTo::Value);
        QVERIFY2(result.ok(), result.ok() ? "" : result.error().message.c_str());
        QCOMPARE(dump(*result), expected);
    }

    void badRegex_data()
    {
        QTest::addColumn<QString>("regex");
        QTest::addRow("unclosed group") << u"/(/"_s;
        QTest::addRow("no closing slash") << u"/abc"_s;
        QTest::addRow("unknown flag") << u"/abc/x"_s;
        QTest::addRow("bare bad pattern") << u"a(b"_s;
    }
    void badRegex()
    {
        QFETCH(QString, regex);
        QVERIFY(!metricNamesToOptions(found({ u"a"_s }), regex, VariableSort::Disabled).ok());
        QVERIFY(!validateVariableRegex(regex).ok());
    }

    void sort_data()
    {
        QTest::addColumn<int>("sort");
        QTest::addColumn<QStringList>("input");
        QTest::addColumn<QStringList>("expected");
        QTest::addRow("disabled") << 0 << QStringList { u"b"_s, u"a"_s } << QStringList { u"b"_s, u"a"_s };
        QTest::addRow("alpha asc") << 1 << QStringList { u"Display3"_s, u"Display1"_s, u"Display2"_s }
                                   << QStringList { u"Display1"_s, u"Display2"_s, u"Display3"_s };
        QTest::addRow("alpha desc") << 2 << QStringList { u"Display3"_s, u"Display1"_s, u"Display2"_s }
                                    << QStringList { u"Display3"_s, u"Display2"_s, u"Display1"_s };
        QTest::addRow("alpha is case sensitive")
            << 1 << QStringList { u"b"_s, u"B"_s, u"a"_s, u"A"_s } << QStringList { u"A"_s, u"B"_s, u"a"_s, u"b"_s };
        QTest::addRow("alpha is not natural") << 1 << QStringList { u"Item 10"_s, u"Item 2"_s, u"Item 1"_s }
                                              << QStringList { u"Item 1"_s, u"Item 10"_s, u"Item 2"_s };
        QTest::addRow("numeric asc") << 3 << QStringList { u"Item 10"_s, u"Item 2"_s, u"Item 1"_s }
                                     << QStringList { u"Item 1"_s, u"Item 2"_s, u"Item 10"_s };
        QTest::addRow("numeric desc") << 4 << QStringList { u"Item 1"_s, u"Item 10"_s, u"Item 2"_s }
                                      << QStringList { u"Item 10"_s, u"Item 2"_s, u"Item 1"_s };
        QTest::addRow("numeric without numbers first")
            << 3 << QStringList { u"No Number"_s, u"Item 5"_s, u"Also No Number"_s }
            << QStringList { u"No Number"_s, u"Also No Number"_s, u"Item 5"_s };
        QTest::addRow("numeric desc reverses ties")
            << 4 << QStringList { u"x1"_s, u"y1"_s, u"z2"_s } << QStringList { u"z2"_s, u"y1"_s, u"x1"_s };
        QTest::addRow("numeric first number only")
            << 3 << QStringList { u"a9b1"_s, u"a10b0"_s, u"a2"_s } << QStringList { u"a2"_s, u"a9b1"_s, u"a10b0"_s };
        QTest::addRow("case insensitive asc") << 5 << QStringList { u"display3"_s, u"Display1"_s, u"display2"_s }
                                              << QStringList { u"Display1"_s, u"display2"_s, u"display3"_s };
        QTest::addRow("case insensitive desc") << 6 << QStringList { u"Display1"_s, u"display3"_s, u"display2"_s }
                                               << QStringList { u"display3"_s, u"display2"_s, u"Display1"_s };
        QTest::addRow("natural asc") << 7 << QStringList { u"Item 10"_s, u"Item 2"_s, u"Item 1"_s }
                                     << QStringList { u"Item 1"_s, u"Item 2"_s, u"Item 10"_s };
        QTest::addRow("natural desc") << 8 << QStringList { u"Item 1"_s, u"Item 10"_s, u"Item 2"_s }
                                      << QStringList { u"Item 10"_s, u"Item 2"_s, u"Item 1"_s };
        QTest::addRow("natural ignores case") << 7 << QStringList { u"a10"_s, u"a9"_s, u"B1"_s, u"A1"_s }
                                              << QStringList { u"A1"_s, u"a9"_s, u"a10"_s, u"B1"_s };
        QTest::addRow("natural hosts") << 7 << QStringList { u"node-12"_s, u"node-3"_s, u"node-100"_s }
                                       << QStringList { u"node-3"_s, u"node-12"_s, u"node-100"_s };
    }
    void sort()
    {
        QFETCH(int, sort);
        QFETCH(QStringList, input);
        QFETCH(QStringList, expected);
        QCOMPARE(textsOf(sortOptions(optionsOf(input), VariableSort(sort))), expected);
    }

    void selectCurrent_data()
    {
        QTest::addColumn<bool>("multi");
        QTest::addColumn<bool>("includeAll");
        QTest::addColumn<bool>("defaultToAll");
        QTest::addColumn<QStringList>("current");
        QTest::addColumn<QStringList>("currentText");
        QTest::addColumn<QStringList>("options"); // texts; values are lower case
        QTest::addColumn<QStringList>("values");
        QTest::addColumn<QStringList>("texts");
        const QStringList abc { u"A"_s, u"B"_s, u"C"_s };
        const QStringList all { u"$__all"_s };
        const QStringList allText { u"All"_s };
        QTest::addRow("single kept") << false << false << false << QStringList { u"b"_s } << QStringList { u"B"_s }
                                     << abc << QStringList { u"b"_s } << QStringList { u"B"_s };
        QTest::addRow("single text corrected")
            << false << false << false << QStringList { u"b"_s } << QStringList { u"b"_s } << abc
            << QStringList { u"b"_s } << QStringList { u"B"_s };
        QTest::addRow("single gone takes first")
            << false << false << false << QStringList { u"z"_s } << QStringList { u"Z"_s } << abc
            << QStringList { u"a"_s } << QStringList { u"A"_s };
        QTest::addRow("single found by text")
            << false << false << false << QStringList { u"old-b"_s } << QStringList { u"B"_s } << abc
            << QStringList { u"b"_s } << QStringList { u"B"_s };
        QTest::addRow("single gone to all")
            << false << true << true << QStringList { u"z"_s } << QStringList { u"Z"_s } << abc << all << allText;
        QTest::addRow("all kept") << true << true << false << all << allText << abc << all << allText;
        QTest::addRow("all text fixed") << true << true << false << all << all << abc << all << allText;
        QTest::addRow("all no longer offered")
            << false << false << false << all << allText << abc << QStringList { u"a"_s } << QStringList { u"A"_s };
        QTest::addRow("all no longer offered multi")
            << true << false << false << all << allText << abc << QStringList { u"a"_s } << QStringList { u"A"_s };
        QTest::addRow("multi partly kept") << true << false << false << QStringList { u"a"_s, u"z"_s, u"c"_s }
                                           << QStringList { u"A"_s, u"Z"_s, u"C"_s } << abc
                                           << QStringList { u"a"_s, u"c"_s } << QStringList { u"A"_s, u"C"_s };
        QTest::addRow("multi none kept") << true << false << false << QStringList { u"z"_s } << QStringList { u"Z"_s }
                                         << abc << QStringList { u"a"_s } << QStringList { u"A"_s };
        QTest::addRow("multi none kept to all")
            << true << true << true << QStringList { u"z"_s } << QStringList { u"Z"_s } << abc << all << allText;
        QTest::addRow("multi never matches by text")
            << true << false << false << QStringList { u"old-b"_s } << QStringList { u"B"_s } << abc
            << QStringList { u"a"_s } << QStringList { u"A"_s };
        QTest::addRow("no options include all") << false << true << false << QStringList { u"a"_s }
                                                << QStringList { u"A"_s } << QStringList {} << all << allText;
        QTest::addRow("no options multi") << true << false << false << QStringList { u"a"_s } << QStringList { u"A"_s }
                                          << QStringList {} << QStringList {} << QStringList {};
        QTest::addRow("no options single")
            << false << false << false << QStringList { u"a"_s } << QStringList { u"A"_s } << QStringList {}
            << QStringList {} << QStringList {};
        QTest::addRow("empty current takes first") << false << false << false << QStringList {} << QStringList {} << abc
                                                   << QStringList { u"a"_s } << QStringList { u"A"_s };
    }
    void selectCurrent()
    {
        QFETCH(bool, multi);
        QFETCH(bool, includeAll);
        QFETCH(bool, defaultToAll);
        QFETCH(QStringList, current);
        QFETCH(QStringList, currentText);
        QFETCH(QStringList, options);
        QFETCH(QStringList, values);
        QFETCH(QStringList, texts);
        Variable v;
        v.name = u"v"_s;
        v.multi = multi;
        v.includeAll = includeAll;
        v.defaultToAll = defaultToAll;
        v.current = current;
        v.currentText = currentText;
        const Selection s = templating::selectCurrent(v, optionsOf(options));
        QCOMPARE(s.values, values);
        QCOMPARE(s.texts, texts);
    }

    void customOptions_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QStringList>("expected");
        QTest::addRow("plain") << u"a,b,c"_s << QStringList { u"a|a"_s, u"b|b"_s, u"c|c"_s };
        QTest::addRow("trimmed") << u" a, b ,c "_s << QStringList { u"a|a"_s, u"b|b"_s, u"c|c"_s };
        QTest::addRow("key value") << u"key1 : value1,key2 : value2"_s
                                   << QStringList { u"key1|value1"_s, u"key2|value2"_s };
        QTest::addRow("escaped comma") << u"a\\,b,c"_s << QStringList { u"a,b|a,b"_s, u"c|c"_s };
        QTest::addRow("colon needs spaces") << u"k:v"_s << QStringList { u"k:v|k:v"_s };
        QTest::addRow("last colon splits") << u"a : b : c"_s << QStringList { u"a : b|c"_s };
        QTest::addRow("url value") << u"Prod : http://prod:9090"_s << QStringList { u"Prod|http://prod:9090"_s };
        QTest::addRow("empty") << QString() << QStringList {};
        QTest::addRow("blank item") << u" , a"_s << QStringList { u"|"_s, u"a|a"_s };
        QTest::addRow("intervals") << u"1m,5m,1h"_s << QStringList { u"1m|1m"_s, u"5m|5m"_s, u"1h|1h"_s };
    }
    void customOptions()
    {
        QFETCH(QString, query);
        QFETCH(QStringList, expected);
        QCOMPARE(dump(parseCustomOptions(query)), expected);
    }

    void intervalOptions_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<bool>("autoEnabled");
        QTest::addColumn<QStringList>("expected");
        QTest::addRow("plain") << u"1m,10m,30m"_s << false << QStringList { u"1m|1m"_s, u"10m|10m"_s, u"30m|30m"_s };
        QTest::addRow("auto first") << u"1m,10m"_s << true
                                    << QStringList { u"Auto|$__auto"_s, u"1m|1m"_s, u"10m|10m"_s };
        QTest::addRow("quotes and duplicates") << u"'1m','5m',1m"_s << false << QStringList { u"1m|1m"_s, u"5m|5m"_s };
        QTest::addRow("double quotes") << u"\"1h\", 2h"_s << false << QStringList { u"1h|1h"_s, u"2h|2h"_s };
    }
    void intervalOptions()
    {
        QFETCH(QString, query);
        QFETCH(bool, autoEnabled);
        QFETCH(QStringList, expected);
        QCOMPARE(dump(intervalVariableOptions(query, autoEnabled)), expected);
    }
    void intervalDefaults()
    {
        const auto options = intervalVariableOptions(u"", false);
        QCOMPARE(options.size(), 10);
        QCOMPARE(options.first().value, u"1m"_s);
        QCOMPARE(options.last().value, u"30d"_s);
        QVERIFY(isAutoIntervalValue(u"$__auto"));
        QVERIFY(isAutoIntervalValue(u"$__auto_interval_step"));
        QVERIFY(!isAutoIntervalValue(u"1m"));
        QCOMPARE(dump(constantOptions(u"prod")), QStringList { u"prod|prod"_s });
    }

    void intervalAuto_data()
    {
        QTest::addColumn<qint64>("rangeMs");
        QTest::addColumn<int>("count");
        QTest::addColumn<QString>("min");
        QTest::addColumn<QString>("expected");
        QTest::addRow("24h / 30") << qint64(86'400'000) << 30 << u"10s"_s << u"1h"_s;
        QTest::addRow("1h / 30") << qint64(3'600'000) << 30 << u"10s"_s << u"2m"_s;
        QTest::addRow("5m / 30 is the minimum") << qint64(300'000) << 30 << u"10s"_s << u"10s"_s;
        QTest::addRow("7d / 100") << qint64(604'800'000) << 100 << u"10s"_s << u"2h"_s;
        QTest::addRow("1h / 30, min 5m") << qint64(3'600'000) << 30 << u"5m"_s << u"5m"_s;
    }
    void intervalAuto()
    {
        QFETCH(qint64, rangeMs);
        QFETCH(int, count);
        QFETCH(QString, min);
        QFETCH(QString, expected);
        const auto v = intervalVariableAuto(0, rangeMs, count, min);
        QVERIFY(v.ok());
        QCOMPARE(*v, expected);
        QVERIFY(!intervalVariableAuto(0, rangeMs, count, u"soon").ok());
    }
};

QTEST_GUILESS_MAIN(TestVariableOptions)
#include "tst_variable_options.moc"
