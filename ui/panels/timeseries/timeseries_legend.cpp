#include "timeseries_legend.h"

#include "timeseries_axes.h"

#include "core/fieldconfig/display.h"
#include "core/fieldconfig/reducers.h"

#include <QPainter>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace sg::ui::timeseries {

namespace {

constexpr double Swatch = 14;
constexpr double SwatchGap = 6;
constexpr double ItemGap = 16;
constexpr double CellPadding = 12;
constexpr double MaxBottomShare = 0.4;
constexpr double MaxRightShare = 0.5;

QString listText(const LegendEntry& e, const QStringList& calcNames)
{
    QString text = e.name;
    for (qsizetype k = 0; k < e.values.size(); ++k)
        text += u"  "_s + calcNames.value(k) + u": "_s + e.values[k];
    return text;
}

} // namespace

void Legend::build(const PlotModel& model)
{
    m_options = model.legend;
    m_entries.clear();
    m_calcNames.clear();
    for (const QString& id : m_options.calcs) {
        const fieldconfig::ReducerInfo* info = fieldconfig::reducerInfo(id);
        m_calcNames << (info ? info->name : id);
    }
    for (std::size_t i = 0; i < model.series.size(); ++i) {
        const PlotSeries& s = model.series[i];
        if (s.style.hideLegend)
            continue;
        LegendEntry e;
        e.series = int(i);
        e.name = s.name;
        e.color = s.color;
        e.shown = s.visible;
        for (qsizetype k = 0; k < m_options.calcs.size(); ++k) {
            const double v = k < qsizetype(s.calcValues.size()) ? s.calcValues[std::size_t(k)] : std::nan("");
            const fieldconfig::ReducerInfo* info = fieldconfig::reducerInfo(m_options.calcs[k]);
            fieldconfig::FieldConfig config = s.config;
            if (info && !info->preservesUnits) {
                config.unit = u"none"_s;
                config.mappings.clear();
            }
            e.values << fieldconfig::display(config, v).toString();
            e.numbers.push_back(v);
        }
        m_entries.push_back(std::move(e));
    }
    if (m_options.table && !m_options.sortBy.isEmpty()) {
        qsizetype calc = -1;
        for (qsizetype k = 0; k < m_options.calcs.size(); ++k)
            if (m_calcNames[k] == m_options.sortBy || m_options.calcs[k] == m_options.sortBy)
                calc = k;
        const bool desc = m_options.sortDesc;
        if (m_options.sortBy == u"Name") {
            std::stable_sort(m_entries.begin(), m_entries.end(), [desc](const LegendEntry& a, const LegendEntry& b) {
                const int c = a.name.localeAwareCompare(b.name);
                return desc ? c > 0 : c < 0;
            });
        } else if (calc >= 0) {
            const auto k = std::size_t(calc);
            std::stable_sort(m_entries.begin(), m_entries.end(), [desc, k](const LegendEntry& a, const LegendEntry& b) {
                const double x = a.numbers[k];
                const double y = b.numbers[k];
                if (std::isnan(x) || std::isnan(y))
                    return !std::isnan(x) && std::isnan(y); // nulls last either way
                return desc ? x > y : x < y;
            });
        }
    }
}

double Legend::columnWidth(int calc, const QFontMetricsF& fm) const
{
    double w = fm.horizontalAdvance(m_calcNames.value(calc));
    for (const LegendEntry& e : m_entries)
        w = std::max(w, fm.horizontalAdvance(e.values.value(calc)));
    return w + CellPadding;
}

double Legend::extent(const QRectF& bounds, const QFontMetricsF& fm) const
{
    if (!m_options.show || m_entries.empty())
        return 0;
    const double rowHeight = fm.height() + 4;
    if (m_options.right) {
        double w = 0;
        if (m_options.table) {
            for (const LegendEntry& e : m_entries)
                w = std::max(w, Swatch + SwatchGap + fm.horizontalAdvance(e.name));
            w += CellPadding;
            for (int k = 0; k < int(m_calcNames.size()); ++k)
                w += columnWidth(k, fm);
        } else {
            for (const LegendEntry& e : m_entries)
                w = std::max(w, Swatch + SwatchGap + fm.horizontalAdvance(listText(e, m_calcNames)));
        }
        if (m_options.width > 0)
            w = m_options.width;
        return std::min(std::ceil(w + 8), bounds.width() * MaxRightShare);
    }
    double h = 0;
    if (m_options.table) {
        h = rowHeight * double(m_entries.size() + 1);
    } else {
        double x = 0;
        int rows = 1;
        for (const LegendEntry& e : m_entries) {
            const double w = Swatch + SwatchGap + fm.horizontalAdvance(listText(e, m_calcNames)) + ItemGap;
            if (x > 0 && x + w > bounds.width()) {
                ++rows;
                x = 0;
            }
            x += w;
        }
        h = rowHeight * rows;
    }
    return std::min(h, std::max(rowHeight, std::floor(bounds.height() * MaxBottomShare / rowHeight) * rowHeight));
}

