#include "ui/widgets/query_editor.h"

#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QTextBlock>
#include <QTextDocument>

using namespace sg;
using namespace Qt::StringLiterals;

class TestQueryEditor : public QObject
{
    Q_OBJECT
    static QList<QTextEdit::ExtraSelection> waveUnderlines(const ui::QueryEditor& editor)
    {
        QList<QTextEdit::ExtraSelection> out;
        for (const auto& sel : editor.editor()->extraSelections())
            if (sel.format.underlineStyle() == QTextCharFormat::WaveUnderline)
                out.append(sel);
        return out;
    }
private Q_SLOTS:
    void underlinesErrorRange_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<int>("begin");
        QTest::addColumn<int>("end");
        QTest::addColumn<int>("charBegin");
        QTest::addColumn<int>("charEnd");
        QTest::addRow("ascii") << u"sum(rate(x[5m])"_s << 3 << 4 << 3 << 4;
        QTest::addRow("span") << u"up{job=\"a\"} + foo bar"_s << 18 << 21 << 18 << 21;
        // "é" is two UTF-8 bytes: byte offsets past it move one character left.
        QTest::addRow("utf8") << u"{app=\"é\"} |~ \"(\""_s << 14 << 17 << 13 << 16;
        QTest::addRow("empty-at-end") << u"rate(x[5m]"_s << 10 << 10 << 9 << 10;
    }
    void underlinesErrorRange()
    {
        QFETCH(QString, query);
        QFETCH(int, begin);
        QFETCH(int, end);
        QFETCH(int, charBegin);
        QFETCH(int, charEnd);
        ui::QueryEditor editor;
        editor.setText(query);
        editor.setError(parseError("unexpected token", begin, end));
        QCOMPARE(editor.underlinedRange().begin, charBegin);
        QCOMPARE(editor.underlinedRange().end, charEnd);
        // The run's error is the one wavy underline (the cursor's bracket marks are not underlined).
        const auto selections = waveUnderlines(editor);
        QCOMPARE(selections.size(), 1);
        const auto& sel = selections.front();
        QCOMPARE(sel.cursor.selectionStart(), charBegin);
        QCOMPARE(sel.cursor.selectionEnd(), charEnd);
        QCOMPARE(sel.format.underlineStyle(), QTextCharFormat::WaveUnderline);
        QVERIFY(editor.errorText().contains(u"unexpected token"_s));
    }
    void caretSitsUnderError()
    {
        const QString query = u"sum(rate(x[5m]))\n  by (job) foo"_s;
        const int begin = int(query.indexOf(u"foo"_s));
        const QString text = ui::QueryEditor::caretText(query, parseError("unexpected identifier", begin, begin + 3));
        const QStringList lines = text.split(u'\n');
        QCOMPARE(lines.size(), 3);
        QVERIFY(lines[0].startsWith(u"2:12: "_s));
        QCOMPARE(lines[1], u"  by (job) foo"_s);
        QCOMPARE(lines[2], u"           ^~~"_s);
        QCOMPARE(lines[1].indexOf(u"foo"_s), lines[2].indexOf(u'^'));
    }
    void executionErrorHasNoUnderline()
    {
        ui::QueryEditor editor;
        editor.setText(u"rate(x[5m])"_s);
        editor.setError(Error { ErrorCode::Execution, "too many samples", {} });
        QCOMPARE(editor.errorText(), u"too many samples"_s);
        QVERIFY(waveUnderlines(editor).isEmpty());
        editor.clearError();
        QVERIFY(editor.errorText().isEmpty());
    }
    void runsOnShortcutsAndButton_data()
    {
        QTest::addColumn<int>("modifiers");
        QTest::addColumn<int>("runs");
        QTest::addRow("ctrl-enter") << int(Qt::ControlModifier) << 1;
        QTest::addRow("shift-enter") << int(Qt::ShiftModifier) << 0; // a new line, as in Grafana's editor
        QTest::addRow("plain-enter") << int(Qt::NoModifier) << 0;
    }
    void runsOnShortcutsAndButton()
    {
        QFETCH(int, modifiers);
        QFETCH(int, runs);
        ui::QueryEditor editor;
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        editor.setText(u"up"_s);
        QSignalSpy spy(&editor, &ui::QueryEditor::runRequested);
        QTest::keyClick(editor.editor(), Qt::Key_Return, Qt::KeyboardModifiers(modifiers));
        QCOMPARE(spy.count(), runs);
        if (runs)
            QCOMPARE(spy.at(0).at(0).toString(), u"up"_s);
        else // a real new line (a second block), not a line separator inside the first
            QCOMPARE(editor.text(), u"up\n"_s);
        QCOMPARE(editor.editor()->document()->blockCount(), runs ? 1 : 2);
        QTest::mouseClick(editor.runButton(), Qt::LeftButton);
        QCOMPARE(spy.count(), runs + 1);
    }
};

QTEST_MAIN(TestQueryEditor)
#include "tst_query_editor.moc"
