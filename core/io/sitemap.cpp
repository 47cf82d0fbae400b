#include "io/sitemap.h"

#include "net/bodydecoder.h"

#include <QFile>
#include <QHash>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSet>
#include <QTimer>
#include <QXmlStreamReader>

#include <deque>

namespace Fanout {

struct SitemapParser::Private
{
    qint64 maxBytes = kMaxBytes;
    int maxUrls = kMaxUrls;
    QXmlStreamReader reader;
    BodyDecoder decoder;
    QByteArray head; // the first bytes, until gzip or not can be told
    bool decided = false;
    bool gzip = false;
    qint64 xmlBytes = 0;
    int depth = 0;
    Kind kind = Kind::Unknown;
    bool inLoc = false;
    QString locText;
    int locLine = 0;
    QVector<Loc> locs;
    int count = 0;
    QString error;
    bool closed = false; // the root element ended
    bool readerStarted = false;
    QByteArray start; // the first bytes of XML, until there are enough to tell the encoding

    bool fail(const QString &why)
    {
        if (error.isEmpty())
            error = QStringLiteral("line %1: %2").arg(reader.lineNumber()).arg(why);
        return false;
    }

    bool xml(QByteArrayView bytes, bool last = false)
    {
        // Past the cap, what fits is still read, so the URLs before it do not depend on how the bytes came.
        if (xmlBytes + bytes.size() > maxBytes) {
            const qsizetype room = qsizetype(maxBytes - xmlBytes);
            if (xml(bytes.first(room), true))
                fail(QStringLiteral("more than %1 bytes of XML: refused").arg(maxBytes));
            xmlBytes = maxBytes + 1;
            return false;
        }
        xmlBytes += bytes.size();
        // QXmlStreamReader tells the encoding from the first bytes it is given: a few bytes of UTF-16 are not
        // enough, so it gets the document's start (its declaration) in one piece.
        if (!readerStarted) {
            start += bytes;
            if (start.size() < 1024 && !last)
                return true;
            readerStarted = true;
            reader.addData(std::exchange(start, {}));
            return pump();
        }
        reader.addData(bytes.toByteArray());
        return pump();
    }

    bool pump()
    {
        for (;;) {
            const QXmlStreamReader::TokenType token = reader.readNext();
            switch (token) {
            case QXmlStreamReader::Invalid:
                if (reader.error() == QXmlStreamReader::PrematureEndOfDocumentError)
                    return true; // more bytes may follow
                return fail(reader.errorString());
            case QXmlStreamReader::EndDocument:
                return true;
            case QXmlStreamReader::DTD:
                // The only way to declare entities: refused whole, so nothing can expand or be fetched.
                return fail(QStringLiteral("a DTD is refused in a sitemap (entity declarations could expand "
                                           "without bound)"));
            case QXmlStreamReader::EntityReference:
                return fail(QStringLiteral("entity '&%1;' is not one XML predefines").arg(reader.name()));
            case QXmlStreamReader::StartElement:
                if (++depth > kMaxDepth)
                    return fail(QStringLiteral("elements nested deeper than %1: refused").arg(kMaxDepth));
                if (depth == 1) {
                    if (reader.name() == QLatin1String("urlset"))
                        kind = Kind::UrlSet;
                    else if (reader.name() == QLatin1String("sitemapindex"))
                        kind = Kind::Index;
                    else
                        return fail(QStringLiteral("the root element <%1> is neither <urlset> nor <sitemapindex>")
                                        .arg(reader.name()));
                } else if (depth == 3 && reader.name() == QLatin1String("loc")) {
                    inLoc = true;
                    locText.clear();
                    locLine = int(reader.lineNumber());
                } else if (inLoc) {
                    return fail(QStringLiteral("<loc> holds an element"));
                }
                break;
            case QXmlStreamReader::Characters:
                if (inLoc) {
                    locText += reader.text();
                    if (locText.size() > 64 * 1024)
                        return fail(QStringLiteral("a <loc> longer than 64 KiB"));
                }
                break;
            case QXmlStreamReader::EndElement:
                if (inLoc) {
                    inLoc = false;
                    if (count >= maxUrls)
                        return fail(QStringLiteral("more than %1 <loc>s: the rest are not read").arg(maxUrls));
                    ++count;
                    locs.append({locText.trimmed(), locLine});
                }
                if (--depth == 0)
                    closed = true;
                break;
            default:
                break;
            }
        }
    }
};

SitemapParser::SitemapParser(qint64 maxBytes, int maxUrls)
    : d(std::make_unique<Private>())
{
    d->maxBytes = maxBytes;
    d->maxUrls = maxUrls;
    d->decoder.setLimits(-1, 0); // the XML size cap below bounds the output instead
}

SitemapParser::~SitemapParser() = default;

bool SitemapParser::feed(QByteArrayView bytes)
{
    if (!d->error.isEmpty())
        return false;
    if (!d->decided) {
        d->head += bytes;
        if (d->head.size() < 2)
            return true;
        d->decided = true;
        d->gzip = d->head.startsWith("\x1f\x8b");
        if (d->gzip && !d->decoder.start(QByteArrayLiteral("gzip")))
            return d->fail(d->decoder.error());
        const QByteArray first = std::exchange(d->head, {});
        return feed(first);
    }
    if (!d->gzip)
        return d->xml(bytes);
    QByteArray out;
    QByteArrayView in = bytes;
    do {
        out.clear();
        // One step past the cap is enough to tell it was passed.
        if (!d->decoder.feed(in, &out, std::max<qint64>(d->maxBytes - d->xmlBytes + 1, 1))) {
            // What was decoded before the damage is read first: the same URLs whatever the pieces.
            if (d->xml(out, true))
                d->fail(d->decoder.error());
            return false;
        }
        in = {};
        if (!out.isEmpty() && !d->xml(out))
            return false;
    } while (d->decoder.outputPending());
    return true;
}

bool SitemapParser::finish()
{
    if (!d->error.isEmpty())
        return false;
    if (!d->decided) {
        d->decided = true;
        if (!d->xml(std::exchange(d->head, {}), true))
            return false;
    }
    if (!d->readerStarted && !d->xml({}, true))
        return false;
    if (d->gzip && !d->decoder.finish())
        return d->fail(d->decoder.error());
    if (d->kind == Kind::Unknown)
        return d->fail(QStringLiteral("no <urlset> or <sitemapindex>: not a sitemap"));
    if (!d->closed)
        return d->fail(QStringLiteral("the document ends before its root element closes"));
    return true;
}

SitemapParser::Kind SitemapParser::kind() const
{
    return d->kind;
}

QVector<SitemapParser::Loc> SitemapParser::takeLocs()
{
    return std::exchange(d->locs, {});
}

int SitemapParser::locCount() const
{
    return d->count;
}

QString SitemapParser::error() const
{
    return d->error;
}

// ----- loader

namespace {

bool isWebUrl(const QString &text)
{
    return text.startsWith(QLatin1String("http://"), Qt::CaseInsensitive) ||
           text.startsWith(QLatin1String("https://"), Qt::CaseInsensitive);
}

} // namespace

struct SitemapLoader::Private
{
    struct Task
    {
        QString location;
        int depth = 0;
    };

