// format(): the catalogue lookup and the parameterised ids, as @grafana/data valueFormats/valueFormats.ts resolves
// them; catalogue queries and the legacy id migration.
#include "units_p.h"

#include <cmath>

using namespace Qt::StringLiterals;

namespace sg::units {

using namespace detail;

namespace {

FormattedValue formatSpec(const UnitSpec& spec, double value, std::optional<int> decimals, const FormatOptions& options)
{
    switch (spec.kind) {
    case Kind::Fixed:
        return toFixedUnit(value, decimals, spec.symbol);
    case Kind::Si:
        return siPrefix(value, decimals, spec.symbol, spec.offset);
    case Kind::Binary:
        return binaryPrefix(value, decimals, spec.symbol, spec.offset);
    case Kind::Currency:
    case Kind::CurrencySuffix:
        return currency(value, decimals, spec.symbol, spec.kind == Kind::CurrencySuffix);
    case Kind::Count:
        return simpleCount(value, decimals, spec.symbol);
    case Kind::Nanoseconds:
    case Kind::Microseconds:
    case Kind::Milliseconds:
    case Kind::Seconds:
    case Kind::Minutes:
    case Kind::Hours:
    case Kind::Days:
    case Kind::DurationMs:
    case Kind::DurationS:
    case Kind::DurationHms:
    case Kind::DurationDhms:
    case Kind::Timeticks:
    case Kind::ClockMs:
    case Kind::ClockS:
        return formatDuration(spec.kind, value, decimals);
    case Kind::DateIso:
    case Kind::DateIsoToday:
    case Kind::DateUs:
    case Kind::DateUsToday:
    case Kind::DateLocal:
    case Kind::DateLocalToday:
    case Kind::DateSystem:
    case Kind::DateFromNow:
        return formatDate(spec.kind, value, options);
    default:
        return formatNumber(spec, value, decimals);
    }
}

/// The catalogue row of `id`, including Grafana's alias for the old misspelling.
const UnitSpec* lookup(QStringView id)
{
    if (const UnitSpec* spec = findUnit(id))
        return spec;
    return id == u"farenheit" ? findUnit(u"fahrenheit") : nullptr;
}

const QStringList& parameterisedKeys()
{
    static const QStringList keys { u"prefix"_s, u"suffix"_s, u"time"_s, u"si"_s, u"count"_s, u"currency"_s,
        u"bool"_s };
    return keys;
}

} // namespace

FormattedValue format(QStringView unitId, double value, std::optional<int> decimals)
{
    return format(unitId, value, decimals, FormatOptions {});
}

FormattedValue format(QStringView unitId, double value, std::optional<int> decimals, const FormatOptions& options)
{
    if (unitId.isEmpty())
        return toFixedUnit(value, decimals, {});
    if (const UnitSpec* spec = lookup(unitId))
        return formatSpec(*spec, value, decimals, options);
    const qsizetype colon = unitId.indexOf(u':');
    if (colon > 0) {
        const QStringView key = unitId.first(colon);
        const QStringView sub = unitId.mid(colon + 1);
        if (key == u"prefix")
            return toFixedUnit(value, decimals, sub, true);
        if (key == u"suffix")
            return toFixedUnit(value, decimals, sub);
        if (key == u"time")
            return { momentFormat(value, sub, options.timeZone), {}, {} };
        if (key == u"si")
            return customSi(value, decimals, sub);
        if (key == u"count")
            return simpleCount(value, decimals, sub);
        if (key == u"currency") {
            // "currency:financial:<symbol>[:suffix]" writes the full number; anything else scales like $.
            const QList<QStringView> parts = sub.split(u':');
            if (parts[0] == u"financial" && parts.size() >= 2) {
                if (parts[1].isEmpty())
                    return toFixedUnit(value, decimals, {});
                return fullCurrency(value, decimals, parts[1], parts.size() > 2 && parts[2] == u"suffix");
            }
            return currency(value, decimals, sub, false);
        }
        if (key == u"bool") {
            const qsizetype slash = sub.indexOf(u'/');
            const bool truthy = value != 0 && !std::isnan(value);
            if (slash >= 0)
                return { (truthy ? sub.first(slash) : sub.mid(slash + 1)).toString(), {}, {} };
            return { truthy ? sub.toString() : u"-"_s, {}, {} };
        }
    }
    return toFixedUnit(value, decimals, unitId);
}

const std::vector<UnitInfo>& catalogue()
{
    static const std::vector<UnitInfo> all = [] {
        std::vector<UnitInfo> v;
        for (const UnitSpec& s : unitSpecs())
            v.push_back({ QString::fromUtf16(s.id), QString::fromUtf16(s.name), categoryName(s.category) });
        return v;
    }();
    return all;
}

QStringList categories()
{
    QStringList names;
    for (const UnitSpec& s : unitSpecs()) {
        const QString name = categoryName(s.category);
        if (names.isEmpty() || names.last() != name)
            names << name;
    }
    return names;
}

std::optional<UnitInfo> unitInfo(QStringView unitId)
{
    const UnitSpec* s = findUnit(unitId);
    if (!s)
        return std::nullopt;
    return UnitInfo { QString::fromUtf16(s->id), QString::fromUtf16(s->name), categoryName(s->category) };
}

bool isKnown(QStringView unitId)
{
    if (lookup(unitId))
        return true;
    const qsizetype colon = unitId.indexOf(u':');
    return colon > 0 && parameterisedKeys().contains(unitId.first(colon));
}

QString migrateLegacyUnit(QStringView legacyId)
{
    if (legacyId == u"farenheit")
        return u"fahrenheit"_s;
    return legacyId.toString();
}

} // namespace sg::units
