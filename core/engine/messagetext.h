#pragma once

#include <QString>
#include <QStringList>

// Messages made in core ("timeout: no answer within 5 s", "invalid: line 7: no host", ...) are stored, exported
// and printed in English with their stable category key. The GUI shows them translated: it splits a stored
// message back into key, English template and arguments and looks the template up (context "Fanout"), so run
// files, exports and the CLI never depend on the window's language.
namespace Fanout::MessageText {

inline constexpr char Context[] = "Fanout";

struct Parts
{
    QString key;                  // the category before the first ": " ("timeout"), empty when the message has none
    const char *source = nullptr; // the English template the rest matched, nullptr when none did
    QStringList args;             // the template's %1, %2, ... in order, as stored (untranslated)
};

// Splits a stored message. Templates with more literal text win over looser ones ("%1 (%2)").
Parts split(const QString &message);

// The message for people to read in the current language: the key stays as it is (it is what filters and
// exports use), the rest goes through QCoreApplication::translate, arguments that are messages themselves too.
// An unknown message comes back unchanged.
QString translated(const QString &message);

// Every template split() knows (for the tests: each must have a translation).
QStringList templates();

} // namespace Fanout::MessageText
