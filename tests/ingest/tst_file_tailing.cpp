#include "core/ingest/file_tailer.h"
#include "core/ingest/glob.h"
#include "core/ingest/log_collector.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sg;
using namespace sg::ingest;

/// Real files in a temporary directory: globs, partial lines, positions across restarts, rotation.
class TestFileTailing : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QString path(const QString& name) const { return m_dir.filePath(name); }

    static void append(const QString& file, const QByteArray& data)
    {
        QDir().mkpath(QFileInfo(file).absolutePath());
        QFile f(file);
        QVERIFY(f.open(QIODevice::Append));
        f.write(data);
    }

    PromtailConfig config(const QString& glob, const QString& stages = {}, const QString& extra = {})
    {
        const QString text = u"positions:\n  filename: "_s + path(u"positions.yaml"_s) + u"\ntarget_config:\n  sync_period: 0s\n"_s
            + extra + u"scrape_configs:\n  - job_name: test\n    static_configs:\n      - targets: [localhost]\n        labels:\n"
                      u"          job: app\n          __path__: "_s
            + glob + u"\n"_s + (stages.isEmpty() ? QString() : u"    pipeline_stages:\n"_s + stages);
        auto parsed = parsePromtailConfig(text.toStdString(), "promtail.yaml");
        if (!parsed.ok())
            qFatal("%s", parsed.error().message.c_str());
        return parsed.value();
    }

    /// `labels line` of every collected entry.
    static QStringList lines(const std::vector<logs::PushBatch>& batches)
    {
        QStringList out;
        for (const auto& b : batches)
            for (const auto& s : b.streams)
                for (const auto& e : s.entries)
                    out << QString::fromStdString(s.labels.toString() + " " + e.line);
        return out;
    }

    static QStringList linesOnly(const std::vector<logs::PushBatch>& batches)
    {
        QStringList out;
        for (const auto& b : batches)
            for (const auto& s : b.streams)
                for (const auto& e : s.entries)
                    out << QString::fromStdString(e.line);
        return out;
    }

    struct Run
    {
        LogCollector collector;
        std::vector<logs::PushBatch> batches;
        explicit Run(PromtailConfig c)
            : collector(std::move(c))
        {
            QObject::connect(&collector, &LogCollector::linesCollected, &collector,
                [this](const logs::PushBatch& b) { batches.push_back(b); });
        }
    };

