#include "core/logql/engine.h"
#include "core/logql/template.h"
#include "core/logstore/memory_log_store.h"

#include <QElapsedTimer>
#include <QTest>

#include <map>

using namespace sg;
using namespace sg::logql;
using namespace Qt::StringLiterals;

namespace {

constexpr TimestampNs Sec = 1'000'000'000;
/// 2024-01-02T03:04:05.123456789Z, a Tuesday.
constexpr TimestampNs EntryTs = 1'704'164'645'123'456'789;

const std::map<std::string, std::string>& testLabels()
{
    static const std::map<std::string, std::string> labels {
        { "level", "error" },
        { "msg", "hello world" },
        { "status", "500" },
        { "path", "/api/v1/users" },
        { "duration_ms", "2500" },
        { "a", "3" },
        { "b", "2.25" },
        { "empty", "" },
        { "trace_id", "abc123" },
        { "json", "{\"user\":{\"id\":7,\"name\":\"ann\"},\"tags\":[\"x\",\"y\"],\"n\":1000000,\"f\":0.5}" },
        { "mixed", "  pad  " },
        { "url", "a b&c=d/\xC3\xA9" },
        { "b64", "aGVsbG8=" },
        { "qs", "[{\"query\":\"up\"},{\"query\":\"down\"}]" },
    };
    return labels;
}

Result<std::string> renderWithTestLabels(const Template& t)
{
    const auto& labels = testLabels();
    return t.render(
        [&](std::string_view n) -> std::optional<std::string> {
            auto it = labels.find(std::string(n));
            if (it == labels.end())
                return std::nullopt;
            return it->second;
        },
        "GET /x 200", EntryTs,
        [&] { return std::vector<std::pair<std::string, std::string>>(labels.begin(), labels.end()); });
}

void row(const char* name, const char* templ, const char* expected, const char* error)
{
    QTest::newRow(name) << QString::fromUtf8(templ) << QString::fromUtf8(expected) << QString::fromUtf8(error);
}

void prow(const char* name, const char* templ, const char* error, const char* templateName = "line")
{
    QTest::newRow(name) << QString::fromUtf8(templ) << QString::fromUtf8(error) << QString::fromUtf8(templateName);
}

} // namespace

/// Go text/template as LogQL's line_format and label_format run it: control structures, variables, Go's
/// builtins and fmt, Loki's and sprig's functions with their edge cases, parse errors, and render errors
/// reaching `__error__="TemplateFormatErr"` through real queries.
class TestLogqlTemplate : public QObject
{
    Q_OBJECT

    logs::MemoryLogStore m_store;
    Engine m_engine;

    Result<QueryResult> logQuery(const QString& query)
    {
        QueryParams p;
        p.start = 0;
        p.end = 100 * Sec;
        p.limit = 100;
        return m_engine.query(m_store, query.toStdString(), p);
    }

    Result<QueryResult> instant(const QString& query)
    {
        QueryParams p;
        p.start = p.end = 60 * Sec;
        return m_engine.query(m_store, query.toStdString(), p);
    }

private Q_SLOTS:
    void initTestCase()
    {
        logs::PushBatch b;
        logs::Stream s { Labels { { "app", "t" } }, {} };
        s.entries.push_back(logs::LogEntry { 10 * Sec, "level=error status=500 duration_ms=2500 msg=hello", {} });
        b.streams.push_back(std::move(s));
        logs::Stream c { Labels { { "job", "cortex-ops" } }, {} };
        c.entries.push_back(logs::LogEntry { 20 * Sec,
            "msg=\"finish in prometheus\" queries=\"[{\\\"query\\\":\\\"up\\\"},{\\\"query\\\":\\\"down\\\"}]\"", {} });
        b.streams.push_back(std::move(c));
        QCOMPARE(m_store.push(b).accepted, std::size_t(2));
    }

