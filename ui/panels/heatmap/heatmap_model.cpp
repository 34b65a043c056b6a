#include "heatmap_model.h"

#include <QJsonValue>

#include <algorithm>
#include <array>
#include <iterator>
#include <cmath>
#include <limits>
#include <map>

using namespace Qt::StringLiterals;

namespace sg::ui::heatmap {

namespace {

constexpr double Inf = std::numeric_limits<double>::infinity();
// Cells beyond these counts would only cost memory: bucket sizes grow until the grid fits.
constexpr qint64 MaxCalculatedRows = 1000;
constexpr qint64 MaxCalculatedColumns = 5000;

// The sorted union of the series' timestamps. Range queries give every series the same steps, so equal vectors are
// skipped and other ones merged, instead of sorting all samples.
std::vector<qint64> unionTimes(const std::vector<const query::SeriesFrame*>& series)
{
    std::vector<qint64> times;
    std::vector<qint64> merged;
    for (const auto* s : series) {
        if (s->timesMs == times)
            continue;
        std::vector<qint64> own = s->timesMs;
        if (!std::is_sorted(own.begin(), own.end()))
            std::sort(own.begin(), own.end());
        merged.clear();
        merged.reserve(times.size() + own.size());
        std::set_union(times.begin(), times.end(), own.begin(), own.end(), std::back_inserter(merged));
        merged.erase(std::unique(merged.begin(), merged.end()), merged.end());
        times.swap(merged);
    }
    return times;
}

std::vector<const query::SeriesFrame*> pointers(const std::vector<query::SeriesFrame>& series)
{
    std::vector<const query::SeriesFrame*> out;
    out.reserve(series.size());
    for (const auto& s : series)
        out.push_back(&s);
    return out;
}

qint64 detectStep(const std::vector<qint64>& times, qint64 intervalMs)
{
    if (intervalMs > 0)
        return intervalMs;
    if (times.size() < 2)
        return 1000;
    std::vector<qint64> diffs;
    diffs.reserve(times.size() - 1);
    for (std::size_t i = 1; i < times.size(); ++i)
        diffs.push_back(times[i] - times[i - 1]);
    std::nth_element(diffs.begin(), diffs.begin() + std::ptrdiff_t(diffs.size() / 2), diffs.end());
    return std::max<qint64>(1, diffs[diffs.size() / 2]);
}

void setColumns(Grid& grid, const std::vector<qint64>& times, qint64 stepMs)
{
    grid.startMs.reserve(times.size());
    grid.endMs.reserve(times.size());
    for (qint64 t : times) {
        grid.startMs.push_back(t - stepMs);
        grid.endMs.push_back(t);
    }
}

// Adds each series' samples into row `row` of the grid's columns (the union `times`); NaN stays NaN.
void addSeries(Grid& grid, const std::vector<qint64>& times, const query::SeriesFrame& s, std::size_t row)
{
    const std::size_t rows = grid.rows.size();
    auto it = times.begin();
    for (std::size_t i = 0; i < s.timesMs.size() && i < s.values.size(); ++i) {
        const double v = s.values[i];
        if (std::isnan(v))
            continue;
        it = std::lower_bound(it, times.end(), s.timesMs[i]);
        if (it == times.end() || *it != s.timesMs[i]) {
            it = std::lower_bound(times.begin(), times.end(), s.timesMs[i]); // unsorted input: search again
            if (it == times.end() || *it != s.timesMs[i])
                continue;
        }
        double& cell = grid.counts[std::size_t(it - times.begin()) * rows + row];
        cell = std::isnan(cell) ? v : cell + v;
    }
}

void computeRange(Grid& grid)
{
    double lo = Inf;
    double hi = -Inf;
    for (double v : grid.counts) {
        if (std::isnan(v))
            continue;
        lo = std::min(lo, v);
        hi = std::max(hi, v);
    }
    grid.minCount = std::isfinite(lo) ? lo : 0;
    grid.maxCount = std::isfinite(hi) ? hi : 0;
}

// The `le` rows summed per le, not yet de-accumulated.
Grid rawLeGrid(const std::vector<query::SeriesFrame>& series, qint64 stepMs)
{
    std::map<double, std::vector<const query::SeriesFrame*>> byLe;
    std::map<double, QString> text;
    for (const auto& s : series) {
        const QString le = s.label(u"le"_s);
        if (const auto bound = parseLe(le)) {
            byLe[*bound].push_back(&s);
            text.emplace(*bound, le);
        }
    }
    Grid grid;
    grid.layout = RowLayout::UpperBound;
    if (byLe.empty())
        return grid;
    std::vector<const query::SeriesFrame*> used;
    for (const auto& [le, frames] : byLe)
        used.insert(used.end(), frames.begin(), frames.end());
    const std::vector<qint64> times = unionTimes(used);
    setColumns(grid, times, detectStep(times, stepMs));
    double previous = byLe.begin()->first > 0 ? 0.0 : -Inf;
    for (const auto& [le, frames] : byLe) {
        grid.rows.push_back({ previous, le, std::isinf(le) ? u"+Inf"_s : text[le] });
        previous = le;
    }
    grid.counts.assign(times.size() * grid.rows.size(), query::NullValue);
    std::size_t row = 0;
    for (const auto& [le, frames] : byLe) {
        for (const auto* f : frames)
            addSeries(grid, times, *f, row);
        ++row;
    }
    return grid;
}

bool isMonotone(const Grid& grid)
{
    const std::size_t rows = grid.rowCount();
    if (rows < 2)
        return false;
    bool rising = false;
    for (std::size_t c = 0; c < grid.columnCount(); ++c) {
        for (std::size_t r = 1; r < rows; ++r) {
            const double a = grid.count(c, r - 1);
            const double b = grid.count(c, r);
            if (std::isnan(a) || std::isnan(b))
                continue;
            if (b < a - 1e-9 * std::max(1.0, std::abs(a)))
                return false;
            rising |= b > a;
        }
    }
    return rising;
}

void deaccumulate(Grid& grid)
{
    const std::size_t rows = grid.rowCount();
    for (std::size_t c = 0; c < grid.columnCount(); ++c) {
        double* col = grid.counts.data() + c * rows;
        // Top down, so that each lower row still holds its cumulative value when it is subtracted.
        for (std::size_t r = rows - 1; r >= 1; --r) {
            if (!std::isnan(col[r]) && !std::isnan(col[r - 1]))
                col[r] = std::max(0.0, col[r] - col[r - 1]);
        }
    }
}

// The largest "nice" increment not above `approx` (uPlot's findIndex(incr > approx) - 1).
double niceLinearIncrement(double approx)
{
    if (!(approx > 0) || !std::isfinite(approx))
        return 1;
    const double mag = std::pow(10.0, std::floor(std::log10(approx)));
    double best = mag;
    for (double m : { 1.0, 2.0, 2.5, 5.0, 10.0 })
        if (m * mag <= approx * (1 + 1e-9))
            best = m * mag;
    return best;
}

qint64 niceTimeIncrement(double approx)
{
    static constexpr std::array<qint64, 41> Incrs { 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10'000, 15'000,
        30'000, 60'000, 120'000, 300'000, 600'000, 900'000, 1'800'000, 3'600'000, 7'200'000, 10'800'000, 14'400'000,
        21'600'000, 28'800'000, 43'200'000, 86'400'000, 172'800'000, 259'200'000, 345'600'000, 432'000'000,
        518'400'000, 604'800'000, 691'200'000, 777'600'000, 864'000'000, 1'296'000'000, 2'592'000'000,
        31'536'000'000 };
    qint64 best = Incrs.front();
    for (qint64 i : Incrs)
        if (double(i) <= approx)
            best = i;
    return best;
}

double roundDown(double v, double incr) { return std::floor(v / incr + 1e-9) * incr; }

} // namespace

std::optional<double> parseLe(const QString& le)
{
    const QString t = le.trimmed();
    if (t.isEmpty())
        return std::nullopt;
    if (t == u"+Inf" || t == u"Inf" || t == u"inf" || t == u"+inf")
        return Inf;
    bool ok = false;
    const double v = t.toDouble(&ok);
    return ok ? std::optional<double>(v) : std::nullopt;
}

qint64 parseDurationMs(const QString& text)
{
    const QString t = text.trimmed();
    if (t.isEmpty())
        return 0;
    bool ok = false;
    const double plain = t.toDouble(&ok);
    if (ok)
        return qint64(plain);
    static const std::array<std::pair<QStringView, qint64>, 8> Units { { { u"ms", 1 }, { u"s", 1000 },
        { u"m", 60'000 }, { u"h", 3'600'000 }, { u"d", 86'400'000 }, { u"w", 604'800'000 },
        { u"M", 2'592'000'000 }, { u"y", 31'536'000'000 } } };
    for (const auto& [suffix, factor] : Units) {
        if (t.endsWith(suffix)) {
            const double n = QStringView(t).chopped(suffix.size()).toDouble(&ok);
            if (ok && (suffix != u"m" || !t.endsWith(u"ms")))
                return qint64(n * double(factor));
        }
    }
    return 0;
}

Grid fromLeBuckets(const std::vector<query::SeriesFrame>& series, bool cumulative, qint64 stepMs)
{
    Grid grid = rawLeGrid(series, stepMs);
    if (cumulative && grid.rowCount() > 1)
        deaccumulate(grid);
    computeRange(grid);
    return grid;
}

bool looksCumulative(const std::vector<query::SeriesFrame>& series) { return isMonotone(rawLeGrid(series, 0)); }

Grid fromSeriesRows(const std::vector<query::SeriesFrame>& series, qint64 stepMs)
{
    Grid grid;
    grid.layout = RowLayout::Ordinal;
    const std::vector<qint64> times = unionTimes(pointers(series));
    setColumns(grid, times, detectStep(times, stepMs));
    for (std::size_t i = 0; i < series.size(); ++i)
        grid.rows.push_back({ double(i), double(i + 1), series[i].name });
    grid.counts.assign(times.size() * grid.rows.size(), query::NullValue);
    for (std::size_t i = 0; i < series.size(); ++i)
        addSeries(grid, times, series[i], i);
    computeRange(grid);
    return grid;
}

CalculationOptions CalculationOptions::fromJson(const QJsonObject& calculation)
{
    CalculationOptions o;
    const QJsonObject x = calculation.value(u"xBuckets").toObject();
    const QJsonObject y = calculation.value(u"yBuckets").toObject();
    auto text = [](const QJsonValue& v) { return v.isDouble() ? QString::number(v.toDouble()) : v.toString(); };
    o.xMode = x.value(u"mode").toString();
    o.xValue = text(x.value(u"value"));
    o.yMode = y.value(u"mode").toString();
    o.yValue = text(y.value(u"value"));
    const QJsonObject scale = y.value(u"scale").toObject();
    if (scale.value(u"type").toString() == u"log")
        o.yLogBase = scale.value(u"log").toInt(2) == 10 ? 10 : 2;
    return o;
}

Grid calculate(const std::vector<query::SeriesFrame>& series, const CalculationOptions& options, qint64 fromMs,
    qint64 toMs)
{
    Grid grid;
    grid.layout = RowLayout::LowerBound;
    const bool log = options.yLogBase == 2 || options.yLogBase == 10;
    auto yOf = [&](double v) { return log ? (options.yLogBase == 2 ? std::log2(v) : std::log10(v)) : v; };
    double minY = Inf;
    double maxY = -Inf;
    qint64 minX = std::numeric_limits<qint64>::max();
    qint64 maxX = std::numeric_limits<qint64>::min();
    for (const auto& s : series) {
        for (std::size_t i = 0; i < s.values.size() && i < s.timesMs.size(); ++i) {
            const double v = s.values[i];
            if (!std::isfinite(v) || (log && v <= 0))
                continue;
            minY = std::min(minY, v);
            maxY = std::max(maxY, v);
            minX = std::min(minX, s.timesMs[i]);
            maxX = std::max(maxX, s.timesMs[i]);
        }
    }
    if (!std::isfinite(minY))
        return grid;
    if (toMs > fromMs) {
        minX = fromMs;
        maxX = toMs;
    }

    // X: a duration for "size", otherwise a count of columns (20 when unset), snapped to a nice time step.
    double xIncr = options.xMode == u"size" ? double(parseDurationMs(options.xValue)) : options.xValue.toDouble();
    bool xCount = options.xMode != u"size";
    if (!(xIncr > 0)) {
        xCount = true;
        xIncr = 20;
    }
    if (xCount)
        xIncr = double(niceTimeIncrement(double(maxX - minX) / std::max(xIncr - 1, 1.0)));
    while (double(maxX - minX) / xIncr > double(MaxCalculatedColumns))
        xIncr *= 2;

    // Y: a size, a count (10 when unset) snapped to a nice step, or with a log scale the splits of each power.
    double ySize = options.yValue.toDouble();
    double yIncr = ySize;
    if (log) {
        yIncr = 1.0 / (ySize > 0 ? ySize : 1.0);
    } else {
        bool yCount = options.yMode == u"count";
        if (!(yIncr > 0)) {
            yCount = true;
            yIncr = 10;
        }
        if (yCount)
            yIncr = niceLinearIncrement((maxY - minY) / std::max(yIncr - 1, 1.0));
    }
    const double minYBin = roundDown(yOf(minY), yIncr);
    const double maxYBin = roundDown(yOf(maxY), yIncr);
    while ((maxYBin - minYBin) / yIncr > double(MaxCalculatedRows))
        yIncr *= 2;

    const double minXBin = roundDown(double(minX), xIncr);
    const double maxXBin = roundDown(double(maxX), xIncr);
    const std::size_t cols = std::size_t(std::llround((maxXBin - minXBin) / xIncr)) + 1;
    const double yLo = roundDown(yOf(minY), yIncr);
    const std::size_t rows = std::size_t(std::llround((roundDown(yOf(maxY), yIncr) - yLo) / yIncr)) + 1;

    for (std::size_t c = 0; c < cols; ++c) {
        grid.startMs.push_back(qint64(minXBin + double(c) * xIncr));
        grid.endMs.push_back(qint64(minXBin + double(c + 1) * xIncr));
    }
    for (std::size_t r = 0; r < rows; ++r) {
        const double a = yLo + double(r) * yIncr;
        const double b = yLo + double(r + 1) * yIncr;
        if (log)
            grid.rows.push_back({ std::pow(double(options.yLogBase), a), std::pow(double(options.yLogBase), b), {} });
        else
            grid.rows.push_back({ a, b, {} });
    }
    grid.counts.assign(cols * rows, 0.0);
    for (const auto& s : series) {
        for (std::size_t i = 0; i < s.values.size() && i < s.timesMs.size(); ++i) {
            const double v = s.values[i];
            const qint64 t = s.timesMs[i];
            if (!std::isfinite(v) || (log && v <= 0) || t < minX || t > maxX)
                continue;
            const auto c = std::size_t(std::llround((roundDown(double(t), xIncr) - minXBin) / xIncr));
            const auto r = std::size_t(std::llround((roundDown(yOf(v), yIncr) - yLo) / yIncr));
            if (c < cols && r < rows)
                grid.counts[c * rows + r] += 1;
        }
    }
    computeRange(grid);
    return grid;
}

Grid buildGrid(const dashboards::Panel& panel, const query::PanelData& data)
{
    const QJsonObject options = panel.options();
    if (options.value(u"calculate").toBool(false))
        return calculate(data.series, CalculationOptions::fromJson(options.value(u"calculation").toObject()),
            data.fromMs, data.toMs);
    const bool hasLe = std::any_of(data.series.begin(), data.series.end(),
        [](const query::SeriesFrame& s) { return parseLe(s.label(u"le"_s)).has_value(); });
    if (!hasLe)
        return fromSeriesRows(data.series, data.intervalMs);
    bool heatmapFormat = false;
    for (const auto& t : panel.targets())
        heatmapFormat |= t.format() == u"heatmap";
    Grid grid = rawLeGrid(data.series, data.intervalMs);
    if (heatmapFormat || isMonotone(grid))
        deaccumulate(grid);
    computeRange(grid);
    return grid;
}

} // namespace sg::ui::heatmap
