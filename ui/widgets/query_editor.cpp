#include "query_editor.h"

#include "ui/query_editor/bracket_assist.h"
#include "ui/query_editor/completion_controller.h"
#include "ui/query_editor/completion_runner.h"
#include "ui/query_editor/history_popup.h"
#include "ui/query_editor/query_checks.h"
#include "ui/query_editor/query_highlighter.h"
#include "ui/query_editor/query_history.h"
#include "ui/query_editor/query_text_edit.h"
#include "ui/query_editor/text_offsets.h"
#include "ui/theme.h"

#include <QCoreApplication>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QThreadPool>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace sg::ui {

namespace {
/// How long typing pauses before the diagnostics run again.
constexpr int DiagnosticsDelayMs = 150;
} // namespace

QueryEditor::QueryEditor(QWidget* parent)
    : QWidget(parent)
    , m_squiggles(std::make_unique<std::vector<Squiggle>>())
{
    setObjectName(u"queryEditor"_s);
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_edit = new QueryTextEdit(this);
    m_edit->setObjectName(u"queryText"_s);
    m_edit->setFont(mono);
    m_edit->setTabChangesFocus(true);
    m_edit->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_edit->viewport()->installEventFilter(this);
    m_edit->beforeKey = [this](QKeyEvent* key) { return handleKey(key); };
    m_edit->afterKey = [this](QKeyEvent* key) { afterKey(key); };
    m_edit->ownsShortcut = &QueryEditor::isOwnShortcut;
    // Single-line-ish: two lines high, growing with the text up to six.
    m_edit->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    connect(m_edit->document(), &QTextDocument::contentsChanged, this, &QueryEditor::fitHeight);
    fitHeight();
    m_edit->setToolTip(tr("Ctrl+Enter runs the query, Shift+Enter starts a new line, Ctrl+Space completes,"
                          " Shift+Alt+F formats, Ctrl+H shows the history"));

    m_highlighter = new QueryHighlighter(m_edit->document());
    m_brackets = new BracketAssist(m_edit);
    connect(m_brackets, &BracketAssist::matchChanged, this, &QueryEditor::updateSelections);
    m_completion = new CompletionController(m_edit);
    connect(m_edit, &QueryTextEdit::focusLost, m_completion, &CompletionController::close);

    m_diagnosticsTimer = new QTimer(this);
    m_diagnosticsTimer->setSingleShot(true);
    m_diagnosticsTimer->setInterval(DiagnosticsDelayMs);
    connect(m_diagnosticsTimer, &QTimer::timeout, this, &QueryEditor::updateDiagnostics);
    connect(m_edit, &QPlainTextEdit::textChanged, m_diagnosticsTimer, qOverload<>(&QTimer::start));

    const auto toolButton = [this](const QString& text, const QString& tip, const QString& name) {
        auto* b = new QToolButton(this);
        b->setText(text);
        b->setToolTip(tip);
        b->setObjectName(name);
        b->setFocusPolicy(Qt::NoFocus);
        b->setToolButtonStyle(Qt::ToolButtonTextOnly);
        return b;
    };
    m_historyButton = toolButton(tr("History"), tr("Queries run before (Ctrl+H)"), u"queryHistoryButton"_s);
    connect(m_historyButton, &QToolButton::clicked, this, &QueryEditor::showHistory);
    m_formatButton = toolButton(tr("Format"), tr("Format the query (Shift+Alt+F)"), u"queryFormatButton"_s);
    connect(m_formatButton, &QToolButton::clicked, this, &QueryEditor::format);
    m_explainButton = toolButton(tr("Explain"), tr("Show what each part of the query does"), u"queryExplainButton"_s);
    m_explainButton->setCheckable(true);
    connect(m_explainButton, &QToolButton::toggled, this, [this](bool on) {
        if (m_explain)
            m_explain->setVisible(on);
        Q_EMIT explainToggled(on);
    });
    m_historyPopup = new HistoryPopup(this);
    connect(m_historyPopup, &HistoryPopup::querySelected, this, [this](const QString& query) {
        replaceText(query);
        m_edit->setFocus();
    });

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
    row->setSpacing(4);
    row->addWidget(m_edit, 1);
    for (QWidget* w : std::initializer_list<QWidget*> { m_historyButton, m_formatButton, m_explainButton, m_run })
        row->addWidget(w, 0, Qt::AlignTop);
    m_layout = new QVBoxLayout(this);
    m_layout->setContentsMargins(0, 0, 0, 0);
    m_layout->setSpacing(2);
    m_layout->addLayout(row);
    m_layout->addWidget(m_error);
}

