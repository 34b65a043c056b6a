#pragma once

#include "core/common/result.h"
#include "core/common/time.h"

#include <string>
#include <string_view>

namespace sg::ingest {

/// The layout for a Promtail timestamp `format`: a Go layout name (`RFC3339`, `RFC3339Nano`, `ANSIC`, ...)
/// becomes its reference layout; anything else is returned unchanged. `Unix`, `UnixMs`, `UnixUs` and `UnixNs`
/// stay as they are (parseGoTime handles them).
std::string goLayout(std::string_view format);

/// Parses `value` with a Go time layout (reference time `Mon Jan 2 15:04:05 MST 2006`) or one of the Unix
/// formats. Values without a zone offset are read in `location` (an IANA name; empty: UTC); a missing year is
/// the current year, as Promtail does.
Result<TimestampNs> parseGoTime(std::string_view value, std::string_view format, std::string_view location = {});

} // namespace sg::ingest
