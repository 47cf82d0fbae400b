#include "window/guiapp.h"

#include "demo/demo.h"
#include "engine/resourcelimits.h"
#include "io/signalwatcher.h"
#include "window/appicon.h"
#include "window/appsettings.h"
#include "window/mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QSettings>
#include <QStatusBar>
#include <QTimer>

#include <cstdio>

namespace Fanout {

namespace {

// Command-line strings live in a translation context of their own.
class CommandLine final
{
    Q_DECLARE_TR_FUNCTIONS(Fanout::CommandLine)
};

struct CommandLineOptions
{
    QCommandLineOption start{QStringLiteral("start"), CommandLine::tr("Start checking the loaded list at once.")};
    QCommandLineOption concurrency{{QStringLiteral("c"), QStringLiteral("concurrency")},
                                   CommandLine::tr("Check up to <n> URLs at once (1-1000)."),
                                   CommandLine::tr("n")};
    QCommandLineOption demo{QStringLiteral("demo"),
                            CommandLine::tr("Run the offline demo against a local test server.")};

    void addTo(QCommandLineParser &parser) const
    {
        parser.setApplicationDescription(
            CommandLine::tr("Checks many URLs at once and shows each one's status, title and time as it arrives."));
        parser.addHelpOption();
        parser.addVersionOption();
        parser.addOption(start);
        parser.addOption(concurrency);
        parser.addOption(demo);
        parser.addPositionalArgument(CommandLine::tr("files"), CommandLine::tr("URL lists to load (.txt, .csv, .tsv)."),
                                     CommandLine::tr("[FILE…]"));
    }
};

void setIdentity()
{
    QCoreApplication::setOrganizationName(QStringLiteral("Fanout"));
    QCoreApplication::setApplicationName(QStringLiteral("Fanout"));
    QCoreApplication::setApplicationVersion(QStringLiteral(FANOUT_VERSION));
}

// --help and --version print text and leave: they must work without a display, so no QApplication.
bool wantsTextOnly(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        const QByteArray arg(argv[i]);
        if (arg == "--")
            break;
        if (arg == "-h" || arg == "--help" || arg == "--help-all" || arg == "-v" || arg == "--version" || arg == "-?")
            return true;
    }
    return false;
}

} // namespace

int runGuiApplication(int argc, char *argv[])
{
    if (wantsTextOnly(argc, argv)) {
        QCoreApplication app(argc, argv);
        setIdentity();
        const QSettings settings;
        AppSettings::installTranslations(&app, AppSettings::language(settings));
        QCommandLineParser parser;
        const CommandLineOptions options;
        options.addTo(parser);
        parser.process(app); // prints and exits
        return 0;
    }

    // Before any thread or socket: each request in flight costs descriptors (see resourcelimits.h).
    const qint64 descriptorLimit = raiseDescriptorLimit();

    // Fractional scale factors (125%, 150%) render at their true size instead of being rounded.
    QGuiApplication::setHighDpiScaleFactorRoundingPolicy(Qt::HighDpiScaleFactorRoundingPolicy::PassThrough);
    QApplication app(argc, argv);
    setIdentity();
    QGuiApplication::setApplicationDisplayName(QStringLiteral("Fanout"));
    QGuiApplication::setDesktopFileName(QStringLiteral("fanout"));
    QGuiApplication::setWindowIcon(appIcon());

    QSettings settings;
    AppSettings::installTranslations(&app, AppSettings::language(settings));

    QCommandLineParser parser;
    const CommandLineOptions options;
    options.addTo(parser);
    parser.process(app);

    int cap = -1;
    if (parser.isSet(options.concurrency)) {
        bool ok = false;
        cap = parser.value(options.concurrency).toInt(&ok);
        if (!ok || cap < AppSettings::MinConcurrency || cap > AppSettings::MaxConcurrency) {
            const QString message = CommandLine::tr("fanout: --concurrency needs a number from 1 to 1000, got \"%1\"")
                                        .arg(parser.value(options.concurrency));
            std::fprintf(stderr, "%s\n", qPrintable(message));
            return 2;
        }
    }

    MainWindow window(&settings);
    window.setRunsDirectory(MainWindow::defaultRunsDirectory());
    // SIGTERM (a session logging out, a service manager), SIGHUP and Ctrl-C in the terminal: what closing the
    // window does (the run is stopped, every request in flight cancelled, the window's state saved), then quit.
    SignalWatcher signalWatcher;
    int signalled = 0;
    QObject::connect(&signalWatcher, &SignalWatcher::received, &window, [&window, &signalled](int signalNumber) {
        signalled = signalNumber;
        window.closeNow();
    });
    // The demo is the app's to hold: made on first use, a child of the window (it goes with it).
    QPointer<DemoController> demo;
    auto runDemo = [&window, &demo]() {
        if (!demo)
            demo = new DemoController(&window);
        startDemo(demo);
    };
    QObject::connect(&window, &MainWindow::demoRequested, &window, runDemo);
    // A cap the limit cannot carry would end in SIGABRT (Qt's manager threads need an eventfd each): it is not
    // offered, and --concurrency or a saved cap above it is lowered.
    const int fits = descriptorLimit > 0 ? maxConcurrencyForDescriptors(descriptorLimit) : AppSettings::MaxConcurrency;
    if (fits < AppSettings::MaxConcurrency) {
        window.setMaxConcurrency(fits);
        const QString message =
            CommandLine::tr("The file descriptor limit is %1 (ulimit -n): at most %2 URLs are checked at once.")
                .arg(descriptorLimit)
                .arg(fits);
        std::fprintf(stderr, "fanout: warning: %s\n", qPrintable(message));
        window.statusBar()->showMessage(message, 15000);
    }
    if (cap > 0)
        window.setConcurrency(cap);
    const QStringList files = parser.positionalArguments();
    bool loaded = false;
    if (!files.isEmpty())
        loaded = window.openFiles(files);
    window.show();

    if (parser.isSet(options.demo))
        QTimer::singleShot(0, &window, runDemo);
    else if (parser.isSet(options.start) && loaded)
        QTimer::singleShot(0, &window, [&window]() { window.startRun(); });
    else
        QTimer::singleShot(0, &window, [&window]() { window.offerResume(); }); // after a crash or kill -9
    const int code = QApplication::exec();
    return signalled ? SignalWatcher::exitCodeFor(signalled) : code;
}

} // namespace Fanout
