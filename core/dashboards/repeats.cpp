#include "repeats.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace sg::dashboards {

namespace {

using Scoped = QHash<QString, templating::ScopedValue>;

/// A panel and its repeated copies (Grafana's repeatPanel), with `scoped` (a repeated row's value) added to each.
void appendPanel(std::vector<GridItem>& out, const Panel& p, const QList<templating::Variable>& vars, const Scoped& scoped)
{
    const QStringList values = p.repeat().isEmpty() ? QStringList() : repeatValues(vars, p.repeat());
    if (values.size() <= 1) {
        GridItem item { p.id(), 0, 0, p.gridPos(), scoped };
        if (values.size() == 1)
            item.scoped.insert(p.repeat(), { values.front(), {} });
        out.push_back(item);
        return;
    }
    const GridPos base = p.gridPos();
    const int maxPerRow = p.maxPerRow() > 0 ? p.maxPerRow() : 4;
    int x = 0, y = base.y;
    for (int i = 0; i < values.size(); ++i) {
        GridItem item { p.id(), i, 0, base, scoped };
        item.scoped.insert(p.repeat(), { values[i], {} });
        if (p.repeatDirection() == u"v") {
            item.pos.y = base.y + i * base.h;
        } else {
            item.pos.w = std::max(GridColumnCount / int(values.size()), GridColumnCount / maxPerRow);
            item.pos.x = x;
            item.pos.y = y;
            x += item.pos.w;
            if (x + item.pos.w > GridColumnCount) {
                x = 0;
                y += base.h;
            }
        }
        out.push_back(item);
    }
}

} // namespace

QStringList repeatValues(const QList<templating::Variable>& vars, const QString& name)
{
    for (const templating::Variable& v : vars) {
        if (v.name != name)
            continue;
        if (v.hasAllValue()) {
            QStringList all;
            for (const auto& o : v.options)
                all << o.value;
            return all;
        }
        return v.current;
    }
    return {};
}

std::vector<GridItem> expandRepeats(const Dashboard& dashboard, const QList<templating::Variable>& vars)
{
    std::vector<GridItem> out;
    const std::vector<Panel>& panels = dashboard.panels();
    int shift = 0; // how far the copies of repeated rows above push what follows
    for (std::size_t i = 0; i < panels.size(); ++i) {
        const Panel& p = panels[i];
        const std::size_t first = out.size();
        if (!p.isRow() || p.repeat().isEmpty()) {
            appendPanel(out, p, vars, {});
        } else {
            // The row's section: the row and, when expanded, the panels up to the next row.
            std::vector<GridItem> section;
            section.push_back({ p.id(), 0, 0, p.gridPos(), {} });
            std::size_t j = i + 1;
            for (; !p.collapsed() && j < panels.size() && !panels[j].isRow(); ++j)
                appendPanel(section, panels[j], vars, {});
            i = j - 1;
            int bottom = p.gridPos().y + 1;
            for (const GridItem& s : section)
                bottom = std::max(bottom, s.pos.y + s.pos.h);
            const int height = bottom - p.gridPos().y;
            QStringList values = repeatValues(vars, p.repeat());
            if (values.isEmpty())
                values << QString(); // no such variable: the row once, as written
            for (int k = 0; k < values.size(); ++k) {
                for (GridItem item : section) {
                    if (!values[k].isNull())
                        item.scoped.insert(p.repeat(), { values[k], {} });
                    item.rowRepeatIndex = k;
                    item.pos.y += k * height;
                    out.push_back(item);
                }
            }
            for (std::size_t k = first; k < out.size(); ++k)
                out[k].pos.y += shift;
            shift += (int(values.size()) - 1) * height;
            continue;
        }
        for (std::size_t k = first; k < out.size(); ++k)
            out[k].pos.y += shift;
    }
    return out;
}

} // namespace sg::dashboards
