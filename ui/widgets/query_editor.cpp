#include "query_editor.h"

#include <QFontDatabase>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTextBlock>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sg::ui {

QueryEditor::QueryEditor(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(u"queryEditor"_s);
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_edit = new QPlainTextEdit(this);
    m_edit->setObjectName(u"queryText"_s);
    m_edit->setFont(mono);
    m_edit->setTabChangesFocus(true);
    m_edit->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_edit->installEventFilter(this);
    // Single-line-ish: two lines high, growing with the text up to six.
    m_edit->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    const auto fitHeight = [this] {
        const int line = m_edit->fontMetrics().lineSpacing();
        const int lines = std::clamp(int(m_edit->document()->size().height()), 2, 6);
        const int frame = 2 * m_edit->frameWidth() + int(2 * m_edit->document()->documentMargin());
        m_edit->setFixedHeight(lines * line + frame + 2);
    };
    connect(m_edit->document(), &QTextDocument::contentsChanged, this, fitHeight);
    fitHeight();
    m_edit->setToolTip(tr("Ctrl+Enter or Shift+Enter runs the query"));

    m_run = new QPushButton(tr("Run query"), this);
    m_run->setObjectName(u"runQueryButton"_s);
    m_run->setStyleSheet(u"QPushButton { background: #3d71d9; color: white; border: 0; padding: 5px 12px;"
                         " border-radius: 2px; } QPushButton:hover { background: #5a88e0; }"_s);
    connect(m_run, &QPushButton::clicked, this, &QueryEditor::run);

    m_error = new QLabel(this);
    m_error->setObjectName(u"queryError"_s);
    m_error->setFont(mono);
    m_error->setTextFormat(Qt::PlainText);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setStyleSheet(u"color: #ff7383; padding: 2px 4px;"_s);
    m_error->hide();

    auto* row = new QHBoxLayout;
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(m_edit, 1);
    row->addWidget(m_run, 0, Qt::AlignTop);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(row);
    layout->addWidget(m_error);
}

QString QueryEditor::text() const { return m_edit->toPlainText(); }

void QueryEditor::setText(const QString& text)
{
    m_edit->setPlainText(text);
    m_edit->moveCursor(QTextCursor::End);
    clearError();
}

void QueryEditor::setPlaceholderText(const QString& text) { m_edit->setPlaceholderText(text); }

SourceRange QueryEditor::toCharRange(const QString& text, SourceRange byteRange)
{
    const QByteArray utf8 = text.toUtf8();
    auto toChars = [&](int bytes) {
        bytes = std::clamp(bytes, 0, int(utf8.size()));
        return int(QString::fromUtf8(utf8.left(bytes)).size());
    };
    const int begin = toChars(byteRange.begin);
    return { begin, std::max(begin, toChars(byteRange.end)) };
}

QString QueryEditor::caretText(const QString& query, const Error& error)
{
    QString out = QString::fromStdString(error.message);
    if (error.code != ErrorCode::Parse)
        return out;
    const SourceRange r = toCharRange(query, error.where);
    // lastIndexOf with a negative start searches from the end, so the first line is handled apart.
    const int lineStart = r.begin == 0 ? 0 : int(query.lastIndexOf(u'\n', r.begin - 1) + 1);
    int lineEnd = int(query.indexOf(u'\n', r.begin));
    if (lineEnd < 0)
        lineEnd = int(query.size());
    const int column = r.begin - lineStart;
    const int width = std::max(1, std::min(r.end, lineEnd) - r.begin);
    const int lineNo = int(query.left(lineStart).count(u'\n')) + 1;
    out = u"%1:%2: %3"_s.arg(lineNo).arg(column + 1).arg(out);
    out += u'\n' + query.mid(lineStart, lineEnd - lineStart) + u'\n' + QString(column, u' ') + u'^'
        + QString(width - 1, u'~');
    return out;
}

void QueryEditor::setError(const Error& error)
{
    m_error->setText(caretText(text(), error));
    m_error->show();
    QList<QTextEdit::ExtraSelection> selections;
    m_underlined = {};
    if (error.code == ErrorCode::Parse) {
        SourceRange r = toCharRange(text(), error.where);
        const int length = int(text().size());
        if (r.end <= r.begin) // an empty range (unexpected end) still marks one character
            r = { std::max(0, std::min(r.begin, length - 1)), std::min(length, std::max(r.begin, 0) + 1) };
        if (r.end > r.begin) {
            QTextEdit::ExtraSelection sel;
            sel.cursor = QTextCursor(m_edit->document());
            sel.cursor.setPosition(r.begin);
            sel.cursor.setPosition(r.end, QTextCursor::KeepAnchor);
            sel.format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
            sel.format.setUnderlineColor(QColor(0xe0, 0x2f, 0x44));
            selections.append(sel);
            m_underlined = r;
        }
    }
    m_edit->setExtraSelections(selections);
}

void QueryEditor::setErrorMessage(const QString& message)
{
    m_error->setText(message);
    m_error->setVisible(!message.isEmpty());
    m_edit->setExtraSelections({});
    m_underlined = {};
}

void QueryEditor::clearError() { setErrorMessage({}); }

QString QueryEditor::errorText() const { return m_error->isHidden() ? QString() : m_error->text(); }

SourceRange QueryEditor::underlinedRange() const { return m_underlined; }

bool QueryEditor::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_edit && event->type() == QEvent::KeyPress) {
        auto* key = static_cast<QKeyEvent*>(event);
        const bool enter = key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter;
        if (enter && (key->modifiers() & (Qt::ControlModifier | Qt::ShiftModifier))) {
            run();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void QueryEditor::run()
{
    clearError();
    Q_EMIT runRequested(text());
}

} // namespace sg::ui