void Legend::layout(const QRectF& rect, const QFontMetricsF& fm)
{
    m_rect = rect;
    m_fm = fm;
    m_rowHeight = fm.height() + 4;
    m_columnX.clear();
    if (m_options.table) {
        double right = rect.right();
        std::vector<double> widths;
        for (int k = 0; k < int(m_calcNames.size()); ++k)
            widths.push_back(columnWidth(k, fm));
        m_columnX.resize(widths.size());
        for (int k = int(widths.size()) - 1; k >= 0; --k) {
            m_columnX[std::size_t(k)] = right;
            right -= widths[std::size_t(k)];
        }
        m_nameRight = right - CellPadding / 2;
        double y = rect.top() + m_rowHeight;
        for (LegendEntry& e : m_entries) {
            e.rect = QRectF(rect.left(), y, rect.width(), m_rowHeight);
            y += m_rowHeight;
        }
        return;
    }
    double x = rect.left();
    double y = rect.top();
    for (LegendEntry& e : m_entries) {
        const double w = Swatch + SwatchGap + fm.horizontalAdvance(listText(e, m_calcNames));
        if (m_options.right) {
            e.rect = QRectF(rect.left(), y, std::min(w, rect.width()), m_rowHeight);
            y += m_rowHeight;
            continue;
        }
        if (x > rect.left() && x + w > rect.right()) {
            x = rect.left();
            y += m_rowHeight;
        }
        e.rect = QRectF(x, y, w, m_rowHeight);
        x += w + ItemGap;
    }
}

void Legend::paint(QPainter& p) const
{
    if (!m_options.show || m_entries.empty() || m_rect.isEmpty())
        return;
    p.save();
    p.setClipRect(m_rect);
    const QFontMetricsF& fm = m_fm;
    const auto drawEntry = [&](const LegendEntry& e, const QString& text) {
        if (!e.rect.intersects(m_rect))
            return;
        const double cy = e.rect.center().y();
        QColor swatch = e.color;
        if (!e.shown)
            swatch.setAlphaF(0.3f);
        p.setPen(Qt::NoPen);
        p.setBrush(swatch);
        p.setRenderHint(QPainter::Antialiasing, true);
        p.drawRoundedRect(QRectF(e.rect.left(), cy - 2, Swatch, 4), 1.5, 1.5);
        p.setPen(e.shown ? colors::axisText() : QColor(204, 204, 220, 90));
        const double textX = e.rect.left() + Swatch + SwatchGap;
        const double available = (m_options.table ? m_nameRight : e.rect.right()) - textX;
        p.drawText(QPointF(textX, cy - fm.height() / 2 + fm.ascent()),
            fm.elidedText(text, Qt::ElideRight, std::max(10.0, available)));
    };
    if (m_options.table) {
        const double headerY = m_rect.top() + (m_rowHeight - fm.height()) / 2 + fm.ascent();
        p.setPen(colors::mutedText());
        p.drawText(QPointF(m_rect.left(), headerY), u"Name"_s);
        for (std::size_t k = 0; k < m_columnX.size(); ++k) {
            QString name = m_calcNames[qsizetype(k)];
            if (name == m_options.sortBy || m_options.calcs.value(qsizetype(k)) == m_options.sortBy)
                name += m_options.sortDesc ? u" ↓"_s : u" ↑"_s;
            p.drawText(QPointF(m_columnX[k] - fm.horizontalAdvance(name), headerY), name);
        }
        p.setPen(QPen(colors::border(), 1));
        p.drawLine(QPointF(m_rect.left(), m_rect.top() + m_rowHeight - 0.5),
            QPointF(m_rect.right(), m_rect.top() + m_rowHeight - 0.5));
        for (const LegendEntry& e : m_entries) {
            if (!e.rect.intersects(m_rect))
                continue;
            drawEntry(e, e.name);
            p.setPen(e.shown ? colors::axisText() : QColor(204, 204, 220, 90));
            const double baseline = e.rect.center().y() - fm.height() / 2 + fm.ascent();
            for (std::size_t k = 0; k < m_columnX.size(); ++k) {
                const QString& v = e.values[qsizetype(k)];
                p.drawText(QPointF(m_columnX[k] - fm.horizontalAdvance(v), baseline), v);
            }
        }
    } else {
        for (const LegendEntry& e : m_entries)
            drawEntry(e, listText(e, m_calcNames));
    }
    p.restore();
}

int Legend::entryAt(const QPointF& pos) const
{
    if (!m_rect.contains(pos))
        return -1;
    for (std::size_t i = 0; i < m_entries.size(); ++i)
        if (m_entries[i].rect.contains(pos))
            return int(i);
    return -1;
}

QRectF Legend::headerRect(const QString& key) const
{
    if (!m_options.table || m_entries.empty())
        return {};
    const double top = m_rect.top();
    if (key == u"Name")
        return QRectF(m_rect.left(), top, m_nameRight - m_rect.left(), m_rowHeight);
    for (std::size_t k = 0; k < m_columnX.size(); ++k) {
        if (m_calcNames.value(qsizetype(k)) != key)
            continue;
        const double left = k == 0 ? m_nameRight : m_columnX[k - 1];
        return QRectF(left, top, m_columnX[k] - left, m_rowHeight);
    }
    return {};
}

QString Legend::headerAt(const QPointF& pos) const
{
    if (!m_options.table)
        return {};
    for (const QString& key : QStringList { u"Name"_s } + m_calcNames)
        if (headerRect(key).contains(pos))
            return key;
    return {};
}

} // namespace sg::ui::timeseries
