#pragma once

// Shared by the libFuzzer harnesses. A failed check prints both sides and aborts: libFuzzer then saves the input
// as a crash, the same as for a sanitizer report.

#include <QByteArray>
#include <QDebug>
#include <QString>
#include <QtGlobal>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace FanoutFuzz {

[[noreturn]] inline void fail(const char *file, int line, const char *what, const QString &detail = {})
{
    std::fprintf(stderr, "%s:%d: check failed: %s\n%s\n", file, line, what, detail.toUtf8().constData());
    std::abort();
}

template <typename A, typename B>
QString describe(const A &a, const B &b)
{
    QString text;
    QDebug(&text) << "\n  left: " << a << "\n right: " << b;
    return text;
}

// Qt's warnings (an unknown codec name, say) only slow the fuzzer down; qFatal still aborts.
inline void silenceQtMessages()
{
    qInstallMessageHandler([](QtMsgType, const QMessageLogContext &, const QString &) {});
}

// Chunk lengths drawn from a seed taken from the input, so that the fuzzer mutates the boundaries too and a
// saved crash replays with the same ones. The seed also picks the scale: single bytes, small pieces, or
// network-sized reads.
class Chunker
{
public:
    explicit Chunker(quint32 seed)
        : m_state(seed | 1)
    {
        static constexpr qsizetype kScales[] = {1, 3, 16, 100, 1500, 8192};
        m_max = kScales[seed % (sizeof kScales / sizeof kScales[0])];
    }

    qsizetype next()
    {
        // xorshift32: cheap, deterministic, and good enough to vary the boundaries.
        m_state ^= m_state << 13;
        m_state ^= m_state >> 17;
        m_state ^= m_state << 5;
        return 1 + qsizetype(m_state % quint32(m_max));
    }

private:
    quint32 m_state;
    qsizetype m_max;
};

} // namespace FanoutFuzz

#define FUZZ_CHECK(cond)                                                                                               \
    do {                                                                                                               \
        if (!(cond))                                                                                                   \
            FanoutFuzz::fail(__FILE__, __LINE__, #cond);                                                               \
    } while (false)

#define FUZZ_CHECK_EQ(a, b)                                                                                            \
    do {                                                                                                               \
        const auto &fuzzLeft = (a);                                                                                    \
        const auto &fuzzRight = (b);                                                                                   \
        if (!(fuzzLeft == fuzzRight))                                                                                  \
            FanoutFuzz::fail(__FILE__, __LINE__, #a " == " #b, FanoutFuzz::describe(fuzzLeft, fuzzRight));             \
    } while (false)
