// Line filters pushed down into the persistent store's chunk scan give exactly the results of the plain path
// (the engine's pipeline over MemoryLogStore) for filters, regexes, patterns, `or` alternatives and ranges.
#include "core/logql/engine.h"
#include "core/logstore/memory_log_store.h"
#include "core/logstore/store.h"

#include <QTemporaryDir>
#include <QTest>

using namespace sg;
using namespace sg::logql;
using namespace Qt::StringLiterals;

namespace {

constexpr TimestampNs Sec = 1'000'000'000;
constexpr TimestampNs Base = 1'700'000'000 * Sec;

/// Deterministic logfmt lines over 4 streams, one every 250 ms per stream for 10 minutes, with a few
/// awkward ones: empty lines, and ERROR split across two consecutive lines ("xxERR" then "ORyy").
logs::PushBatch dataset(int fromSecond, int toSecond)
{
    static const char* Levels[] = { "info", "debug", "WARN", "ERROR" };
    logs::PushBatch b;
    for (int s = 0; s < 4; ++s) {
        logs::Stream st { Labels { { "job", "api" }, { "service", "svc" + std::to_string(s) } }, {} };
        for (int i = fromSecond * 4; i < toSecond * 4; ++i) {
            const unsigned h = unsigned(i) * 2654435761u + unsigned(s) * 40503u;
            std::string line;
            if (h % 97 == 0)
                line = "";
            else if (h % 89 == 0)
                line = "xxERR";
            else if (h % 89 == 1)
                line = "ORyy";
            else
                line = "level=" + std::string(Levels[(h >> 7) % 4]) + " status=" + std::to_string(200 + (h >> 3) % 4 * 100
                           + (h >> 11) % 4) + " trace=" + std::to_string(h % 100000) + " msg=\"req " + std::to_string(i)
                    + (h % 13 == 0 ? " timeout" : "") + "\"";
            logs::LogEntry e { Base + TimestampNs(i) * Sec / 4, std::move(line), {} };
            if (h % 5 == 0)
                e.metadata.push_back(Label { "trace_id", std::to_string(h) });
            if (h % 7 == 0) // an empty value is a label of its own in LogQL results, on both paths
                e.metadata.push_back(Label { "zone", "" });
            st.entries.push_back(std::move(e));
        }
        b.streams.push_back(std::move(st));
    }
    return b;
}

QStringList dump(const QueryResult& r)
{
    QStringList out;
    if (r.isLogs) {
        for (const auto& s : r.streams) {
            QString line = QString::fromStdString(s.labels.toString());
            for (const auto& e : s.entries)
                line += u' ' + QString::number(e.ts) + u'=' + QString::fromStdString(e.line);
            out << line;
        }
    } else if (r.value.type == promql::ValueType::Matrix) {
        for (const auto& s : r.value.matrix) {
            QString line = QString::fromStdString(s.metric.toString());
            for (const auto& p : s.points)
                line += u' ' + QString::number(p.t) + u'=' + QString::number(p.v, 'g', 17);
            out << line;
        }
    } else if (r.value.type == promql::ValueType::Vector) {
        for (const auto& s : r.value.vector)
            out << QString::fromStdString(s.metric.toString()) + u' ' + QString::number(s.v, 'g', 17);
    }
    return out;
}

} // namespace