    SitemapLoader *q = nullptr;
    Limits limits;
    std::deque<Task> queue;
    QSet<QString> seen; // sitemaps queued once
    QVector<SitemapUrl> urls;
    QHash<QString, int> byKey; // duplicate key -> index in urls
    QVector<SitemapReport> reports;
    int duplicates = 0;
    bool capReported = false;
    QNetworkAccessManager *manager = nullptr;
    QNetworkReply *reply = nullptr;
    std::unique_ptr<SitemapParser> parser;
    int reportIndex = -1;

    void enqueue(const QString &location, int depth)
    {
        if (seen.contains(location))
            return; // an index that lists itself, or two that share a child
        seen.insert(location);
        queue.push_back({location, depth});
    }

    void next()
    {
        if (queue.empty()) {
            emit q->finished();
            return;
        }
        const Task task = queue.front();
        queue.pop_front();
        SitemapReport report;
        report.location = task.location;
        report.depth = task.depth;
        reports.append(report);
        reportIndex = int(reports.size()) - 1;
        parser = std::make_unique<SitemapParser>();
        if (isWebUrl(task.location))
            fetch(task);
        else
            readFile(task);
    }

    void readFile(const Task &task)
    {
        QFile file(task.location);
        if (!file.open(QIODevice::ReadOnly)) {
            done(task, QStringLiteral("cannot open: %1").arg(file.errorString()));
            return;
        }
        QByteArray buffer(64 * 1024, Qt::Uninitialized);
        for (;;) {
            const qint64 n = file.read(buffer.data(), buffer.size());
            if (n < 0) {
                done(task, QStringLiteral("cannot read: %1").arg(file.errorString()));
                return;
            }
            if (n == 0)
                break;
            const bool ok = parser->feed(QByteArrayView(buffer.constData(), n));
            collect(task);
            if (!ok)
                break;
        }
        done(task, {});
    }

