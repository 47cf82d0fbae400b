#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QtGlobal>

#include <memory>
#include <vector>

namespace Fanout {

// Undoes an HTTP Content-Encoding as the body arrives, and tells how a body is broken instead of hiding it.
// Qt 6.4's own decompression (QDecompressHelper) is off once the request carries an Accept-Encoding header of
// ours. It is not used because it takes a truncated stream for a whole body (nothing checks for the end of
// the stream: the reply finishes with NoError), reports corrupt data and its own bomb refusal alike as
// "Decompression failed: " (clear() empties the reason before it is read), and refuses bombs only by its
// fixed ratio rule (40x for gzip and deflate, 100x for br and zstd, past a size).
//
// Codings: gzip (x-gzip), deflate, br, zstd, identity, up to 2 layered ("gzip, br" was gzip'ed, then br'ed).
// Tolerances, and where they come from:
// - deflate: the zlib wrapper (RFC 9110) or raw deflate, as browsers and curl accept: the raw form is tried
//   when zlib rejects the start of the stream before it has produced any output.
// - gzip and deflate both let zlib detect the wrapper, so either takes the other's (Qt does the same).
// - gzip members after the first are decoded too (RFC 1952 allows them; gzip(1) and Qt decode them).
//   A body that ends one byte into a further member (a lone 0x1f) is truncated, not junk.
// - Bytes after a complete stream that do not start another gzip member or zstd frame are ignored and
//   counted in ignoredBytes(): Chromium drops whatever follows the first gzip member (its gzip source stream,
//   STATE_IGNORING_EXTRA_BYTES), so a page with trailing junk works in a browser; curl fails on any byte
//   after the first member (process_trailer: CURLE_WRITE_ERROR), which would report a readable page broken.
// - An empty body is complete whatever its Content-Encoding (servers label empty redirects "gzip"; browsers
//   and curl accept them); any other body must reach the end of every stream, or finish() says truncated.
// - zstd windows above 8 MiB are refused, the limit RFC 9659 sets for the zstd coding, so one decoder holds
//   at most that (brotli's window is at most 16 MiB by its format, zlib's 32 KiB).
class BodyDecoder final
{
public:
    // Output produced per decoding step: the limits are checked after each step, so decoding stops at most
    // this far past them, and the most a step adds to the caller's buffer beyond what it keeps.
    static constexpr qsizetype kStepBytes = 64 * 1024;
    static constexpr qint64 kDefaultMaxOutputBytes = 10 * 1024 * 1024; // Qt's default threshold
    static constexpr double kDefaultMaxRatio = 100;                    // Qt's for br and zstd

    BodyDecoder(); // decodes nothing (identity) until start()
    ~BodyDecoder();

    // The Accept-Encoding value for what this class decodes, in the order Qt 6.4 itself advertises.
    static QByteArray acceptEncoding();

    // Sets up for one body; contentEncodingHeader is the response's Content-Encoding value (all header
    // lines of it, comma-joined as QNetworkReply::rawHeader returns them). Resets every count and error;
    // keeps the limits. False, with error(), for a coding this class does not decode or for more than 2.
    bool start(const QByteArray &contentEncodingHeader);

    // A body is refused as a decompression bomb once its decoded size exceeds maxOutputBytes AND it is more
    // than maxRatio times the encoded bytes consumed; either condition alone is allowed. A negative
    // maxOutputBytes turns the check off. Applies to each layer's output.
    void setLimits(qint64 maxOutputBytes, double maxRatio);

    // Decodes the next piece of the body, appending to *out. maxOutput (>= 0) caps how much this call
    // appends: input it has no room to decode is kept (copied) and outputPending() is true; a later
    // feed() (an empty in is fine) continues with it. False on corrupt data or a bomb, with error(); the
    // decoder then stays failed, and *out keeps what was decoded before.
    bool feed(QByteArrayView in, QByteArray *out, qint64 maxOutput = -1);

    // The body has ended (the transfer completed). Decodes and discards what a budget held back, so the
    // verdict covers the whole body, then checks that every stream reached its end. False, with error(),
    // when it did not ("...(truncated)") or when that remainder is corrupt or a bomb. Not for a body the
    // caller stopped reading: that one is cut by the caller, not by the server. feed() fails after it.
    bool finish();

    bool isPassThrough() const; // no coding to undo (identity or none)
    bool hasFailed() const { return !m_error.isEmpty(); }
    bool isBomb() const { return m_bomb; }
    // The last feed() stopped at its maxOutput with output possibly left to decode.
    bool outputPending() const { return m_outputPending; }
    // Says what is wrong, naming the coding: "gzip: invalid data (incorrect header check)".
    QString error() const { return m_error; }

    qint64 encodedBytes() const { return m_encodedBytes; } // body bytes given to feed()
    qint64 decodedBytes() const;                           // bytes decoded, including what finish() discarded
    qint64 ignoredBytes() const;                           // trailing bytes after a complete stream

    class Stage; // one coding's decoder: public only so bodydecoder.cpp can derive from it

private:
    bool decode(QByteArray *out, qint64 maxOutput);
    qsizetype pull(size_t stage, char *dst, qsizetype room);
    bool exceedsLimits() const;
    bool fail(const QString &error, bool bomb = false);

    struct Link // a layer's output waiting for the next layer
    {
        QByteArray buffer;
        qsizetype pos = 0;
    };

    std::vector<std::unique_ptr<Stage>> m_stages; // [0] reads the wire; the last one writes the output
    std::vector<Link> m_links;                    // [i] between m_stages[i] and m_stages[i + 1]
    std::vector<qint64> m_produced;               // each stage's output so far
    QByteArray m_pendingInput;                    // what a budget held back
    QByteArrayView m_wire;                        // input of the decode in progress
    QByteArray m_codings;                         // "gzip, br": names in the header's order, for messages
    QString m_error;
    qint64 m_maxOutputBytes = kDefaultMaxOutputBytes;
    double m_maxRatio = kDefaultMaxRatio;
    qint64 m_encodedBytes = 0;
    qint64 m_consumed = 0; // wire bytes the first stage has taken in: the ratio's denominator
    bool m_bomb = false;
    bool m_outputPending = false;
    bool m_finished = false;

    Q_DISABLE_COPY_MOVE(BodyDecoder)
};

} // namespace Fanout
