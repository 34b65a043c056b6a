// The editors' language services on anything typed: highlighting, the situation at a cursor, completion without
// data and hover never crash, and what they return stays inside the text. The first two bytes pick the language and
// the cursor.
#include "fuzz_input.h"

#include "core/langsvc/language_service.h"

#include <cstdlib>

SG_FUZZ_TARGET
{
    if (size < 2)
        return 0;
    using namespace sg::langsvc;
    const Language language = data[0] & 1 ? Language::LogQL : Language::PromQL;
    const std::string_view text = fuzzText(data + 2, size - 2);
    const int cursor = text.empty() ? 0 : int(data[1] * text.size() / 255);
    int end = 0;
    for (const HighlightToken& t : highlight(language, text)) {
        if (t.start < end || t.length <= 0 || t.start + t.length > int(text.size()))
            std::abort();
        end = t.start + t.length;
    }
    const CompletionResult r = complete({ language, std::string(text), cursor, { "job" }, 50 }, nullptr);
    const Situation& s = r.situation;
    if (s.replaceStart < 0 || s.replaceStart > s.replaceEnd || s.replaceEnd > int(text.size()))
        std::abort();
    (void)hoverAt(language, text, cursor, nullptr);
    (void)checkWithData(language, text, nullptr);
    return 0;
}
