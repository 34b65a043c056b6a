#include "text_plugin.h"

#include "text_view.h"
#include "ui/panels/common/panel_options.h"

using namespace Qt::StringLiterals;

namespace sg::ui {

namespace {

class TextPlugin : public PanelPlugin
{
public:
    QString id() const override { return u"text"_s; }
    QString name() const override { return u"Text"_s; }
    PanelQueryKind queryKind() const override { return PanelQueryKind::None; }

    QJsonObject defaultOptions() const override
    {
        return QJsonObject {
            { u"mode"_s, u"markdown"_s },
            { u"content"_s,
                u"# Title\n\nFor markdown syntax help: [commonmark.org/help](https://commonmark.org/help/)"_s },
            { u"code"_s,
                QJsonObject {
                    { u"language"_s, u"plaintext"_s }, { u"showLineNumbers"_s, false }, { u"showMiniMap"_s, false } } },
        };
    }

    std::vector<OptionDescriptor> optionDescriptors() const override
    {
        const QString text = u"Text"_s;
        return {
            paint::selectOption(
                u"options.mode"_s, u"Mode"_s, text, u"markdown"_s, { u"markdown"_s, u"html"_s, u"code"_s }),
            paint::option(u"options.content"_s, u"Content"_s, text, OptionDescriptor::Editor::Text,
                defaultOptions().value(u"content"_s)),
        };
    }

    PanelView* createView(QWidget* parent) const override { return new TextView(parent); }
};

} // namespace

std::unique_ptr<PanelPlugin> makeTextPlugin()
{
    return std::make_unique<TextPlugin>();
}

} // namespace sg::ui
