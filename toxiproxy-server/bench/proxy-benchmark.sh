#!/usr/bin/env bash
# Throughput and added latency through the embedded Toxiproxy-compatible server versus a direct
# loopback connection, side by side in one run: redis-benchmark against the machine's Redis on
# 127.0.0.1:6379, direct and through a proxy with no toxics, alternately. Throughput: 50 clients,
# SET and GET. Latency: one client, GET, mean round trip.
# Usage: toxiproxy-server/bench/proxy-benchmark.sh [requests per run, default 200000] [rounds, default 4]
# JAR=path/to.jar picks another build of the standalone server (to compare two builds); the jar is
# built only if it is missing. Other load on the machine skews every figure: run it quiet.
set -euo pipefail
cd "$(dirname "$0")/../.."
requests=${1:-200000}
rounds=${2:-4}
jar=${JAR:-toxiproxy-server/target/infraaware-toxiproxy.jar}
command -v redis-benchmark >/dev/null || { echo "redis-benchmark is not installed (Debian: redis-tools)" >&2; exit 2; }
redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 || { echo "no Redis answers on 127.0.0.1:6379" >&2; exit 2; }
[ -f "$jar" ] || flock /tmp/infraaware-build.lock ./mvnw -q -B -pl toxiproxy-server package -DskipTests

log=$(mktemp)
java ${JAVA_OPTS:-} -jar "$jar" -host 127.0.0.1 -port 0 >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -f "$log"' EXIT
for _ in $(seq 1 100); do grep -q "listening on" "$log" && break; sleep 0.1; done
api=$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$log")
[ -n "$api" ] || { echo "the server did not start: $(cat "$log")" >&2; exit 1; }
listen=$(curl -s -X POST "$api/proxies" -d '{"name":"redis","listen":"127.0.0.1:0","upstream":"127.0.0.1:6379"}' \
  | sed -n 's/.*"listen":"127\.0\.0\.1:\([0-9]*\)".*/\1/p')
[ -n "$listen" ] || { echo "could not create the proxy through $api" >&2; exit 1; }

bench() { # port requests -> "set get" requests per second
  local out
  out=$(redis-benchmark -h 127.0.0.1 -p "$1" -c 50 -n "$2" -t set,get -q 2>&1 | tr '\r' '\n' \
    | awk '/requests per second/ {for (i=1;i<=NF;i++) if ($i ~ /^[0-9.]+$/) {printf "%s ", $i; break}}')
  [ -n "$out" ] || { echo "redis-benchmark printed no figures for port $1" >&2; exit 1; }
  echo "$out"
}

rtt() { # port requests -> mean GET round trip of one client, in microseconds (1 / its rate)
  redis-benchmark -h 127.0.0.1 -p "$1" -c 1 -n "$2" -t get -q 2>&1 | tr '\r' '\n' \
    | awk '/requests per second/ {for (i=1;i<=NF;i++) if ($i ~ /^[0-9.]+$/) {printf "%d", 1e6 / $i; break}}'
}

echo "redis-benchmark -c 50 -n $requests -t set,get; $rounds rounds, direct and through the proxy alternately"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
bench "$listen" $((requests / 10)) >/dev/null # warm-up, not counted: the JIT compiles the data path
printf '%-6s %-8s %12s %12s %8s\n' round path SET/s GET/s ratio
total_direct=0; total_proxy=0; ratios=""
for round in $(seq 1 "$rounds"); do
  read -r dset dget <<<"$(bench 6379 "$requests")"
  read -r pset pget <<<"$(bench "$listen" "$requests")"
  ratio=$(awk -v d="$dset" -v e="$dget" -v p="$pset" -v q="$pget" 'BEGIN {printf "%.2f", (p+q)/(d+e)}')
  ratios="$ratios $ratio"
  printf '%-6s %-8s %12s %12s\n' "$round" direct "$dset" "$dget"
  printf '%-6s %-8s %12s %12s %7sx\n' "$round" proxy "$pset" "$pget" "$ratio"
  total_direct=$(awk -v a="$total_direct" -v b="$dset" -v c="$dget" 'BEGIN {print a+b+c}')
  total_proxy=$(awk -v a="$total_proxy" -v b="$pset" -v c="$pget" 'BEGIN {print a+b+c}')
done
printf '\n%-6s %14s %14s %10s\n' round "direct RTT µs" "proxy RTT µs" "added µs"
added=""
for round in $(seq 1 "$rounds"); do
  d=$(rtt 6379 $((requests / 5))); p=$(rtt "$listen" $((requests / 5)))
  [ -n "$d" ] && [ -n "$p" ] || { echo "redis-benchmark printed no latency" >&2; exit 1; }
  added="$added $((p - d))"
  printf '%-6s %14s %14s %10s\n' "$round" "$d" "$p" "$((p - d))"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "added latency per round trip (one client, GET), median of rounds: $(echo "$added" | tr ' ' '\n' | sed '/^$/d' | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}') µs"
median=$(echo "$ratios" | tr ' ' '\n' | sed '/^$/d' | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}')
awk -v d="$total_direct" -v p="$total_proxy" -v m="$median" 'BEGIN {printf "proxy / direct throughput: %.2fx overall, %.2fx median of rounds (goal: at least 0.60x; the real Toxiproxy: about 0.38x here)\n", p/d, m}'