    void render_data()
    {
        QTest::addColumn<QString>("templ");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<QString>("error");
        row("if-eq",
            "{{ if eq .level \"error\" }}ERR{{ else if eq .level \"warn\" }}WRN{{ else }}---{{ end }} {{ .msg }}",
            "ERR hello world", "");
        row("else-if", "{{ if eq .level \"x\" }}A{{ else if eq .status \"500\" }}B{{ else }}C{{ end }}", "B", "");
        row("else", "{{ if .empty }}A{{ else }}B{{ end }}", "B", "");
        row("if-missing-label", "{{ if .nope }}A{{ else }}B{{ end }}", "B", "");
        row("if-zero-int",
            "{{ if 0 }}A{{ else }}B{{ end }}{{ if (fromJson \"[]\") }}C{{ else }}D{{ end }}{{ if __timestamp__ }}E{{ "
            "end }}",
            "BDE", "");
        row("with", "{{ with .trace_id }}trace={{ . }}{{ end }}", "trace=abc123", "");
        row("with-else", "{{ with .empty }}x{{ else }}none{{ end }}", "none", "");
        row("else-with", "{{ with .empty }}a{{ else with .trace_id }}b={{ . }}{{ end }}", "b=abc123", "");
        row("with-root", "{{ with .trace_id }}{{ $.level }}/{{ . }}{{ end }}", "error/abc123", "");
        row("range-index-value", "{{ range $i, $t := (fromJson .json).tags }}{{ if $i }},{{ end }}{{ $t }}{{ end }}",
            "x,y", "");
        row("range-one-var", "{{ range $t := (fromJson .json).tags }}[{{ $t }}]{{ end }}", "[x][y]", "");
        row("range-dot", "{{ range (fromJson .json).tags }}<{{ . }}>{{ end }}", "<x><y>", "");
        row("range-map-sorted", "{{ range $k, $v := (fromJson .json).user }}{{ $k }}={{ $v }};{{ end }}",
            "id=7;name=ann;", "");
        row("range-else", "{{ range (fromJson \"[]\") }}x{{ else }}empty{{ end }}", "empty", "");
        row("range-nil", "{{ range (fromJson \"bad\") }}x{{ else }}nil{{ end }}", "nil", "");
        row("range-break",
            "{{ range $i, $t := fromJson \"[1,2,3,4]\" }}{{ if eq $i 2 }}{{ break }}{{ end }}{{ $t }}{{ end }}", "12",
            "");
        row("range-continue",
            "{{ range $i, $t := fromJson \"[1,2,3]\" }}{{ if eq $i 1 }}{{ continue }}{{ end }}{{ $t }}{{ end }}", "13",
            "");
        row("range-int", "{{ range 3 }}{{ . }}{{ end }}", "012", "");
        row("range-labels", "{{ range $k, $v := . }}{{ if hasPrefix \"le\" $k }}{{ $k }}={{ $v }}{{ end }}{{ end }}",
            "level=error", "");
        row("range-corpus", "{{ range $q := fromJson .qs  }} {{ $q.query }} \\n {{end}}", " up \\n  down \\n ", "");
        row("range-string-error", "{{ range .level }}x{{ end }}", "", "range can't iterate over error");
        row("range-body-vars-reset", "{{ range fromJson \"[1,2]\" }}{{ $v := . }}{{ $v }}{{ end }}", "12", "");
        row("var-declare", "{{ $x := .a }}{{ $x }}", "3", "");
        row("var-assign", "{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ end }}{{ $x }}", "2", "");
        row("var-shadow-in-if", "{{ $x := 1 }}{{ if true }}{{ $x := 5 }}{{ $x }}{{ end }}{{ $x }}", "51", "");
        row("var-printf", "{{ $x := .a }}{{ printf \"%s-%05.1f\" $x (float64 .b) }}", "3-002.2", "");
        row("var-field", "{{ $j := fromJson .json }}{{ $j.user.id }}/{{ $j.user.name }}", "7/ann", "");
        row("var-if-decl", "{{ if $t := .trace_id }}{{ $t }}{{ end }}", "abc123", "");
        row("comment", "a{{/* a comment */}}b", "ab", "");
        row("comment-trim", "a  {{- /* c */ -}}  b", "ab", "");
        row("trim-markers", "a  {{- .level -}}  b", "aerrorb", "");
        row("trim-newlines", "x\n  {{- .a }}\n{{ .a -}}\n  y", "x3\n3y", "");
        row("no-trim-negative-number", "{{-3}}", "-3", "");
        row("pipe-chain", "{{ .msg | upper | printf \"%q\" }}", "\"HELLO WORLD\"", "");
        row("paren-field", "{{ (fromJson .json).user.name }}", "ann", "");
        row("json-number-go-format", "{{ (fromJson .json).n }} {{ (fromJson .json).f }}", "1e+06 0.5", "");
        row("json-missing-key", "{{ (fromJson .json).missing }}", "<no value>", "");
        row("missing-label-empty", "[{{ .nope }}]", "[]", "");
        row("literals", "{{ 1 }} {{ 1.5 }} {{ 0x10 }} {{ 1e3 }} {{ true }} {{ \"s\" }} {{ `raw` }} {{ 'a' }}",
            "1 1.5 16 1000 true s raw 97", "");
        row("field-of-string", "{{ .level.x }}", "", "can't evaluate field x in type string");
        row("nil-field-chain", "{{ (fromJson .json).missing.x }}", "", "nil pointer evaluating interface {}.x");
        row("and-returns-operand", "[{{ and .level .empty \"x\" }}][{{ and 1 \"x\" }}]", "[][x]", "");
        row("or-returns-operand", "{{ or .empty .nope \"z\" }} {{ or 0 .level }}", "z error", "");
        row("and-short-circuit", "{{ and false (div 1 0) }} {{ or true (div 1 0) }}", "false true", "");
        row("not", "{{ not .empty }} {{ not .level }}", "true false", "");
        row("eq-several", "{{ eq .level \"warn\" \"error\" }} {{ eq .level \"a\" \"b\" }}", "true false", "");
        row("eq-int-kinds", "{{ eq (add 1 1) 2 }} {{ eq (len .msg) 11 }}", "true true", "");
        row("eq-string-int-error", "{{ eq .status 500 }}", "", "error calling eq: incompatible types for comparison");
        row("eq-float-int-error", "{{ eq (float64 1) 1 }}", "", "incompatible types for comparison");
        row("eq-missing-arg", "{{ eq 1 }}", "", "missing argument for comparison");
        row("ne", "{{ ne .level \"info\" }}", "true", "");
        row("lt-le-gt-ge",
            "{{ lt \"a\" \"b\" }} {{ lt 1 2 }} {{ gt (int .status) 499 }} {{ le 2 2 }} {{ ge 1 2 }} {{ gt 1.5 0.5 }}",
            "true true true true false true", "");
        row("lt-bool-error", "{{ lt true false }}", "", "invalid type for comparison");
        row("lt-mixed-error", "{{ lt .status 1 }}", "", "incompatible types for comparison");
        row("len", "{{ len .msg }} {{ len (fromJson .json).tags }} {{ len (fromJson .json).user }}", "11 2 2", "");
        row("len-int-error", "{{ len 3 }}", "", "len of type int");
        row("index",
            "{{ index (fromJson .json).tags 1 }} {{ index \"abc\" 0 }} {{ index (fromJson .json).user \"name\" }} {{ "
            "index . \"level\" }}",
            "y 97 ann error", "");
        row("index-out-of-range", "{{ index (fromJson .json).tags 5 }}", "", "index out of range: 5");
        row("slice", "{{ slice .msg 0 5 }}|{{ slice .msg 6 }}|{{ slice (fromJson .json).tags 1 }}", "hello|world|[y]",
            "");
        row("slice-bad-index", "{{ slice .msg 3 2 }}", "", "invalid slice index: 3 > 2");
        row("print", "{{ print 1 2 \"a\" 3 }}", "1 2a3", "");
        row("println", "{{ println \"a\" 1 }}", "a 1\n", "");
        row("printf-ints",
            "{{ printf \"%d|%5d|%-5d|%05d|%x|%X|%o|%b|%c|%q|%U|%+d\" 42 42 42 42 255 255 8 5 65 65 65 7 }}",
            "42|   42|42   |00042|ff|FF|10|101|A|'A'|U+0041|+7", "");
        row("printf-floats",
            "{{ printf \"%f|%.2f|%5.1f|%e|%g|%v|%.0f\" 3.14159 3.14159 3.14159 1234.5678 0.000012 2.5 2.5 }}",
            "3.141590|3.14|  3.1|1.234568e+03|1.2e-05|2.5|2", "");
        row("printf-strings",
            "{{ printf \"%s|%6s|%-6s|%.3s|%q|%x|%v|%t\" \"go\" \"go\" \"go\" \"golang\" \"a\\\"b\" \"hi\" true false "
            "}}",
            "go|    go|go    |gol|\"a\\\"b\"|6869|true|false", "");
        row("printf-bad-verbs", "{{ printf \"%d|%s|%z\" \"x\" 5 1 }}", "%!d(string=x)|%!s(int=5)|%!z(int=1)", "");
        row("printf-missing-extra", "{{ printf \"%d %d\" 1 }}/{{ printf \"%d\" 1 2 }}",
            "1 %!d(MISSING)/1%!(EXTRA int=2)", "");
        row("printf-type-percent", "{{ printf \"%T %T %T %T %T%%\" 1 \"a\" (add 1 2) 1.5 (fromJson .json).tags }}",
            "int string int64 float64 []interface {}%", "");
        row("printf-list-map", "{{ printf \"%v %v\" (fromJson .json).tags (fromJson .json).user }}",
            "[x y] map[id:7 name:ann]", "");
        row("printf-time", "{{ printf \"%s\" __timestamp__ }}", "2024-01-02 03:04:05.123456789 +0000 UTC", "");
        row("html", "{{ html \"<a href='x'>&</a>\" }}", "&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;", "");
        row("js", "{{ js \"it's <b>\\\"x\\\"</b>=1\\n\" }}",
            "it\\'s \\u003Cb\\u003E\\\"x\\\"\\u003C/b\\u003E\\u003D1\\u000A", "");
        row("urlquery", "{{ urlquery .url }}", "a+b%26c%3Dd%2F%C3%A9", "");
        row("ToLower-ToUpper",
            "{{ ToLower \"ABC\" }} {{ ToUpper .level }} {{ ToUpper \"héllo\" }} {{ upper \"straße\" }} {{ lower \"ÀÉ\" "
            "}}",
            "abc ERROR HÉLLO STRAßE àé", "");
        row("Replace", "{{ Replace \"aaaa\" \"a\" \"b\" 2 }} {{ Replace \"abc\" \"\" \"-\" -1 }}", "bbaa -a-b-c-", "");
        row("Trim-family",
            "{{ Trim \"xxhixx\" \"x\" }} {{ TrimLeft \"xxhixx\" \"x\" }} {{ TrimRight \"xxhixx\" \"x\" }} {{ "
            "TrimPrefix \"prefix-x\" \"prefix-\" }} {{ TrimSuffix \"a.log\" \".log\" }} [{{ TrimSpace .mixed }}]",
            "hi hixx xxhi x a [pad]", "");
        row("regexReplaceAll",
            "{{ regexReplaceAll \"(\\\\w+)@(\\\\w+)\" \"bob@example\" \"${2}:$1\" }} {{ regexReplaceAll \"a(x*)b\" "
            "\"-ab-axxb-\" \"${1}W\" }} [{{ regexReplaceAll \"a(x*)b\" \"-ab-axxb-\" \"$1W\" }}]",
            "example:bob -W-xxW- [---]", "");
        row("regexReplaceAll-empty-match", "{{ regexReplaceAll \"x*\" \"abc\" \"-\" }}", "-a-b-c-", "");
        row("regexReplaceAll-named", "{{ regexReplaceAll \"(?P<k>\\\\w+)=(?P<v>\\\\w+)\" \"a=1 b=2\" \"$v:$k\" }}",
            "1:a 2:b", "");
        row("regexReplaceAllLiteral", "{{ regexReplaceAllLiteral \"a(x*)b\" \"-ab-axxb-\" \"${1}\" }}", "-${1}-${1}-",
            "");
        row("regex-bad", "{{ regexReplaceAll \"(\" \"a\" \"b\" }}", "",
            "error calling regexReplaceAll: error parsing regexp");
        row("count", "{{ count \"a\" \"banana\" }} {{ count \"x*\" \"abc\" }}", "3 4", "");
        row("urldecode", "{{ urldecode \"a%20b+c\" }}", "a b c", "");
        row("urldecode-bad", "{{ urldecode \"%zz\" }}", "", "invalid URL escape \"%zz\"");
        row("urlencode", "{{ urlencode \"a b/c\" }}", "a+b%2Fc", "");
        row("bytes", "{{ bytes \"1KiB\" }} {{ bytes \"2 MB\" }}", "1024 2e+06", "");
        row("bytes-bad", "{{ bytes \"x\" }}", "", "error calling bytes");
        row("duration", "{{ duration \"1m30s\" }} {{ duration_seconds \"250ms\" }}", "90 0.25", "");
        row("duration-bad", "{{ duration \"abc\" }}", "", "error calling duration");
        row("unixEpoch-family",
            "{{ __timestamp__ | unixEpoch }} {{ __timestamp__ | unixEpochMillis }} {{ __timestamp__ | unixEpochNanos "
            "}}",
            "1704164645 1704164645123 1704164645123456789", "");
        row("timestamp-string", "{{ __timestamp__ }}", "2024-01-02 03:04:05.123456789 +0000 UTC", "");
        row("date-layouts",
            "{{ __timestamp__ | date \"2006-01-02T15:04:05.000Z07:00\" }}|{{ date \"Jan _2 3:04PM Mon 06 002\" "
            "__timestamp__ }}|{{ date \"Monday January 2 15:04:05.999\" __timestamp__ }}",
            "2024-01-02T03:04:05.123Z|Jan  2 3:04AM Tue 24 002|Tuesday January 2 03:04:05.123", "");
        row("date-int", "{{ date \"2006-01-02\" 86400 }}", "1970-01-02", "");
        row("time-methods",
            "{{ __timestamp__.Unix }} {{ __timestamp__.Year }} {{ __timestamp__.Format \"15h04\" }} {{ $l := \"2006\" "
            "}}{{ __timestamp__.Format $l }} {{ (toDate \"2006\" \"2030\").Year }}",
            "1704164645 2024 03h04 2024 2030", "");
        row("toDate", "{{ toDate \"2006-01-02 15:04\" \"2024-03-05 10:20\" | unixEpoch }}", "1709634000", "");
        row("toDate-offset", "{{ toDate \"2006-01-02T15:04:05Z07:00\" \"2024-03-05T10:20:00+01:00\" }}",
            "2024-03-05 10:20:00 +0100 +0100", "");
        row("toDate-layouts",
            "{{ toDateInZone \"2006-01-02T15:04:05.999999999Z\" \"UTC\" \"2024-01-02T03:04:05.123Z\" | unixEpochNanos "
            "}} {{ toDate \"2006-01-02T15:04:05Z07:00\" \"2024-01-02T03:04:05Z\" | unixEpoch }} {{ toDate "
            "\"02/Jan/2006:15:04:05 -0700\" \"02/Jan/2024:04:04:05 +0100\" | unixEpoch }} {{ toDate \"3:04PM\" "
            "\"3:04PM\" }}",
            "1704164645123000000 1704164645 1704164645 0000-01-01 15:04:00 +0000 UTC", "");
        row("toDate-bad", "{{ toDate \"2006-01-02\" \"nope\" }}", "0001-01-01 00:00:00 +0000 UTC", "");
        row("toDateInZone",
            "{{ toDateInZone \"2006-01-02 15:04\" \"Europe/Paris\" \"2024-07-01 12:00\" }} {{ toDateInZone "
            "\"2006-01-02 15:04\" \"Europe/Paris\" \"2024-07-01 12:00\" | unixEpoch }}",
            "2024-07-01 12:00:00 +0200 CEST 1719828000", "");
        row("toDateInZone-bad-zone",
            "{{ toDateInZone \"2006-01-02\" \"Nowhere/Atlantis\" \"2024-07-01\" | unixEpoch }}", "1719792000", "");
        row("unixToTime",
            "{{ unixToTime \"1704164645\" | unixEpoch }} {{ unixToTime \"19723\" }} {{ unixToTime \"1704164645123\" | "
            "unixEpochMillis }}",
            "1704164645 2024-01-01 00:00:00 +0000 UTC 1704164645123", "");
        row("unixToTime-bad", "{{ unixToTime \"abc\" }}", "", "unable to parse time 'abc'");
        row("unixToTime-length", "{{ unixToTime \"1234567\" }}", "", "unable to parse time '1234567'");
        row("alignLeft-alignRight",
            "[{{ alignLeft 5 \"ab\" }}][{{ alignLeft 2 \"abcdef\" }}][{{ alignRight 5 \"ab\" }}][{{ alignRight 2 "
            "\"abcdef\" }}][{{ alignLeft -1 \"ab\" }}]",
            "[ab   ][ab][   ab][ef][ab]", "");
        row("b64", "{{ b64enc \"hello\" }} {{ b64dec .b64 }} {{ b64dec \"!!\" }}",
            "aGVsbG8= hello illegal base64 data at input byte 0", "");
        row("lower-upper-title", "{{ lower \"ABC\" }} {{ upper \"abc\" }} {{ title \"hello wide-world\" }}",
            "abc ABC Hello Wide-World", "");
        row("trunc",
            "{{ trunc 3 \"abcdef\" }} {{ trunc -2 \"abcdef\" }} {{ trunc 10 \"ab\" }} {{ trunc -10 \"ab\" }} {{ trunc "
            "0 \"ab\" }}|{{ trunc 3 \"h\xc3\xa9llo\" }}",
            "abc ef ab ab |h\xc3\xa9", "");
        row("substr",
            "[{{ substr 1 3 \"abcdef\" }}][{{ substr 4 100 \"abcdef\" }}][{{ substr -1 2 \"abc\" }}][{{ substr 2 -1 "
            "\"abcdef\" }}][{{ substr 3 3 \"abc\" }}]",
            "[bc][ef][ab][cdef][]", "");
        row("substr-start-past-end", "{{ substr 10 20 \"abc\" }}", "",
            "error calling substr: runtime error: slice bounds out of range [10:3]");
        row("substr-start-after-end", "{{ substr 3 1 \"abcdef\" }}", "", "slice bounds out of range [3:1]");
        row("substr-negative-both", "{{ substr -1 -1 \"abc\" }}", "", "slice bounds out of range [:-1]");
        row("substr-end-past-length", "{{ substr -1 5 \"abc\" }}", "", "slice bounds out of range [:5] with length 3");
        row("contains-hasPrefix-hasSuffix",
            "{{ contains \"wor\" .msg }} {{ hasPrefix \"/api\" .path }} {{ hasSuffix \"users\" .path }} {{ contains "
            "\"zz\" .msg }}",
            "true true true false", "");
        row("indent-nindent", "{{ indent 2 \"a\\nb\" }}|{{ nindent 2 \"a\" }}", "  a\n  b|\n  a", "");
        row("replace", "{{ replace \"/\" \".\" .path }}", ".api.v1.users", "");
        row("repeat", "{{ repeat 3 \"ab\" }}", "ababab", "");
        row("repeat-negative", "{{ repeat -1 \"a\" }}", "", "strings: negative Repeat count");
        row("trim-sprig",
            "{{ trim \"  x  \" }} {{ trimAll \"$\" \"$$5$\" }} {{ trimSuffix \".log\" \"a.log\" }} {{ trimPrefix "
            "\"/api\" .path }}",
            "x 5 a /v1/users", "");
        row("int",
            "{{ int \"42\" }} {{ int \"4.0\" }} {{ int \"4.5\" }} {{ int 4.9 }} {{ int \"0x1F\" }} {{ int true }} {{ "
            "int .status }}",
            "42 4 0 4 31 1 500", "");
        row("float64", "{{ float64 \"2.5\" }} {{ float64 \"x\" }} {{ float64 3 }}", "2.5 0 3", "");
        row("add-sub-mul", "{{ add 1 2 \"3\" }} {{ sub 10 .a }} {{ mul 2 3 4 }} {{ add }}", "6 7 24 0", "");
        row("div-mod", "{{ div .duration_ms 1000 }}s {{ mod 7 3 }} {{ div -7 2 }}", "2s 1 -3", "");
        row("div-by-zero", "{{ div 1 0 }}", "", "error calling div: runtime error: integer divide by zero");
        row("mod-by-zero", "{{ mod 1 0 }}", "", "integer divide by zero");
        row("max-min", "{{ max 1 5 3 }} {{ min 4 2 8 }} {{ max \"7\" 2 }}", "5 2 7", "");
        row("float-ops",
            "{{ addf 0.1 0.2 }} {{ subf 1.5 0.25 }} {{ mulf 1.1 3 }} {{ divf 1 3 }} {{ divf 10 4 }} {{ addf 1 \"2.5\" "
            "}}",
            "0.3 1.25 3.3 0.3333333333333333 2.5 3.5", "");
        row("divf-by-zero", "{{ divf 1 0 }}", "", "error calling divf: decimal division by zero");
        row("maxf-minf", "{{ maxf 1.5 2.5 }} {{ minf 1.5 -2 }}", "2.5 -2", "");
        row("ceil-floor-round",
            "{{ ceil 1.2 }} {{ floor 1.8 }} {{ round 3.14159 2 }} {{ round 2.5 0 }} {{ round 2.4 0 }} {{ round 2.45 1 "
            "0.6 }}",
            "2 1 3.14 3 2 2.4", "");
        row("now", "{{ if gt (now | unixEpoch | int) 1700000000 }}ok{{ end }}", "ok", "");
        row("default",
            "{{ default \"x\" .empty }} {{ default \"x\" .level }} {{ default \"x\" 0 }} {{ .empty | default \"dflt\" "
            "}} {{ default \"x\" }}",
            "x error x dflt x", "");
        row("line", "{{ __line__ }}|{{ __line__ | ToUpper }}", "GET /x 200|GET /X 200", "");
        row("typed-string-const", "{{ ToUpper 5 }}", "", "expected string; found 5");
        row("typed-int-const", "{{ trunc \"3\" .msg }}", "", "expected integer; found \"3\"");
        row("typed-int64-value", "{{ trunc (add 1 2) .msg }}", "", "wrong type for value; expected int; got int64");
        row("typed-string-value", "{{ ToUpper (add 1 2) }}", "", "wrong type for value; expected string; got int64");
        row("typed-time-const", "{{ unixEpoch \"x\" }}", "", "can't handle \"x\" for arg of type time.Time");
        row("wrong-arg-count", "{{ ToUpper \"a\" \"b\" }}", "", "wrong number of args for ToUpper: want 1 got 2");
        row("wrong-arg-count-variadic", "{{ sub 1 }}", "", "wrong number of args for sub: want 2 got 1");
        row("field-with-args", "{{ .level \"x\" }}", "", "level is not a method but has arguments");
        row("constant-with-args", "{{ \"a\" \"b\" }}", "", "can't give argument to non-function");
        row("printf-star-width", "{{ printf \"%*d|%-*d|%.*f|%*d\" 5 1 3 2 1 3.14159 \"x\" 7 }}",
            "    1|2  |3.1|%!(BADWIDTH)7", "");
        row("printf-huge-width", "{{ printf \"%9999999d|\" 1 }}", "%!(NOVERB)%!(EXTRA int=1)", "");
        row("range-iteration-limit", "{{ range 20000000 }}{{ end }}", "", "range exceeds 10000000 iterations");
        row("output-limit", "{{ range 100000 }}{{ repeat 1000 \"x\" }}{{ end }}", "", "template output exceeds 64 MiB");
        row("alignLeft-huge", "{{ alignLeft 100000000000 \"x\" }}", "", "error calling alignLeft");
        row("error-context-argument", "{{ printf \"%s\" (ToUpper 5) }}", "",
            "template: line:1:24: executing \"line\" at <5>: expected string; found 5");
        row("error-context-arity", "x\n{{ ToUpper \"a\" \"b\" }}", "",
            "template: line:2:3: executing \"line\" at <ToUpper>: wrong number of args for ToUpper: want 1 got 2");
        row("error-context", "{{ div .duration_ms 0 }}", "",
            "template: line:1:3: executing \"line\" at <div .duration_ms 0>: error calling div");
    }

