#include "core/ingest/go_time.h"
#include "core/ingest/pipeline_stages.h"

#include <QTest>

#include <yaml-cpp/yaml.h>

using namespace Qt::StringLiterals;
using namespace sg;
using namespace sg::ingest;

/// Each stage as Promtail documents it: YAML stages, input lines → `labels @ts line` per output entry.
class TestPipelineStages : public QObject
{
    Q_OBJECT

private:
    static QString format(const Entry& e)
    {
        QStringList labels;
        for (const auto& [k, v] : e.labels)
            labels << QString::fromStdString(k + "=" + v);
        return u"{"_s + labels.join(u',') + u"} @"_s + QString::number(e.ts) + u" "_s + QString::fromStdString(e.line);
    }

private Q_SLOTS:
    void stages_data()
    {
        QTest::addColumn<QString>("yaml");
        QTest::addColumn<QStringList>("lines");
        QTest::addColumn<QStringList>("expected");

        QTest::addRow("docker") << QStringLiteral(R"(- docker: {})")
                                << QStringList { QStringLiteral(R"({"log":"hello\n","stream":"stderr","time":"2019-04-30T02:12:41.8443515Z"})"),
                                       u"not json"_s }
                                << QStringList { u"{job=test,stream=stderr} @1556590361844351500 hello"_s,
                                       u"{job=test} @1 not json"_s };
        QTest::addRow("cri-partial")
            << QStringLiteral(R"(- cri: {})")
            << QStringList { u"2019-01-01T01:00:00.000000001Z stderr P part one "_s,
                   u"2019-01-01T01:00:00.000000002Z stderr P part two "_s,
                   u"2019-01-01T01:00:00.000000003Z stderr F end"_s,
                   u"2019-01-01T01:00:00.000000004Z stdout F single"_s }
            << QStringList { u"{job=test,stream=stderr} @1546304400000000001 part one part two end"_s,
                   u"{job=test,stream=stdout} @1546304400000000004 single"_s };
        QTest::addRow("json-expressions")
            << QStringLiteral(R"(
- json:
    expressions:
      level:
      user: user.name
      first: items[0]
      dotted: '"a.b"'
      status: response.status
- labels: {level: , user: , first: , dotted: , status: }
- output: {source: user}
)") << QStringList { QStringLiteral(R"({"level":"warn","user":{"name":"ann"},"items":["x","y"],"a.b":"q","response":{"status":503}})") }
            << QStringList { u"{dotted=q,first=x,job=test,level=warn,status=503,user=ann} @1 ann"_s };
        QTest::addRow("json-drop-malformed") << QStringLiteral(R"(- json: {expressions: {a: }, drop_malformed: true})")
                                             << QStringList { u"{bad"_s, QStringLiteral(R"({"a":1})") }
                                             << QStringList { QStringLiteral(R"({job=test} @1 {"a":1})") };
        QTest::addRow("logfmt") << QStringLiteral(R"(
- logfmt: {mapping: {level: , message: msg, code: status}}
- labels: {level: , code: }
- output: {source: message}
)") << QStringList { QStringLiteral(R"(level=info msg="hello \"world\"" status=200 flag)") }
                                << QStringList { u"{code=200,job=test,level=info} @1 hello \"world\""_s };
        QTest::addRow("regex") << QStringLiteral(R"(
- regex: {expression: '^(?P<ip>\S+) \S+ \S+ \[[^\]]+\] .(?P<method>\w+) (?P<path>\S+)'}
- labels: {method: }
- regex: {source: path, expression: '^/(?P<section>[a-z]+)'}
- labels: {section: }
)") << QStringList { QStringLiteral(R"(10.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET /api/users HTTP/1.0" 200)") }
                               << QStringList { QStringLiteral(R"({job=test,method=GET,section=api} @1 10.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET /api/users HTTP/1.0" 200)") };
        QTest::addRow("static-drop-allow") << QStringLiteral(R"(
- static_labels: {env: prod, team: core, extra: x}
- labeldrop: [extra]
- labelallow: [env, job]
)") << QStringList { u"line"_s } << QStringList { u"{env=prod,job=test} @1 line"_s };
        QTest::addRow("timestamp-rfc3339") << QStringLiteral(R"(
- regex: {expression: '^(?P<ts>\S+) '}
- timestamp: {source: ts, format: RFC3339}
)") << QStringList { u"2024-03-01T10:00:00+02:00 x"_s, u"garbage y"_s }
                                           // fudge: a failed parse takes the last timestamp plus 1ns
                                           << QStringList { u"{job=test} @1709280000000000000 2024-03-01T10:00:00+02:00 x"_s,
                                                  u"{job=test} @1709280000000000001 garbage y"_s };
        QTest::addRow("timestamp-unix") << QStringLiteral(R"(
- logfmt: {mapping: {t: , ms: , ns: }}
- timestamp: {source: t, format: Unix}
- timestamp: {source: ms, format: UnixMs}
- timestamp: {source: ns, format: UnixNs}
)") << QStringList { u"t=1562708916.5"_s, u"ms=1562708916414"_s, u"ns=1562708916000000123"_s }
                                        << QStringList { u"{job=test} @1562708916500000000 t=1562708916.5"_s,
                                               u"{job=test} @1562708916414000000 ms=1562708916414"_s,
                                               u"{job=test} @1562708916000000123 ns=1562708916000000123"_s };
        QTest::addRow("timestamp-custom-location-fallback") << QStringLiteral(R"(
- regex: {expression: '^(?P<ts>[^|]+)\|'}
- timestamp:
    source: ts
    format: '2006-01-02 15:04:05.000'
    fallback_formats: ['02/Jan/2006:15:04:05 -0700']
    location: America/New_York
)") << QStringList { u"2024-01-15 08:30:00.250|a"_s, u"15/Jan/2024:08:30:00 +0000|b"_s }
                                                            << QStringList { u"{job=test} @1705325400250000000 2024-01-15 08:30:00.250|a"_s,
                                                                   u"{job=test} @1705307400000000000 15/Jan/2024:08:30:00 +0000|b"_s };
        QTest::addRow("drop") << QStringLiteral(R"(
- logfmt: {mapping: {level: }}
- drop: {source: level, value: debug}
- drop: {expression: healthz}
- drop: {longer_than: 12}
)") << QStringList { u"level=debug a"_s, u"GET /healthz"_s, u"level=info b"_s, u"a very long line here"_s }
                              << QStringList { u"{job=test} @1 level=info b"_s };
        QTest::addRow("drop-older-than") << QStringLiteral(R"(
- regex: {expression: '^(?P<ts>\d+)'}
- timestamp: {source: ts, format: Unix}
- drop: {older_than: 1h}
)") << QStringList { u"1000 old"_s, u"4000000000 new"_s }
                                         << QStringList { u"{job=test} @4000000000000000000 4000000000 new"_s };
        QTest::addRow("match") << QStringLiteral(R"(
- match:
    selector: '{job="test"} |= "error"'
    stages:
    - static_labels: {level: error}
- match:
    selector: '{job="test"} |~ "debug.*"'
    action: drop
- match:
    selector: '{job="other"}'
    stages:
    - static_labels: {other: "yes"}
)") << QStringList { u"an error"_s, u"debug noise"_s, u"fine"_s }
                               << QStringList { u"{job=test,level=error} @1 an error"_s, u"{job=test} @1 fine"_s };
        QTest::addRow("template") << QStringLiteral(R"(
- logfmt: {mapping: {level: }}
- template: {source: level, template: '{{ ToUpper .Value }}'}
- template: {source: msg, template: '{{ .level }}-x'}
- labels: {level: , msg: }
)") << QStringList { u"level=warn"_s } << QStringList { u"{job=test,level=WARN,msg=WARN-x} @1 level=warn"_s };
        QTest::addRow("replace") << QStringLiteral(R"(
- replace: {expression: 'password=(\S+)', replace: '****'}
- replace: {expression: '(\d{3})-\d{4}', replace: '{{ .Value }}x'}
)") << QStringList { u"user=a password=secret phone 555-1234 and password=x"_s }
                                 << QStringList { u"{job=test} @1 user=a password=**** phone 555x-1234 and password=****"_s };
        QTest::addRow("multiline") << QStringLiteral(R"(
- multiline: {firstline: '^\d{4}-\d{2}-\d{2}', max_lines: 3}
)") << QStringList { u"2024-01-01 start"_s, u"  at a"_s, u"  at b"_s, u"  at c"_s, u"2024-01-02 next"_s }
                                   << QStringList { u"{job=test} @1 2024-01-01 start\n  at a\n  at b"_s,
                                          u"{job=test} @1   at c"_s, u"{job=test} @1 2024-01-02 next"_s };
        QTest::addRow("limit-drop") << QStringLiteral(R"(- limit: {rate: 1, burst: 2, drop: true})")
                                    << QStringList { u"a"_s, u"b"_s, u"c"_s, u"d"_s }
                                    << QStringList { u"{job=test} @1 a"_s, u"{job=test} @1 b"_s };
        QTest::addRow("decolorize") << QStringLiteral(R"(- decolorize: {})") << QStringList { u"\x1b[31mred\x1b[0m plain \x1b[1;32mgreen\x1b[0m"_s }
                                    << QStringList { u"{job=test} @1 red plain green"_s };
    }

