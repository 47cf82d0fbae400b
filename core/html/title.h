#pragma once

#include <QByteArray>
#include <QString>
#include <QtGlobal>

#include <memory>

namespace Fanout {

// Longest title kept, in UTF-16 code units. A longer one is cut there (one unit earlier rather than split a
// surrogate pair) and ends with U+2026 "…": at most kMaxTitleLength + 1 units. Pages with a 300 KB title
// exist; a run over thousands of them must not hold (or export) every one whole.
constexpr qsizetype kMaxTitleLength = 1024;

// Finds what a browser tab would show for an HTML document fed to it in chunks, so the caller can stop
// downloading as soon as the title is known. Only the first <title> of the document counts: not one
// inside <svg>/<math>, a comment, <script>, <style>, <template> or other raw-text elements.
class TitleExtractor final
{
public:
    // contentType: the Content-Type header value (may carry charset=); empty when absent.
    explicit TitleExtractor(const QByteArray &contentType = {});

    // Feeds the next chunk of the body. Returns true once the title (or its absence) is certain and
    // no more bytes are needed.
    bool feed(const QByteArray &chunk);
    // Called at end of body (or when the caller stops reading): decides with what was seen.
    void finish();

    bool isDone() const;
    bool hasTitle() const;
    QString title() const;    // decoded, entities resolved, whitespace collapsed and trimmed, then capped
    QString encoding() const; // charset used to decode the title, e.g. "GBK", "windows-1252", "UTF-8"

    ~TitleExtractor();
    Q_DISABLE_COPY_MOVE(TitleExtractor)

private:
    struct Private;
    std::unique_ptr<Private> d;
};

// True for a Content-Type whose body may carry a <title> (text/html, application/xhtml+xml), or when absent.
bool isHtmlContentType(const QByteArray &contentType);

} // namespace Fanout