    void fetch(const Task &task)
    {
        if (!manager)
            manager = new QNetworkAccessManager(q);
        QNetworkRequest request{QUrl(task.location)};
        request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
        request.setTransferTimeout(limits.timeoutMs);
        if (!limits.userAgent.isEmpty())
            request.setHeader(QNetworkRequest::UserAgentHeader, limits.userAgent);
        for (const auto &[name, value] : std::as_const(limits.headers))
            request.setRawHeader(name, value);
        reply = manager->get(request);
        if (limits.ignoreTlsErrors)
            QObject::connect(reply, &QNetworkReply::sslErrors, q, [this] { reply->ignoreSslErrors(); });
        QObject::connect(reply, &QNetworkReply::readyRead, q, [this, task] {
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            const QByteArray data = reply->readAll();
            if (status >= 400 || !parser->error().isEmpty())
                return;
            parser->feed(data);
            collect(task);
            if (!parser->error().isEmpty())
                reply->abort(); // what was read is kept; the rest is not wanted
        });
        QObject::connect(reply, &QNetworkReply::finished, q, [this, task] {
            QNetworkReply *finished = std::exchange(reply, nullptr);
            finished->deleteLater();
            const int status = finished->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            QString error;
            if (!parser->error().isEmpty())
                error = QString(); // the parser's own, below
            else if (status >= 400)
                error = QStringLiteral("HTTP %1 %2")
                            .arg(status)
                            .arg(finished->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString());
            else if (finished->error() != QNetworkReply::NoError)
                error = finished->errorString();
            done(task, error);
        });
    }

    // Takes what the parser has found so far into the results.
    void collect(const Task &task)
    {
        const bool index = parser->kind() == SitemapParser::Kind::Index;
        for (const SitemapParser::Loc &loc : parser->takeLocs()) {
            ++reports[reportIndex].urls;
            if (index) {
                if (task.depth + 1 >= limits.maxDepth) {
                    SitemapReport deep;
                    deep.location = loc.text;
                    deep.depth = task.depth + 1;
                    deep.error = QStringLiteral("not read: sitemap indexes nest deeper than %1 levels (listed at "
                                                "%2 line %3)")
                                     .arg(limits.maxDepth)
                                     .arg(task.location)
                                     .arg(loc.line);
                    if (!seen.contains(loc.text))
                        reports.append(deep);
                    seen.insert(loc.text);
                    continue;
                }
                enqueue(loc.text, task.depth + 1);
                continue;
            }
            addUrl(task, loc);
        }
    }

    void addUrl(const Task &task, const SitemapParser::Loc &loc)
    {
        const QString source = QStringLiteral("%1:%2").arg(task.location).arg(loc.line);
        UrlEntry entry;
        entry.line = loc.line;
        entry.text = loc.text;
        QString why;
        if (!isWebUrl(loc.text))
            why = QStringLiteral("invalid: not an absolute http(s) URL");
        else
            entry.url = UrlListParser::normalise(loc.text, &why);
        if (!entry.url.isValid()) {
            entry.url = QUrl();
            entry.error = QStringLiteral("%1 (%2)").arg(why.isEmpty() ? QStringLiteral("invalid") : why, source);
        }
        const QString key = UrlListParser::duplicateKey(entry.text, entry.url);
        if (!key.isEmpty()) {
            const auto it = byKey.constFind(key);
            if (it != byKey.constEnd()) {
                ++duplicates;
                urls[*it].sources += QStringLiteral(" | ") + source;
                return;
            }
        }
        if (urls.size() >= limits.maxTotalUrls) {
            if (!capReported)
                reports[reportIndex].error =
                    QStringLiteral("stopped at %1 URLs in all (raise the cap with --sitemap-limit)")
                        .arg(limits.maxTotalUrls);
            capReported = true;
            return;
        }
        if (!key.isEmpty())
            byKey.insert(key, int(urls.size()));
        urls.append({entry, source});
    }

    void done(const Task &task, const QString &error)
    {
        if (error.isEmpty() && parser->error().isEmpty())
            parser->finish();
        collect(task);
        SitemapReport &report = reports[reportIndex];
        report.isIndex = parser->kind() == SitemapParser::Kind::Index;
        if (report.error.isEmpty())
            report.error = !error.isEmpty() ? error : parser->error();
        parser.reset();
        // Queued: a long index of files must not grow the stack, and finished() must come from the event loop.
        QTimer::singleShot(0, q, [this] { next(); });
    }
};

SitemapLoader::SitemapLoader(QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>())
{
    d->q = this;
}

SitemapLoader::~SitemapLoader()
{
    if (d->reply) {
        d->reply->disconnect(this);
        d->reply->abort();
    }
}

void SitemapLoader::setLimits(const Limits &limits)
{
    d->limits = limits;
}

void SitemapLoader::start(const QStringList &locations)
{
    for (const QString &location : locations)
        d->enqueue(location, 0);
    QTimer::singleShot(0, this, [this] { d->next(); });
}

const QVector<SitemapUrl> &SitemapLoader::urls() const
{
    return d->urls;
}

const QVector<SitemapReport> &SitemapLoader::reports() const
{
    return d->reports;
}

int SitemapLoader::duplicates() const
{
    return d->duplicates;
}

} // namespace Fanout
