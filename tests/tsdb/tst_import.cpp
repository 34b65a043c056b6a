// `sightglass import openmetrics` as a real process on real files: series grouped by family or interleaved,
// escaped label values, exemplars, what is read back from the data dir, and files that are refused whole.
#include "core/tsdb/store.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <fstream>

using namespace sg;
using namespace sg::tsdb;

namespace {
struct Run
{
    int exitCode = -1;
    QString out, err;
};
Run runImport(const QString& file, const QString& dataDir)
{
    QProcess p;
    // The samples are from 1970: the data dir keeps them without a time limit.
    p.start(QStringLiteral(SG_BINARY), { QStringLiteral("import"), QStringLiteral("openmetrics"), file,
                                            QStringLiteral("--data-dir"), dataDir, QStringLiteral("--retention.time"),
                                            QStringLiteral("0") });
    p.waitForFinished(30000);
    return { p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError()) };
}
QString write(const QTemporaryDir& dir, const char* name, const std::string& text)
{
    const QString path = dir.filePath(QString::fromLatin1(name));
    std::ofstream(path.toStdString()) << text;
    return path;
}
std::vector<SeriesSamples> all(const QString& dataDir)
{
    StoreOptions options;
    options.retention = 0;
    auto store = Store::open((dataDir + QStringLiteral("/metrics")).toStdString(), options);
    if (!store.ok())
        return {};
    return store.value()->select({ Matcher::make(MatchType::Regex, "__name__", ".+").value() },
        std::numeric_limits<TimestampMs>::min(), std::numeric_limits<TimestampMs>::max());
}
}

class TestImport : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void groupedAndInterleavedSeries()
    {
        QTemporaryDir dir;
        std::string text = "# HELP rq Requests.\n# TYPE rq counter\n";
        for (int i = 0; i < 300; ++i) // grouped per series: 300 samples of one series, then the other
            text += "rq_total{path=\"/a b\\\"c\",code=\"200\"} " + std::to_string(i) + " " + std::to_string(1000 + i * 15) + "\n";
        for (int i = 0; i < 300; ++i)
            text += "rq_total{path=\"/x\",code=\"500\"} " + std::to_string(i * 2) + " " + std::to_string(1000 + i * 15)
                + (i == 5 ? " # {trace_id=\"a\"} 1 1000.5" : "") + "\n";
        text += "# TYPE temp gauge\n";
        for (int i = 0; i < 50; ++i) // interleaved by time
            for (int h = 0; h < 3; ++h)
                text += "temp{host=\"h" + std::to_string(h) + "\"} " + std::to_string(20 + h) + ".25 "
                    + std::to_string(1000 + i * 15) + ".5\n";
        text += "# EOF\n";
        const Run r = runImport(write(dir, "a.om", text), dir.filePath(QStringLiteral("data")));
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.trimmed().endsWith(QStringLiteral("samples/s")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QStringLiteral("imported 750 samples")), qPrintable(r.out));

        const auto got = all(dir.filePath(QStringLiteral("data")));
        QCOMPARE(got.size(), std::size_t(5));
        std::size_t total = 0;
        for (const auto& s : got)
            total += s.samples.size();
        QCOMPARE(total, std::size_t(750));
        bool escaped = false;
        for (const auto& s : got) {
            if (s.labels.get("path") == "/a b\"c") {
                escaped = true;
                QCOMPARE(s.samples.size(), std::size_t(300));
                QCOMPARE(s.samples[10].t, TimestampMs((1000 + 150) * 1000LL));
                QCOMPARE(s.samples[10].v, 10.0);
            }
            if (s.labels.get("host") == "h2") {
                QCOMPARE(s.samples[3].t, TimestampMs((1000 + 45) * 1000LL + 500));
                QCOMPARE(s.samples[3].v, 22.25);
            }
        }
        QVERIFY(escaped);
    }

    void badFilesImportNothing_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("message");
        QTest::newRow("no eof") << QStringLiteral("a 1 1\na 2 2\n") << QStringLiteral("# EOF");
        QTest::newRow("bad value later") << QStringLiteral("a 1 1\na x 2\n# EOF\n") << QStringLiteral("line 2");
        QTest::newRow("no timestamp") << QStringLiteral("a 1 1\nb 2\n# EOF\n") << QStringLiteral("no timestamp");
        QTest::newRow("garbage") << QStringLiteral("a 1 1\n{{{ 1 1\n# EOF\n") << QStringLiteral("line 2");
    }
    void badFilesImportNothing()
    {
        QFETCH(QString, text);
        QFETCH(QString, message);
        QTemporaryDir dir;
        const Run r = runImport(write(dir, "b.om", text.toStdString()), dir.filePath(QStringLiteral("data")));
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        QVERIFY(all(dir.filePath(QStringLiteral("data"))).empty());
    }
};

QTEST_GUILESS_MAIN(TestImport)
#include "tst_import.moc"
