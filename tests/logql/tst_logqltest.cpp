#include "tests/common/require_peer.h"
#include "core/logql/logqltest.h"

#include <QDir>
#include <QTest>

using namespace sg;
using namespace Qt::StringLiterals;

/// Runs Loki's logqltest scripts from the shared testdata, and ours (tests/logql/scripts): every eval of every script
/// must pass (a failing one is printed with its line and reason).
class TestLogqlScripts : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void scripts_data()
    {
        QTest::addColumn<QString>("path");
        QDir dir(QStringLiteral(SG_SHARED_TESTDATA "/logqltest"));
        const QStringList files = dir.entryList({ u"*.logqltest"_s }, QDir::Files, QDir::Name);
        SG_REQUIRE_PEER(!files.isEmpty(), "logqltest scripts not found under " SG_SHARED_TESTDATA "/logqltest");
        for (const QString& f : files)
            QTest::addRow("%s", qPrintable(f)) << dir.filePath(f);
        // Our own scripts: the documentation's syntax forms the shared corpora do not cover.
        QDir own(QStringLiteral(SG_SOURCE_DIR "/tests/logql/scripts"));
        for (const QString& f : own.entryList({ u"*.logqltest"_s }, QDir::Files, QDir::Name))
            QTest::addRow("own/%s", qPrintable(f)) << own.filePath(f);
    }
    void scripts()
    {
        QFETCH(QString, path);
        auto r = logql::logqltest::runScriptFile(path.toStdString());
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
        const QString name = QFileInfo(path).fileName();
        qInfo("%s: %d/%d evals pass", qPrintable(name), r->passed(), int(r->cases.size()));
        for (const auto& c : r->cases)
            if (!c.passed)
                qInfo("  line %d: %s\n    %s", c.line, c.query.c_str(), c.message.c_str());
        QVERIFY(!r->cases.empty());
        QCOMPARE(r->failed(), 0);
    }
    void emptyValuesCompareStrictly()
    {
        // An expected `name=""` is a label with an empty value: it must not match a series without `name`.
        const char* script = "load\n"
                             "  {app=\"m\"} \"x\" @ 10s [metadata name=\"\"]\n"
                             "  {app=\"n\"} \"x\" @ 10s\n"
                             "eval instant at 20s count_over_time({app=\"m\"} [1m])\n"
                             "  {app=\"m\", name=\"\"} 1\n"
                             "eval instant at 20s count_over_time({app=\"m\"} [1m])\n"
                             "  {app=\"m\"} 1\n"
                             "eval instant at 20s count_over_time({app=\"n\"} [1m])\n"
                             "  {app=\"n\", name=\"\"} 1\n";
        auto r = logql::logqltest::runScript(script, "empty-values");
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
        QCOMPARE(int(r->cases.size()), 3);
        QVERIFY2(r->cases[0].passed, r->cases[0].message.c_str());
        QVERIFY(!r->cases[1].passed);
        QVERIFY(!r->cases[2].passed);
    }
};

QTEST_GUILESS_MAIN(TestLogqlScripts)
#include "tst_logqltest.moc"
