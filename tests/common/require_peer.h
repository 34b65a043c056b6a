#pragma once

// A test that needs something nobody here wrote (a real server, a client package, the shared corpora, a mount)
// skips with its reason on a developer's machine, and fails on CI (CI=true), where scripts/setup --with-tests
// installs every peer: a missing peer must never pass quietly as a skip there.
#include <QTest>

inline bool sgOnCi() { return qEnvironmentVariable("CI") == QLatin1String("true"); }

#define SG_REQUIRE_PEER(condition, reason)                                                                          \
    do {                                                                                                           \
        if (!(condition)) {                                                                                        \
            if (sgOnCi())                                                                                          \
                QFAIL(qPrintable(QString::fromUtf8(reason) + QStringLiteral(" (CI=true: a missing peer is a failure)")));  \
            QSKIP(qPrintable(QString::fromUtf8(reason)));                                                                    \
        }                                                                                                          \
    } while (false)