QueryEditor::~QueryEditor() = default;

void QueryEditor::fitHeight()
{
    const int line = m_edit->fontMetrics().lineSpacing();
    const int lines = std::clamp(int(m_edit->document()->size().height()), 2, 6);
    const int frame = 2 * m_edit->frameWidth() + int(2 * m_edit->document()->documentMargin());
    m_edit->setFixedHeight(lines * line + frame + 2);
}

QPlainTextEdit* QueryEditor::editor() const { return m_edit; }

QString QueryEditor::text() const { return m_edit->toPlainText(); }

void QueryEditor::setText(const QString& text)
{
    m_completion->close();
    m_edit->setPlainText(text);
    m_edit->moveCursor(QTextCursor::End);
    clearError();
}

void QueryEditor::replaceText(const QString& text)
{
    if (text == m_edit->toPlainText())
        return;
    QTextCursor cursor(m_edit->document());
    cursor.beginEditBlock();
    cursor.select(QTextCursor::Document);
    cursor.insertText(text);
    cursor.endEditBlock();
    m_edit->setTextCursor(cursor);
}

void QueryEditor::setPlaceholderText(const QString& text) { m_edit->setPlaceholderText(text); }

void QueryEditor::setLanguage(langsvc::Language language)
{
    if (language == m_language)
        return;
    m_language = language;
    m_highlighter->setLanguage(language);
    m_completion->setLanguage(language);
    m_completion->close();
    m_diagnosticsTimer->start();
}

void QueryEditor::setCompletionData(std::shared_ptr<langsvc::CompletionData> data)
{
    m_completion->setData(std::move(data));
}

void QueryEditor::setVariables(const QStringList& names)
{
    std::vector<std::string> variables;
    for (const QString& n : names)
        variables.push_back(n.toStdString());
    m_completion->setVariables(std::move(variables));
}

void QueryEditor::setHistory(QueryHistory* history) { m_history = history; }

QueryHistory* QueryEditor::history() const { return m_history ? m_history.data() : QueryHistory::shared(); }

void QueryEditor::setExplainWidget(QWidget* widget)
{
    if (m_explain == widget)
        return;
    if (m_explain)
        m_explain->hide();
    m_explain = widget;
    if (!widget)
        return;
    widget->setParent(this);
    m_layout->addWidget(widget, 1);
    widget->setVisible(m_explainButton->isChecked());
}

bool QueryEditor::isExplainChecked() const { return m_explainButton->isChecked(); }

SourceRange QueryEditor::toCharRange(const QString& text, SourceRange byteRange)
{
    return Utf8Offsets(text).toChars(byteRange);
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
    m_errorMarks.clear();
    m_underlined = {};
    if (error.code == ErrorCode::Parse && !text().isEmpty()) {
        const QTextEdit::ExtraSelection sel = waveSelection(m_edit->document(), toCharRange(text(), error.where),
            theme::errorColor(), QString::fromStdString(error.message));
        m_errorMarks.append(sel);
        m_underlined = { sel.cursor.selectionStart(), sel.cursor.selectionEnd() };
    }
    updateSelections();
}

void QueryEditor::setErrorMessage(const QString& message)
{
    m_error->setText(message);
    m_error->setVisible(!message.isEmpty());
    m_errorMarks.clear();
    m_underlined = {};
    updateSelections();
}

