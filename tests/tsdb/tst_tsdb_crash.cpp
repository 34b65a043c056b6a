// SIGKILL mid-ingest: every batch the helper reported as acknowledged is there after reopening.
#include "core/tsdb/store.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace sg;

class TestTsdbCrash : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void acknowledgedSamplesSurviveSigkill_data()
    {
        QTest::addColumn<int>("killAfterMs");
        QTest::addRow("early") << 300;
        QTest::addRow("later") << 1500;
    }
    void acknowledgedSamplesSurviveSigkill()
    {
        QFETCH(int, killAfterMs);
        constexpr int SeriesCount = 50;
        QTemporaryDir dir;
        QProcess helper;
        helper.start(QStringLiteral(SG_CRASH_HELPER), { dir.path(), QString::number(SeriesCount) });
        QVERIFY(helper.waitForStarted(5000));
        QElapsedTimer timer;
        timer.start();
        QByteArray out;
        while (timer.elapsed() < killAfterMs) {
            helper.waitForReadyRead(50);
            out += helper.readAllStandardOutput();
        }
        helper.kill(); // SIGKILL
        QVERIFY(helper.waitForFinished(5000));
        out += helper.readAllStandardOutput();
        QCOMPARE(helper.exitStatus(), QProcess::CrashExit);

        int lastAck = -1;
        for (const auto& line : out.split('\n'))
            if (line.startsWith("ack "))
                lastAck = line.mid(4).toInt();
        QVERIFY2(lastAck > 10, qPrintable(QString::fromUtf8(helper.readAllStandardError())));

        auto opened = tsdb::Store::open(dir.path().toStdString());
        QVERIFY2(opened.ok(), opened.ok() ? "" : opened.error().message.c_str());
        auto& store = opened.value();
        const auto name = Matcher::make(MatchType::Equal, "__name__", "crash_test").value();
        const auto all = store->select({ name }, 0, std::int64_t(lastAck) * 15000);
        QCOMPARE(all.size(), std::size_t(SeriesCount));
        for (const auto& s : all) {
            const int i = std::stoi(std::string(s.labels.get("i")));
            QCOMPARE(s.samples.size(), std::size_t(lastAck + 1));
            for (int step = 0; step <= lastAck; ++step) {
                QCOMPARE(s.samples[step].t, step * 15000LL);
                QCOMPARE(s.samples[step].v, double(step) + i / 100.0);
            }
        }
        qInfo("killed after %d acknowledged batches; replay: %zu samples, truncated %llu bytes %s", lastAck + 1,
            store->replayReport().samples, static_cast<unsigned long long>(store->replayReport().truncatedBytes),
            store->replayReport().truncation.c_str());
        // and the store keeps working
        tsdb::AppendBatch b;
        b.samples.push_back({ all[0].labels, (lastAck + 1000) * 15000LL, 1 });
        QCOMPARE(store->append(b).appended, std::size_t(1));
    }
};

QTEST_GUILESS_MAIN(TestTsdbCrash)
#include "tst_tsdb_crash.moc"
