// Runs our own PromQL test scripts (tests/promql/scripts/*.test) with the promqltest runner; every eval must pass.

#include "core/promql/promqltest.h"

#include <QDir>
#include <QFile>
#include <QTest>

using namespace sg::promql;

class TestPromqlScripts : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void scripts_data()
    {
        QTest::addColumn<QString>("path");
        const QDir dir(QStringLiteral(SG_SOURCE_DIR "/tests/promql/scripts"));
        const auto files = dir.entryList({ QStringLiteral("*.test") }, QDir::Files, QDir::Name);
        for (const QString& f : files)
            QTest::newRow(qPrintable(f)) << dir.filePath(f);
    }
    void scripts()
    {
        QFETCH(QString, path);
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray text = f.readAll();
        const auto report = test::runScript(std::string_view(text.constData(), std::size_t(text.size())));
        for (const auto& o : report.outcomes)
            if (!o.passed)
                qWarning("line %d: %s -- %s", o.line, o.query.c_str(), o.message.c_str());
        QVERIFY(report.evals > 0);
        QCOMPARE(report.failed, 0);
        QCOMPARE(report.unsupported, 0);
        QCOMPARE(report.passed, report.evals);
    }
};

QTEST_GUILESS_MAIN(TestPromqlScripts)
#include "tst_promql_scripts.moc"
