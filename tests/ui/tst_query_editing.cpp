// GUI tests of the query editor as a person uses it: typing, completion, diagnostics, formatting and undo,
// brackets, the Explain toggle and the history popup.

#include "core/promql/format.h"
#include "ui/query_editor/bracket_assist.h"
#include "ui/query_editor/completion_controller.h"
#include "ui/query_editor/completion_popup.h"
#include "ui/query_editor/completion_runner.h"
#include "ui/query_editor/history_popup.h"
#include "ui/query_editor/query_checks.h"
#include "ui/query_editor/query_highlighter.h"
#include "ui/query_editor/query_history.h"
#include "ui/theme.h"
#include "ui/widgets/query_editor.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPainter>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextLayout>
#include <QThread>
#include <QToolButton>
#include <QToolTip>
#include <QTreeWidget>

using namespace sg;
using namespace Qt::StringLiterals;

namespace {

/// A small store: three metrics with metadata, a job label with two values.
class FakeData : public langsvc::CompletionData
{
public:
    std::vector<std::string> metricNames() override
    {
        return { "http_requests_total", "http_request_duration_seconds_bucket", "up" };
    }
    std::vector<langsvc::MetricMetadata> metricMetadata() override
    {
        return { { "http_requests_total", "counter", "Requests served, by status.", "" } };
    }
    std::vector<std::string> labelNames(langsvc::Language, const Matchers&) override { return { "job", "status" }; }
    std::vector<std::string> labelValues(langsvc::Language, const std::string& name, const Matchers&) override
    {
        if (name == "job")
            return { "api", "worker" };
        return { "200", "500" };
    }
    std::vector<langsvc::LogSample> sampleLogs(const std::string&, int) override { return {}; }
};

/// Metadata that holds the first caller until released, as a slow store would.
class BlockingData : public FakeData
{
public:
    std::atomic_int calls { 0 };
    std::atomic_bool entered { false };
    std::atomic_bool release { false };
    std::atomic_bool firstReturned { false };

    std::vector<langsvc::MetricMetadata> metricMetadata() override
    {
        if (calls.fetch_add(1) != 0)
            return FakeData::metricMetadata();
        entered = true;
        QElapsedTimer waited;
        waited.start();
        while (!release && waited.elapsed() < 5000)
            QThread::msleep(2);
        firstReturned = true;
        return FakeData::metricMetadata();
    }
};

QList<QTextEdit::ExtraSelection> waveUnderlines(const ui::QueryEditor& editor)
{
    QList<QTextEdit::ExtraSelection> out;
    for (const auto& sel : editor.editor()->extraSelections())
        if (sel.format.underlineStyle() == QTextCharFormat::WaveUnderline)
            out.append(sel);
    return out;
}

QStringList labels(const ui::CompletionPopup* popup)
{
    QStringList out;
    for (const auto& item : popup->items())
        out << QString::fromStdString(item.label);
    return out;
}

} // namespace

class TestQueryEditing : public QObject
{
    Q_OBJECT

    std::unique_ptr<ui::QueryEditor> m_editor;

    ui::QueryEditor* openEditor(langsvc::Language language = langsvc::Language::PromQL)
    {
        m_editor = std::make_unique<ui::QueryEditor>();
        m_editor->setLanguage(language);
        m_editor->setCompletionData(std::make_shared<FakeData>());
        m_editor->resize(800, 120);
        m_editor->show();
        m_editor->activateWindow();
        m_editor->editor()->setFocus();
        if (!QTest::qWaitForWindowExposed(m_editor.get()))
            return nullptr;
        return m_editor.get();
    }
    ui::CompletionPopup* popup() const { return m_editor->completion()->popup(); }

private Q_SLOTS:
    void cleanup() { m_editor.reset(); }

