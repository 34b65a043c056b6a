#pragma once

// Checks shared by the PromQL and LogQL formatter tests: a query formats, keeps its tree, and formats to itself,
// also with a comment at any token boundary.

#include "core/common/result.h"
#include "tests/common/query_corpus.h"

#include <QString>
#include <QTest>

#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>

namespace sg::testing {

/// A formatter under test: its language's formatQuery (with a column limit) and treeSignature.
struct Formatter
{
    std::function<Result<std::string>(std::string_view, int)> format;
    std::function<Result<std::string>(std::string_view)> signature;

    /// The formatted query, or "ERROR: message".
    QString formatted(const QString& query, int columnLimit = 100) const
    {
        const QByteArray utf8 = query.toUtf8();
        auto r = format(std::string_view(utf8.constData(), std::size_t(utf8.size())), columnLimit);
        return r.ok() ? QString::fromStdString(*r)
                      : QStringLiteral("ERROR: ") + QString::fromStdString(r.error().message);
    }
    /// The tree signature, or "ERROR: message".
    QString signatureOf(const QString& query) const
    {
        const QByteArray utf8 = query.toUtf8();
        auto r = signature(std::string_view(utf8.constData(), std::size_t(utf8.size())));
        return r.ok() ? QString::fromStdString(*r)
                      : QStringLiteral("ERROR: ") + QString::fromStdString(r.error().message);
    }
    bool parses(const QString& query) const { return !signatureOf(query).startsWith(QStringLiteral("ERROR")); }

    /// A `query` row for each of `queries` that parses in this language (a skipped row would make the whole run
    /// count as skipped); says how many were left out. Without the shared corpora, one empty row, for the test to
    /// say so.
    void addParsingRows(const std::vector<CorpusQuery>& queries, const char* leftOut) const
    {
        int skipped = 0;
        for (const auto& q : queries) {
            if (parses(q.text))
                QTest::addRow("%s", qPrintable(q.origin)) << q.text;
            else
                ++skipped;
        }
        if (queries.empty())
            QTest::addRow("corpus absent") << QString();
        else if (skipped)
            qInfo("%d of %d queries left out: %s", skipped, int(queries.size()), leftOut);
    }

    /// `input` formats to `expected`, which formats to itself and has the tree of `input`.
    void verifyFormats(const QString& input, const QString& expected, int columnLimit = 100) const
    {
        const QString out = formatted(input, columnLimit);
        QCOMPARE(out, expected);
        QCOMPARE(formatted(out, columnLimit), out);
        QCOMPARE(signatureOf(out), signatureOf(input));
    }

    /// `query` formats at `columnLimit` to a text with its tree that formats to itself; `original` is the query
    /// the tree must be that of (when `query` is a commented copy of it).
    void verifyStable(const QString& query, int columnLimit, const QString& original = {}) const
    {
        const QString out = formatted(query, columnLimit);
        const QString context = query + QStringLiteral("\n=> ") + out;
        QVERIFY2(!out.startsWith(QStringLiteral("ERROR")), qPrintable(context));
        QVERIFY2(signatureOf(out) == signatureOf(original.isEmpty() ? query : original), qPrintable(context));
        const QString again = formatted(out, columnLimit);
        QVERIFY2(again == out, qPrintable(context + QStringLiteral("\n=> ") + again));
    }

    /// verifyStable with a comment inserted at each token boundary of `query` (after `(`, `,`, `{`, `[`, before a
    /// blank or a closing bracket; not in strings or comments), once after a token and once on a line of its own.
    void verifyCommentsEverywhere(const QString& query, std::initializer_list<int> columnLimits) const
    {
        QChar quote; // the quote of the string we are in
        bool escaped = false;
        bool inComment = false;
        for (qsizetype p = 1; p < query.size(); ++p) {
            const QChar c = query[p - 1];
            if (inComment)
                inComment = c != u'\n';
            else if (escaped)
                escaped = false;
            else if (!quote.isNull() && c == u'\\' && quote != u'`')
                escaped = true;
            else if (!quote.isNull())
                quote = c == quote ? QChar() : quote;
            else if (c == u'"' || c == u'\'' || c == u'`')
                quote = c;
            else
                inComment = c == u'#';
            const bool boundary
                = query[p] == u' ' || QStringView(u"(,{[").contains(c) || QStringView(u"),}]").contains(query[p]);
            if (!quote.isNull() || escaped || inComment || !boundary)
                continue;
            for (const QString& comment : { QStringLiteral(" # note\n"), QStringLiteral("\n# note\n") }) {
                for (int limit : columnLimits) {
                    const QString commented = query.left(p) + comment + query.mid(p);
                    verifyStable(commented, limit, query);
                    QVERIFY2(formatted(commented, limit).contains(QStringLiteral("# note")), qPrintable(commented));
                    if (QTest::currentTestFailed())
                        return;
                }
            }
        }
    }
};

/// The Formatter of a language's formatQuery (taking its FormatOptions) and treeSignature.
template<class Options, class Format, class Signature>
Formatter formatterOf(Format format, Signature signature)
{
    return { [format](std::string_view q, int columnLimit) { return format(q, Options { columnLimit }); },
        [signature](std::string_view q) { return signature(q); } };
}

} // namespace sg::testing