    void stages()
    {
        QFETCH(QString, yaml);
        QFETCH(QStringList, lines);
        QFETCH(QStringList, expected);
        auto pipeline = Pipeline::build(YAML::Load(yaml.toStdString()), "test.yaml");
        QVERIFY2(pipeline.ok(), pipeline.ok() ? "" : pipeline.error().message.c_str());
        QStringList got;
        const Emit out = [&](Entry&& e) { got << format(e); };
        for (const QString& line : lines) {
            Entry e;
            e.labels["job"] = "test";
            e.ts = 1;
            e.line = line.toStdString();
            pipeline->process(std::move(e), out);
        }
        pipeline->flush(nowNs(), true, out);
        QCOMPARE(got, expected);
    }

    void multilineWaitsForMaxWaitTime()
    {
        auto pipeline = Pipeline::build(YAML::Load("- multiline: {firstline: '^START', max_wait_time: 100ms}"), "t");
        QVERIFY(pipeline.ok());
        QStringList got;
        const Emit out = [&](Entry&& e) { got << QString::fromStdString(e.line); };
        for (const char* l : { "START one", "  more" }) {
            Entry e;
            e.line = l;
            pipeline->process(std::move(e), out);
        }
        pipeline->flush(nowNs(), false, out);
        QVERIFY(got.isEmpty());
        pipeline->flush(nowNs() + msToNs(200), false, out);
        QCOMPARE(got, QStringList { u"START one\n  more"_s });
    }

