#include "logs_volume.h"

#include "log_lines_model.h"
#include "ui/theme.h"

#include <QDateTime>
#include <QMouseEvent>
#include <QPainter>

using namespace Qt::StringLiterals;

namespace sg::ui {
namespace {
constexpr int LegendHeight = 18;
constexpr int AxisHeight = 14;
constexpr int LeftMargin = 40;
constexpr int DragThreshold = 4;

QString levelTitle(LogLevel level)
{
    const QString name = logLevelName(level);
    return name.isEmpty() ? u"unknown"_s : name;
}
} // namespace

double LogsVolumeData::total() const
{
    double sum = 0;
    for (const auto& [level, values] : counts)
        for (double v : values)
            sum += v;
    return sum;
}

LogsVolumeData volumeFromLines(const LogLinesModel& model, qint64 fromMs, qint64 toMs, qint64 stepMs)
{
    LogsVolumeData d { fromMs, toMs, std::max<qint64>(1, stepMs), {} };
    const int n = std::max(1, d.buckets());
    model.forEachLine([&](TimestampNs ts, LogLevel level) {
        const qint64 ms = nsToMs(ts);
        if (ms < fromMs || ms > toMs)
            return;
        auto& values = d.counts[level];
        if (values.empty())
            values.assign(std::size_t(n), 0.0);
        values[std::size_t(std::min<qint64>(n - 1, (ms - fromMs) / d.stepMs))] += 1;
    });
    return d;
}

LogsVolumeData volumeFromSeries(const std::vector<query::SeriesFrame>& series, qint64 fromMs, qint64 toMs, qint64 stepMs)
{
    LogsVolumeData d { fromMs, toMs, std::max<qint64>(1, stepMs), {} };
    const int n = std::max(1, d.buckets());
    for (const auto& s : series) {
        const LogLevel level = parseLogLevel(s.label(u"level"_s).toStdString());
        auto& values = d.counts[level];
        if (values.empty())
            values.assign(std::size_t(n), 0.0);
        for (std::size_t i = 0; i < s.timesMs.size() && i < s.values.size(); ++i) {
            if (query::isNull(s.values[i]) || s.timesMs[i] < fromMs || s.timesMs[i] > toMs)
                continue;
            // count_over_time at t counts (t - step, t]: the bucket that ends at t.
            const qint64 bucket = std::clamp<qint64>((s.timesMs[i] - fromMs - 1) / d.stepMs, 0, n - 1);
            values[std::size_t(bucket)] += s.values[i];
        }
    }
    return d;
}

LogsVolume::LogsVolume(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(u"logsVolume"_s);
    setMinimumHeight(90);
    setMouseTracking(true);
}

void LogsVolume::setData(LogsVolumeData data)
{
    m_data = std::move(data);
    m_max = 0;
    const int n = m_data.buckets();
    for (int b = 0; b < n; ++b) {
        double sum = 0;
        for (const auto& [level, values] : m_data.counts)
            sum += b < int(values.size()) ? values[std::size_t(b)] : 0;
        m_max = std::max(m_max, sum);
    }
    layoutLegend();
    update();
}

void LogsVolume::setSelectedLevels(std::set<LogLevel> levels)
{
    m_selected = std::move(levels);
    update();
}

void LogsVolume::layoutLegend()
{
    m_legend.clear();
    const QFontMetrics fm(font());
    int x = LeftMargin;
    for (LogLevel level : AllLogLevels) {
        auto it = m_data.counts.find(level);
        if (it == m_data.counts.end())
            continue;
        const int w = 14 + fm.horizontalAdvance(levelTitle(level)) + 12;
        m_legend.push_back({ level, QRect(x, 0, w, LegendHeight) });
        x += w;
    }
}

QRect LogsVolume::legendRect(LogLevel level) const
{
    for (const auto& [l, r] : m_legend)
        if (l == level)
            return r;
    return {};
}

QRect LogsVolume::plotRect() const
{
    return QRect(LeftMargin, LegendHeight + 4, std::max(1, width() - LeftMargin - 8),
        std::max(1, height() - LegendHeight - 4 - AxisHeight));
}

int LogsVolume::xOf(qint64 ms) const
{
    const QRect p = plotRect();
    const qint64 span = std::max<qint64>(1, m_data.toMs - m_data.fromMs);
    return p.left() + int(double(ms - m_data.fromMs) * p.width() / double(span));
}

qint64 LogsVolume::timeAt(int x) const
{
    const QRect p = plotRect();
    const double f = std::clamp(double(x - p.left()) / std::max(1, p.width()), 0.0, 1.0);
    return m_data.fromMs + qint64(f * double(m_data.toMs - m_data.fromMs));
}

void LogsVolume::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.fillRect(rect(), theme::panelBackground());
    const QFontMetrics fm(font());
    for (const auto& [level, r] : m_legend) {
        const bool on = m_selected.empty() || m_selected.count(level);
        QColor c = logLevelColor(level);
        if (!on)
            c.setAlpha(70);
        p.fillRect(QRect(r.left(), r.center().y() - 2, 10, 4), c);
        p.setPen(on ? theme::text() : theme::mutedText());
        p.drawText(r.adjusted(14, 0, 0, 0), Qt::AlignVCenter | Qt::AlignLeft, levelTitle(level));
    }
    const QRect plot = plotRect();
    p.setPen(theme::gridLine());
    p.drawLine(plot.bottomLeft(), plot.bottomRight());
    const int n = m_data.buckets();
    if (n <= 0 || m_max <= 0) {
        p.setPen(theme::mutedText());
        p.drawText(plot, Qt::AlignCenter, tr("No logs volume"));
        return;
    }
    p.setPen(theme::mutedText());
    p.drawText(QRect(0, plot.top() - 2, LeftMargin - 6, fm.height()), Qt::AlignRight | Qt::AlignTop,
        QString::number(m_max, 'g', 4));
    for (int b = 0; b < n; ++b) {
        const int x0 = xOf(m_data.fromMs + qint64(b) * m_data.stepMs);
        const int x1 = std::min(plot.right(), xOf(m_data.fromMs + qint64(b + 1) * m_data.stepMs));
        const int w = std::max(1, x1 - x0 - (x1 - x0 > 3 ? 1 : 0));
        double base = 0;
        // Most severe at the bottom of the stack, as Grafana stacks them.
        for (LogLevel level : AllLogLevels) {
            auto it = m_data.counts.find(level);
            if (it == m_data.counts.end() || b >= int(it->second.size()) || it->second[std::size_t(b)] <= 0)
                continue;
            const double v = it->second[std::size_t(b)];
            const int yTop = plot.bottom() - int((base + v) / m_max * plot.height());
            const int yBottom = plot.bottom() - int(base / m_max * plot.height());
            QColor c = logLevelColor(level);
            if (!m_selected.empty() && !m_selected.count(level))
                c.setAlpha(60);
            p.fillRect(QRect(x0, yTop, w, std::max(1, yBottom - yTop)), c);
            base += v;
        }
    }
    const QString f = m_data.toMs - m_data.fromMs > 86'400'000 ? u"MM-dd HH:mm"_s : u"HH:mm:ss"_s;
    p.setPen(theme::mutedText());
    p.drawText(QRect(plot.left(), plot.bottom() + 1, 200, AxisHeight), Qt::AlignLeft | Qt::AlignVCenter,
        QDateTime::fromMSecsSinceEpoch(m_data.fromMs).toString(f));
    p.drawText(QRect(plot.right() - 200, plot.bottom() + 1, 200, AxisHeight), Qt::AlignRight | Qt::AlignVCenter,
        QDateTime::fromMSecsSinceEpoch(m_data.toMs).toString(f));
    if (m_dragFrom >= 0 && std::abs(m_dragTo - m_dragFrom) >= DragThreshold) {
        const int a = std::min(m_dragFrom, m_dragTo), b = std::max(m_dragFrom, m_dragTo);
        p.fillRect(QRect(a, plot.top(), b - a, plot.height()), QColor(0x3d, 0x71, 0xd9, 0x50));
    }
}