private Q_SLOTS:
    void init()
    {
        QDir(m_dir.path()).removeRecursively();
        QDir().mkpath(m_dir.path());
    }

    void globDoublestarAndExclude()
    {
        for (const char* f : { "logs/a.log", "logs/sub/b.log", "logs/sub/deep/c.log", "logs/sub/x.txt", "logs/secret/s.log" })
            append(path(QString::fromLatin1(f)), "x\n");
        const Glob glob((path(u"logs"_s) + u"/**/*.log"_s).toStdString());
        QVERIFY(glob.valid());
        QStringList found;
        for (const auto& f : glob.expand())
            found << QDir(m_dir.path()).relativeFilePath(QString::fromStdString(f));
        QCOMPARE(found, (QStringList { u"logs/a.log"_s, u"logs/secret/s.log"_s, u"logs/sub/b.log"_s, u"logs/sub/deep/c.log"_s }));
        QVERIFY(Glob("/a/{x,y}/*.log").matches("/a/y/z.log"));
        QVERIFY(!Glob("/a/*.log").matches("/a/b/z.log"));
        QVERIFY(Glob("/a/**").matches("/a/b/c/z.log"));
        QVERIFY(Glob("/a/file?.[lo]og").matches("/a/file1.log"));

        auto c = config(path(u"logs"_s) + u"/**/*.log\n          __path_exclude__: "_s + path(u"logs/secret/*"_s));
        Run run(std::move(c));
        QVERIFY(!run.collector.start());
        QCOMPARE(run.collector.files().size(), std::size_t(3));
        QCOMPARE(linesOnly(run.batches), (QStringList { u"x"_s, u"x"_s, u"x"_s }));
        run.collector.stop();
    }

    void partialLineWaitsForNewline()
    {
        const QString file = path(u"p.log"_s);
        append(file, "one\ntw");
        FileTailer tailer(file.toStdString(), 0);
        std::vector<std::string> got;
        tailer.poll(1 << 20, got);
        QCOMPARE(got, std::vector<std::string> { "one" });
        QCOMPARE(tailer.offset(), std::int64_t(4));
        append(file, "o\r\nthree\n");
        got.clear();
        tailer.poll(1 << 20, got);
        QCOMPARE(got, (std::vector<std::string> { "two", "three" }));
    }

    void boundedReads()
    {
        const QString file = path(u"big.log"_s);
        QByteArray data;
        for (int i = 0; i < 1000; ++i)
            data += "line " + QByteArray::number(i) + "\n";
        append(file, data);
        FileTailer tailer(file.toStdString(), 0);
        std::vector<std::string> got;
        int polls = 0;
        while (tailer.poll(1000, got))
            ++polls;
        QVERIFY(polls >= 8); // ~8.9 KB in 1000-byte reads
        QCOMPARE(got.size(), std::size_t(1000));
        QCOMPARE(got.back(), std::string("line 999"));
    }

    void backpressureWaitsForTheStore()
    {
        const QString file = path(u"bp.log"_s);
        QByteArray data;
        for (int i = 0; i < 100; ++i)
            data += "line " + QByteArray::number(i) + "\n";
        append(file, data);
        PromtailConfig c = config(file);
        c.readBatchBytes = 100; // ~12 lines per read
        Run run(std::move(c));
        run.collector.setMaxBatchesInFlight(1);
        QVERIFY(!run.collector.start());
        QCOMPARE(run.batches.size(), std::size_t(1));
        run.collector.pollOnce(); // the store has not taken the first batch: nothing is read
        QCOMPARE(run.batches.size(), std::size_t(1));
        while (linesOnly(run.batches).size() < 100) {
            const std::size_t before = run.batches.size();
            run.collector.batchStored();
            run.collector.pollOnce();
            QCOMPARE(run.batches.size(), before + 1);
        }
        QCOMPARE(linesOnly(run.batches).last(), u"line 99"_s);
        run.collector.stop();
    }

    void positionsResumeAfterRestart()
    {
        const QString file = path(u"app.log"_s);
        append(file, "a\nb\nc\n");
        {
            Run run(config(file));
            QVERIFY(!run.collector.start());
            QCOMPARE(linesOnly(run.batches), (QStringList { u"a"_s, u"b"_s, u"c"_s }));
            run.collector.stop();
        }
        QFile positions(path(u"positions.yaml"_s));
        QVERIFY(positions.open(QIODevice::ReadOnly));
        const QByteArray text = positions.readAll();
        QVERIFY2(text.contains(file.toUtf8()) && text.contains("\"6\""), text.constData());
        append(file, "d\ne\n");
        Run second(config(file));
        QVERIFY(!second.collector.start());
        QCOMPARE(linesOnly(second.batches), (QStringList { u"d"_s, u"e"_s }));
        QCOMPARE(lines(second.batches).first(), QString::fromStdString("{filename=\"" + file.toStdString() + "\", job=\"app\"} d"));
        second.collector.stop();
    }

    void positionsWaitForEveryAcknowledger()
    {
        const QString file = path(u"acked.log"_s);
        append(file, "a\nb\n");
        const auto savedOffset = [this, file] {
            QFile positions(path(u"positions.yaml"_s));
            if (!positions.open(QIODevice::ReadOnly))
                return QByteArray("none");
            const QByteArray text = positions.readAll();
            const qsizetype at = text.indexOf(file.toUtf8());
            return at < 0 ? QByteArray("none") : text.mid(at + file.size() + 2).split('\n').first().trimmed();
        };
        std::vector<quint64> seqs;
        {
            LogCollector collector(config(file));
            collector.setAcknowledgers(2); // the local store and one client
            QObject::connect(&collector, &LogCollector::linesCollected, &collector,
                [&](const logs::PushBatch&, quint64 seq) { seqs.push_back(seq); });
            QVERIFY(!collector.start());
            QCOMPARE(seqs, std::vector<quint64> { 1 });
            collector.acknowledge(1); // the store has it; the client not yet
            QCOMPARE(collector.unacknowledged(), 1);
            append(file, "c\n");
            collector.pollOnce();
            QCOMPARE(seqs, (std::vector<quint64> { 1, 2 }));
            collector.acknowledge(2);
            collector.acknowledge(2); // batch 2 is complete, but batch 1 is not: nothing moves
            QCOMPARE(collector.unacknowledged(), 2);
            collector.stop(); // waits a while for the acknowledgements, then saves what every acknowledger has
        }
        QCOMPARE(savedOffset(), QByteArray("none")); // a restart reads "a b c" again: nothing is skipped
        seqs.clear();
        {
            LogCollector collector(config(file));
            collector.setAcknowledgers(2);
            QObject::connect(&collector, &LogCollector::linesCollected, &collector,
                [&](const logs::PushBatch&, quint64 seq) { seqs.push_back(seq); });
            QVERIFY(!collector.start());
            QCOMPARE(seqs.size(), std::size_t(1));
            collector.acknowledge(seqs[0]);
            collector.acknowledge(seqs[0]);
            QCOMPARE(collector.unacknowledged(), 0);
            collector.stop();
        }
        QCOMPARE(savedOffset(), QByteArray("\"6\""));
    }

    void rotationByRename()
    {
        const QString file = path(u"r.log"_s);
        append(file, "1\n2\n");
        Run run(config(file));
        QVERIFY(!run.collector.start());
        append(file, "3\n"); // written before rotation, not yet read
        QVERIFY(QFile::rename(file, file + u".1"_s));
        append(file, "4\n5\n");
        run.collector.pollOnce();
        run.collector.pollOnce();
        append(file, "6\n");
        run.collector.pollOnce();
        QCOMPARE(linesOnly(run.batches), (QStringList { u"1"_s, u"2"_s, u"3"_s, u"4"_s, u"5"_s, u"6"_s }));
        run.collector.stop();
    }

    void rotationByCopyTruncate()
    {
        const QString file = path(u"t.log"_s);
        append(file, "first line\nsecond line\n");
        Run run(config(file));
        QVERIFY(!run.collector.start());
        QVERIFY(QFile::copy(file, file + u".1"_s));
        QFile f(file);
        QVERIFY(f.resize(0));
        append(file, "new\n");
        run.collector.pollOnce();
        append(file, "newer\n");
        run.collector.pollOnce();
        QCOMPARE(linesOnly(run.batches), (QStringList { u"first line"_s, u"second line"_s, u"new"_s, u"newer"_s }));
        run.collector.stop();
    }

    void newFilesArePickedUp()
    {
        Run run(config(path(u"dir"_s) + u"/*.log"_s));
        QVERIFY(!run.collector.start());
        QVERIFY(run.collector.files().empty());
        append(path(u"dir/late.log"_s), "hello\n");
        run.collector.pollOnce();
        QCOMPARE(linesOnly(run.batches), QStringList { u"hello"_s });
        run.collector.stop();
    }

    void dockerJsonFile()
    {
        const QString file = path(u"containers/abc/abc-json.log"_s);
        append(file, R"({"log":"GET /health 200\n","stream":"stdout","time":"2024-05-01T10:00:00.000000001Z"}
{"log":"boom\n","stream":"stderr","time":"2024-05-01T10:00:01Z"}
)");
        Run run(config(path(u"containers"_s) + u"/*/*-json.log"_s, u"      - docker: {}\n"_s));
        QVERIFY(!run.collector.start());
        QStringList got = lines(run.batches);
        got.sort();
        const std::string f = file.toStdString();
        QCOMPARE(got, (QStringList { QString::fromStdString("{filename=\"" + f + "\", job=\"app\", stream=\"stderr\"} boom"),
                          QString::fromStdString("{filename=\"" + f + "\", job=\"app\", stream=\"stdout\"} GET /health 200") }));
        QCOMPARE(run.batches.at(0).streams.size(), std::size_t(2));
        for (const auto& s : run.batches.at(0).streams)
            QCOMPARE(s.entries.at(0).ts, s.labels.get("stream") == "stdout" ? TimestampNs(1714557600000000001) : TimestampNs(1714557601000000000));
        run.collector.stop();
    }

    void multilineJoinsAcrossPolls()
    {
        const QString file = path(u"m.log"_s);
        append(file, "2024-01-01 ERROR boom\n  at a()\n");
        Run run(config(file, u"      - multiline: {firstline: '^\\d{4}-', max_wait_time: 10s}\n"_s));
        QVERIFY(!run.collector.start());
        append(file, "  at b()\n2024-01-01 INFO ok\n");
        run.collector.pollOnce();
        QCOMPARE(linesOnly(run.batches), QStringList { u"2024-01-01 ERROR boom\n  at a()\n  at b()"_s });
        run.collector.stop(); // flushes the open block
        QCOMPARE(linesOnly(run.batches), (QStringList { u"2024-01-01 ERROR boom\n  at a()\n  at b()"_s, u"2024-01-01 INFO ok"_s }));
    }

    void maxLineSize_data()
    {
        QTest::addColumn<bool>("truncate");
        QTest::addColumn<QStringList>("expected");
        QTest::addRow("drop") << false << QStringList { u"short"_s };
        QTest::addRow("truncate") << true << QStringList { u"short"_s, u"0123456789"_s };
    }

    void maxLineSize()
    {
        QFETCH(bool, truncate);
        QFETCH(QStringList, expected);
        const QString file = path(u"l.log"_s);
        append(file, "short\n0123456789abcdef\n");
        const QString limits = u"limits_config:\n  max_line_size: 10\n  max_line_size_truncate: "_s
            + (truncate ? u"true\n"_s : u"false\n"_s);
        Run run(config(file, {}, limits));
        QVERIFY(!run.collector.start());
        QCOMPARE(linesOnly(run.batches), expected);
        run.collector.stop();
    }
};

QTEST_GUILESS_MAIN(TestFileTailing)
#include "tst_file_tailing.moc"