    void goTime_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("format");
        QTest::addColumn<QString>("location");
        QTest::addColumn<qint64>("expected");
        QTest::addRow("RFC3339Nano") << u"2019-04-30T02:12:41.8443515Z"_s << u"RFC3339Nano"_s << QString() << Q_INT64_C(1556590361844351500);
        QTest::addRow("RFC1123Z") << u"Tue, 30 Apr 2019 02:12:41 +0100"_s << u"RFC1123Z"_s << QString() << Q_INT64_C(1556586761000000000);
        QTest::addRow("ANSIC") << u"Tue Apr 30 02:12:41 2019"_s << u"ANSIC"_s << QString() << Q_INT64_C(1556590361000000000);
        QTest::addRow("kitchen-pm") << u"2019-04-30 3:04PM"_s << u"2006-01-02 3:04PM"_s << QString() << Q_INT64_C(1556636640000000000);
        QTest::addRow("location-berlin") << u"2019-07-01 12:00:00"_s << u"2006-01-02 15:04:05"_s << u"Europe/Berlin"_s << Q_INT64_C(1561975200000000000);
        QTest::addRow("apache") << u"10/Oct/2000:13:55:36 -0700"_s << u"02/Jan/2006:15:04:05 -0700"_s << QString() << Q_INT64_C(971211336000000000);
        QTest::addRow("UnixUs") << u"1562708916000001"_s << u"UnixUs"_s << QString() << Q_INT64_C(1562708916000001000);
    }

    void goTime()
    {
        QFETCH(QString, value);
        QFETCH(QString, format);
        QFETCH(QString, location);
        QFETCH(qint64, expected);
        auto ts = parseGoTime(value.toStdString(), format.toStdString(), location.toStdString());
        QVERIFY2(ts.ok(), ts.ok() ? "" : ts.error().message.c_str());
        QCOMPARE(qint64(ts.value()), expected);
    }

    void goTimeRejects()
    {
        QVERIFY(!parseGoTime("2019-04-30", "RFC3339").ok());
        QVERIFY(!parseGoTime("12x", "Unix").ok());
        QVERIFY(!parseGoTime("2019-04-30T02:12:41Z trailing", "RFC3339").ok());
        // found by fuzzing (scripts/fuzz syslog): past 2262 the nanoseconds since 1970 overflowed
        const auto far = parseGoTime("2803-10-11T22:14:15.003Z", "RFC3339Nano");
        QVERIFY(!far.ok());
        QVERIFY2(far.error().message.find("outside 1677-2262") != std::string::npos, far.error().message.c_str());
        QVERIFY(parseGoTime("2262-01-01T00:00:00Z", "RFC3339").ok());
    }

    // Stage durations are Go's time.Duration: int64 nanoseconds. Past that, or not finite, the stage is refused with
    // a message instead of converting an out-of-range double (undefined behaviour).
    void durationsPastInt64AreRefused_data()
    {
        QTest::addColumn<QString>("duration");
        QTest::addRow("exponent") << u"1e300h"_s;
        QTest::addRow("overflow-to-inf") << u"1e400s"_s;
        QTest::addRow("past-292-years") << u"2562048h"_s;
        QTest::addRow("negative") << u"-2562048h"_s;
    }
    void durationsPastInt64AreRefused()
    {
        QFETCH(QString, duration);
        auto refused = Pipeline::build(YAML::Load((u"- drop: {older_than: "_s + duration + u"}"_s).toStdString()), "p.yml");
        QVERIFY(!refused.ok());
        QVERIFY2(refused.error().message.find("drop stage: invalid duration") != std::string::npos,
            refused.error().message.c_str());
        QVERIFY(Pipeline::build(YAML::Load("- drop: {older_than: 2562047h}"), "p.yml").ok());
    }
};

QTEST_GUILESS_MAIN(TestPipelineStages)
#include "tst_pipeline_stages.moc"
