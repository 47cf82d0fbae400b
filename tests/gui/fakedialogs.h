#pragma once

// The window's dialogs answered by a test: every question from a queue (empty: the default answer, no dialog ever
// shown), every message and question recorded.
#include "window/dialogs.h"

#include <QList>
#include <QStringList>
#include <QUrl>

namespace FanoutTest {

class FakeDialogs final : public Fanout::Dialogs
{
public:
    void reset()
    {
        openAnswers.clear();
        folderAnswers.clear();
        saveAnswers.clear();
        saveTitles.clear();
        textAnswers.clear();
        messages.clear();
        opened.clear();
        askAnswers.clear();
        questions.clear();
    }

    QStringList openAnswers; // one path each
    QStringList folderAnswers;
    QStringList saveAnswers;
    QStringList saveTitles; // of every save dialog asked for
    QStringList textAnswers;
    QStringList messages; // "title: text"
    QList<QUrl> opened;
    QList<int> askAnswers; // without one queued, the first (default) answer
    QStringList questions; // titles

    void openFiles(QWidget *, const QString &, const QString &, const QString &, PathsCallback done) override
    {
        done(openAnswers.isEmpty() ? QStringList() : QStringList{openAnswers.takeFirst()});
    }
    void openDirectory(QWidget *, const QString &, const QString &, PathCallback done) override
    {
        done(folderAnswers.isEmpty() ? QString() : folderAnswers.takeFirst());
    }
    void saveFile(QWidget *, const QString &title, const QString &, const QString &, PathCallback done) override
    {
        saveTitles.append(title);
        done(saveAnswers.isEmpty() ? QString() : saveAnswers.takeFirst());
    }
    void message(QWidget *, Severity, const QString &title, const QString &text) override
    {
        messages.append(title + QStringLiteral(": ") + text);
    }
    void ask(QWidget *, const QString &title, const QString &, const QStringList &, ChoiceCallback done) override
    {
        questions.append(title);
        done(askAnswers.isEmpty() ? 0 : askAnswers.takeFirst());
    }
    void askText(QWidget *, const QString &, const QString &, const QString &, TextCallback done) override
    {
        done(textAnswers.isEmpty() ? QString() : textAnswers.takeFirst());
    }
    bool openUrl(const QUrl &url) override
    {
        opened.append(url);
        return true;
    }
};

} // namespace FanoutTest
