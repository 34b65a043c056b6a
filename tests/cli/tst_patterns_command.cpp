// `sightglass patterns` as a real process over a data dir's log store (opened read-only): the ranked table, the
// JSON rows, explicit and default baselines, time forms, and exit 2 on usage errors.

#include "core/logstore/store.h"
#include "tests/common/run_sightglass.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sg;

namespace {
constexpr qint64 StartS = 1'717'200'000; // 2024-06-01T00:00:00Z
constexpr TimestampNs SecondNs = 1'000'000'000;
} // namespace

class TestPatternsCommand : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        auto store = logs::Store::open(m_dir.filePath(u"logs"_s).toStdString());
        QVERIFY(store.ok());
        // 10 minutes of "job N finished" every second; in the last 2 minutes also "disk full" errors every 2 s.
        logs::PushBatch batch;
        logs::Stream app { Labels { { "app", "worker" } }, {} };
        for (int s = 0; s < 600; ++s) {
            const TimestampNs ts = (StartS + s) * SecondNs;
            app.entries.push_back({ ts, "job " + std::to_string(1000 + s) + " finished in " + std::to_string(s % 90) + " ms", {} });
            if (s >= 480 && s % 2 == 0)
                app.entries.push_back({ ts + 1, "write failed: disk full on /var/lib/data" + std::to_string(s % 3), {} });
        }
        batch.streams.push_back(std::move(app));
        QCOMPARE((*store)->push(batch).accepted, std::size_t(660));
    }

    void table()
    {
        const auto r = testing::runSightglass({ u"patterns"_s, u"--query"_s, u"{app=\"worker\"}"_s, u"--from"_s,
            QString::number(StartS + 480), u"--to"_s, u"2024-06-01T00:10:00Z"_s, u"--data-dir"_s, m_dir.path() });
        QVERIFY2(r.exitCode == 0, r.dump());
        const QStringList lines = r.outLines();
        QCOMPARE(lines.size(), 3);
        QVERIFY(lines[0].contains(u"PATTERN"_s));
        // The new errors first (60 lines, none in the 2 minutes before), then the steady jobs (120 and 120).
        QVERIFY2(lines[1].simplified().startsWith(u"60 0 "_s), r.dump());
        QVERIFY2(lines[1].endsWith(u"write failed: disk full on <_>"_s), r.dump());
        QVERIFY2(lines[2].simplified() == u"120 120 0.00 unknown job <_> finished in <_> ms"_s, r.dump());
        QVERIFY(r.err.contains(u"180 spike lines, 120 baseline lines, 2 patterns"_s));
    }

    void json()
    {
        // An explicit baseline: the first 4 minutes (240 job lines in twice the spike's length).
        const auto r = testing::runSightglass({ u"patterns"_s, u"--query"_s, u"{app=\"worker\"}"_s, u"--from"_s,
            QString::number(StartS + 480), u"--to"_s, QString::number(StartS + 600), u"--baseline-from"_s,
            QString::number(StartS), u"--baseline-to"_s, QString::number(StartS + 240), u"--data-dir"_s, m_dir.path(),
            u"--json"_s });
        QVERIFY2(r.exitCode == 0, r.dump());
        const QJsonArray rows = QJsonDocument::fromJson(r.out.toUtf8()).array();
        QCOMPARE(rows.size(), 2);
        const QJsonObject top = rows[0].toObject();
        // The documented keys, and the level the pattern was mined in (no level word in these lines).
        QCOMPARE(top.keys(), (QStringList { u"baseline_count"_s, u"count"_s, u"level"_s, u"pattern"_s, u"samples"_s, u"score"_s }));
        QCOMPARE(top.value(u"level"_s).toString(), u"unknown"_s);
        QCOMPARE(top.value(u"pattern"_s).toString(), u"write failed: disk full on <_>"_s);
        QCOMPARE(top.value(u"count"_s).toInt(), 60);
        QCOMPARE(top.value(u"baseline_count"_s).toInt(), 0);
        QVERIFY(qAbs(top.value(u"score"_s).toDouble() - std::log2(31.0)) < 1e-3);
        QCOMPARE(top.value(u"samples"_s).toArray().first().toString(), u"write failed: disk full on /var/lib/data0"_s);
        const QJsonObject jobs = rows[1].toObject();
        QCOMPARE(jobs.value(u"baseline_count"_s).toInt(), 240);
        QCOMPARE(jobs.value(u"score"_s).toDouble(), 0.0);
        // Output starts with the exact key order.
        QVERIFY(r.out.startsWith(u"[{\"pattern\":\"write failed: disk full on <_>\",\"count\":60,\"baseline_count\":0,\"score\":"_s));
    }

    void dayEarlierBaseline()
    {
        // A day before the data there is no line: every pattern is new.
        const auto r = testing::runSightglass({ u"patterns"_s, u"--query"_s, u"{app=\"worker\"}"_s, u"--from"_s,
            QString::number(StartS + 480), u"--to"_s, QString::number(StartS + 600), u"--baseline-day-earlier"_s,
            u"--data-dir"_s, m_dir.path() });
        QVERIFY2(r.exitCode == 0, r.dump());
        QVERIFY2(r.err.contains(u"180 spike lines, 0 baseline lines, 2 patterns"_s), r.dump());
        QVERIFY2(r.outLines().value(1).simplified().startsWith(u"120 0 "_s), r.dump());
    }

    void relativeTimesFindNothing()
    {
        // now-1h..now holds none of the 2024 lines: an empty answer, not an error.
        const auto r = testing::runSightglass({ u"patterns"_s, u"--query"_s, u"{app=\"worker\"}"_s, u"--from"_s,
            u"now-1h"_s, u"--to"_s, u"now"_s, u"--data-dir"_s, m_dir.path(), u"--json"_s });
        QVERIFY2(r.exitCode == 0, r.dump());
        QCOMPARE(r.out.trimmed(), u"[]"_s);
    }

    void timesPastInt64Nanoseconds()
    {
        // Unix seconds past the years 1678-2262 hold at the ends of int64 nanoseconds: the whole span finds the lines.
        const auto r = testing::runSightglass({ u"patterns"_s, u"--query"_s, u"{app=\"worker\"}"_s, u"--from"_s,
            u"-99999999999"_s, u"--to"_s, u"99999999999"_s, u"--data-dir"_s, m_dir.path(), u"--json"_s });
        QVERIFY2(r.exitCode == 0, r.dump());
        const QJsonArray rows = QJsonDocument::fromJson(r.out.toUtf8()).array();
        QVERIFY2(!rows.isEmpty(), r.dump());
    }

    void help()
    {
        const auto r = testing::runSightglass({ u"patterns"_s, u"--help"_s });
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.startsWith(u"usage: sightglass patterns --query LOGQL"_s));
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addRow("no query") << QStringList { u"--from"_s, u"now-1h"_s, u"--to"_s, u"now"_s };
        QTest::addRow("bad time") << QStringList { u"--query"_s, u"{a=\"b\"}"_s, u"--from"_s, u"yesterday"_s, u"--to"_s, u"now"_s };
        QTest::addRow("reversed") << QStringList { u"--query"_s, u"{a=\"b\"}"_s, u"--from"_s, u"now"_s, u"--to"_s, u"now-1h"_s };
        QTest::addRow("half baseline") << QStringList { u"--query"_s, u"{a=\"b\"}"_s, u"--from"_s, u"now-1h"_s, u"--to"_s,
            u"now"_s, u"--baseline-from"_s, u"now-2h"_s };
        QTest::addRow("metric query") << QStringList { u"--query"_s, u"rate({a=\"b\"}[1m])"_s, u"--from"_s, u"now-1h"_s,
            u"--to"_s, u"now"_s };
        QTest::addRow("two baselines") << QStringList { u"--query"_s, u"{a=\"b\"}"_s, u"--from"_s, u"now-1h"_s, u"--to"_s,
            u"now"_s, u"--baseline-from"_s, u"now-3h"_s, u"--baseline-to"_s, u"now-2h"_s, u"--baseline-day-earlier"_s };
        QTest::addRow("unknown flag") << QStringList { u"--query"_s, u"{a=\"b\"}"_s, u"--from"_s, u"now-1h"_s, u"--to"_s,
            u"now"_s, u"--frobnicate"_s, u"x"_s };
    }
    void usageErrors()
    {
        QFETCH(QStringList, args);
        const auto r = testing::runSightglass(QStringList { u"patterns"_s } + args + QStringList { u"--data-dir"_s, m_dir.path() });
        QVERIFY2(r.exitCode == 2, r.dump());
        QVERIFY(r.err.startsWith(u"patterns: "_s));
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestPatternsCommand)
#include "tst_patterns_command.moc"