class TestLogqlPushdown : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    logs::MemoryLogStore m_memory;
    std::unique_ptr<logs::Store> m_store;
    Engine m_engine;

    void compare(const QString& query, const QueryParams& params)
    {
        auto plain = m_engine.query(m_memory, query.toStdString(), params);
        auto pushed = m_engine.query(*m_store, query.toStdString(), params);
        QVERIFY2(plain.ok(), plain.ok() ? "" : plain.error().message.c_str());
        QVERIFY2(pushed.ok(), pushed.ok() ? "" : pushed.error().message.c_str());
        const auto a = dump(plain.value());
        const auto b = dump(pushed.value());
        QVERIFY2(!a.isEmpty(), "the query should select something");
        QCOMPARE(b, a);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        logs::StoreOptions o;
        o.chunkTargetBytes = 4 * 1024; // many chunks, so ranges start and end inside chunks
        o.flushOnClose = false;
        auto store = logs::Store::open(m_dir.path().toStdString(), o);
        QVERIFY(store.ok());
        m_store = std::move(store.value());
        // Pushed 5 s at a time: heads are cut into chunks every few pushes, the newest stay in the heads.
        for (int k = 0; k <= 120; ++k) {
            auto b = k < 120 ? dataset(k * 5, (k + 1) * 5) : dataset(600, 601);
            m_memory.push(b);
            QCOMPARE(m_store->push(b).failed, std::size_t(0));
        }
        QVERIFY(m_store->waitForCuts().ok()); // the cutter runs on its own thread
        QVERIFY(m_store->stats().chunks > 20);
        QVERIFY(m_store->stats().headEntries > 0);
    }

    void metricQueries_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addRow("contains") << u"count_over_time({job=\"api\"} |= \"ERROR\" [1m])"_s;
        QTest::addRow("contains-and-not") << u"sum by (service) (count_over_time({job=\"api\"} |= \"ERROR\" != \"timeout\" [30s]))"_s;
        QTest::addRow("two-literals") << u"count_over_time({job=\"api\"} |= \"status=5\" |= \"ERROR\" [1m])"_s;
        QTest::addRow("regex") << u"count_over_time({job=\"api\"} |~ \"status=5[0-9]{2}\" [1m])"_s;
        QTest::addRow("regex-ci") << u"count_over_time({job=\"api\"} |~ \"(?i)error\" [1m])"_s;
        QTest::addRow("not-regex") << u"bytes_over_time({job=\"api\"} !~ \"debug|info\" [1m])"_s;
        QTest::addRow("or") << u"count_over_time({job=\"api\"} |= \"ERROR\" or \"WARN\" [1m])"_s;
        QTest::addRow("regex-or") << u"rate({job=\"api\"} |~ \"status=4..\" or \"timeout\" [1m])"_s;
        QTest::addRow("pattern") << u"bytes_rate({service=\"svc1\"} |> \"level=<_> status=5<_>\" [1m])"_s;
        QTest::addRow("not-pattern") << u"count_over_time({job=\"api\"} !> \"level=info <_>\" [2m])"_s;
        QTest::addRow("no-filter") << u"sum(count_over_time({job=\"api\"}[1m]))"_s;
        QTest::addRow("empty-literal") << u"count_over_time({job=\"api\"} |= \"\" [1m])"_s;
        QTest::addRow("then-parser") << u"sum by (level) (count_over_time({job=\"api\"} |= \"status=5\" | logfmt | status >= 502 [1m]))"_s;
        QTest::addRow("then-unwrap") << u"sum_over_time({job=\"api\"} |= \"ERROR\" | logfmt | unwrap status | __error__=\"\" [1m])"_s;
        QTest::addRow("after-format") << u"count_over_time({job=\"api\"} |= \"ERR\" | line_format \"x{{__line__}}\" |= \"xxxERR\" [1m])"_s;
        QTest::addRow("offset") << u"count_over_time({job=\"api\"} |= \"ERROR\" [1m] offset 90s)"_s;
        QTest::addRow("absent") << u"absent_over_time({job=\"api\"} |= \"never-there\" [1m])"_s;
        QTest::addRow("empty-metadata-by") << u"sum by (zone) (count_over_time({job=\"api\"} |= \"WARN\" [1m]))"_s;
    }
    void metricQueries()
    {
        QFETCH(QString, query);
        QueryParams range;
        range.start = Base + 37 * Sec + Sec / 8; // windows start and end inside chunks
        range.end = Base + 640 * Sec;
        range.step = 17'000;
        compare(query, range);
        QueryParams instant;
        instant.start = instant.end = Base + 301 * Sec + Sec / 3;
        compare(query, instant);
    }
    void emptyMetadataValue()
    {
        // The persistent store keeps `zone=""` too: the pushed-down count splits it from the entries without it.
        QueryParams instant;
        instant.start = instant.end = Base + 301 * Sec;
        auto r = m_engine.query(*m_store, "sum by (zone) (count_over_time({job=\"api\"} |= \"WARN\" [5m]))", instant);
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
        QCOMPARE(int(r->value.vector.size()), 2);
        const Labels empty = Labels::keepingEmpty({ { "zone", "" } });
        QVERIFY(r->value.vector[0].metric == empty || r->value.vector[1].metric == empty);
        QVERIFY(r->value.vector[0].metric.empty() || r->value.vector[1].metric.empty());
    }

    void logQueries_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<int>("limit");
        QTest::addColumn<bool>("forward");
        QTest::addRow("contains-back") << u"{job=\"api\"} |= \"ERROR\""_s << 50 << false;
        QTest::addRow("contains-fwd") << u"{job=\"api\"} |= \"ERROR\""_s << 50 << true;
        QTest::addRow("or-all") << u"{service=\"svc2\"} |= \"ERROR\" or \"ORyy\""_s << 100000 << true;
        QTest::addRow("regex") << u"{job=\"api\"} |~ \"trace=1[0-9]{3} \""_s << 30 << false;
        QTest::addRow("not-contains") << u"{job=\"api\"} != \"level\""_s << 1000 << true;
        QTest::addRow("no-filter") << u"{job=\"api\"}"_s << 77 << false;
        QTest::addRow("then-parser") << u"{job=\"api\"} |= \"ERROR\" | logfmt | status >= 500"_s << 40 << false;
        QTest::addRow("split-needle") << u"{job=\"api\"} |= \"ERR\" |= \"OR\""_s << 100000 << true;
    }
    void logQueries()
    {
        QFETCH(QString, query);
        QFETCH(int, limit);
        QFETCH(bool, forward);
        QueryParams p;
        p.start = Base + 100 * Sec + Sec / 8;
        p.end = Base + 590 * Sec + Sec / 2;
        p.limit = std::size_t(limit);
        p.direction = forward ? logs::Direction::Forward : logs::Direction::Backward;
        compare(query, p);
    }

    void storeScanMatchesSelect()
    {
        // The store API itself: the kept entries (with their metadata) and the timestamp/length scan agree with
        // select followed by the same predicate.
        logs::LineScan scan;
        scan.required = "ERROR";
        scan.keep = [](std::string_view line) { return line.find("timeout") == std::string_view::npos; };
        const Matchers m { Matcher::make(MatchType::Equal, "job", "api").value() };
        const TimestampNs from = Base + 33 * Sec + 1, to = Base + 577 * Sec;
        auto all = m_store->select(m, from, to);
        auto kept = m_store->selectMatching(m, from, to, scan);
        auto hits = m_store->scanMatching(m, from, to, scan);
        QCOMPARE(kept.size(), all.size());
        QCOMPARE(hits.size(), all.size());
        std::size_t total = 0;
        for (std::size_t s = 0; s < all.size(); ++s) {
            std::vector<logs::LogEntry> want;
            for (const auto& e : all[s].entries)
                if (scan.accepts(e.line))
                    want.push_back(e);
            QCOMPARE(kept[s].labels, all[s].labels);
            QCOMPARE(hits[s].labels, all[s].labels);
            QCOMPARE(kept[s].entries.size(), want.size());
            QCOMPARE(hits[s].ts.size(), want.size());
            for (std::size_t i = 0; i < want.size(); ++i) {
                QCOMPARE(kept[s].entries[i].ts, want[i].ts);
                QCOMPARE(kept[s].entries[i].line, want[i].line);
                QCOMPARE(kept[s].entries[i].metadata.size(), want[i].metadata.size());
                QCOMPARE(hits[s].ts[i], want[i].ts);
                QCOMPARE(std::size_t(hits[s].lineBytes[i]), want[i].line.size());
            }
            total += want.size();
        }
        QVERIFY(total > 50);
    }
};

QTEST_GUILESS_MAIN(TestLogqlPushdown)
#include "tst_logql_pushdown.moc"
