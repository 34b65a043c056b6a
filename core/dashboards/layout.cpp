#include "layout.h"

#include <algorithm>

namespace sg::dashboards {

bool overlaps(const GridPos& a, const GridPos& b)
{
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

std::vector<GridPos> placeInReadingOrder(const std::vector<GridPos>& positions)
{
    std::vector<std::size_t> order(positions.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return positions[a].y != positions[b].y ? positions[a].y < positions[b].y : positions[a].x < positions[b].x;
    });
    std::vector<GridPos> out = positions;
    std::vector<GridPos> placed;
    for (std::size_t i : order) {
        GridPos p = positions[i];
        for (bool again = true; again;) {
            again = false;
            for (const GridPos& o : placed)
                if (overlaps(o, p)) {
                    p.y = o.y + o.h;
                    again = true;
                }
        }
        while (p.y > 0) {
            GridPos up = p;
            up.y -= 1;
            if (std::any_of(placed.begin(), placed.end(), [&](const GridPos& o) { return overlaps(o, up); }))
                break;
            p = up;
        }
        out[i] = p;
        placed.push_back(p);
    }
    return out;
}

namespace {

std::vector<std::size_t> byPosition(const std::vector<Panel>& panels)
{
    std::vector<std::size_t> order(panels.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        const GridPos pa = panels[a].gridPos(), pb = panels[b].gridPos();
        return pa.y != pb.y ? pa.y < pb.y : pa.x < pb.x;
    });
    return order;
}

GridPos clamp(GridPos p)
{
    p.w = std::clamp(p.w, 1, GridColumnCount);
    p.x = std::clamp(p.x, 0, GridColumnCount - p.w);
    p.h = std::max(1, p.h);
    p.y = std::max(0, p.y);
    return p;
}

/// Pushes every panel overlapping `moved` (and, transitively, what those overlap) below it.
void resolveCollisions(std::vector<Panel>& panels, std::size_t moved)
{
    bool changed = true;
    int guard = 0;
    while (changed && guard++ < 10'000) {
        changed = false;
        for (std::size_t i : byPosition(panels)) {
            for (std::size_t j = 0; j < panels.size(); ++j) {
                if (i == j || j == moved)
                    continue;
                const GridPos a = panels[i].gridPos();
                GridPos b = panels[j].gridPos();
                if (!overlaps(a, b) || (b.y < a.y && i != moved))
                    continue;
                if (b.y < a.y)
                    continue;
                b.y = a.y + a.h;
                panels[j].setGridPos(b);
                changed = true;
            }
        }
    }
}

} // namespace

bool compact(Dashboard& d)
{
    std::vector<Panel>& panels = d.panels();
    bool moved = false;
    std::vector<GridPos> placed;
    for (std::size_t i : byPosition(panels)) {
        GridPos p = panels[i].gridPos();
        if (panels[i].isRow()) {
            p.x = 0;
            p.w = GridColumnCount;
        }
        int y = p.y;
        while (y > 0) {
            GridPos probe = p;
            probe.y = y - 1;
            const bool blocked = std::any_of(placed.begin(), placed.end(), [&](const GridPos& o) { return overlaps(o, probe); });
            if (blocked)
                break;
            --y;
        }
        // Below anything it still overlaps (a panel placed earlier at the same height).
        for (bool again = true; again;) {
            again = false;
            for (const GridPos& o : placed) {
                GridPos probe = p;
                probe.y = y;
                if (overlaps(o, probe)) {
                    y = o.y + o.h;
                    again = true;
                }
            }
        }
        if (y != p.y || p != panels[i].gridPos()) {
            p.y = y;
            panels[i].setGridPos(p);
            moved = true;
        }
        placed.push_back(p);
    }
    return moved;
}

