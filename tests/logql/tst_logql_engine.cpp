#include "core/logql/engine.h"
#include "core/logstore/memory_log_store.h"

#include <QTest>

#include <cmath>

using namespace sg;
using namespace sg::logql;
using namespace Qt::StringLiterals;

namespace {

constexpr TimestampNs Sec = 1'000'000'000;

/// A stream with one entry per (seconds, line) pair.
logs::Stream stream(Labels labels, std::vector<std::pair<double, std::string>> entries)
{
    logs::Stream s { std::move(labels), {} };
    for (auto& [t, line] : entries)
        s.entries.push_back(logs::LogEntry { TimestampNs(t * double(Sec)), std::move(line) });
    return s;
}

QueryParams instantAt(double seconds)
{
    QueryParams p;
    p.end = TimestampNs(seconds * double(Sec));
    p.start = p.end;
    return p;
}

QueryParams rangeOf(double from, double to, DurationMs stepMs)
{
    QueryParams p;
    p.start = TimestampNs(from * double(Sec));
    p.end = TimestampNs(to * double(Sec));
    p.step = stepMs;
    return p;
}

/// `{labels} v` lines of an instant vector, in result order.
QStringList dumpVector(const promql::Vector& v)
{
    QStringList out;
    for (const auto& s : v)
        out << QString::fromStdString(s.metric.toString()) + u' ' + QString::number(s.v);
    return out;
}

/// `{labels} t=v ...` lines of a matrix (t in seconds).
QStringList dumpMatrix(const promql::Matrix& m)
{
    QStringList out;
    for (const auto& s : m) {
        QString line = QString::fromStdString(s.metric.toString());
        for (const auto& p : s.points)
            line += u' ' + QString::number(double(p.t) / 1000.0) + u'=' + QString::number(p.v);
        out << line;
    }
    return out;
}

/// `{labels} line|line...` per stream, entries in result order.
QStringList dumpStreams(const std::vector<logs::Stream>& streams)
{
    QStringList out;
    for (const auto& s : streams) {
        QStringList lines;
        for (const auto& e : s.entries)
            lines << QString::fromStdString(e.line);
        out << QString::fromStdString(s.labels.toString()) + u' ' + lines.join(u'|');
    }
    return out;
}

} // namespace

class TestLogqlEngine : public QObject
{
    Q_OBJECT

    logs::MemoryLogStore m_store;
    Engine m_engine;

    QueryResult run(const char* query, const QueryParams& params)
    {
        auto r = m_engine.query(m_store, query, params);
        if (!r.ok())
            qWarning("query failed: %s", r.error().message.c_str());
        return r.ok() ? std::move(r.value()) : QueryResult {};
    }

private Q_SLOTS:
    void initTestCase()
    {
        logs::PushBatch b;
        b.streams.push_back(stream({ { "app", "web" }, { "pod", "1" } },
            { { 1, "GET /api 200" }, { 3, "POST /api 500" }, { 5, "GET /health 200" } }));
        b.streams.push_back(stream({ { "app", "web" }, { "pod", "2" } },
            { { 2, "GET /api 404" }, { 4, "DELETE /api 503" }, { 6, "GET /api 200" } }));
        // Counting data: 0,1,2,3,10,20,30 s.
        b.streams.push_back(stream({ { "app", "count" } },
            { { 0, "a" }, { 1, "bb" }, { 2, "a" }, { 3, "a" }, { 10, "a" }, { 20, "a" }, { 30, "a" } }));
        b.streams.push_back(stream({ { "app", "json" } },
            { { 1, R"({"level":"error","status":500,"req":{"id":"x1"}})" },
                { 2, R"({"level":"info","status":200,"req":{"id":"x2"}})" },
                { 3, R"({"level":"error","status":502,"req":{"id":"x3"}})" }, { 4, "not json" } }));
        b.streams.push_back(stream({ { "app", "fmt" } },
            { { 1, "level=warn msg=\"disk low\" latency=10" }, { 2, "level=info msg=ok latency=30" },
                { 3, "level=warn msg=\"disk full\" latency=50 took=1.5s" } }));
        auto stats = m_store.push(b);
        QCOMPARE(stats.accepted, std::size_t(20));
    }

