#pragma once

#include "io/urllist.h"

#include <QString>
#include <QStringList>
#include <QUrl>
#include <QVector>

namespace Fanout {

// A link as written in a document: the attribute value or destination, entities decoded, not yet resolved.
struct RawLink
{
    QString href;
    int line = 0; // 1-based line of the tag (HTML) or of the link (Markdown)
};

// HTML at the tokenizer's level (no tree): a[href], area[href], link[href], img[src], script[src], iframe[src],
// source[src] and source[srcset] (every candidate). Comments, <!...>, <?...> and CDATA are skipped; the text of
// script, style, textarea, title, xmp, iframe, noembed and noframes is raw text and never scanned for tags;
// the first value of a repeated attribute wins, as in the HTML parser. *baseHref gets the first <base href>.
// Netscape bookmark files (every browser's bookmark export) are HTML of this kind.
QVector<RawLink> extractHtmlLinks(QStringView html, QString *baseHref);

// Markdown (CommonMark + GFM): inline links and images [text](dest), reference definitions [label]: dest,
// autolinks <https://...> and bare http(s) URLs (GFM's extension). Nothing inside code spans, fenced code
// (``` or ~~~) or indented code blocks.
QVector<RawLink> extractMarkdownLinks(QStringView markdown);

// A distinct URL found in documents and every place it was found ("path:line", joined by " | ").
struct DocumentUrl
{
    UrlEntry entry; // a relative link without a base has entry.error "skipped: relative link, no --base"
    QString sources;
};

struct DocumentScan
{
    QVector<DocumentUrl> urls;
    int duplicates = 0; // links to a URL found before (counted in its sources)
    int ignored = 0;    // links to other schemes (mailto:, javascript:, ...) and fragment-only links
    int files = 0;
    QStringList errors; // files that could not be read
};

// Reads the given files and folders (folders recursively; hidden entries and .git skipped; files picked by
// globs, default *.html *.htm *.xhtml *.md *.markdown). A relative link is resolved against the document's
// <base href> when it is absolute, else against base: base itself for a file given by name, base plus the
// file's path below the folder for a file found in a folder.
DocumentScan scanDocuments(const QStringList &paths, const QUrl &base, const QStringList &globs);

// Whether a command-line argument names documents (an .html/.md file or a folder) rather than a URL list.
bool isDocumentPath(const QString &path);

} // namespace Fanout
