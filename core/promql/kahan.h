#pragma once

// Internal to sg_promql: compensated summation as in Prometheus' kahanSumInc (Neumaier's variant).

#include <cmath>
#include <utility>
#include <vector>

namespace sg::promql {

inline std::pair<double, double> kahanSumInc(double inc, double sum, double c)
{
    double t = sum + inc;
    if (std::isinf(t))
        c = 0;
    else if (std::abs(sum) >= std::abs(inc))
        c += (sum - t) + inc;
    else
        c += (inc - t) + sum;
    return { t, c };
}

/// The q-quantile of values with linear interpolation between closest ranks (Prometheus' `quantile`).
double quantileOf(double q, std::vector<double> values);

} // namespace sg::promql
