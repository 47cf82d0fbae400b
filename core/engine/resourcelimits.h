#pragma once

#include <QtGlobal>

namespace Fanout {

// File descriptors a run needs, so that a cap too high for `ulimit -n` is lowered instead of ending in
// SIGABRT: Qt aborts ("QThreadPipe: Unable to create pipe") when a new QNetworkAccessManager's worker thread
// cannot get the eventfd for its event dispatcher, and sockets fail with "Out of resources" before that.
//
// Budget per run, from fanout-cli against `fanout-cli serve`, one host, /delay/2000 URLs, peak count of
// /proc/PID/fd (identical with Qt's own and with GLib's event dispatcher):
//     cap      1    6   60   300   600   900
//     fds      8   14   76   356   706  1056   = 6 + cap + ceil(cap / 6)
// that is one socket per request in flight, one eventfd per manager (the engine opens a manager per 6
// connections to a host, so today ceil(cap / 6) managers, each with its own thread), and 6 for the process
// (stdio, the main thread's eventfd, the list or output file). The budget below keeps that shape with margin:
// 2 per manager (QThreadPipe falls back to a pipe, 2 descriptors, where eventfd is missing) and a reserve of
// kReservedDescriptors for the rest of the process (a desktop session's display and D-Bus connections,
// inotify, font files FreeType keeps open, Qt's DNS lookup threads each opening a socket, TLS reading CA
// files, the export). If the engine comes to share managers differently, kDescriptorsPerManager and
// kRequestsPerManager are the numbers to revisit.
//
// Not in the budget: idle keep-alive connections to hosts a run has moved on from. Qt keeps them for 120 s
// (QNetworkRequest::ConnectionCacheExpiryTimeoutSecondsAttribute), so a list over many hosts holds more
// sockets than requests in flight (measured: 955 descriptors at -c 16 over 254 hosts); that is the engine's
// to bound, not something a cap can express.
constexpr qint64 kReservedDescriptors = 128;
constexpr qint64 kDescriptorsPerConnection = 1;
constexpr qint64 kDescriptorsPerManager = 2;
constexpr int kRequestsPerManager = 6; // ManagerPool::kConnectionsPerHost, the worst case: all on one host

// Raises the soft RLIMIT_NOFILE to the hard limit (the default soft limit, 1024, is far below what most
// systems allow) and returns the soft limit in force afterwards; a very large number when unlimited, the
// old soft limit when it cannot be raised. Processes started later inherit it.
qint64 raiseDescriptorLimit();

// Descriptors a run at this concurrency needs, by the budget above.
qint64 descriptorsForConcurrency(int concurrency);

// The largest concurrency whose budget fits in limit descriptors; never below 1 (a run has to make progress,
// and a single request needs only a handful) and at most INT_MAX.
int maxConcurrencyForDescriptors(qint64 limit);

// The process's resident memory in bytes (Linux: /proc/self/statm), -1 where it cannot be read.
qint64 residentBytes();

} // namespace Fanout
