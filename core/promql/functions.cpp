// Functions over instant vectors and scalars: math, clamp/round, time and date, vector/scalar, absent, sort.

#include "evaluator.h"
#include "functions_table.h"

#include <algorithm>
#include <cmath>
#include <ctime>
#include <limits>
#include <numbers>

namespace sg::promql {

namespace {

double goMax(double a, double b) { return (std::isnan(a) || std::isnan(b)) ? std::numeric_limits<double>::quiet_NaN() : std::max(a, b); }
double goMin(double a, double b) { return (std::isnan(a) || std::isnan(b)) ? std::numeric_limits<double>::quiet_NaN() : std::min(a, b); }

double simpleMath(std::string_view name, double v)
{
    if (name == "abs") return std::abs(v);
    if (name == "ceil") return std::ceil(v);
    if (name == "floor") return std::floor(v);
    if (name == "exp") return std::exp(v);
    if (name == "sqrt") return std::sqrt(v);
    if (name == "ln") return std::log(v);
    if (name == "log2") return std::log2(v);
    if (name == "log10") return std::log10(v);
    if (name == "sin") return std::sin(v);
    if (name == "cos") return std::cos(v);
    if (name == "tan") return std::tan(v);
    if (name == "asin") return std::asin(v);
    if (name == "acos") return std::acos(v);
    if (name == "atan") return std::atan(v);
    if (name == "sinh") return std::sinh(v);
    if (name == "cosh") return std::cosh(v);
    if (name == "tanh") return std::tanh(v);
    if (name == "asinh") return std::asinh(v);
    if (name == "acosh") return std::acosh(v);
    if (name == "atanh") return std::atanh(v);
    if (name == "deg") return v * 180 / std::numbers::pi;
    if (name == "rad") return v * std::numbers::pi / 180;
    if (name == "sgn") return v > 0 ? 1.0 : v < 0 ? -1.0 : v;
    throwEval(ErrorCode::Internal, "unknown math function");
}

bool isSimpleMath(std::string_view name)
{
    static const char* names[] = { "abs", "ceil", "floor", "exp", "sqrt", "ln", "log2", "log10", "sin", "cos", "tan",
        "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh", "deg", "rad", "sgn" };
    for (const char* n : names)
        if (name == n)
            return true;
    return false;
}

double dateValue(std::string_view name, double secs)
{
    if (std::isnan(secs) || std::isinf(secs) || std::abs(secs) > 1e17)
        return std::numeric_limits<double>::quiet_NaN();
    std::time_t t = std::time_t(std::floor(secs));
    std::tm tm {};
    gmtime_r(&t, &tm);
    if (name == "day_of_month") return tm.tm_mday;
    if (name == "day_of_week") return tm.tm_wday;
    if (name == "day_of_year") return tm.tm_yday + 1;
    if (name == "hour") return tm.tm_hour;
    if (name == "minute") return tm.tm_min;
    if (name == "month") return tm.tm_mon + 1;
    if (name == "year") return tm.tm_year + 1900;
    if (name == "days_in_month") {
        static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
        int y = tm.tm_year + 1900;
        bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        return tm.tm_mon == 1 && leap ? 29 : days[tm.tm_mon];
    }
    return std::numeric_limits<double>::quiet_NaN();
}

Labels absentLabels(const Expr& arg)
{
    const VectorSelectorExpr* vs = nullptr;
    if (arg.kind == NodeKind::VectorSelector)
        vs = static_cast<const VectorSelectorExpr*>(&arg);
    else if (arg.kind == NodeKind::MatrixSelector)
        vs = static_cast<const MatrixSelectorExpr&>(arg).selector.get();
    if (!vs)
        return emptyLabels();
    std::vector<Label> out;
    std::vector<std::string> seen;
    std::vector<std::string> removed;
    for (const auto& m : vs->matchers) {
        if (m.name() == "__name__")
            continue;
        bool has = std::find(seen.begin(), seen.end(), m.name()) != seen.end();
        if (m.type() == MatchType::Equal && !has) {
            out.push_back(Label { m.name(), m.value() });
            seen.push_back(m.name());
        } else {
            std::erase_if(out, [&](const Label& l) { return l.name == m.name(); });
        }
    }
    return Labels(std::move(out));
}

} // namespace

EvalValue Evaluator::evalCall(const CallExpr& c, TimestampMs ts)
{
    const std::string_view name = c.func->name;
    for (std::size_t i = 0; i < c.args.size(); ++i)
        if (c.args[i]->type == ValueType::Matrix)
            return evalRangeFunction(c, ts);
    if (name == "label_replace" || name == "label_join" || name == "sort_by_label" || name == "sort_by_label_desc")
        return evalLabelFunction(c, ts);
    if (name == "info")
        return evalInfo(c, ts);
    if (name == "histogram_quantile" || name == "histogram_quantiles" || name == "histogram_fraction")
        return evalHistogramQuantile(c, ts);

    EvalValue out;
    out.type = c.func->returnType;
    auto scalarArg = [&](std::size_t i) { return eval(*c.args[i], ts).scalar; };

    if (name == "time") {
        out.scalar = double(ts) / 1000.0;
        return out;
    }
    if (name == "pi") {
        out.scalar = std::numbers::pi;
        return out;
    }
    if (name == "start" || name == "end" || name == "range" || name == "step") {
        if (name == "start") out.scalar = double(m_start) / 1000.0;
        if (name == "end") out.scalar = double(m_end) / 1000.0;
        if (name == "range") out.scalar = double(m_end - m_start) / 1000.0;
        if (name == "step") out.scalar = double(m_step) / 1000.0;
        return out;
    }
    if (name == "min_of" || name == "max_of") {
        double a = scalarArg(0), b = scalarArg(1);
        out.scalar = name == "min_of" ? goMin(a, b) : goMax(a, b);
        return out;
    }
    if (name == "vector") {
        out.vector.push_back(EvalSample { emptyLabels(), scalarArg(0), false });
        return out;
    }
    if (name == "scalar") {
        EvalValue in = eval(*c.args[0], ts);
        out.scalar = in.vector.size() == 1 ? in.vector[0].v : std::numeric_limits<double>::quiet_NaN();
        return out;
    }
    if (c.args.empty()) {
        // date functions default to vector(time())
        out.vector.push_back(EvalSample { emptyLabels(), dateValue(name, double(ts) / 1000.0), false });
        return out;
    }

    EvalValue in = eval(*c.args[0], ts);
    EvalVector& vec = in.vector;
    if (name == "timestamp") {
        bool selector = unwrapParens(*c.args[0]).kind == NodeKind::VectorSelector;
        for (auto& s : vec) {
            s.v = double(selector ? s.t : ts) / 1000.0;
            s.dropName = true;
        }
        out.vector = std::move(vec);
        return out;
    }
    if (name == "absent") {
        if (vec.empty())
            out.vector.push_back(EvalSample { absentLabels(*c.args[0]), 1, false });
        return out;
    }
    if (name == "sort" || name == "sort_desc") {
        if (m_start != m_end)
            warn("sort is ineffective for range queries since results are always ordered by labels", c.where);
        bool desc = name == "sort_desc";
        std::stable_sort(vec.begin(), vec.end(), [desc](const EvalSample& a, const EvalSample& b) {
            if (std::isnan(a.v))
                return false;
            if (std::isnan(b.v))
                return true;
            return desc ? a.v > b.v : a.v < b.v;
        });
        out.vector = std::move(vec);
        return out;
    }
    if (name.starts_with("histogram_")) {
        return out; // native histograms are not stored; float series give no result
    }

    if (isSimpleMath(name)) {
        for (auto& s : vec) {
            s.v = simpleMath(name, s.v);
            s.dropName = true;
        }
    } else if (name == "clamp") {
        double lo = scalarArg(1), hi = scalarArg(2);
        if (hi < lo)
            return out;
        for (auto& s : vec) {
            s.v = goMax(lo, goMin(hi, s.v));
            s.dropName = true;
        }
    } else if (name == "clamp_max" || name == "clamp_min") {
        double b = scalarArg(1);
        for (auto& s : vec) {
            s.v = name == "clamp_max" ? goMin(b, s.v) : goMax(b, s.v);
            s.dropName = true;
        }
    } else if (name == "round") {
        double toNearest = c.args.size() > 1 ? scalarArg(1) : 1.0;
        double inv = 1.0 / toNearest;
        for (auto& s : vec) {
            s.v = std::floor(s.v * inv + 0.5) / inv;
            s.dropName = true;
        }
    } else if (name == "day_of_month" || name == "day_of_week" || name == "day_of_year" || name == "hour"
        || name == "minute" || name == "month" || name == "year" || name == "days_in_month") {
        for (auto& s : vec) {
            s.v = dateValue(name, s.v);
            s.dropName = true;
        }
    } else {
        throwEval(ErrorCode::Execution, "function \"" + std::string(name) + "\" is not supported yet", c.where);
    }
    out.vector = std::move(vec);
    return out;
}

} // namespace sg::promql
