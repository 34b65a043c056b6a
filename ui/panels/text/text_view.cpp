#include "text_view.h"

#include "ui/panels/common/panel_paint.h"

#include <QFontDatabase>
#include <QRegularExpression>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextFrame>
#include <QTextTable>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sg::ui {

namespace {

const QString DefaultContent
    = u"# Title\n\nFor markdown syntax help: [commonmark.org/help](https://commonmark.org/help/)"_s;

// Grafana's markdown look on the dark theme: primary text, blue links, dark code blocks.
const QString DocumentStyle = u"a { color: #6e9fff; text-decoration: none; }"
                              "code, pre { font-family: monospace; background-color: #22252b; }"
                              "h1, h2, h3, h4, h5, h6 { color: rgb(204, 204, 220); }"
                              "table { border-collapse: collapse; }"
                              "th, td { border: 1px solid #34373c; padding: 4px; }"_s;

// Markdown import ignores the default style sheet: give links and tables the theme's colours afterwards.
void styleDocument(QTextDocument* doc)
{
    QTextCursor cursor(doc);
    for (QTextBlock block = doc->begin(); block.isValid(); block = block.next()) {
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            const QTextFragment fragment = it.fragment();
            if (!fragment.isValid() || !fragment.charFormat().isAnchor())
                continue;
            QTextCharFormat f;
            f.setForeground(QColor(0x6e, 0x9f, 0xff));
            f.setFontUnderline(false);
            cursor.setPosition(fragment.position());
            cursor.setPosition(fragment.position() + fragment.length(), QTextCursor::KeepAnchor);
            cursor.mergeCharFormat(f);
        }
    }
    const auto frames = doc->rootFrame()->childFrames();
    for (QTextFrame* frame : frames)
        if (auto* table = qobject_cast<QTextTable*>(frame)) {
            QTextTableFormat f = table->format();
            f.setBorderBrush(QColor(0x34, 0x37, 0x3c));
            f.setBorderStyle(QTextFrameFormat::BorderStyle_Solid);
            f.setBorder(1);
            f.setCellSpacing(0);
            f.setCellPadding(4);
            table->setFormat(f);
        }
}

} // namespace

QVariant OfflineTextBrowser::loadResource(int, const QUrl&)
{
    ++m_blocked;
    return {};
}

TextView::TextView(QWidget* parent)
    : PanelView(parent)
    , m_browser(new OfflineTextBrowser(this))
{
    m_browser->setOpenLinks(false);
    m_browser->setOpenExternalLinks(false);
    m_browser->setFrameShape(QFrame::NoFrame);
    m_browser->document()->setDocumentMargin(8);
    m_browser->document()->setDefaultStyleSheet(DocumentStyle);
    QPalette pal = m_browser->palette();
    pal.setColor(QPalette::Base, paint::panelBackground());
    pal.setColor(QPalette::Window, paint::panelBackground());
    pal.setColor(QPalette::Text, paint::textPrimary());
    pal.setColor(QPalette::Link, QColor(0x6e, 0x9f, 0xff));
    m_browser->setPalette(pal);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_browser);
}

QString TextView::sanitizeHtml(const QString& html)
{
    static const QRegularExpression blocks(u"<(script|style|iframe|object|embed)\\b[^>]*>.*?</\\1\\s*>"_s,
        QRegularExpression::CaseInsensitiveOption | QRegularExpression::DotMatchesEverythingOption);
    static const QRegularExpression single(
        u"<(script|style|iframe|object|embed)\\b[^>]*/?>"_s, QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression handlers(
        u"\\s+on[a-z]+\\s*=\\s*(\"[^\"]*\"|'[^']*'|[^\\s>]+)"_s, QRegularExpression::CaseInsensitiveOption);
    QString out = html;
    out.remove(blocks);
    out.remove(single);
    out.remove(handlers);
    return out;
}

void TextView::setPanel(const dashboards::Panel& panel)
{
    const QJsonObject options = panel.options();
    m_mode = options.value(u"mode").toString(u"markdown"_s);
    m_content = options.contains(u"content") ? options.value(u"content").toString() : DefaultContent;
    QTextDocument* doc = m_browser->document();
    QFont f = font();
    if (m_mode == u"code") {
        f = QFontDatabase::systemFont(QFontDatabase::FixedFont);
        doc->setDefaultFont(f);
        m_browser->setPlainText(m_content);
    } else if (m_mode == u"html") {
        doc->setDefaultFont(f);
        m_browser->setHtml(sanitizeHtml(m_content));
    } else {
        doc->setDefaultFont(f);
        doc->setMarkdown(m_content, QTextDocument::MarkdownDialectGitHub);
        styleDocument(doc);
    }
}

QString TextView::plainText() const
{
    return m_browser->document()->toPlainText();
}

QString TextView::summary() const
{
    return u"%1, %2 characters"_s.arg(m_mode).arg(m_content.size());
}

} // namespace sg::ui
