#include "explain_attach.h"

#include "explain_view.h"

#include "ui/widgets/query_editor.h"

#include <QPlainTextEdit>
#include <QTextCursor>

namespace sg::ui {

ExplainView* attachExplain(QueryEditor* editor, const services::QueryClient* client,
    std::function<std::pair<qint64, qint64>()> range)
{
    auto* view = new ExplainView(editor);
    view->setObjectName(editor->objectName() + QStringLiteral("Explain"));
    view->setQueryClient(client);
    editor->setExplainWidget(view);
    const auto refresh = [editor, view, range = std::move(range)] {
        if (!editor->isExplainChecked() || editor->text().trimmed().isEmpty())
            return;
        const auto [from, to] = range();
        view->explain(editor->language(), editor->text(), from, to);
    };
    QObject::connect(editor, &QueryEditor::explainToggled, view, refresh);
    QObject::connect(editor, &QueryEditor::runRequested, view, refresh);
    QObject::connect(view, &ExplainView::nodeActivated, editor, [editor](int begin, int end) {
        const SourceRange chars = QueryEditor::toCharRange(editor->text(), { begin, end });
        QTextCursor cursor = editor->editor()->textCursor();
        cursor.setPosition(chars.begin);
        cursor.setPosition(chars.end, QTextCursor::KeepAnchor);
        editor->editor()->setTextCursor(cursor);
    });
    return view;
}

} // namespace sg::ui