    void render()
    {
        QFETCH(QString, templ);
        QFETCH(QString, expected);
        QFETCH(QString, error);
        auto t = Template::compile(templ.toStdString());
        QVERIFY2(t.ok(), t.ok() ? "" : t.error().message.c_str());
        auto out = renderWithTestLabels(t.value());
        if (error.isEmpty()) {
            QVERIFY2(out.ok(), out.ok() ? "" : out.error().message.c_str());
            QCOMPARE(QString::fromStdString(out.value()), expected);
        } else {
            QVERIFY2(!out.ok(), out.ok() ? out.value().c_str() : "");
            QCOMPARE(out.error().code, ErrorCode::Execution);
            QVERIFY2(QString::fromStdString(out.error().message).contains(error), out.error().message.c_str());
            QVERIFY(out.error().message.rfind("template: line:", 0) == 0);
        }
    }

    // A caller can bound a render more tightly (the fuzzing target does, so that it explores instead of writing
    // 64 MiB); the messages name the bound.
    void customLimits()
    {
        auto t = Template::compile("{{ range 300 }}{{ repeat 10 \"x\" }}{{ end }}");
        QVERIFY(t.ok());
        auto none = [](std::string_view) -> std::optional<std::string> { return std::nullopt; };
        auto full = t->render(none, "l", EntryTs);
        QVERIFY(full.ok());
        QCOMPARE(full->size(), std::size_t(3000));
        auto output = t->render(none, "l", EntryTs, {}, TemplateLimits { 1000, 10'000 });
        QVERIFY(!output.ok());
        QVERIFY2(output.error().message.find("template output exceeds 1000 bytes") != std::string::npos,
            output.error().message.c_str());
        auto iterations = t->render(none, "l", EntryTs, {}, TemplateLimits { 1u << 20, 100 });
        QVERIFY(!iterations.ok());
        QVERIFY2(iterations.error().message.find("range exceeds 100 iterations") != std::string::npos,
            iterations.error().message.c_str());
    }

    void parseErrors_data()
    {
        QTest::addColumn<QString>("templ");
        QTest::addColumn<QString>("error");
        QTest::addColumn<QString>("templateName");
        prow("unclosed-if", "{{ if .a }}x", "unexpected EOF");
        prow("end-without-if", "x{{ end }}", "unexpected {{end}}");
        prow("else-without-if", "{{ else }}", "unexpected {{else}}");
        prow("unknown-function", "{{ nosuchfunc }}", "function \"nosuchfunc\" not defined");
        prow("unclosed-action", "{{", "unclosed action");
        prow("unclosed-action-args", "{{ .a ", "unclosed action");
        prow("undefined-variable", "{{ $x }}", "undefined variable \"$x\"");
        prow("variable-out-of-scope", "{{ with $x := 1 }}{{ end }}{{ $x }}", "undefined variable \"$x\"");
        prow("assign-undeclared", "{{ $y = 1 }}", "undefined variable \"$y\"");
        prow("break-outside-range", "{{ break }}", "{{break}} outside {{range}}");
        prow("unclosed-comment", "{{/* x }}", "unclosed comment");
        prow("comment-not-closed-by-delim", "{{/* x */ y }}", "comment ends before closing delimiter");
        prow("non-executable-stage", "{{ .a | 1 }}", "non executable command in pipeline stage 2");
        prow("unclosed-paren", "{{ ( .a }}", "unclosed left paren");
        prow("missing-value", "{{ if }}{{ end }}", "missing value for if");
        prow("empty-action", "{{ }}", "missing value for command");
        prow("unterminated-string", "{{ \"abc }}", "unterminated quoted string");
        prow("bad-number", "{{ 1x }}", "bad number syntax");
        prow("too-many-decls", "{{ range $i, $v, $w := . }}{{ end }}", "declarations");
        prow("else-after-else", "{{ if 1 }}{{ else }}{{ else }}{{ end }}", "expected end; found {{else}}");
        prow("define-unsupported", "{{ define \"x\" }}{{ end }}", "not supported");
        prow("term-dot", "{{ \"a\".b }}", "unexpected . after term");
        std::string deep = "{{ ";
        deep.append(1500, '(').append("1").append(1500, ')').append(" }}");
        prow("nesting-depth", deep.c_str(), "max nesting depth of 1000 exceeded");
        prow("label-name", "{{ if }}", "template: label:1: missing value for if", "label");
    }

    void parseErrors()
    {
        QFETCH(QString, templ);
        QFETCH(QString, error);
        QFETCH(QString, templateName);
        auto t = Template::compile(templ.toStdString(), templateName.toStdString());
        QVERIFY2(!t.ok(), "compiled");
        QVERIFY2(QString::fromStdString(t.error().message).contains(error), t.error().message.c_str());
        const std::string prefix = QStringLiteral("template: %1:").arg(templateName).toStdString();
        QVERIFY(t.error().message.rfind(prefix, 0) == 0);
    }

    void malformedTemplatesFailCleanly()
    {
        // Every prefix and every one-byte mutation of a rich template either compiles and renders (possibly with a
        // render error) or fails with a Go-style parse message; none hangs or crashes.
        const std::string base = "a {{- if and (eq .level \"error\") (gt (len .msg) 3) }}{{ range $i, $t := fromJson "
                                 "(printf \"[%d,%q]\" 1 .msg) }}{{ $i }}={{ $t | printf \"%v\" }}{{ else }}x{{ end }}"
                                 "{{ else with $v := .nope }}{{ $v }}{{ end -}} {{/* c */}} {{ .a | trunc 2 }}";
        std::vector<std::string> inputs;
        for (std::size_t n = 0; n <= base.size(); ++n)
            inputs.push_back(base.substr(0, n));
        const std::string alphabet = "{}()|$.:=,\"` -/*0a";
        for (std::size_t i = 0; i < base.size(); i += 3)
            for (char c : alphabet) {
                std::string m = base;
                m[i] = c;
                inputs.push_back(m);
            }
        inputs.push_back("{{ .a := 1 }}");
        inputs.push_back("{{ .a , }}");
        inputs.push_back("{{ $x := }}");
        inputs.push_back("{{ range $i, := . }}{{ end }}");
        inputs.push_back("{{ else if }}");
        inputs.push_back("{{ if 1 }}{{ else if }}{{ end }}");
        int compiled = 0, rendered = 0;
        for (const std::string& in : inputs) {
            auto t = Template::compile(in);
            if (!t.ok()) {
                QVERIFY2(t.error().message.rfind("template: line:", 0) == 0, in.c_str());
                continue;
            }
            ++compiled;
            auto out = renderWithTestLabels(t.value());
            if (out.ok())
                ++rendered;
            else
                QVERIFY2(out.error().message.rfind("template: line:", 0) == 0, in.c_str());
        }
        QVERIFY(compiled > 0 && rendered > 0 && compiled < int(inputs.size()));
    }

    void renderIsRepeatable()
    {
        // One compiled template renders many lines; variables and range state do not leak between renders.
        auto t = Template::compile(
            "{{ $n := 0 }}{{ range $i, $v := fromJson .list }}{{ $n = add $n $v }}{{ end }}{{ $n }}");
        QVERIFY(t.ok());
        for (int i = 1; i <= 3; ++i) {
            const std::string list = QStringLiteral("[%1,%1]").arg(i).toStdString();
            auto out = t.value().render([&](std::string_view) { return std::optional<std::string>(list); }, "", 0);
            QVERIFY(out.ok());
            QCOMPARE(out.value(), std::to_string(2 * i));
        }
    }

    void lineFormatControlStructures()
    {
        auto r = logQuery(
            u"{app=\"t\"} | logfmt | line_format `{{ if eq .level \"error\" }}ERR{{ else if eq .level \"warn\" }}WRN{{ else }}---{{ end }} {{ .msg }} {{ div .duration_ms 1000 }}s`"_s);
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
        QCOMPARE(r.value().streams.size(), std::size_t(1));
        QCOMPARE(r.value().streams[0].entries.front().line, std::string("ERR hello 2s"));
    }

    void labelFormatArithmetic()
    {
        auto r = instant(
            u"sum by (dur, lvl) (count_over_time({app=\"t\"} | logfmt | label_format dur=`{{ div .duration_ms 1000 }}s`, lvl=`{{ .level | upper | trunc 3 }}` [1m]))"_s);
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
        const auto& v = r.value().value.vector;
        QCOMPARE(v.size(), std::size_t(1));
        QCOMPARE(v[0].metric.toString(), std::string("{dur=\"2s\", lvl=\"ERR\"}"));
    }

    void renderErrorKeepsLine()
    {
        // As in Loki, a failing line_format keeps the line and sets __error__ / __error_details__.
        auto r = logQuery(u"{app=\"t\"} | logfmt | line_format \"{{ div .duration_ms 0 }}\""_s);
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
        QCOMPARE(r.value().streams.size(), std::size_t(1));
        const auto& s = r.value().streams[0];
        QCOMPARE(s.entries.front().line, std::string("level=error status=500 duration_ms=2500 msg=hello"));
        QCOMPARE(std::string(s.labels.get("__error__")), std::string("TemplateFormatErr"));
        QVERIFY2(std::string(s.labels.get("__error_details__")).find("integer divide by zero") != std::string::npos,
            s.labels.toString().c_str());
    }

    void labelFormatRenderErrorCounts()
    {
        // The failing template sets __error__, a label filter sees it; an error reaching a metric result fails
        // the query, as in Loki.
        auto r = instant(
            u"count_over_time({app=\"t\"} | logfmt | label_format x=`{{ eq .status 500 }}` | __error__=\"TemplateFormatErr\" | drop __error__, __error_details__ [1m])"_s);
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
        const auto& v = r.value().value.vector;
        QCOMPARE(v.size(), std::size_t(1));
        QCOMPARE(v[0].v, 1.0);
        QVERIFY(!v[0].metric.has("x"));
        auto failed = instant(u"count_over_time({app=\"t\"} | logfmt | label_format x=`{{ eq .status 500 }}` [1m])"_s);
        QVERIFY(!failed.ok());
        QVERIFY2(failed.error().message.find("TemplateFormatErr") != std::string::npos, failed.error().message.c_str());
        auto dropped = instant(
            u"count_over_time({app=\"t\"} | logfmt | label_format x=`{{ eq .status 500 }}` | __error__=\"\" [1m])"_s);
        QVERIFY(dropped.ok());
        QVERIFY(dropped.value().value.vector.empty());
    }

    void templateParseErrorFailsQuery()
    {
        auto r = logQuery(u"{app=\"t\"} | line_format \"{{ if .a }}x\""_s);
        QVERIFY(!r.ok());
        QVERIFY2(r.error().message.find("unexpected EOF") != std::string::npos, r.error().message.c_str());
        // The error points at the line_format stage of the query.
        QVERIFY2(r.error().where.begin >= 10 && r.error().where.end > r.error().where.begin,
            std::to_string(r.error().where.begin).c_str());
        auto unknown = instant(u"bytes_over_time({app=\"t\"} | line_format \"{{ nosuchfunc }}\" [1m])"_s);
        QVERIFY(!unknown.ok());
        QVERIFY2(unknown.error().message.find("function \"nosuchfunc\" not defined") != std::string::npos,
            unknown.error().message.c_str());
        auto label = instant(u"count_over_time({app=\"t\"} | label_format x=\"{{\" [1m])"_s);
        QVERIFY(!label.ok());
        QVERIFY2(label.error().message.find("template: label:1: unclosed action") != std::string::npos,
            label.error().message.c_str());
    }

    void corpusRangeQuery()
    {
        // The shared corpus's valid query with `range`, on a matching line.
        auto r = logQuery(
            u"{job=\"cortex-ops\"} |= \"finish in prometheus\" | logfmt | line_format `{ \"qs\": {{ .queries }} }` | json qs=\"qs\" | line_format \"{{ range $q := fromJson .qs  }} {{ $q.query }} \\\\n {{end}}\""_s);
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
        QCOMPARE(r.value().streams.size(), std::size_t(1));
        QCOMPARE(r.value().streams[0].entries.front().line, std::string(" up \\n  down \\n "));
    }

    void renderThroughput()
    {
        // Render cost per line of a compiled template: a field-only one and one with control flow, pipes, printf
        // and arithmetic.
        auto measure = [](const char* text, const char* expected) {
            auto t = Template::compile(text);
            if (!t.ok())
                return -1.0;
            constexpr int N = 100'000;
            std::size_t bytes = 0;
            QElapsedTimer timer;
            timer.start();
            for (int i = 0; i < N; ++i)
                bytes += renderWithTestLabels(t.value()).value().size();
            const double ns = double(timer.nsecsElapsed()) / N;
            return bytes == std::size_t(N) * std::string(expected).size() ? ns : -1.0;
        };
        const double simple = measure("{{ .level }}: {{ .msg }}", "error: hello world");
        const double rich = measure("{{ if eq .level \"error\" }}ERR{{ else }}---{{ end }} {{ .msg | upper }} {{ "
                                    "printf \"%05.1f\" (float64 .b) }} {{ div .duration_ms 1000 }}s",
            "ERR HELLO WORLD 002.2 2s");
        QVERIFY(simple > 0 && rich > 0);
        qInfo("line_format render: %.0f ns per line (fields only), %.0f ns per line (if, pipes, printf, div)", simple,
            rich);
    }
};

QTEST_GUILESS_MAIN(TestLogqlTemplate)
#include "tst_logql_template.moc"
