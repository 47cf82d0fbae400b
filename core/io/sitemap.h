#pragma once

#include "io/urllist.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <QVector>

#include <memory>

class QNetworkAccessManager;
class QNetworkReply;

namespace Fanout {

class BodyDecoder;

// One <urlset> or <sitemapindex> document, parsed as its bytes arrive (QXmlStreamReader, never a regex). gzip
// is told from its magic bytes (a .xml.gz file or a server that sends one as application/gzip) and undone with
// BodyDecoder. Namespaces are matched by local name; <loc> text is trimmed, with its entities and CDATA
// resolved by the reader; a BOM or an encoding declaration is the reader's to honour.
//
// Hostile input is refused, never expanded: any DTD (the only way to declare entities, so no "billion laughs"
// and no external entity), nesting past kMaxDepth, more than maxBytes of XML once decompressed (the protocol's
// 50 MB), more than maxUrls <loc>s (the protocol's 50,000). On an error the locations read so far are kept and
// error() names the line.
class SitemapParser final
{
public:
    static constexpr int kMaxDepth = 16;
    static constexpr qint64 kMaxBytes = 50 * 1000 * 1000;
    static constexpr int kMaxUrls = 50000;

    enum class Kind
    {
        Unknown,
        UrlSet,
        Index
    };

    struct Loc
    {
        QString text; // trimmed, entities resolved
        int line = 0; // where the <loc> started
    };

    explicit SitemapParser(qint64 maxBytes = kMaxBytes, int maxUrls = kMaxUrls);
    ~SitemapParser();
    Q_DISABLE_COPY_MOVE(SitemapParser)

    // False once the document has failed (then error() is set and further bytes are ignored).
    bool feed(QByteArrayView bytes);
    // The bytes have ended: a document that did not close is an error.
    bool finish();

    Kind kind() const;
    // <loc>s found since the last call: page URLs for a <urlset>, child sitemaps for an index.
    QVector<Loc> takeLocs();
    int locCount() const;
    QString error() const; // "line N: why", empty while all is well

private:
    struct Private;
    std::unique_ptr<Private> d;
};

// What a sitemap load gives a run: every page URL found (in order, each once) with where it came from, and one
// row per sitemap read, with its error.
struct SitemapUrl
{
    UrlEntry entry;  // entry.line is the <loc>'s line in its sitemap; a rejected <loc> has entry.error
    QString sources; // "sitemap:line"
};

struct SitemapReport
{
    QString location; // path or URL as given or found
    int depth = 0;    // 0 for what the user gave
    bool isIndex = false;
    int urls = 0;  // <loc>s read from it
    QString error; // empty when it was read whole
};

// Reads sitemaps given as files or http(s) URLs and follows indexes (depth <= maxDepth, each sitemap once).
// URLs are fetched with a QNetworkAccessManager of its own rather than through the Checker: the Checker keeps no
// body, only a title, and a sitemap is up to 50 MB of XML that must be streamed into the parser. Qt's own
// Content-Encoding decoding is used for the transfer; a gzip *file* is undone by the parser.
class SitemapLoader final : public QObject
{
    Q_OBJECT
public:
    struct Limits
    {
        int maxDepth = 3;          // an index at depth 0 reaches sitemaps at depth 1 and 2 (3 levels)
        int maxTotalUrls = 200000; // across every sitemap of the load; more are reported, not read
        int timeoutMs = 30000;     // per fetched sitemap
        QByteArray userAgent;
        QList<QPair<QByteArray, QByteArray>> headers; // -H, sent with every sitemap request
        bool ignoreTlsErrors = false;                 // --insecure
    };

    explicit SitemapLoader(QObject *parent = nullptr);
    ~SitemapLoader() override;
    Q_DISABLE_COPY_MOVE(SitemapLoader)

    void setLimits(const Limits &limits);
    // Starts reading; finished() is emitted once every sitemap has been read or failed (maybe before return
    // to the event loop for files only: connect first).
    void start(const QStringList &locations);

    const QVector<SitemapUrl> &urls() const;
    const QVector<SitemapReport> &reports() const;
    int duplicates() const;

signals:
    void finished();

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace Fanout