    void lineFilters_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QStringList>("expected");
        QTest::addRow("contains") << u"{app=\"web\"} |= \"GET\" != \"health\""_s
                                  << QStringList { u"{app=\"web\", pod=\"1\"} GET /api 200"_s,
                                         u"{app=\"web\", pod=\"2\"} GET /api 200|GET /api 404"_s };
        QTest::addRow("regex") << u"{app=\"web\"} |~ \" 5\\\\d\\\\d$\""_s
                               << QStringList { u"{app=\"web\", pod=\"1\"} POST /api 500"_s,
                                      u"{app=\"web\", pod=\"2\"} DELETE /api 503"_s };
        QTest::addRow("not-regex") << u"{app=\"web\", pod=\"1\"} !~ \"GET.*\""_s
                                   << QStringList { u"{app=\"web\", pod=\"1\"} POST /api 500"_s };
        QTest::addRow("or") << u"{app=\"web\"} |= \"POST\" or \"DELETE\""_s
                            << QStringList { u"{app=\"web\", pod=\"1\"} POST /api 500"_s,
                                   u"{app=\"web\", pod=\"2\"} DELETE /api 503"_s };
        QTest::addRow("pattern") << u"{app=\"web\"} |> \"<_> /health <_>\""_s
                                 << QStringList { u"{app=\"web\", pod=\"1\"} GET /health 200"_s };
    }
    void lineFilters()
    {
        QFETCH(QString, query);
        QFETCH(QStringList, expected);
        QueryParams p = rangeOf(0, 100, 0);
        QueryResult r = run(query.toUtf8().constData(), p);
        QVERIFY(r.isLogs);
        QCOMPARE(dumpStreams(r.streams), expected);
    }

    void limitAndDirection()
    {
        QueryParams p = rangeOf(0, 100, 0);
        p.limit = 3;
        p.direction = logs::Direction::Backward;
        QueryResult back = run("{app=\"web\"}", p);
        // The newest three (6s, 5s, 4s), newest first within each stream.
        QCOMPARE(dumpStreams(back.streams),
            (QStringList { u"{app=\"web\", pod=\"1\"} GET /health 200"_s,
                u"{app=\"web\", pod=\"2\"} GET /api 200|DELETE /api 503"_s }));
        QCOMPARE(back.streams[1].entries[0].ts, 6 * Sec);
        p.direction = logs::Direction::Forward;
        QueryResult fwd = run("{app=\"web\"}", p);
        QCOMPARE(dumpStreams(fwd.streams),
            (QStringList { u"{app=\"web\", pod=\"1\"} GET /api 200|POST /api 500"_s,
                u"{app=\"web\", pod=\"2\"} GET /api 404"_s }));
        // End is exclusive for log queries.
        p = rangeOf(1, 3, 0);
        p.limit = 100;
        QueryResult window = run("{app=\"web\"}", p);
        QCOMPARE(dumpStreams(window.streams),
            (QStringList { u"{app=\"web\", pod=\"1\"} GET /api 200"_s, u"{app=\"web\", pod=\"2\"} GET /api 404"_s }));
    }

    void instantQueries_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<double>("at");
        QTest::addColumn<QStringList>("expected");
        // Window (t - range, t]: an entry exactly at t - range is out, one at t is in.
        QTest::addRow("count-boundaries") << u"count_over_time({app=\"count\"}[10s])"_s << 10.0
                                          << QStringList { u"{app=\"count\"} 4"_s };
        QTest::addRow("rate") << u"rate({app=\"count\"}[10s])"_s << 10.0 << QStringList { u"{app=\"count\"} 0.4"_s };
        QTest::addRow("bytes") << u"bytes_over_time({app=\"count\"}[5s])"_s << 3.0
                               << QStringList { u"{app=\"count\"} 5"_s };
        QTest::addRow("offset") << u"count_over_time({app=\"count\"}[5s] offset 20s)"_s << 30.0
                                << QStringList { u"{app=\"count\"} 1"_s };
        // found by fuzzing (scripts/fuzz logql_eval): a window reaching past the int64 nanoseconds overflowed; it is
        // held at the limit now and finds nothing, as the same window in Loki
        QTest::addRow("window-before-1678") << u"count_over_time({app=\"count\"}[292y] offset 1y)"_s << 30.0
                                            << QStringList {};
        QTest::addRow("window-after-2262") << u"count_over_time({app=\"count\"}[1m] offset -292y)"_s << 1.7e9
                                           << QStringList {};
        QTest::addRow("range-292-years") << u"count_over_time({app=\"count\"}[292y])"_s << 30.0
                                         << QStringList { u"{app=\"count\"} 7"_s };
        QTest::addRow("sum-by") << u"sum by (app) (count_over_time({app=~\"web|count\"}[1m]))"_s << 30.0
                                << QStringList { u"{app=\"count\"} 7"_s, u"{app=\"web\"} 6"_s };
        QTest::addRow("sum-by-after") << u"sum(count_over_time({app=\"web\"} |= \"api\" [1m])) by (pod)"_s << 30.0
                                      << QStringList { u"{pod=\"1\"} 2"_s, u"{pod=\"2\"} 3"_s };
        QTest::addRow("sum-all") << u"sum(count_over_time({app=\"web\"}[1m]))"_s << 30.0
                                 << QStringList { u"{} 6"_s };
        QTest::addRow("json-filter") << u"sum by (level) (count_over_time({app=\"json\"} | json | __error__=\"\" | status >= 500 [1m]))"_s
                                     << 30.0 << QStringList { u"{level=\"error\"} 2"_s };
        QTest::addRow("json-error-skipped")
            << u"count_over_time({app=\"json\"} | json | __error__=\"\" | level=\"info\" [1m])"_s << 30.0
            << QStringList { u"{app=\"json\", level=\"info\", req_id=\"x2\", status=\"200\"} 1"_s };
        QTest::addRow("logfmt-unwrap") << u"sum_over_time({app=\"fmt\"} | logfmt | unwrap latency [1m])"_s << 30.0
                                       << QStringList { u"{app=\"fmt\", level=\"info\", msg=\"ok\"} 30"_s,
                                              u"{app=\"fmt\", level=\"warn\", msg=\"disk full\", took=\"1.5s\"} 50"_s,
                                              u"{app=\"fmt\", level=\"warn\", msg=\"disk low\"} 10"_s };
        QTest::addRow("max-by-unwrap") << u"max_over_time({app=\"fmt\"} | logfmt | unwrap latency [1m]) by (level)"_s
                                       << 30.0
                                       << QStringList { u"{level=\"info\"} 30"_s, u"{level=\"warn\"} 50"_s };
        QTest::addRow("duration-filter")
            << u"count_over_time({app=\"fmt\"} | logfmt | took > 1s | keep app [1m])"_s << 30.0
            << QStringList { u"{app=\"fmt\"} 1"_s };
        QTest::addRow("scalar-mul") << u"count_over_time({app=\"count\"}[10s]) * 2"_s << 10.0
                                    << QStringList { u"{app=\"count\"} 8"_s };
        QTest::addRow("compare-filter") << u"count_over_time({app=~\"web|count\"}[1m]) > 3"_s << 30.0
                                        << QStringList { u"{app=\"count\"} 7"_s };
        QTest::addRow("compare-bool") << u"1 < bool count_over_time({app=\"web\"}[3s])"_s << 6.0
                                      << QStringList { u"{app=\"web\", pod=\"1\"} 0"_s,
                                             u"{app=\"web\", pod=\"2\"} 1"_s };
        QTest::addRow("topk") << u"topk(1, count_over_time({app=~\"web|count\"}[1m]))"_s << 30.0
                              << QStringList { u"{app=\"count\"} 7"_s };
        QTest::addRow("vector-or") << u"sum(count_over_time({app=\"web\"} |= \"nothing\" [1m])) or vector(0)"_s << 30.0
                                   << QStringList { u"{} 0"_s };
        QTest::addRow("vector-vector")
            << u"sum by (app) (count_over_time({app=\"web\"} |= \"api\" [1m])) / sum by (app) (count_over_time({app=\"web\"}[1m]))"_s
            << 30.0 << QStringList { u"{app=\"web\"} 0.833333"_s };
        QTest::addRow("label_replace")
            << u"label_replace(count_over_time({app=\"count\"}[1m]), \"short\", \"$1\", \"app\", \"(c.).*\")"_s << 30.0
            << QStringList { u"{app=\"count\", short=\"co\"} 7"_s };
        QTest::addRow("absent") << u"absent_over_time({app=\"count\"} |= \"zzz\" [1m])"_s << 30.0
                                << QStringList { u"{app=\"count\"} 1"_s };
    }
    void instantQueries()
    {
        QFETCH(QString, query);
        QFETCH(double, at);
        QFETCH(QStringList, expected);
        QueryResult r = run(query.toUtf8().constData(), instantAt(at));
        QVERIFY(!r.isLogs);
        QCOMPARE(r.value.type, promql::ValueType::Vector);
        QCOMPARE(dumpVector(r.value.vector), expected);
    }

    void rangeQueries_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<double>("from");
        QTest::addColumn<double>("to");
        QTest::addColumn<int>("stepMs");
        QTest::addColumn<QStringList>("expected");
        // Steps at 5, 15, 25, 35 s; windows (t-10s, t].
        QTest::addRow("count-steps") << u"count_over_time({app=\"count\"}[10s])"_s << 5.0 << 35.0 << 10000
                                     << QStringList { u"{app=\"count\"} 5=4 15=1 25=1 35=1"_s };
        // Steps at 0, 7, 14, 21, 28 s: the step grid starts at `start`; empty windows yield no point.
        QTest::addRow("alignment") << u"count_over_time({app=\"count\"}[6s])"_s << 0.0 << 30.0 << 7000
                                   << QStringList { u"{app=\"count\"} 0=1 7=2 14=1 21=1"_s };
        QTest::addRow("rate-sum") << u"sum(rate({app=\"web\"}[2s]))"_s << 2.0 << 6.0 << 2000
                                  << QStringList { u"{} 2=1 4=1 6=1"_s };
        QTest::addRow("scalar") << u"1 + 1"_s << 0.0 << 2.0 << 1000 << QStringList { u"{} 0=2 1=2 2=2"_s };
    }
    void rangeQueries()
    {
        QFETCH(QString, query);
        QFETCH(double, from);
        QFETCH(double, to);
        QFETCH(int, stepMs);
        QFETCH(QStringList, expected);
        QueryResult r = run(query.toUtf8().constData(), rangeOf(from, to, stepMs));
        QCOMPARE(r.value.type, promql::ValueType::Matrix);
        QCOMPARE(dumpMatrix(r.value.matrix), expected);
    }

    void logPipelines_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QStringList>("expected");
        QTest::addRow("json-labels") << u"{app=\"json\"} | json | level=\"error\""_s
                                     << QStringList {
                                            u"{app=\"json\", level=\"error\", req_id=\"x1\", status=\"500\"} {\"level\":\"error\",\"status\":500,\"req\":{\"id\":\"x1\"}}"_s,
                                            u"{app=\"json\", level=\"error\", req_id=\"x3\", status=\"502\"} {\"level\":\"error\",\"status\":502,\"req\":{\"id\":\"x3\"}}"_s,
                                        };
        QTest::addRow("json-error") << u"{app=\"json\"} | json | __error__!=\"\" | drop __error_details__"_s
                                    << QStringList { u"{__error__=\"JSONParserErr\", app=\"json\"} not json"_s };
        QTest::addRow("logfmt-line-format") << u"{app=\"fmt\"} | logfmt | level=\"warn\" | line_format \"{{.level | ToUpper}}: {{ .msg }}\" | keep app"_s
                                            << QStringList { u"{app=\"fmt\"} WARN: disk full|WARN: disk low"_s };
        QTest::addRow("label-format") << u"{app=\"fmt\"} | logfmt | label_format lvl=level | keep app, lvl | lvl=\"info\""_s
                                      << QStringList { u"{app=\"fmt\", lvl=\"info\"} level=info msg=ok latency=30"_s };
        QTest::addRow("numeric-or") << u"{app=\"fmt\"} | logfmt | latency < 20 or latency > 40 | line_format \"{{.latency}}\" | keep app"_s
                                    << QStringList { u"{app=\"fmt\"} 50|10"_s };
        QTest::addRow("regexp") << u"{app=\"web\", pod=\"1\"} | regexp \"^(?P<method>\\\\w+) (?P<path>\\\\S+)\" | method=\"POST\""_s
                                << QStringList { u"{app=\"web\", method=\"POST\", path=\"/api\", pod=\"1\"} POST /api 500"_s };
        QTest::addRow("pattern") << u"{app=\"web\", pod=\"2\"} | pattern \"<method> <_> <code>\" | code >= 500"_s
                                 << QStringList { u"{app=\"web\", code=\"503\", method=\"DELETE\", pod=\"2\"} DELETE /api 503"_s };
    }
    void logPipelines()
    {
        QFETCH(QString, query);
        QFETCH(QStringList, expected);
        QueryResult r = run(query.toUtf8().constData(), rangeOf(0, 100, 0));
        QVERIFY(r.isLogs);
        QCOMPARE(dumpStreams(r.streams), expected);
    }

    void errors()
    {
        // A string filter lets entries with a parse error through; the metric query then reports them.
        auto unfiltered = m_engine.query(m_store,
            "sum by (level) (count_over_time({app=\"json\"} | json | level != \"info\" [1m]))", instantAt(30));
        QVERIFY(!unfiltered.ok());
        // A numeric filter needs its label: the line that failed to parse has none and is dropped.
        auto numeric = m_engine.query(m_store,
            "sum by (level) (count_over_time({app=\"json\"} | json | status >= 500 [1m]))", instantAt(30));
        QVERIFY(numeric.ok());
        auto parse = m_engine.query(m_store, "count_over_time({app=\"json\"}[1m]", instantAt(30));
        QVERIFY(!parse.ok());
        QCOMPARE(parse.error().code, ErrorCode::Parse);
        auto pipelineErr = m_engine.query(m_store, "count_over_time({app=\"json\"} | json [1m])", instantAt(30));
        QVERIFY(!pipelineErr.ok());
        QCOMPARE(pipelineErr.error().code, ErrorCode::Execution);
        QVERIFY(pipelineErr.error().message.find("JSONParserErr") != std::string::npos);
        std::atomic_bool cancel { true };
        QueryParams p = rangeOf(0, 30, 1000);
        p.cancel = &cancel;
        auto cancelled = m_engine.query(m_store, "count_over_time({app=\"count\"}[10s])", p);
        QVERIFY(!cancelled.ok());
        QCOMPARE(cancelled.error().code, ErrorCode::Canceled);
    }
};

QTEST_GUILESS_MAIN(TestLogqlEngine)
#include "tst_logql_engine.moc"
