#!/usr/bin/env bash
# Many host names: N URLs, each on its own name under bench.test, behind a DNS server that answers after
# DNS_DELAY_MS, pages answering after PAGE_DELAY_MS, at cap C. Ideal: ceil(N / C) waves of (resolve + fetch).
# fanout-cli and curl --parallel (curl -Z --parallel-max C) run in the same run, each in a private mount namespace
# (unshare -m) where a bind-mounted resolv.conf names the benchmark's DNS server: nothing of the machine changes.
#
# usage: bench_dns.sh FANOUT_CLI [FANOUT_CLI_2 ...]     (root; Debian's python3-dnslib, curl and time)
# env:   SCENARIOS="1000:100 10000:500" (names:cap), DNS_DELAY_MS=100, PAGE_DELAY_MS=100, RUNS=1,
#        ORIGIN_CLI (the fanout-cli whose `serve` is the origin; default the first FANOUT_CLI: set it to compare
#        two builds against the same origin)
set -euo pipefail
[ "$(id -u)" -eq 0 ] || { echo "bench_dns: needs root (unshare -m, a DNS server on port 53)" >&2; exit 2; }
"${PYTHON:-/usr/bin/python3}" -c 'import dnslib' 2>/dev/null || { echo "bench_dns: needs python3-dnslib" >&2; exit 2; }
(($#)) || { echo "usage: bench_dns.sh FANOUT_CLI [FANOUT_CLI ...]" >&2; exit 2; }
SCENARIOS=${SCENARIOS:-"1000:100 10000:500"}
DNS_DELAY_MS=${DNS_DELAY_MS:-100}
PAGE_DELAY_MS=${PAGE_DELAY_MS:-100}
RUNS=${RUNS:-1}
DNS_ADDR=127.0.53.53
PY=${PYTHON:-/usr/bin/python3} # Debian's, where python3-dnslib is

work=$(mktemp -d)
pids=()
cleanup() {
    # Each server runs in a session of its own (setsid): its whole group goes, wrappers' children too.
    for p in "${pids[@]}"; do kill -- "-$p" 2>/dev/null || kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
export HOME=$work/home XDG_STATE_HOME=$work/state XDG_CONFIG_HOME=$work/config XDG_CACHE_HOME=$work/cache
mkdir -p "$HOME"

# The DNS server: every name under bench.test is 127.0.0.1 (A; AAAA has no data), answered after the delay,
# each query on its own timer so thousands are in flight at once; other names NXDOMAIN.
cat >"$work/dns.py" <<'EOF'
import asyncio, socket, sys
from dnslib import DNSRecord, RR, QTYPE, A, RCODE
delay = float(sys.argv[2]) / 1000.0
class Server(asyncio.DatagramProtocol):
    def connection_made(self, transport):
        self.transport = transport
        transport.get_extra_info("socket").setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
    def datagram_received(self, data, addr):
        try:
            q = DNSRecord.parse(data)
        except Exception:
            return
        r = q.reply()
        name = str(q.q.qname).rstrip(".").lower()
        if name.endswith(".bench.test"):
            if q.q.qtype == QTYPE.A:
                r.add_answer(RR(q.q.qname, QTYPE.A, rdata=A("127.0.0.1"), ttl=300))
        else:
            r.header.rcode = RCODE.NXDOMAIN
        asyncio.get_running_loop().call_later(delay, self.transport.sendto, r.pack(), addr)
async def main():
    loop = asyncio.get_running_loop()
    await loop.create_datagram_endpoint(Server, local_addr=(sys.argv[1], 53))
    print("ready", flush=True)
    await asyncio.Event().wait()
asyncio.run(main())
EOF
setsid "$PY" "$work/dns.py" "$DNS_ADDR" "$DNS_DELAY_MS" >"$work/dns.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do grep -q ready "$work/dns.log" && break; sleep 0.1; done
grep -q ready "$work/dns.log" || { echo "bench_dns: the DNS server did not start: $(cat "$work/dns.log")" >&2; exit 1; }
printf 'nameserver %s\noptions timeout:5 attempts:2\n' "$DNS_ADDR" >"$work/resolv.conf"

# The origin: fanout-cli's own (its /delay/<ms> route), on a free port.
port=$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
setsid "${ORIGIN_CLI:-$1}" serve --port "$port" >"$work/origin.log" 2>&1 &
pids+=($!)
origin_pid=$!
for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done

# Runs "$@" (its stdout to file $1) in a mount namespace of its own whose /etc/resolv.conf is ours; prints its
# wall time in seconds and, after it, the CPU seconds (user + system) it took.
in_namespace() {
    unshare -m bash -c 'mount --bind "$1" /etc/resolv.conf || exit 1; times=$2; out=$3; shift 3; s=$(date +%s.%N); \
        /usr/bin/time -f "%U %S" -o "$times" "$@" >"$out"; e=$(date +%s.%N); \
        echo "$s $e $(cat "$times")" | awk "{printf \"%.2f %.2f\", \$2 - \$1, \$3 + \$4}"' \
        _ "$work/resolv.conf" "$work/times" "$@"
}
# CPU seconds (user + system) the origin has used so far.
origin_cpu() {
    awk -v t="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / t }' "/proc/$origin_pid/stat"
}

run=0
for scenario in $SCENARIOS; do
    names=${scenario%%:*}
    cap=${scenario##*:}
    run=$((run + 1))
    list=$work/urls-$names.txt
    # Distinct names per scenario and per run, so no cache anywhere helps.
    ideal=$(awk -v n="$names" -v c="$cap" -v d="$DNS_DELAY_MS" -v p="$PAGE_DELAY_MS" \
        'BEGIN { w = int((n + c - 1) / c); printf "%.2f", w * (d + p) / 1000 }')
    echo "== $names names, -c $cap, DNS ${DNS_DELAY_MS} ms, pages ${PAGE_DELAY_MS} ms: ideal ${ideal} s"
    for r in $(seq "$RUNS"); do
        for tool in "$@" curl; do
            tag=$RANDOM$RANDOM
            seq 1 "$names" | awk -v t="$tag" -v p="$port" -v d="$PAGE_DELAY_MS" \
                '{ printf "http://h%d-%s.bench.test:%d/delay/%d/%d\n", $1, t, p, d, $1 }' >"$list"
            origin_before=$(origin_cpu)
            if [ "$tool" = curl ]; then
                cfg=$work/curl.cfg
                awk '{ printf "url = \"%s\"\noutput = \"/dev/null\"\n", $0 }' "$list" >"$cfg"
                wall=$(in_namespace "$work/out.txt" curl -s --no-progress-meter -Z --parallel-immediate --parallel-max "$cap" --max-time 30 \
                    -w '%{http_code}\n' -K "$cfg")
                ok=$(grep -c '^200$' "$work/out.txt" || true)
            else
                wall=$(in_namespace /dev/null "$tool" -c "$cap" --timeout 30 -q --run "$work/run-$tag.fanout" \
                    -o "$work/out.csv" "$list")
                ok=$(grep -c ',200,' "$work/out.csv" || true)
            fi
            read -r wall cpu <<<"$wall"
            origin=$(awk -v a="$origin_before" -v b="$(origin_cpu)" 'BEGIN { printf "%.2f", b - a }')
            ratio=$(awk -v w="$wall" -v i="$ideal" 'BEGIN { printf "%.2f", w / i }')
            printf '  %-50s %6s s  %5sx ideal  %s/%s OK  CPU %s s (origin %s s)\n' "$tool" "$wall" "$ratio" "$ok" \
                "$names" "$cpu" "$origin"
        done
    done
done
