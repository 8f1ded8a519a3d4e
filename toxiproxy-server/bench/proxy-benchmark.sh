#!/usr/bin/env bash
# Throughput through the embedded Toxiproxy-compatible server versus a direct loopback connection,
# side by side in one run: redis-benchmark (50 clients, SET and GET) against the machine's Redis on
# 127.0.0.1:6379, direct and through a proxy with no toxics, alternately.
# Usage: toxiproxy-server/bench/proxy-benchmark.sh [requests per run, default 200000] [rounds, default 4]
# Builds the jar only if it is missing. Other load on the machine skews every figure: run it quiet.
set -euo pipefail
cd "$(dirname "$0")/../.."
requests=${1:-200000}
rounds=${2:-4}
jar=toxiproxy-server/target/infraaware-toxiproxy.jar
command -v redis-benchmark >/dev/null || { echo "redis-benchmark is not installed (Debian: redis-tools)" >&2; exit 2; }
[ -f "$jar" ] || flock /tmp/infraaware-mvn.lock ./mvnw -q -B -pl toxiproxy-server package -DskipTests

log=$(mktemp)
java -jar "$jar" -host 127.0.0.1 -port 0 >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -f "$log"' EXIT
for _ in $(seq 1 100); do grep -q "listening on" "$log" && break; sleep 0.1; done
api=$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$log")
[ -n "$api" ] || { echo "the server did not start: $(cat "$log")" >&2; exit 1; }
listen=$(curl -s -X POST "$api/proxies" -d '{"name":"redis","listen":"127.0.0.1:0","upstream":"127.0.0.1:6379"}' \
  | sed -n 's/.*"listen":"127\.0\.0\.1:\([0-9]*\)".*/\1/p')

bench() { # port requests -> "set get" requests per second
  redis-benchmark -h 127.0.0.1 -p "$1" -c 50 -n "$2" -t set,get -q 2>/dev/null \
    | tr '\r' '\n' | awk '/requests per second/ {for (i=1;i<=NF;i++) if ($i ~ /^[0-9.]+$/) {printf "%s ", $i; break}}'
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
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
median=$(echo "$ratios" | tr ' ' '\n' | sed '/^$/d' | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}')
awk -v d="$total_direct" -v p="$total_proxy" -v m="$median" 'BEGIN {printf "proxy / direct throughput: %.2fx overall, %.2fx median of rounds (goal: at least 0.60x; the real Toxiproxy: about 0.38x here)\n", p/d, m}'
