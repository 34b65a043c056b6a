// `sightglass bench crash-trials` as a user runs it, a few trials long: serve under scrape, push and query load is
// SIGKILLed and restarted; every restart opens and nothing acknowledged is lost. The 100-trial figure is in
// docs/benchmarks.md.
#include <QProcess>
#include <QTest>

using namespace Qt::StringLiterals;

class TestCrashTrials : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void nothingAcknowledgedIsLost()
    {
        QProcess p;
        p.start(QStringLiteral(SG_BINARY), { u"bench"_s, u"crash-trials"_s, u"--trials"_s, u"4"_s, u"--max-load"_s, u"2.5"_s });
        QVERIFY(p.waitForFinished(150'000));
        const QString out = QString::fromUtf8(p.readAllStandardOutput());
        const QStringList lines = out.trimmed().split(u'\n');
        QVERIFY2(p.exitCode() == 0, qPrintable(out + QString::fromUtf8(p.readAllStandardError())));
        QCOMPARE(lines.last(), u"4 trials, 0 acknowledged lost"_s);
        QVERIFY2(out.contains(u"0 restarts failed to open"_s), qPrintable(out));
        QCOMPARE(out.count(u"reopened in"_s), 4);
        // the trials carried load: lines were acknowledged in every one
        QVERIFY2(!out.contains(u" 0 lines and"_s), qPrintable(out));
    }
};

QTEST_GUILESS_MAIN(TestCrashTrials)
#include "tst_crash_trials.moc"
