#include "reducers.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <limits>
#include <optional>
#include <set>

using namespace Qt::StringLiterals;

namespace sg::fieldconfig {

namespace {

constexpr double Null = std::numeric_limits<double>::quiet_NaN();

bool isNull(double v)
{
    return std::isnan(v);
}

// Grafana's doStandardCalcs: one pass over the values.
struct StandardCalcs
{
    double sum = 0;
    double max = -DBL_MAX;
    double min = DBL_MAX;
    double logmin = DBL_MAX;
    double mean = Null;
    double last = Null;
    double first = Null;
    double lastNotNull = Null;
    double firstNotNull = Null;
    double count = 0;
    double nonNullCount = 0;
    bool allIsNull = true;
    bool allIsZero = true;
    double range = Null;
    double diff = Null;
    double delta = 0;
    double step = DBL_MAX;
    double diffperc = 0;
};

StandardCalcs standardCalcs(const std::vector<double>& data, bool ignoreNulls, bool nullAsZero)
{
    StandardCalcs c;
    bool previousDeltaUp = true;
    for (std::size_t i = 0; i < data.size(); ++i) {
        double v = data[i];
        if (i == 0)
            c.first = v;
        c.last = v;
        if (isNull(v)) {
            if (ignoreNulls)
                continue;
            if (nullAsZero)
                v = 0;
        }
        c.count++;
        if (isNull(v))
            continue;
        const bool isFirst = isNull(c.firstNotNull);
        if (isFirst)
            c.firstNotNull = v;
        c.sum += v;
        c.allIsNull = false;
        c.nonNullCount++;
        if (!isFirst) {
            const double step = v - c.lastNotNull;
            if (c.step > step)
                c.step = step;
            if (c.lastNotNull > v) {
                previousDeltaUp = false; // counter reset
            } else {
                if (previousDeltaUp)
                    c.delta += step;
                previousDeltaUp = true;
            }
        }
        c.max = std::max(c.max, v);
        c.min = std::min(c.min, v);
        if (v < c.logmin && v > 0)
            c.logmin = v;
        if (v != 0)
            c.allIsZero = false;
        c.lastNotNull = v;
    }
    if (c.max == -DBL_MAX)
        c.max = Null;
    if (c.min == DBL_MAX)
        c.min = Null;
    if (c.step == DBL_MAX)
        c.step = Null;
    if (c.nonNullCount > 0)
        c.mean = c.sum / c.nonNullCount;
    if (c.allIsNull)
        c.allIsZero = false;
    if (!isNull(c.max) && !isNull(c.min))
        c.range = c.max - c.min;
    if (!isNull(c.firstNotNull) && !isNull(c.lastNotNull))
        c.diff = c.lastNotNull - c.firstNotNull;
    if (!isNull(c.firstNotNull) && !isNull(c.diff))
        c.diffperc = c.diff / c.firstNotNull * 100;
    return c;
}

// Values with nulls dropped or zeroed by mode; `keepNull` keeps them as NaN (Null mode).
std::vector<double> prepared(const std::vector<double>& data, bool ignoreNulls, bool nullAsZero)
{
    std::vector<double> out;
    out.reserve(data.size());
    for (double v : data) {
        if (isNull(v)) {
            if (ignoreNulls)
                continue;
            if (nullAsZero)
                v = 0;
        }
        out.push_back(v);
    }
    return out;
}

double varianceOf(const std::vector<double>& data)
{
    double squareSum = 0;
    double mean = 0;
    double n = 0;
    for (double v : data) {
        if (isNull(v))
            continue;
        n++;
        const double old = mean;
        mean += (v - old) / n;
        squareSum += (v - old) * (v - mean);
    }
    return n > 0 ? squareSum / n : 0;
}

double nonStandard(QStringView id, const std::vector<double>& data, bool ignoreNulls, bool nullAsZero)
{
    if (id == u"variance")
        return varianceOf(data);
    if (id == u"stdDev")
        return std::sqrt(varianceOf(data));
    if (id == u"countAll")
        return double(data.size());
    if (id == u"changeCount") {
        int count = 0;
        bool first = true;
        double last = Null;
        for (double v : prepared(data, ignoreNulls, nullAsZero)) {
            const bool same = (isNull(v) && isNull(last)) || v == last;
            if (!first && !same)
                count++;
            first = false;
            last = v;
        }
        return count;
    }
    if (id == u"distinctCount") {
        std::set<double> distinct;
        bool sawNull = false;
        for (double v : prepared(data, ignoreNulls, nullAsZero)) {
            if (isNull(v))
                sawNull = true;
            else
                distinct.insert(v == 0 ? 0.0 : v); // -0 and 0 are one value in a JS Set
        }
        return double(distinct.size()) + (sawNull ? 1 : 0);
    }
    if (id == u"median") {
        std::vector<double> numbers;
        for (double v : prepared(data, ignoreNulls, nullAsZero))
            if (!isNull(v))
                numbers.push_back(v);
        if (numbers.empty())
            return Null;
        std::sort(numbers.begin(), numbers.end());
        const std::size_t mid = numbers.size() / 2;
        return numbers.size() % 2 == 0 ? (numbers[mid - 1] + numbers[mid]) / 2 : numbers[mid];
    }
    if (id.size() >= 2 && id.front() == u'p') {
        bool ok = false;
        const int p = id.mid(1).toInt(&ok);
        if (ok && p >= 1 && p <= 99) {
            std::vector<double> sorted;
            for (double v : prepared(data, ignoreNulls, nullAsZero))
                if (!isNull(v))
                    sorted.push_back(v);
            if (sorted.empty())
                return Null;
            std::sort(sorted.begin(), sorted.end());
            const auto index = std::size_t(std::llround((double(sorted.size()) - 1) * (p / 100.0)));
            return sorted[index];
        }
    }
    return Null;
}

double standardValue(QStringView id, const StandardCalcs& c)
{
    if (id == u"sum")
        return c.sum;
    if (id == u"max")
        return c.max;
    if (id == u"min")
        return c.min;
    if (id == u"logmin")
        return c.logmin;
    if (id == u"mean")
        return c.mean;
    if (id == u"last")
        return c.last;
    if (id == u"first")
        return c.first;
    if (id == u"lastNotNull")
        return c.lastNotNull;
    if (id == u"firstNotNull")
        return c.firstNotNull;
    if (id == u"count")
        return c.count;
    if (id == u"allIsNull")
        return c.allIsNull ? 1 : 0;
    if (id == u"allIsZero")
        return c.allIsZero ? 1 : 0;
    if (id == u"range")
        return c.range;
    if (id == u"diff")
        return c.diff;
    if (id == u"diffperc")
        return c.diffperc;
    if (id == u"delta")
        return c.delta;
    if (id == u"step")
        return c.step;
    return Null;
}

std::vector<ReducerInfo> buildList()
{
    std::vector<ReducerInfo> list = {
        { u"lastNotNull"_s, u"Last *"_s, u"Last non-null value (also excludes NaNs)"_s, true, true, false },
        { u"last"_s, u"Last"_s, u"Last value"_s, true, true, false },
        { u"firstNotNull"_s, u"First *"_s, u"First non-null value (also excludes NaNs)"_s, true, true, false },
        { u"first"_s, u"First"_s, u"First Value"_s, true, true, false },
        { u"min"_s, u"Min"_s, u"Minimum Value"_s, true, true, false },
        { u"max"_s, u"Max"_s, u"Maximum Value"_s, true, true, false },
        { u"mean"_s, u"Mean"_s, u"Average Value"_s, true, true, false },
        { u"median"_s, u"Median"_s, u"Median Value"_s, false, true, false },
        { u"variance"_s, u"Variance"_s, u"Variance of all values in a field"_s, false, true, false },
        { u"stdDev"_s, u"StdDev"_s, u"Standard deviation of all values in a field"_s, false, true, false },
        { u"sum"_s, u"Total"_s, u"The sum of all values"_s, true, true, false },
        { u"count"_s, u"Count"_s, u"Number of values in response"_s, true, false, false },
        { u"countAll"_s, u"Count all"_s, u"Number of values (including empty)"_s, false, false, false },
        { u"range"_s, u"Range"_s, u"Difference between minimum and maximum values"_s, true, true, false },
        { u"delta"_s, u"Delta"_s, u"Cumulative change in value"_s, true, true, false },
        { u"step"_s, u"Step"_s, u"Minimum interval between values"_s, true, true, false },
        { u"diff"_s, u"Difference"_s, u"Difference between first and last values"_s, true, true, false },
        { u"logmin"_s, u"Min (above zero)"_s, u"Used for log min scale"_s, true, true, false },
        { u"allIsZero"_s, u"All Zeros"_s, u"All values are zero"_s, true, true, true },
        { u"allIsNull"_s, u"All Nulls"_s, u"All values are null"_s, true, false, true },
        { u"changeCount"_s, u"Change Count"_s, u"Number of times the value changes"_s, false, false, false },
        { u"distinctCount"_s, u"Distinct Count"_s, u"Number of distinct values"_s, false, false, false },
        { u"diffperc"_s, u"Difference percent"_s, u"Percentage difference between first and last values"_s, true, false,
            false },
    };
    for (int p = 1; p <= 99; ++p) {
        const QString nth = (p > 3 && p < 21) ? u"th"_s
            : p % 10 == 1                     ? u"st"_s
            : p % 10 == 2                     ? u"nd"_s
            : p % 10 == 3                     ? u"rd"_s
                                              : u"th"_s;
        list.push_back({ u"p%1"_s.arg(p), u"%1%2 %"_s.arg(p).arg(nth), u"%1%2 percentile value"_s.arg(p).arg(nth),
            false, true, false });
    }
    return list;
}

} // namespace

NullValueMode nullValueModeFromString(QStringView mode)
{
    if (mode == u"null")
        return NullValueMode::Null;
    if (mode == u"null as zero")
        return NullValueMode::AsZero;
    return NullValueMode::Ignore;
}

const std::vector<ReducerInfo>& reducerList()
{
    static const std::vector<ReducerInfo> list = buildList();
    return list;
}

QString canonicalReducerId(QStringView id)
{
    if (id == u"current")
        return u"lastNotNull"_s;
    if (id == u"avg")
        return u"mean"_s;
    if (id == u"total")
        return u"sum"_s;
    return id.toString();
}

const ReducerInfo* reducerInfo(QStringView id)
{
    const QString canonical = canonicalReducerId(id);
    for (const auto& r : reducerList())
        if (r.id == canonical)
            return &r;
    return nullptr;
}

std::vector<double> reduce(const QStringList& ids, const std::vector<double>& values, NullValueMode mode)
{
    std::vector<double> out;
    out.reserve(ids.size());
    const bool ignoreNulls = mode == NullValueMode::Ignore;
    const bool nullAsZero = mode == NullValueMode::AsZero;
    std::optional<StandardCalcs> calcs;
    for (const QString& rawId : ids) {
        const ReducerInfo* info = reducerInfo(rawId);
        if (!info) {
            out.push_back(Null);
            continue;
        }
        const QString& id = info->id;
        if (values.empty()) {
            // emptyInputResult
            if (id == u"sum" || id == u"count" || id == u"countAll")
                out.push_back(0);
            else if (id == u"allIsNull")
                out.push_back(1);
            else if (id == u"allIsZero")
                out.push_back(0);
            else
                out.push_back(Null);
            continue;
        }
        if (info->standard) {
            if (!calcs)
                calcs = standardCalcs(values, ignoreNulls, nullAsZero);
            out.push_back(standardValue(id, *calcs));
        } else {
            out.push_back(nonStandard(id, values, ignoreNulls, nullAsZero));
        }
    }
    return out;
}

double reduce(QStringView id, const std::vector<double>& values, NullValueMode mode)
{
    return reduce(QStringList { id.toString() }, values, mode).front();
}

} // namespace sg::fieldconfig
