#include "io/signalwatcher.h"

#include <QSocketNotifier>

#include <csignal>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace Fanout {

namespace {

int s_fds[2] = {-1, -1};
volatile std::sig_atomic_t s_seen = 0;
constexpr int kSignals[] = {SIGINT, SIGTERM, SIGHUP};

extern "C" void onSignal(int signalNumber)
{
    if (s_seen && signalNumber == SIGINT)
        _exit(128 + SIGINT); // the second Ctrl-C: the user wants out now
    s_seen = 1;
    const auto byte = static_cast<unsigned char>(signalNumber);
    const ssize_t written = ::write(s_fds[1], &byte, 1);
    (void)written; // nothing to do about a full pipe inside a handler: one byte is already waiting
}

} // namespace

SignalWatcher::SignalWatcher(QObject *parent)
    : QObject(parent)
{
    if (s_fds[0] >= 0 || ::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0, s_fds) != 0)
        return; // a second watcher, or no descriptors: the default actions stay
    s_seen = 0;
    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    for (int signalNumber : kSignals)
        ::sigaction(signalNumber, &action, nullptr);
    m_notifier = new QSocketNotifier(s_fds[0], QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &SignalWatcher::onReadable);
}

SignalWatcher::~SignalWatcher()
{
    if (!m_notifier)
        return;
    for (int signalNumber : kSignals)
        std::signal(signalNumber, SIG_DFL);
    delete m_notifier;
    ::close(s_fds[0]);
    ::close(s_fds[1]);
    s_fds[0] = s_fds[1] = -1;
}

void SignalWatcher::onReadable()
{
    unsigned char byte = 0;
    while (::read(s_fds[0], &byte, 1) == 1)
        emit received(int(byte));
}

} // namespace Fanout
