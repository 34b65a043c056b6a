// `sightglass query format` and `sightglass query check` as real processes: input from stdin, `-` or a file, the
// language guessed or given, the exact output others script against, and the exit codes (0, 1 on a query that does
// not parse or a file that cannot be read, 2 on usage errors).

#include "tests/common/run_sightglass.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

sg::testing::Run sightglass(const QStringList& args, const QByteArray& input = {})
{
    return sg::testing::runSightglass(args, input, 30'000);
}

} // namespace

class TestQueryCommands : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void format_data();
    void format();
    void check_data();
    void check();
    void fromFile();
    void usage_data();
    void usage();
};

void TestQueryCommands::format_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("input");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("out");
    QTest::addColumn<QString>("err");
    QTest::addRow("promql, comments and variables")
        << QStringList { u"format"_s } << u"# errors per job\nsum(rate(errors_total{job=~\"$job\"}[$__rate_interval])) by (job) # ratio\n"_s << 0
        << u"# errors per job\nsum by (job) (rate(errors_total{job=~\"$job\"}[$__rate_interval])) # ratio\n"_s << QString();
    QTest::addRow("promql split")
        << QStringList { u"format"_s, u"-"_s }
        << u"sum(rate(http_requests_total{job=\"api\",code=~\"5..\"}[5m])) / sum(rate(http_requests_total{job=\"api\"}[5m]))"_s << 0
        << u"  sum(rate(http_requests_total{code=~\"5..\",job=\"api\"}[5m]))\n/\n  sum(rate(http_requests_total{job=\"api\"}[5m]))\n"_s
        << QString();
    QTest::addRow("logql guessed") << QStringList { u"format"_s } << u"sum(count_over_time({app=\"api\"}|=\"error\"[5m])) by (pod)"_s << 0
                                   << u"sum by (pod)(count_over_time({app=\"api\"} |= \"error\"[5m]))\n"_s << QString();
    QTest::addRow("lang given") << QStringList { u"format"_s, u"--lang"_s, u"logql"_s } << u"{app = \"api\"}"_s << 0
                                << u"{app=\"api\"}\n"_s << QString();
    QTest::addRow("parse error") << QStringList { u"format"_s } << u"# c\nsum(rate(x[5m])"_s << 1 << QString()
                                 << u"2:1: parse error: unclosed left parenthesis\n"_s;
}

void TestQueryCommands::format()
{
    QFETCH(QStringList, args);
    QFETCH(QString, input);
    QFETCH(int, exitCode);
    QFETCH(QString, out);
    QFETCH(QString, err);
    const sg::testing::Run r = sightglass(QStringList { u"query"_s } + args, input.toUtf8());
    QCOMPARE(r.err, err);
    QCOMPARE(r.out, out);
    QCOMPARE(r.exitCode, exitCode);
}

void TestQueryCommands::check_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("out");
    QTest::addRow("clean") << u"rate(http_requests_total[$__rate_interval])"_s << 0 << QString();
    QTest::addRow("warnings") << u"irate(x_total[1h])\n  + max_over_time(y[5m:5m])"_s << 0
                              << u"1:7: warning: irate over 1h: it uses only the last two samples of the range, so a range beyond 5m only matters for series scraped less often (rate averages over the whole range)\n"
                                 u"2:19: warning: subquery [5m:5m] has its range equal to its step: each evaluation sees a single point\n"_s;
    QTest::addRow("error on the second line") << u"# $job errors\nsum(rate(x{job=\"$job\"}[$__rate_interval])))"_s << 1
                                              << u"2:43: parse error: unexpected right parenthesis ')'\n"_s;
    QTest::addRow("logql") << u"{app=\"api\"} |= \"\" | json"_s << 0 << u"1:13: warning: |= \"\" keeps every line: the filter does nothing\n"_s;
    QTest::addRow("logql error") << u"{app=\"api\"} | json |"_s << 1
                                 << u"1:21: parse error: syntax error: unexpected end of input, expecting a pipeline stage or label filter\n"_s;
}

void TestQueryCommands::check()
{
    QFETCH(QString, input);
    QFETCH(int, exitCode);
    QFETCH(QString, out);
    const sg::testing::Run r = sightglass({ u"query"_s, u"check"_s }, input.toUtf8());
    QCOMPARE(r.out, out);
    QCOMPARE(r.err, QString());
    QCOMPARE(r.exitCode, exitCode);
}

void TestQueryCommands::fromFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"errors.promql"_s);
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("sum(rate(x_total[5m])) by (job)\n");
    f.close();
    sg::testing::Run r = sightglass({ u"query"_s, u"format"_s, path });
    QCOMPARE(r.out, u"sum by (job) (rate(x_total[5m]))\n"_s);
    QCOMPARE(r.exitCode, 0);
    r = sightglass({ u"query"_s, u"check"_s, u"--lang"_s, u"promql"_s, path });
    QCOMPARE(r.out, QString());
    QCOMPARE(r.exitCode, 0);
    r = sightglass({ u"query"_s, u"check"_s, dir.filePath(u"missing.promql"_s) });
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.startsWith(u"query check: "_s) && r.err.contains(u"missing.promql"_s), qPrintable(r.err));
}

void TestQueryCommands::usage_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::addRow("no verb") << QStringList {} << 2;
    QTest::addRow("unknown verb") << QStringList { u"pretty"_s } << 2;
    QTest::addRow("unknown language") << QStringList { u"format"_s, u"--lang"_s, u"sql"_s } << 2;
    QTest::addRow("two files") << QStringList { u"check"_s, u"a"_s, u"b"_s } << 2;
    QTest::addRow("unknown option") << QStringList { u"check"_s, u"--json"_s } << 2;
    QTest::addRow("help") << QStringList { u"--help"_s } << 0;
    QTest::addRow("verb help") << QStringList { u"format"_s, u"--help"_s } << 0;
}

void TestQueryCommands::usage()
{
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    const sg::testing::Run r = sightglass(QStringList { u"query"_s } + args);
    QCOMPARE(r.exitCode, exitCode);
    const QString text = exitCode == 0 ? r.out : r.err;
    QVERIFY2(text.contains(u"sightglass query format [--lang promql|logql] [FILE|-]"_s), qPrintable(text));
    QVERIFY2(text.contains(u"sightglass query check [--lang promql|logql] [--data-dir DIR | --url URL] [FILE|-]"_s), qPrintable(text));
    if (exitCode == 0)
        QVERIFY2(text.contains(u"Without --lang the language is guessed"_s), qPrintable(text));
}

QTEST_GUILESS_MAIN(TestQueryCommands)
#include "tst_query_commands.moc"
