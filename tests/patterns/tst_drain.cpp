// The Drain miner: tokenization, clustering, thresholds, the ranking of a comparison and the LogQL it produces.
#include "core/logql/parser.h"
#include "core/logql/pipeline.h"
#include "core/patterns/compare.h"
#include "core/patterns/drain.h"
#include "core/patterns/level_miners.h"
#include "core/patterns/pattern_query.h"

#include <QtTest>

#include <limits>

using namespace sg;
using namespace sg::patterns;

namespace {

QStringList patternList(const DrainMiner& miner)
{
    QStringList out;
    for (const auto& p : miner.patterns())
        out << QString::fromStdString(p.pattern) + QStringLiteral(" x%1").arg(p.total());
    out.sort();
    return out;
}

QStringList tokensOf(std::string_view line)
{
    TokenizedLine t;
    tokenizeLine(line, t);
    QStringList out;
    for (auto tok : t.tokens)
        out << QString::fromUtf8(tok.data(), qsizetype(tok.size()));
    return out;
}

} // namespace

class TestDrain : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void tokenize_data()
    {
        QTest::addColumn<QString>("line");
        QTest::addColumn<QStringList>("tokens");
        QTest::addRow("words") << QStringLiteral("GET /items ok") << QStringList { QStringLiteral("GET"), QStringLiteral("/items"), QStringLiteral("ok") };
        QTest::addRow("logfmt") << QStringLiteral("level=ERROR msg=\"x y\"")
                                << QStringList { QStringLiteral("level"), QStringLiteral("="), QStringLiteral("ERROR"), QStringLiteral("msg"),
                                       QStringLiteral("="), QStringLiteral("\""), QStringLiteral("x"), QStringLiteral("y"), QStringLiteral("\"") };
        QTest::addRow("numbers-masked") << QStringLiteral("took 12ms at 2024-06-11T09:30:00.123Z from 10.0.0.1")
                                        << QStringList { QStringLiteral("took"), QStringLiteral("<_>"), QStringLiteral("at"), QStringLiteral("<_>"),
                                               QStringLiteral("from"), QStringLiteral("<_>") };
        QTest::addRow("hex-id") << QStringLiteral("trace a3f9c2d41b7e8f00 done")
                                << QStringList { QStringLiteral("trace"), QStringLiteral("<_>"), QStringLiteral("done") };
        QTest::addRow("json") << QStringLiteral("{\"a\":\"b\"}")
                              << QStringList { QStringLiteral("{"), QStringLiteral("\""), QStringLiteral("a"), QStringLiteral("\""),
                                     QStringLiteral(":"), QStringLiteral("\""), QStringLiteral("b"), QStringLiteral("\""), QStringLiteral("}") };
    }
    void tokenize()
    {
        QFETCH(QString, line);
        QFETCH(QStringList, tokens);
        const std::string s = line.toStdString();
        QCOMPARE(tokensOf(s), tokens);
    }

    void masksNumbersFromTheFirstLine()
    {
        DrainMiner miner;
        QVERIFY(miner.add("request 42 done in 15ms", 1));
        QCOMPARE(patternList(miner), QStringList { QStringLiteral("request <_> done in <_> x1") });
    }

    void variableTokensBecomeParams()
    {
        DrainMiner miner;
        // The last token is not part of the tree's route: lines that differ there join one cluster.
        miner.add("user logged in from host-a", 1);
        miner.add("user logged in from host-b", 2);
        miner.add("user logged in from host-c", 3);
        QCOMPARE(patternList(miner), QStringList { QStringLiteral("user logged in from <_> x3") });
        // Adjacent placeholders print as one.
        DrainOptions countOnly;
        countOnly.depth = 3; // route on the token count only
        DrainMiner joined({ MiningWindow {} }, countOnly);
        joined.add("k=v1;x end", 1);
        joined.add("k=v2,x end", 2);
        QCOMPARE(patternList(joined), QStringList { QStringLiteral("k=<_>x end x2") });
    }

    void keepsSpacing()
    {
        DrainMiner miner;
        miner.add("  a  b c", 1);
        QCOMPARE(patternList(miner), QStringList { QStringLiteral("  a  b c x1") });
    }

    void differentTokenCountsNeverMerge()
    {
        DrainOptions o;
        o.depth = 3; // route on the token count only
        o.similarity = 0.0;
        DrainMiner miner({ MiningWindow {} }, o);
        miner.add("alpha beta gamma", 1);
        miner.add("alpha beta gamma delta", 2);
        miner.add("alpha beta", 3);
        QCOMPARE(miner.clusterCount(), std::size_t(3));
        QCOMPARE(patternList(miner),
            (QStringList { QStringLiteral("alpha beta gamma delta x1"), QStringLiteral("alpha beta gamma x1"), QStringLiteral("alpha beta x1") }));
    }

    void similarityThreshold()
    {
        DrainOptions o;
        o.depth = 3;
        {
            DrainMiner miner({ MiningWindow {} }, o); // Loki's 0.3
            miner.add("alpha beta gamma delta", 1);
            miner.add("one two three delta", 2); // 1 of 4 tokens equal: 0.25
            miner.add("alpha beta x y", 3);      // 2 of 4: 0.5
            QCOMPARE(patternList(miner),
                (QStringList { QStringLiteral("alpha beta <_> <_> x2"), QStringLiteral("one two three delta x1") }));
        }
        {
            o.similarity = 0.6;
            DrainMiner miner({ MiningWindow {} }, o);
            miner.add("alpha beta gamma delta", 1);
            miner.add("alpha beta x y", 3);
            QCOMPARE(miner.clusterCount(), std::size_t(2));
        }
    }

    void maxChildrenSendsTheRestToThePlaceholderBranch()
    {
        DrainMiner miner;
        const char* names[] = { "ann", "bob", "cid", "dan", "eve", "fay", "gus", "hal", "ida", "jon", "kim", "lea",
            "max", "ned", "oli", "pam", "quin", "rex", "sam", "tom" };
        for (const char* n : names)
            miner.add(std::string("user ") + n + " logged in", 1);
        // 14 names get their own branch (the 15th child is `<_>`), the other six share it and merge.
        const auto patterns = miner.patterns();
        QCOMPARE(patterns.size(), std::size_t(15));
        QCOMPARE(QString::fromStdString(patterns.front().pattern), QStringLiteral("user <_> logged in"));
        QCOMPARE(patterns.front().total(), std::uint64_t(6));
    }

    void limits()
    {
        // Past 127 tokens the rest of the line is one token: two long lines differing only there share a pattern.
        std::string head;
        for (int i = 0; i < 130; ++i)
            head += "w" + std::string(1, char('a' + i % 26)) + " ";
        DrainMiner miner;
        QVERIFY(miner.add(head + "tail one", 1));
        QVERIFY(miner.add(head + "tail two", 2));
        QCOMPARE(miner.clusterCount(), std::size_t(1));
        QVERIFY(miner.patterns()[0].pattern.size() < head.size() + 4);
        // Lines over 3000 bytes and empty lines are skipped and counted.
        QVERIFY(!miner.add(std::string(3001, 'x'), 3));
        QVERIFY(!miner.add("   ", 4));
        QCOMPARE(miner.linesSkipped(), std::uint64_t(2));
        QCOMPARE(miner.linesAdded(), std::uint64_t(2));
        // No cluster beyond maxClusters: lines that would need one are skipped, others still join theirs.
        DrainOptions o;
        o.maxClusters = 2;
        DrainMiner capped({ MiningWindow {} }, o);
        QVERIFY(capped.add("alpha one", 1));
        QVERIFY(capped.add("beta two three", 2));
        QVERIFY(!capped.add("gamma four five six", 3));
        QVERIFY(capped.add("alpha 2", 4));
        QCOMPARE(capped.clusterCount(), std::size_t(2));
        QCOMPARE(capped.linesSkipped(), std::uint64_t(1));
    }

    void windowsCountApart()
    {
        const TimestampNs s = 1'000'000'000;
        DrainMiner miner({ MiningWindow { 0, 10 * s, 5 * s }, MiningWindow { 10 * s, 20 * s, 0 } });
        miner.add("job 1 ok", 1 * s, 0);
        miner.add("job 2 ok", 7 * s, 0);
        miner.add("job 3 ok", 8 * s, 0);
        miner.add("job 4 ok", 12 * s, 1);
        const auto p = miner.patterns();
        QCOMPARE(p.size(), std::size_t(1));
        QCOMPARE(p[0].windows[0].count, std::uint64_t(3));
        QCOMPARE(p[0].windows[1].count, std::uint64_t(1));
        QCOMPARE(p[0].windows[0].firstSeen, 1 * s);
        QCOMPARE(p[0].windows[0].lastSeen, 8 * s);
        QCOMPARE(p[0].windows[0].buckets, (std::vector<std::uint32_t> { 1, 2 }));
        QVERIFY(p[0].windows[1].buckets.empty());
        QCOMPARE(p[0].windows[0].samples, (std::vector<std::string> { "job 1 ok", "job 2 ok", "job 3 ok" }));
    }

    void scores()
    {
        QCOMPARE(changeScore(10, 10, 60, 60), 0.0);
        QVERIFY(qAbs(changeScore(18, 8, 60, 60) - 1.0) < 1e-9);      // (18 + 2) / (8 + 2)
        QVERIFY(qAbs(changeScore(14, 0, 60, 60) - 3.0) < 1e-9);      // new: log2(16 / 2)
        QVERIFY(qAbs(changeScore(15, 0, 60, 60, 1.0) - 4.0) < 1e-9); // another pseudo-count
        QVERIFY(changeScore(0, 30, 60, 60) < 0);                     // faded
        // The baseline is scaled to the spike's length: 10 in 60 s against 20 in 120 s is no change.
        QCOMPARE(changeScore(10, 20, 60, 120), 0.0);
        // One or two new lines rank below a pattern that rose from 2 to 7.
        QVERIFY(changeScore(2, 0, 80, 80) < changeScore(7, 2, 80, 80));
    }

    void windowsAtInt64Limits()
    {
        // A window may span all of int64 nanoseconds (a query from Prometheus' minimum to its maximum time): its width
        // does not fit int64. Baselines stop at int64's minimum; bucket indices stay inside the window.
        constexpr TimestampNs Min = std::numeric_limits<TimestampNs>::min();
        constexpr TimestampNs Max = std::numeric_limits<TimestampNs>::max();
        const TimeWindow all { Min + 10, Max };
        QCOMPARE(precedingBaseline(all).start, Min);
        QCOMPARE(precedingBaseline(all).end, Min + 10);
        QCOMPARE(precedingBaseline(TimeWindow { -100, 50 }).start, TimestampNs(-250));
        QCOMPARE(dayEarlierBaseline(TimeWindow { Min + 5, Min + 50 }).start, Min);
        QCOMPARE(dayEarlierBaseline(TimeWindow { Min + 5, Min + 50 }).end, Min);
        const TimestampNs bucket = (Max / 4) + 1;
        DrainMiner miner({ MiningWindow { Min, Max, bucket } });
        miner.add("first line of all", Min, 0);
        miner.add("first line of all", 0, 0);
        miner.add("first line of all", Max - 1, 0);
        const auto patterns = miner.patterns();
        QCOMPARE(patterns.size(), std::size_t(1));
        const auto& buckets = patterns[0].windows[0].buckets;
        QCOMPARE(buckets.size(), std::size_t(8));
        QCOMPARE(buckets.front(), std::uint32_t(1));
        QCOMPARE(buckets[4], std::uint32_t(1));
        QCOMPARE(buckets.back(), std::uint32_t(1));
    }

    void ranking()
    {
        const TimestampNs s = 1'000'000'000;
        const TimeWindow spike { 100 * s, 200 * s };
        const TimeWindow baseline = precedingBaseline(spike);
        QCOMPARE(baseline.start, 0 * s);
        QCOMPARE(baseline.end, 100 * s);
        DrainMiner miner({ MiningWindow { spike.start, spike.end, 0 }, MiningWindow { baseline.start, baseline.end, 0 } });
        auto feed = [&](const std::string& line, int n, std::size_t window, TimestampNs at) {
            for (int i = 0; i < n; ++i)
                miner.add(line + " " + std::to_string(i), at + i, window);
        };
        feed("steady heartbeat from worker", 100, 1, baseline.start);
        feed("cache refresh took", 10, 1, baseline.start);
        feed("steady heartbeat from worker", 100, 0, spike.start);
        feed("cache refresh took", 100, 0, spike.start);
        feed("upstream connection reset by peer", 20, 0, spike.start + 50 * s);
        feed("rare note written", 1, 0, spike.start);
        const auto rows = rankChanges(miner.patterns(), spike, baseline);
        QCOMPARE(rows.size(), std::size_t(4));
        QCOMPARE(QString::fromStdString(rows[0].pattern), QStringLiteral("upstream connection reset by peer <_>"));
        QCOMPARE(rows[0].count, std::uint64_t(20));
        QCOMPARE(rows[0].baselineCount, std::uint64_t(0));
        QCOMPARE(rows[0].firstSeen, spike.start + 50 * s);
        QCOMPARE(rows[0].rate, 0.2);
        QCOMPARE(QString::fromStdString(rows[1].pattern), QStringLiteral("cache refresh took <_>"));
        QCOMPARE(rows[1].baselineRate, 0.1);
        QCOMPARE(QString::fromStdString(rows[2].pattern), QStringLiteral("rare note written <_>"));
        QCOMPARE(QString::fromStdString(rows[3].pattern), QStringLiteral("steady heartbeat from worker <_>"));
        QCOMPARE(rows[3].score, 0.0);
    }

    void minedPerLevel()
    {
        // The same message at two levels gives two patterns, each naming its level; a stream's level label wins over
        // the line; a line without any level is "unknown".
        const TimestampNs s = 1'000'000'000;
        LevelMiners miner({ MiningWindow { 0, 100 * s, 10 * s }, MiningWindow { 100 * s, 200 * s, 0 } });
        const Labels plain { { "app", "api" } };
        const Labels warnStream { { "app", "api" }, { "level", "warning" } };
        for (int i = 0; i < 30; ++i)
            QVERIFY(miner.add(plain, "level=info msg=\"job done\" id=" + std::to_string(i), i * s));
        for (int i = 0; i < 20; ++i)
            QVERIFY(miner.add(plain, "level=error msg=\"job done\" id=" + std::to_string(i), i * s));
        for (int i = 0; i < 20; ++i)
            QVERIFY(miner.add(warnStream, "level=error msg=\"job done\" id=" + std::to_string(i), 100 * s + i * s, 1));
        for (int i = 0; i < 5; ++i)
            QVERIFY(miner.add(plain, "cache warmed in " + std::to_string(i) + " ms", i * s));
        const auto mined = miner.patterns();
        QStringList got;
        for (const MinedPattern& p : mined)
            got << QString::fromStdString(p.level + " " + p.pattern + " " + std::to_string(p.windows[0].count) + "/"
                + std::to_string(p.windows[1].count));
        // Most lines first; on a tie (error and warn, 20 each) the more severe level first.
        QCOMPARE(got, (QStringList { QStringLiteral("info level=info msg=\"job done\" id=<_> 30/0"),
                          QStringLiteral("error level=error msg=\"job done\" id=<_> 20/0"),
                          QStringLiteral("warn level=error msg=\"job done\" id=<_> 0/20"),
                          QStringLiteral("unknown cache warmed in <_> ms 5/0") }));
        QCOMPARE(mined[0].windows[0].buckets.size(), std::size_t(10));
        QCOMPARE(mined[0].windows[0].buckets[2], 10u);
        QCOMPARE(miner.clusterCount(), std::size_t(4));
        QCOMPARE(miner.linesSkipped(), std::uint64_t(0));
        // Ranked, each row keeps its level.
        const auto rows = rankChanges(mined, { 0, 100 * s }, { 100 * s, 200 * s });
        QCOMPARE(QString::fromStdString(rows.front().level), QStringLiteral("info"));
        QCOMPARE(QString::fromStdString(rows.back().level), QStringLiteral("warn"));
    }

    void lineFilterAndParser()
    {
        const std::string pattern = "level=error msg=<_> took <_>";
        QCOMPARE(QString::fromStdString(patternToLineFilter(pattern)), QStringLiteral("|> `level=error msg=<_> took <_>`"));
        QCOMPARE(QString::fromStdString(patternToParserQuery(pattern)),
            QStringLiteral("| pattern `level=error msg=<field1> took <field2>`"));
        QCOMPARE(QString::fromStdString(patternToLineFilter("a `b` <_>")), QStringLiteral("|> \"a `b` <_>\""));
        QCOMPARE(QString::fromStdString(patternToParserQuery("<field1> x <_>")), QStringLiteral("| pattern `<field1> x <field2>`"));
        for (const auto& stage : { patternToLineFilter(pattern), patternToParserQuery(pattern), patternToLineFilter("say \"hi\" `now` <_>") }) {
            const std::string q = appendStage("{app=\"api\"} ", stage);
            QVERIFY2(logql::parseQuery(q).ok(), q.c_str());
        }
        // The filter keeps the lines the pattern was mined from.
        DrainOptions countOnly;
        countOnly.depth = 3;
        DrainMiner miner({ MiningWindow {} }, countOnly);
        miner.add("level=error msg=timeout took 12ms", 1);
        miner.add("level=error msg=refused took 30ms", 2);
        const auto mined = miner.patterns();
        QCOMPARE(mined.size(), std::size_t(1));
        auto compiled = logql::LinePattern::compile(mined[0].pattern);
        QVERIFY(compiled.ok());
        QVERIFY(compiled->match("level=error msg=refused took 30ms", nullptr));
        QVERIFY(!compiled->match("level=info msg=ok took 1ms", nullptr));
    }
};

QTEST_GUILESS_MAIN(TestDrain)
#include "tst_drain.moc"