void LogsVolume::mousePressEvent(QMouseEvent* event)
{
    const QPoint pos = event->position().toPoint();
    for (const auto& [level, r] : m_legend) {
        if (r.contains(pos)) {
            // Grafana: a click shows only that level; a click on the only level shown shows all again.
            std::set<LogLevel> next;
            if (!(m_selected.size() == 1 && m_selected.count(level)))
                next.insert(level);
            setSelectedLevels(next);
            Q_EMIT levelFilterChanged(next);
            return;
        }
    }
    if (plotRect().contains(pos))
        m_dragFrom = m_dragTo = pos.x();
}

void LogsVolume::mouseMoveEvent(QMouseEvent* event)
{
    if (m_dragFrom < 0)
        return;
    m_dragTo = event->position().toPoint().x();
    update();
}

void LogsVolume::mouseReleaseEvent(QMouseEvent* event)
{
    if (m_dragFrom < 0)
        return;
    m_dragTo = event->position().toPoint().x();
    const int a = std::min(m_dragFrom, m_dragTo), b = std::max(m_dragFrom, m_dragTo);
    m_dragFrom = m_dragTo = -1;
    update();
    if (b - a >= DragThreshold)
        Q_EMIT rangeSelected(timeAt(a), timeAt(b));
}

} // namespace sg::ui
