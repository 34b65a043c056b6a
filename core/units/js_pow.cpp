// Math.pow as V8 computes it. V8's pow is fdlibm's (e_pow.c), which is not correctly rounded: Math.pow(10, -4) is
// 0.00009999999999999999 and 1000 ** 12 is 9.999999999999999e+35. Grafana's scaling and automatic decimals go
// through it, so the same algorithm is needed to print the same digits. The method and constants are fdlibm's:
//
//   Copyright (C) 2004 by Sun Microsystems, Inc. All rights reserved.
//   Permission to use, copy, modify, and distribute this software is freely granted, provided that this notice
//   is preserved.
#include "units_p.h"

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>

namespace sg::units::detail {
namespace {

std::int32_t highWord(double d)
{
    return std::int32_t(std::bit_cast<std::uint64_t>(d) >> 32);
}

std::uint32_t lowWord(double d)
{
    return std::uint32_t(std::bit_cast<std::uint64_t>(d));
}

double withWords(std::int32_t high, std::uint32_t low)
{
    return std::bit_cast<double>((std::uint64_t(std::uint32_t(high)) << 32) | low);
}

double withHighWord(double d, std::int32_t high)
{
    return withWords(high, lowWord(d));
}

double withoutLowWord(double d)
{
    return withWords(highWord(d), 0);
}

constexpr double Huge = 1.0e300;
constexpr double Tiny = 1.0e-300;

/// log2(ax) as t1 + t2, t1 with its low word cleared (ax finite, positive, normal or subnormal).
void log2Split(double ax, double& t1, double& t2)
{
    constexpr double Bp[] = { 1.0, 1.5 };
    constexpr double DpH[] = { 0.0, 5.84962487220764160156e-01 };
    constexpr double DpL[] = { 0.0, 1.35003920212974897128e-08 };
    constexpr double L1 = 5.99999999999994648725e-01, L2 = 4.28571428578550184252e-01, L3 = 3.33333329818377432918e-01,
                     L4 = 2.72728123808534006489e-01, L5 = 2.30660745775561754067e-01, L6 = 2.06975017800338417784e-01;
    constexpr double Cp = 9.61796693925975554329e-01, CpH = 9.61796700954437255859e-01,
                     CpL = -7.02846165095275826516e-09;

    std::int32_t ix = highWord(ax) & 0x7fffffff;
    int n = 0;
    if (ix < 0x00100000) { // subnormal
        ax *= 9007199254740992.0;
        n -= 53;
        ix = highWord(ax);
    }
    n += (ix >> 20) - 0x3ff;
    const std::int32_t j = ix & 0x000fffff;
    ix = j | 0x3ff00000;
    int k = 0;
    if (j <= 0x3988E) {
        k = 0;
    } else if (j < 0xBB67A) {
        k = 1;
    } else {
        k = 0;
        n += 1;
        ix -= 0x00100000;
    }
    ax = withHighWord(ax, ix);

    // ss = s_h + s_l = (x - 1) / (x + 1) or (x - 1.5) / (x + 1.5)
    double u = ax - Bp[k];
    double v = 1.0 / (ax + Bp[k]);
    const double ss = u * v;
    const double sH = withoutLowWord(ss);
    double tH = withWords(((ix >> 1) | 0x20000000) + 0x00080000 + (k << 18), 0);
    double tL = ax - (tH - Bp[k]);
    const double sL = v * ((u - sH * tH) - sH * tL);
    double s2 = ss * ss;
    double r = s2 * s2 * (L1 + s2 * (L2 + s2 * (L3 + s2 * (L4 + s2 * (L5 + s2 * L6)))));
    r += sL * (sH + ss);
    s2 = sH * sH;
    tH = withoutLowWord(3.0 + s2 + r);
    tL = r - ((tH - 3.0) - s2);
    u = sH * tH;
    v = sL * tH + tL * ss;
    const double pH = withoutLowWord(u + v);
    const double pL = v - (pH - u);
    const double zH = CpH * pH;
    const double zL = CpL * pH + pL * Cp + DpL[k];
    const double t = double(n);
    t1 = withoutLowWord(((zH + zL) + DpH[k]) + t);
    t2 = zL - (((t1 - t) - DpH[k]) - zH);
}

/// 2^(pH + pL), with the overflow and underflow checks of fdlibm.
double exp2Split(double pH, double pL)
{
    constexpr double P1 = 1.66666666666666019037e-01, P2 = -2.77777777770155933842e-03, P3 = 6.61375632143793436117e-05,
                     P4 = -1.65339022054652515390e-06, P5 = 4.13813679705723846039e-08;
    constexpr double Lg2 = 6.93147180559945286227e-01, Lg2H = 6.93147182464599609375e-01,
                     Lg2L = -1.90465429995776804525e-09;
    constexpr double Ovt = 8.0085662595372944372e-17;

    double z = pL + pH;
    std::int32_t j = highWord(z);
    const std::int32_t i = std::int32_t(lowWord(z));
    if (j >= 0x40900000) { // z >= 1024
        if (((j - 0x40900000) | i) != 0 || pL + Ovt > z - pH)
            return Huge * Huge;
    } else if ((j & 0x7fffffff) >= 0x4090cc00) { // z <= -1075
        if (((j - std::int32_t(0xc090cc00)) | i) != 0 || pL <= z - pH)
            return Tiny * Tiny;
    }
    const std::int32_t absHigh = j & 0x7fffffff;
    int k = (absHigh >> 20) - 0x3ff;
    std::int32_t n = 0;
    if (absHigh > 0x3fe00000) { // |z| > 0.5: n = [z + 0.5]
        n = j + (0x00100000 >> (k + 1));
        k = ((n & 0x7fffffff) >> 20) - 0x3ff;
        const double t = withWords(n & ~(0x000fffff >> k), 0);
        n = ((n & 0x000fffff) | 0x00100000) >> (20 - k);
        if (j < 0)
            n = -n;
        pH -= t;
    }
    double t = withoutLowWord(pL + pH);
    const double u = t * Lg2H;
    const double v = (pL - (t - pH)) * Lg2 + t * Lg2L;
    z = u + v;
    const double w = v - (z - u);
    t = z * z;
    const double t1 = z - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
    const double r = (z * t1) / ((t1 - 2.0) - (w + z * w));
    z = 1.0 - (r - z);
    j = highWord(z) + std::int32_t(std::uint32_t(n) << 20);
    if ((j >> 20) <= 0)
        return std::scalbn(z, n);
    return withHighWord(z, highWord(z) + std::int32_t(std::uint32_t(n) << 20));
}

} // namespace

double jsPow(double x, double y)
{
    // Grafana raises 10, 1000 and 1024 to integer powers; other bases fall back to the C library.
    if (!(x > 0) || !std::isfinite(x) || std::isnan(y))
        return std::pow(x, y);
    if (y == 0)
        return 1;
    if (std::isinf(y)) {
        if (x == 1)
            return std::numeric_limits<double>::quiet_NaN();
        return (x > 1) == (y > 0) ? std::numeric_limits<double>::infinity() : 0.0;
    }
    if (y == 1)
        return x;
    if (y == -1)
        return 1 / x;
    if (y == 2)
        return x * x;
    if (y == 0.5)
        return std::sqrt(x);
    if (x == 1)
        return 1;

    const std::int32_t ix = highWord(x) & 0x7fffffff;
    const std::int32_t hy = highWord(y);
    const std::int32_t iy = hy & 0x7fffffff;
    double t1 = 0;
    double t2 = 0;
    if (iy > 0x41e00000) { // |y| > 2^31
        if (iy > 0x43f00000) // |y| > 2^64: over- or underflow
            return (ix <= 0x3fefffff) == (hy < 0) ? Huge * Huge : Tiny * Tiny;
        if (ix < 0x3fefffff)
            return hy < 0 ? Huge * Huge : Tiny * Tiny;
        if (ix > 0x3ff00000)
            return hy > 0 ? Huge * Huge : Tiny * Tiny;
        // |1 - x| <= 2^-20: log(x) by its series.
        constexpr double Ivln2 = 1.44269504088896338700e+00, Ivln2H = 1.44269502162933349609e+00,
                         Ivln2L = 1.92596299112661746887e-08;
        const double t = x - 1.0;
        const double w = (t * t) * (0.5 - t * (0.3333333333333333333333 - t * 0.25));
        const double u = Ivln2H * t;
        const double v = t * Ivln2L - w * Ivln2;
        t1 = withoutLowWord(u + v);
        t2 = v - (t1 - u);
    } else {
        log2Split(x, t1, t2);
    }
    // (y1 + y2) × (t1 + t2) with y1 the high half of y
    const double y1 = withoutLowWord(y);
    const double pL = (y - y1) * t1 + y * t2;
    const double pH = y1 * t1;
    return exp2Split(pH, pL);
}

} // namespace sg::units::detail
