#include "core/logql/filter_edit.h"

#include <QTest>

using namespace sg;
using namespace Qt::StringLiterals;

class TestLogqlFilterEdit : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void toggle_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<int>("source");
        QTest::addColumn<bool>("exclude");
        QTest::addColumn<QString>("expected");
        const int stream = int(logql::FieldSource::StreamLabel);
        const int parsed = int(logql::FieldSource::Parsed);
        const int meta = int(logql::FieldSource::Metadata);
        QTest::addRow("stream-add") << u"{app=\"api\"} |= \"err\""_s << stream << false
                                    << u"{app=\"api\", env=\"prod\"} |= \"err\""_s;
        QTest::addRow("stream-remove") << u"{app=\"api\",env=\"prod\"} |= \"err\""_s << stream << false
                                       << u"{app=\"api\"} |= \"err\""_s;
        QTest::addRow("stream-out") << u"{app=\"api\"}"_s << stream << true << u"{app=\"api\", env!=\"prod\"}"_s;
        QTest::addRow("stream-flip") << u"{app=\"api\", env!=\"prod\"}"_s << stream << false
                                     << u"{app=\"api\", env=\"prod\"}"_s;
        QTest::addRow("parsed-add") << u"{app=\"api\"} | json"_s << parsed << false
                                    << u"{app=\"api\"} | json | env=\"prod\""_s;
        QTest::addRow("parsed-remove") << u"{app=\"api\"} | json | env=\"prod\" |= \"x\""_s << parsed << false
                                       << u"{app=\"api\"} | json |= \"x\""_s;
        QTest::addRow("parsed-flip") << u"{app=\"api\"} | logfmt | env!=\"prod\""_s << parsed << false
                                     << u"{app=\"api\"} | logfmt | env=\"prod\""_s;
        QTest::addRow("parsed-out") << u"{app=\"api\"} | logfmt"_s << parsed << true
                                    << u"{app=\"api\"} | logfmt | env!=\"prod\""_s;
        QTest::addRow("metadata-no-pipeline") << u"{app=\"api\"}"_s << meta << false
                                              << u"{app=\"api\"} | env=\"prod\""_s;
        QTest::addRow("metric-query") << u"sum(count_over_time({app=\"api\"} | json [5m]))"_s << parsed << false
                                      << u"sum(count_over_time({app=\"api\"} | json | env=\"prod\" [5m]))"_s;
        QTest::addRow("both-sides") << u"count_over_time({a=\"1\"}[1m]) / count_over_time({b=\"2\"}[1m])"_s
                                    << stream << false
                                    << u"count_over_time({a=\"1\", env=\"prod\"}[1m]) / count_over_time({b=\"2\", "
                                           "env=\"prod\"}[1m])"_s;
    }
    void toggle()
    {
        QFETCH(QString, query);
        QFETCH(int, source);
        QFETCH(bool, exclude);
        QFETCH(QString, expected);
        const logql::FieldFilter f { "env", "prod", logql::FieldSource(source), exclude };
        auto out = logql::toggleFieldFilter(query.toStdString(), f);
        QVERIFY2(out.ok(), out.ok() ? "" : out.error().message.c_str());
        QCOMPARE(QString::fromStdString(*out), expected);
        // The result holds the filter exactly when the input did not: toggling twice is a round trip of presence.
        auto before = logql::hasFieldFilter(query.toStdString(), f);
        auto after = logql::hasFieldFilter(*out, f);
        QVERIFY(before.ok() && after.ok());
        QCOMPARE(*after, !*before);
    }
    void quotesValues()
    {
        const logql::FieldFilter f { "msg", "say \"hi\"\\", logql::FieldSource::Parsed, false };
        auto out = logql::toggleFieldFilter("{app=\"a\"} | json", f);
        QVERIFY(out.ok());
        QCOMPARE(QString::fromStdString(*out), u"{app=\"a\"} | json | msg=\"say \\\"hi\\\"\\\\\""_s);
        auto back = logql::toggleFieldFilter(*out, f);
        QVERIFY(back.ok());
        QCOMPARE(QString::fromStdString(*back), u"{app=\"a\"} | json"_s);
    }
    void parserAddedWhenMissing()
    {
        logql::FieldFilter f { "status", "500", logql::FieldSource::Parsed, false, "logfmt" };
        auto out = logql::toggleFieldFilter("{app=\"a\"} |= \"x\"", f);
        QVERIFY(out.ok());
        QCOMPARE(QString::fromStdString(*out), u"{app=\"a\"} |= \"x\" | logfmt | status=\"500\""_s);
        // With a parser present, only the filter goes in; the toggle takes out only the filter.
        auto back = logql::toggleFieldFilter(*out, f);
        QVERIFY(back.ok());
        QCOMPARE(QString::fromStdString(*back), u"{app=\"a\"} |= \"x\" | logfmt"_s);
        auto json = logql::toggleFieldFilter("{app=\"a\"} | json", f);
        QCOMPARE(QString::fromStdString(*json), u"{app=\"a\"} | json | status=\"500\""_s);
    }
    void errors()
    {
        QVERIFY(!logql::toggleFieldFilter("{app=", { "a", "b" }).ok());
        // The last matcher of a selector cannot be removed.
        QVERIFY(!logql::toggleFieldFilter("{env=\"prod\"}", { "env", "prod", logql::FieldSource::StreamLabel }).ok());
    }
    void lineFilters()
    {
        const auto terms = logql::positiveLineFilters("{a=\"1\"} |= \"err\" != \"skip\" |~ \"time(out)?\" or \"x\"");
        QCOMPARE(terms.size(), std::size_t(3));
        QCOMPARE(QString::fromStdString(terms[0].text), u"err"_s);
        QVERIFY(!terms[0].regex);
        QCOMPARE(QString::fromStdString(terms[1].text), u"time(out)?"_s);
        QVERIFY(terms[1].regex);
        QCOMPARE(QString::fromStdString(terms[2].text), u"x"_s);
        QVERIFY(logql::positiveLineFilters("{a=").empty());
    }
    void selectorOfStream()
    {
        QCOMPARE(QString::fromStdString(logql::streamSelector({ { "app", "a\"b" }, { "env", "prod" } })),
            u"{app=\"a\\\"b\", env=\"prod\"}"_s);
    }
};

QTEST_GUILESS_MAIN(TestLogqlFilterEdit)
#include "tst_logql_filter_edit.moc"