bool toggleRow(Dashboard& d, int rowId)
{
    std::vector<Panel>& panels = d.panels();
    auto rowIt = std::find_if(panels.begin(), panels.end(), [&](const Panel& p) { return p.id() == rowId && p.isRow(); });
    if (rowIt == panels.end())
        return false;
    Panel row = *rowIt;
    const GridPos rowPos = row.gridPos();
    if (row.collapsed()) {
        // Expand: the row's panels come back below it, shifted to the row's current y; the rest moves down.
        std::vector<Panel> inside = row.rowPanels();
        int yMax = rowPos.y + 1;
        int minY = std::numeric_limits<int>::max();
        for (const Panel& p : inside)
            minY = std::min(minY, p.gridPos().y);
        const int shift = inside.empty() ? 0 : rowPos.y + 1 - minY;
        for (Panel& p : inside) {
            GridPos g = p.gridPos();
            g.y += shift;
            p.setGridPos(g);
            yMax = std::max(yMax, g.y + g.h);
        }
        const int pushDown = yMax - (rowPos.y + 1);
        for (Panel& p : panels) {
            GridPos g = p.gridPos();
            if (p.id() != rowId && g.y > rowPos.y) {
                g.y += pushDown;
                p.setGridPos(g);
            }
        }
        row.setCollapsed(false);
        row.setRowPanels({});
        *rowIt = row;
        const auto at = std::find_if(panels.begin(), panels.end(), [&](const Panel& p) { return p.id() == rowId; });
        panels.insert(at + 1, inside.begin(), inside.end());
    } else {
        // Collapse: take the panels below the row, up to the next row.
        const auto order = byPosition(panels);
        std::vector<int> take;
        bool after = false;
        for (std::size_t i : order) {
            if (panels[i].id() == rowId) {
                after = true;
                continue;
            }
            if (!after)
                continue;
            if (panels[i].isRow())
                break;
            take.push_back(panels[i].id());
        }
        std::vector<Panel> inside;
        for (int id : take) {
            auto it = std::find_if(panels.begin(), panels.end(), [&](const Panel& p) { return p.id() == id; });
            inside.push_back(*it);
            panels.erase(it);
        }
        rowIt = std::find_if(panels.begin(), panels.end(), [&](const Panel& p) { return p.id() == rowId; });
        rowIt->setCollapsed(true);
        rowIt->setRowPanels(inside);
    }
    compact(d);
    return true;
}

bool movePanel(Dashboard& d, int panelId, GridPos pos)
{
    std::vector<Panel>& panels = d.panels();
    auto it = std::find_if(panels.begin(), panels.end(), [&](const Panel& p) { return p.id() == panelId; });
    if (it == panels.end())
        return false;
    pos = clamp(pos);
    if (it->isRow()) {
        pos.x = 0;
        pos.w = GridColumnCount;
        pos.h = 1;
    }
    it->setGridPos(pos);
    resolveCollisions(panels, std::size_t(it - panels.begin()));
    compact(d);
    return true;
}

int addPanelOnTop(Dashboard& d, Panel panel)
{
    int id = panel.id();
    if (id <= 0 || d.panelById(id))
        id = d.nextPanelId();
    panel.setId(id);
    GridPos pos = panel.gridPos();
    pos = clamp({ 0, 0, pos.w > 0 ? pos.w : 12, pos.h > 0 ? pos.h : 8 });
    panel.setGridPos(pos);
    for (Panel& p : d.panels()) {
        GridPos g = p.gridPos();
        g.y += pos.h;
        p.setGridPos(g);
    }
    d.panels().insert(d.panels().begin(), panel);
    compact(d);
    return id;
}

int duplicatePanel(Dashboard& d, int id)
{
    const Panel* source = d.panelById(id);
    if (!source)
        return 0;
    Panel copy = *source;
    const int newId = d.nextPanelId();
    copy.setId(newId);
    GridPos g = source->gridPos();
    if (g.x + 2 * g.w <= GridColumnCount)
        g.x += g.w;
    else
        g.y += g.h;
    copy.setGridPos(g);
    auto it = std::find_if(d.panels().begin(), d.panels().end(), [&](const Panel& p) { return p.id() == id; });
    d.panels().insert(it + 1, copy);
    movePanel(d, newId, g);
    return newId;
}

bool removePanel(Dashboard& d, int id)
{
    auto& panels = d.panels();
    auto it = std::find_if(panels.begin(), panels.end(), [&](const Panel& p) { return p.id() == id; });
    if (it == panels.end())
        return false;
    panels.erase(it);
    compact(d);
    return true;
}

} // namespace sg::dashboards