void QueryEditor::clearError() { setErrorMessage({}); }

QString QueryEditor::errorText() const { return m_error->isHidden() ? QString() : m_error->text(); }

SourceRange QueryEditor::underlinedRange() const { return m_underlined; }

void QueryEditor::updateDiagnostics()
{
    const std::vector<Squiggle> found = diagnoseQuery(m_language, m_edit->toPlainText());
    showSquiggles(found);
    checkWithData(std::none_of(found.begin(), found.end(), [](const Squiggle& s) { return s.error; }));
}

void QueryEditor::checkWithData(bool parses)
{
    // What the store does not hold (an unknown metric, label or value) needs the data: asked on the editors' pool,
    // shown if the text is still the same when it answers, cancelled by the next change.
    if (m_dataCheck)
        m_dataCheck->store(true);
    m_dataCheck.reset();
    const std::shared_ptr<langsvc::CompletionData> data = m_completion->data();
    if (!data || !parses)
        return;
    auto cancel = std::make_shared<std::atomic_bool>(false);
    m_dataCheck = cancel;
    const quint64 id = ++m_dataCheckId;
    QPointer<QueryEditor> self(this);
    completionPool().start([self, id, data, cancel, language = m_language, text = m_edit->toPlainText()] {
        auto found = std::make_shared<std::vector<Squiggle>>(diagnoseQuery(language, text, data.get(), cancel.get()));
        if (cancel->load())
            return;
        QMetaObject::invokeMethod(
            QCoreApplication::instance(),
            [self, id, found, text] {
                if (self && self->m_dataCheckId == id && self->m_edit->toPlainText() == text) {
                    self->m_dataCheck.reset();
                    self->showSquiggles(*found);
                }
            },
            Qt::QueuedConnection);
    });
}

void QueryEditor::showSquiggles(const std::vector<Squiggle>& squiggles)
{
    *m_squiggles = squiggles;
    m_squiggleMarks.clear();
    for (const Squiggle& s : *m_squiggles)
        m_squiggleMarks.append(waveSelection(m_edit->document(), s.chars,
            s.error ? theme::errorColor() : theme::warnColor(), s.message));
    updateSelections();
}

void QueryEditor::updateSelections()
{
    m_edit->setExtraSelections(m_errorMarks + m_squiggleMarks + m_brackets->matchSelections());
}

QString QueryEditor::toolTipAt(int position) const
{
    QStringList messages;
    for (const auto* marks : { &m_errorMarks, &m_squiggleMarks })
        for (const QTextEdit::ExtraSelection& s : *marks)
            if (position >= s.cursor.selectionStart() && position <= s.cursor.selectionEnd()
                && !messages.contains(s.format.toolTip()))
                messages.append(s.format.toolTip());
    return messages.join(u'\n');
}

QString QueryEditor::documentationAt(int position) const
{
    const QString text = m_edit->toPlainText();
    const Utf8Offsets offsets(text);
    // Documented words only: a metric's metadata may have to be asked of the store, which the UI thread does not do.
    const auto hover = langsvc::hoverAt(m_language, offsets.utf8(), offsets.toByte(position), nullptr);
    if (!hover || hover->metric)
        return {};
    // The markdown is a ``` block with the signature, then paragraphs.
    QString html;
    bool code = false;
    for (const QString& line : QString::fromStdString(hover->markdown).split(u'\n')) {
        if (line.startsWith(u"```")) {
            code = !code;
            continue;
        }
        if (code)
            html += u"<p><code><b>"_s + line.toHtmlEscaped() + u"</b></code></p>"_s;
        else if (!line.isEmpty())
            html += u"<p>"_s + line.toHtmlEscaped() + u"</p>"_s;
    }
    return html;
}

void QueryEditor::run()
{
    m_completion->close();
    clearError();
    if (QueryHistory* h = history())
        h->add(m_language, text());
    Q_EMIT runRequested(text());
}

} // namespace sg::ui
