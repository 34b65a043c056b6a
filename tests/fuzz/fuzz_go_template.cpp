// The Go text/template engine of LogQL's line_format and label_format: compile any text, render it.
#include "fuzz_input.h"

#include "core/logql/template.h"

SG_FUZZ_TARGET
{
    auto t = sg::logql::Template::compile(fuzzText(data, size));
    if (!t.ok())
        return 0;
    auto lookup = [](std::string_view name) -> std::optional<std::string> {
        if (name == "status")
            return std::string("500");
        if (name == "msg")
            return std::string("hello \"world\"");
        return std::nullopt;
    };
    auto all = [] { return std::vector<std::pair<std::string, std::string>> { { "msg", "hello" }, { "status", "500" } }; };
    // Tighter bounds than a query's (64 MiB, 10 M iterations): nested ranges that run to those bounds took a second
    // each under ASan, most of the fuzzer's time. The bound checks are the same code, reached sooner.
    (void)t->render(lookup, "the line", 1'700'000'000'000'000'000LL, all, sg::logql::TemplateLimits { 256u << 10, 20'000 });
    return 0;
}
