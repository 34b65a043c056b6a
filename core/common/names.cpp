#include "names.h"

namespace sg {

namespace {

bool legacyName(std::string_view name, bool colons)
{
    if (name.empty())
        return false;
    for (std::size_t i = 0; i < name.size(); ++i) {
        const char c = name[i];
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (colons && c == ':')
            || (i > 0 && c >= '0' && c <= '9');
        if (!ok)
            return false;
    }
    return true;
}

} // namespace

bool isLegacyMetricName(std::string_view name)
{
    return legacyName(name, true);
}

bool isLegacyLabelName(std::string_view name)
{
    return legacyName(name, false);
}

} // namespace sg