    void typingOpensCompletionAndEnterAccepts()
    {
        auto* editor = openEditor();
        QVERIFY(editor);
        QTest::keyClicks(editor->editor(), u"http_req"_s);
        QTRY_VERIFY(popup()->isVisible());
        QTRY_VERIFY(labels(popup()).contains(u"http_requests_total"_s));
        QVERIFY(!labels(popup()).contains(u"up"_s)); // filtered by the word typed
        // Down moves to the item, the details pane shows its type and HELP, Enter inserts it.
        const int target = int(labels(popup()).indexOf(u"http_requests_total"_s));
        for (int i = popup()->currentIndex(); i != target; i = popup()->currentIndex())
            QTest::keyClick(editor->editor(), Qt::Key_Down);
        QVERIFY(popup()->details()->text().contains(u"counter"_s));
        QVERIFY(popup()->details()->text().contains(u"Requests served"_s));
        QTest::keyClick(editor->editor(), Qt::Key_Return);
        QCOMPARE(editor->text(), u"http_requests_total"_s);
        QVERIFY(!popup()->isVisible());
        // One Ctrl+Z takes the completion back to what was typed.
        QTest::keyClick(editor->editor(), Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(editor->text(), u"http_req"_s);
    }

    void newRequestDropsTheOldAnswer()
    {
        auto data = std::make_shared<BlockingData>();
        ui::CompletionRunner runner;
        runner.setData(data);
        QSignalSpy finished(&runner, &ui::CompletionRunner::finished);
        const quint64 firstId = runner.start({ langsvc::Language::PromQL, "http", 4, {}, 50 });
        QTRY_VERIFY(data->entered.load());
        // A keystroke later: the second request is answered while the first still waits on the store.
        const quint64 secondId = runner.start({ langsvc::Language::PromQL, "u", 1, {}, 50 });
        QVERIFY(finished.wait(5000));
        QCOMPARE(finished.at(0).at(0).toULongLong(), secondId);
        data->release = true;
        QTRY_VERIFY(data->firstReturned.load());
        QTest::qWait(100); // the first answer, had it been sent, would be delivered by now
        QCOMPARE(finished.count(), 1);
        QVERIFY(secondId != firstId);
    }

    void ctrlSpaceCompletesLabelValuesAndEscapeCloses()
    {
        auto* editor = openEditor();
        QVERIFY(editor);
        QTest::keyClicks(editor->editor(), u"up{job="_s);
        QCOMPARE(editor->text(), u"up{job=}"_s); // the brace closed itself
        QTest::keyClick(editor->editor(), Qt::Key_Escape);
        QVERIFY(!popup()->isVisible());
        QTest::keyClick(editor->editor(), Qt::Key_Space, Qt::ControlModifier);
        QTRY_VERIFY(popup()->isVisible());
        QCOMPARE(labels(popup()), (QStringList { u"api"_s, u"worker"_s }));
        QTest::keyClick(editor->editor(), Qt::Key_Down);
        QTest::keyClick(editor->editor(), Qt::Key_Tab);
        QCOMPARE(editor->text(), u"up{job=\"worker\"}"_s);
        QTest::keyClick(editor->editor(), Qt::Key_End); // after the selector: operators and keywords
        QTest::keyClick(editor->editor(), Qt::Key_Space, Qt::ControlModifier);
        QTRY_VERIFY(popup()->isVisible());
        QTest::keyClick(editor->editor(), Qt::Key_Escape);
        QVERIFY(!popup()->isVisible());
        QCOMPARE(editor->text(), u"up{job=\"worker\"}"_s);
    }

    void functionsCarryDocumentation()
    {
        auto* editor = openEditor();
        QVERIFY(editor);
        QTest::keyClicks(editor->editor(), u"irat"_s);
        QTRY_VERIFY(labels(popup()).contains(u"irate"_s));
        popup()->setCurrentIndex(int(labels(popup()).indexOf(u"irate"_s)));
        QVERIFY(popup()->details()->text().contains(u"irate("_s)); // the signature
        QTest::keyClick(editor->editor(), Qt::Key_Return);
        // The call comes closed, the cursor inside it, and what is typed next goes there.
        QCOMPARE(editor->text(), u"irate()"_s);
        QCOMPARE(editor->editor()->textCursor().position(), 6);
        QTest::keyClick(editor->editor(), Qt::Key_Escape);
        QTest::keyClicks(editor->editor(), u"x[5m]"_s);
        QTest::keyClick(editor->editor(), Qt::Key_Escape);
        QCOMPARE(editor->text().left(12), u"irate(x[5m])"_s);
    }

    void squiggleAppearsWithTooltipAndGoes()
    {
        auto* editor = openEditor();
        QVERIFY(editor);
        QTest::keyClicks(editor->editor(), u"sum(up) by"_s);
        QTest::keyClick(editor->editor(), Qt::Key_Escape);
        QTRY_VERIFY(!editor->squiggles().empty());
        const ui::Squiggle s = editor->squiggles().front();
        QVERIFY(s.error);
        QVERIFY(!s.message.isEmpty());
        const auto marks = waveUnderlines(*editor);
        QCOMPARE(marks.size(), 1);
        QCOMPARE(marks.front().format.underlineColor(), ui::theme::errorColor());
        QCOMPARE(marks.front().format.toolTip(), s.message);
        // Hovering the squiggle shows its message.
        QCOMPARE(editor->toolTipAt(marks.front().cursor.selectionStart()), s.message);
        QTextCursor at(editor->editor()->document());
        at.setPosition(marks.front().cursor.selectionStart());
        const QPoint pos = editor->editor()->cursorRect(at).center() + QPoint(2, 0);
        QHelpEvent help(QEvent::ToolTip, pos, editor->editor()->viewport()->mapToGlobal(pos));
        QCoreApplication::sendEvent(editor->editor()->viewport(), &help);
        QTRY_COMPARE(QToolTip::text(), s.message);
        QToolTip::hideText();
        // Finishing the query takes it away.
        QTest::keyClicks(editor->editor(), u" (job)"_s);
        QTRY_VERIFY(editor->squiggles().empty());
        QTRY_VERIFY(waveUnderlines(*editor).isEmpty());
    }

    void hoverShowsDocumentation()
    {
        auto* editor = openEditor();
        QVERIFY(editor);
        editor->setText(u"sum by (job) (rate(up[5m]))"_s);
        QVERIFY(editor->documentationAt(16).contains(u"rate(range-vector) → instant-vector"_s));
        QVERIFY(editor->documentationAt(1).contains(u"Sum over dimensions"_s));
        QVERIFY(editor->documentationAt(5).contains(u"Keeps only the listed labels"_s)); // by
        QVERIFY(editor->documentationAt(20).isEmpty()); // a metric: its metadata is not looked up here
        // A real tooltip event over `rate` shows it.
        QTextCursor at(editor->editor()->document());
        at.setPosition(16);
        const QPoint pos = editor->editor()->cursorRect(at).center();
        QHelpEvent help(QEvent::ToolTip, pos, editor->editor()->viewport()->mapToGlobal(pos));
        QCoreApplication::sendEvent(editor->editor()->viewport(), &help);
        QTRY_VERIFY(QToolTip::text().contains(u"Per-second average rate"_s));
        QToolTip::hideText();
    }

    void warningIsYellow()
    {
        auto* editor = openEditor();
        QVERIFY(editor);
        editor->setText(u"rate(up[5m])"_s); // rate over something that is not a counter
        QTRY_VERIFY(!editor->squiggles().empty());
        QVERIFY(!editor->squiggles().front().error);
        QCOMPARE(waveUnderlines(*editor).front().format.underlineColor(), ui::theme::warnColor());
    }

    void unknownNamesSquiggledFromTheData()
    {
        // With data, what the store does not hold is a warning too, shown once the data has answered; fixing the
        // name takes it away.
        auto* editor = openEditor();
        QVERIFY(editor);
        editor->setText(u"http_requests_totl{job=\"api\"}"_s);
        QTRY_COMPARE(int(editor->squiggles().size()), 1);
        const ui::Squiggle unknown = editor->squiggles().front();
        QVERIFY(!unknown.error);
        QCOMPARE(unknown.message, u"unknown metric \"http_requests_totl\": no series in this store"_s);
        QCOMPARE(unknown.chars.begin, 0);
        QCOMPARE(unknown.chars.end, 18);
        editor->setText(u"http_requests_total{job=\"db\"}"_s);
        QTRY_VERIFY(!editor->squiggles().empty() && editor->squiggles().front().message.contains(u"job=\"db\""_s));
        editor->setText(u"http_requests_total{job=\"api\"}"_s);
        QTRY_VERIFY(editor->squiggles().empty());
        QTest::qWait(200); // a late answer for an older text does not bring one back
        QVERIFY(editor->squiggles().empty());
    }

    void logqlDiagnosticsFollowTheLanguage()
    {
        auto* editor = openEditor(langsvc::Language::LogQL);
        QVERIFY(editor);
        editor->setText(u"{app=\"api\"} |= \"\""_s); // a filter that keeps every line
        QTRY_VERIFY(!editor->squiggles().empty());
        QVERIFY(!editor->squiggles().front().error);
        editor->setLanguage(langsvc::Language::PromQL); // the same text is not PromQL
        QTRY_VERIFY(!editor->squiggles().empty() && editor->squiggles().front().error);
    }

    void formatIsOneUndoStep()
    {
        auto* editor = openEditor();
        QVERIFY(editor);
        const QString original = u"sum by(job)(rate(http_requests_total[5m]))"_s;
        QTest::keyClicks(editor->editor(), original);
        QTest::keyClick(editor->editor(), Qt::Key_End, Qt::ControlModifier | Qt::ShiftModifier);
        QTest::keyClick(editor->editor(), Qt::Key_Delete);
        QCOMPARE(editor->text(), original);
        const auto expected = promql::formatQuery(original.toStdString());
        QVERIFY(expected.ok());
        QTest::keyClick(editor->editor(), Qt::Key_F, Qt::ShiftModifier | Qt::AltModifier);
        QCOMPARE(editor->text(), QString::fromStdString(expected.value()));
        QVERIFY(editor->text() != original);
        QTest::keyClick(editor->editor(), Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(editor->text(), original);
        QTest::keyClick(editor->editor(), Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(editor->text(), QString::fromStdString(expected.value()));
    }

    void formatFailureKeepsText()
    {
        auto* editor = openEditor();
        QVERIFY(editor);
        editor->setText(u"sum(rate(x[5m]) +"_s);
        QVERIFY(!editor->format());
        QCOMPARE(editor->text(), u"sum(rate(x[5m]) +"_s);
        QVERIFY(!editor->errorText().isEmpty());
        QTest::mouseClick(editor->formatButton(), Qt::LeftButton);
        QCOMPARE(editor->text(), u"sum(rate(x[5m]) +"_s);
    }

    void shiftEnterAddsLineCtrlEnterRuns()
    {
        auto* editor = openEditor();
        QVERIFY(editor);
        QSignalSpy runs(editor, &ui::QueryEditor::runRequested);
        QTest::keyClicks(editor->editor(), u"sum(up)"_s);
        QTest::keyClick(editor->editor(), Qt::Key_Return, Qt::ShiftModifier);
        QTest::keyClicks(editor->editor(), u"  by (job)"_s);
        QCOMPARE(runs.count(), 0);
        QCOMPARE(editor->editor()->document()->blockCount(), 2);
        QTest::keyClick(editor->editor(), Qt::Key_Return, Qt::ControlModifier);
        QCOMPARE(runs.count(), 1);
        QCOMPARE(runs.at(0).at(0).toString(), u"sum(up)\n  by (job)"_s);
    }

    void autoClosingAndTypingOver_data()
    {
        QTest::addColumn<QString>("typed");
        QTest::addColumn<QString>("expected");
        QTest::addRow("balanced") << u"sum(rate(up{job=\"a\"}[5m]))"_s << u"sum(rate(up{job=\"a\"}[5m]))"_s;
        QTest::addRow("open") << u"sum(rate(up"_s << u"sum(rate(up))"_s;
        QTest::addRow("quote after word") << u"a\""_s << u"a\""_s;
        QTest::addRow("inside string") << u"{a=\"(x"_s << u"{a=\"(x\"}"_s;
    }
    void autoClosingAndTypingOver()
    {
        QFETCH(QString, typed);
        QFETCH(QString, expected);
        auto* editor = openEditor();
        QVERIFY(editor);
        QTest::keyClicks(editor->editor(), typed);
        QCOMPARE(editor->text(), expected);
    }

    void backspaceDeletesEmptyPair()
    {
        auto* editor = openEditor();
        QVERIFY(editor);
        QTest::keyClicks(editor->editor(), u"up["_s);
        QCOMPARE(editor->text(), u"up[]"_s);
        QTest::keyClick(editor->editor(), Qt::Key_Backspace);
        QCOMPARE(editor->text(), u"up"_s);
        // A closer typed by hand is not stepped over: ) at a ) that was typed inserts another.
        editor->setText(u"f()"_s);
        QTextCursor c = editor->editor()->textCursor();
        c.setPosition(2);
        editor->editor()->setTextCursor(c);
        QTest::keyClicks(editor->editor(), u")"_s);
        QCOMPARE(editor->text(), u"f())"_s);
    }

    void bracketAtCursorIsMatched()
    {
        auto* editor = openEditor();
        QVERIFY(editor);
        const QString q = u"sum(rate(x{a=\")\"}[5m]))"_s;
        editor->setText(q);
        QTextCursor c = editor->editor()->textCursor();
        c.setPosition(4); // after the first `(`
        editor->editor()->setTextCursor(c);
        QList<int> marked;
        for (const auto& sel : editor->editor()->extraSelections())
            if (sel.format.underlineStyle() != QTextCharFormat::WaveUnderline)
                marked << sel.cursor.selectionStart();
        std::sort(marked.begin(), marked.end());
        QCOMPARE(marked, (QList<int> { 3, int(q.size()) - 1 })); // the `)` inside the string does not count
        QCOMPARE(ui::matchingBracket(q, 8), int(q.size()) - 2);
        QCOMPARE(ui::matchingBracket(q, 14), -1);
    }

    void highlightsInThemeColours()
    {
        auto* editor = openEditor();
        QVERIFY(editor);
        editor->setText(u"rate(http_requests_total{job=\"api\"}[5m])"_s);
        const auto formats = editor->editor()->document()->firstBlock().layout()->formats();
        const auto colourAt = [&](int pos) {
            for (const auto& r : formats)
                if (pos >= r.start && pos < r.start + r.length)
                    return r.format.foreground().color();
            return QColor();
        };
        QCOMPARE(colourAt(0), ui::theme::syntaxColor(ui::theme::Syntax::Function));
        QCOMPARE(colourAt(6), ui::theme::syntaxColor(ui::theme::Syntax::Metric));
        QCOMPARE(colourAt(26), ui::theme::syntaxColor(ui::theme::Syntax::LabelName));
        QCOMPARE(colourAt(31), ui::theme::syntaxColor(ui::theme::Syntax::String));
        QCOMPARE(colourAt(37), ui::theme::syntaxColor(ui::theme::Syntax::Number));
    }

    void explainToggleShowsWidget()
    {
        auto* editor = openEditor();
        QVERIFY(editor);
        auto* view = new QLabel(u"explain"_s);
        editor->setExplainWidget(view);
        QVERIFY(!view->isVisible());
        QSignalSpy toggled(editor, &ui::QueryEditor::explainToggled);
        QTest::mouseClick(editor->explainButton(), Qt::LeftButton);
        QVERIFY(view->isVisible());
        QCOMPARE(toggled.count(), 1);
        QCOMPARE(toggled.at(0).at(0).toBool(), true);
        QTest::mouseClick(editor->explainButton(), Qt::LeftButton);
        QVERIFY(!view->isVisible());
        QCOMPARE(toggled.at(1).at(0).toBool(), false);
    }

    void historyPopupSearchesStarsAndPicks()
    {
        QTemporaryDir dir;
        ui::QueryHistory history(dir.filePath(u"history.json"_s));
        auto* editor = openEditor();
        QVERIFY(editor);
        editor->setHistory(&history);
        for (const QString& q : { u"up"_s, u"rate(x_total[5m])"_s, u"sum(up)"_s }) {
            editor->setText(q);
            QTest::keyClick(editor->editor(), Qt::Key_Return, Qt::ControlModifier);
        }
        editor->setText(u"typed"_s);
        QTest::keyClick(editor->editor(), Qt::Key_H, Qt::ControlModifier);
        ui::HistoryPopup* popup = editor->historyPopup();
        QTRY_VERIFY(popup->isVisible());
        QCOMPARE(popup->list()->topLevelItemCount(), 3);
        QCOMPARE(popup->list()->topLevelItem(0)->text(ui::HistoryPopup::QueryColumn), u"sum(up)"_s);
        QTest::keyClicks(popup->searchField(), u"UP"_s);
        QCOMPARE(popup->list()->topLevelItemCount(), 2);
        // Starring the older one puts it first.
        QTreeWidgetItem* older = popup->list()->topLevelItem(1);
        QCOMPARE(older->text(ui::HistoryPopup::QueryColumn), u"up"_s);
        const QRect star = popup->list()->visualItemRect(older);
        QTest::mouseClick(popup->list()->viewport(), Qt::LeftButton, {},
            QPoint(popup->list()->columnViewportPosition(ui::HistoryPopup::StarColumn) + 4, star.center().y()));
        QVERIFY(history.isStarred(langsvc::Language::PromQL, u"up"_s));
        QCOMPARE(popup->list()->topLevelItem(0)->text(ui::HistoryPopup::QueryColumn), u"up"_s);
        // Enter picks the first; the editor's text is replaced as one undo step.
        QTest::keyClick(popup->searchField(), Qt::Key_Return);
        QVERIFY(!popup->isVisible());
        QCOMPARE(editor->text(), u"up"_s);
        QTest::keyClick(editor->editor(), Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(editor->text(), u"typed"_s);
    }

    /// The editor with a squiggle and the completion list open, as one image (saved when SG_SCREENSHOT_DIR is set).
    void screenshot()
    {
        const QString dir = qEnvironmentVariable("SG_SCREENSHOT_DIR");
        ui::applyDarkTheme(*qApp); // last test: the theme the application runs with
        auto* editor = openEditor();
        QVERIFY(editor);
        editor->resize(780, 90);
        QTest::keyClicks(editor->editor(), u"sum by (job) (rate(up[5m])) * * http_req"_s);
        QTRY_VERIFY(popup()->isVisible() && popup()->count() > 0);
        QTRY_VERIFY(!editor->squiggles().empty());
        QVERIFY(editor->squiggles().front().error);
        QTest::qWait(50);
        const QPoint offset = popup()->pos() - editor->mapToGlobal(QPoint(0, 0));
        QImage image(std::max(editor->width(), offset.x() + popup()->width()), offset.y() + popup()->height() + 8,
            QImage::Format_ARGB32);
        image.fill(ui::theme::background());
        QPainter p(&image);
        p.drawPixmap(0, 0, editor->grab());
        p.drawPixmap(offset, popup()->grab());
        p.end();
        // The list sits under the line, below the editor's text.
        QVERIFY(offset.y() > editor->editor()->cursorRect().top());
        if (!dir.isEmpty())
            QVERIFY(image.save(dir + u"/query-editor.png"_s));
    }
};

QTEST_MAIN(TestQueryEditing)
#include "tst_query_editing.moc"
