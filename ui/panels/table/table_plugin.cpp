#include "table_plugin.h"

#include "table_view.h"
#include "ui/panels/common/panel_options.h"

using namespace Qt::StringLiterals;

namespace sg::ui {

namespace {

class TablePlugin : public PanelPlugin
{
public:
    QString id() const override { return u"table"_s; }
    QString name() const override { return u"Table"_s; }

    QJsonObject defaultOptions() const override
    {
        return QJsonObject {
            { u"showHeader"_s, true },
            { u"cellHeight"_s, u"sm"_s },
            { u"footer"_s,
                QJsonObject { { u"show"_s, false }, { u"reducer"_s, QJsonArray { u"sum"_s } },
                    { u"countRows"_s, false }, { u"fields"_s, QString() } } },
            { u"sortBy"_s, QJsonArray() },
        };
    }

    std::vector<OptionDescriptor> optionDescriptors() const override
    {
        using E = OptionDescriptor::Editor;
        const QString table = u"Table"_s;
        const QString cell = u"Cell options"_s;
        std::vector<OptionDescriptor> out {
            paint::option(u"options.showHeader"_s, u"Show table header"_s, table, E::Bool, true),
            paint::selectOption(
                u"options.cellHeight"_s, u"Cell height"_s, table, u"sm"_s, { u"sm"_s, u"md"_s, u"lg"_s }),
            paint::option(u"fieldConfig.defaults.custom.width"_s, u"Column width"_s, table, E::Number),
            paint::selectOption(u"fieldConfig.defaults.custom.align"_s, u"Column alignment"_s, table, u"auto"_s,
                { u"auto"_s, u"left"_s, u"center"_s, u"right"_s }),
            paint::selectOption(u"fieldConfig.defaults.custom.cellOptions.type"_s, u"Cell type"_s, cell, u"auto"_s,
                { u"auto"_s, u"color-text"_s, u"color-background"_s }),
            paint::option(u"options.sortBy"_s, u"Sort by"_s, table, E::Json, QJsonArray()),
        };
        for (auto& d : paint::standardFieldOptions(u"thresholds"_s))
            out.push_back(std::move(d));
        return out;
    }

    PanelView* createView(QWidget* parent) const override { return new TableView(parent); }
};

} // namespace

std::unique_ptr<PanelPlugin> makeTablePlugin()
{
    return std::make_unique<TablePlugin>();
}

} // namespace sg::ui
