// Runs Prometheus' own PromQL test scripts; the pass, fail and skip counts of every file are pinned.

#include "tests/common/require_peer.h"
#include "core/promql/promqltest.h"

#include <QDir>
#include <QFile>
#include <QHash>
#include <QTest>

using namespace sg::promql;
using namespace Qt::StringLiterals;

namespace {

const QString CorpusDir = QStringLiteral(SG_SHARED_TESTDATA "/promqltest");

struct Counts
{
    int passed, failed, skipped;
};

/// What each script gives today, pinned: a regression shows as a changed count, never hides as a skip. An eval
/// is skipped only when its answer needs what the store does not hold (native histogram samples, start
/// timestamps); the skip reasons are printed. No script fails: the histogram trim operators `</` and `>/` parse and
/// evaluate (on floats they remove the sample, with an info annotation); their cases need native histograms.
const QHash<QString, Counts> Pinned = {
    { QStringLiteral("aggregators.test"), { 126, 0, 34 } },
    { QStringLiteral("collision.test"), { 2, 0, 0 } },
    { QStringLiteral("duration_expression.test"), { 59, 0, 0 } },
    { QStringLiteral("extended_vectors.test"), { 123, 0, 46 } },
    { QStringLiteral("fill-modifier.test"), { 46, 0, 0 } },
    { QStringLiteral("functions.test"), { 380, 0, 51 } },
    { QStringLiteral("histograms.test"), { 93, 0, 92 } },
    { QStringLiteral("info.test"), { 52, 0, 1 } },
    { QStringLiteral("limit.test"), { 15, 0, 22 } },
    { QStringLiteral("literals.test"), { 25, 0, 0 } },
    { QStringLiteral("name_label_dropping.test"), { 30, 0, 0 } },
    { QStringLiteral("native_histograms.test"), { 3, 0, 519 } },
    { QStringLiteral("operators.test"), { 145, 0, 69 } },
    { QStringLiteral("range_queries.test"), { 17, 0, 1 } },
    { QStringLiteral("selectors.test"), { 31, 0, 0 } },
    { QStringLiteral("start_timestamps.test"), { 2, 0, 24 } },
    { QStringLiteral("trig_functions.test"), { 19, 0, 0 } },
    { QStringLiteral("type_and_unit.test"), { 58, 0, 0 } },
};

} // namespace

class TestPromqltestCorpus : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        SG_REQUIRE_PEER(QDir(CorpusDir).exists(), "Prometheus test scripts not found in ../shared/testdata/promqltest; skipping the corpus run");
    }

    void corpus_data()
    {
        QTest::addColumn<QString>("file");
        const auto files = QDir(CorpusDir).entryList({ QStringLiteral("*.test") }, QDir::Files, QDir::Name);
        for (const QString& f : files)
            QTest::newRow(qPrintable(f)) << f;
    }

    void corpus()
    {
        QFETCH(QString, file);
        QFile f(CorpusDir + u'/' + file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray text = f.readAll();
        const test::ScriptReport report = test::runScript(std::string_view(text.constData(), std::size_t(text.size())));
        qInfo("%s: %d evals, %d passed, %d failed, %d skipped", qPrintable(file), report.evals, report.passed,
            report.failed, report.unsupported);
        for (const auto& [reason, n] : report.skipsByReason)
            qInfo("  skipped %d: %s", n, reason.c_str());
        const bool verbose = qEnvironmentVariableIsSet("SG_PROMQLTEST_VERBOSE");
        int shown = 0;
        for (const auto& o : report.outcomes) {
            if (o.passed || (o.unsupported && !verbose) || shown >= 20)
                continue;
            qInfo("  line %d%s: %s -- %s", o.line, o.unsupported ? (" (skipped: " + o.skipReason + ")").c_str() : "",
                o.query.c_str(), o.message.c_str());
            ++shown;
        }
        QVERIFY(report.evals > 0);
        QVERIFY2(Pinned.contains(file), qPrintable(u"new script %1: pin its counts (%2 passed, %3 failed, %4 skipped)"_s.arg(file)
                                                       .arg(report.passed).arg(report.failed).arg(report.unsupported)));
        const Counts want = Pinned.value(file);
        QCOMPARE(report.passed, want.passed);
        QCOMPARE(report.failed, want.failed);
        QCOMPARE(report.unsupported, want.skipped);
        for (const auto& o : report.outcomes)
            QVERIFY2(!o.unsupported || !o.skipReason.empty(), "a skip without a reason");
    }
};

QTEST_GUILESS_MAIN(TestPromqltestCorpus)
#include "tst_promqltest_corpus.moc"
