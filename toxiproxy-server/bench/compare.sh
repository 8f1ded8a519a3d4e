#!/usr/bin/env bash
# The standalone server beside the real Toxiproxy (and, for the data plane, HAProxy), in one run on
# one machine, interleaved: what issue 21 asks to show.
#   1. start-up: time from launch to the first answered GET /version, and resident memory (RSS)
#      1 s later, for ours through its launcher (bin/infraaware-toxiproxy), ours as `java -jar`
#      with the JVM's defaults, and the real server; each started `starts` times, by turns
#   2. API latency: GET /proxies and a toxic added and removed, `calls` each per round, `rounds`
#      rounds, each server in turn (ApiCompare.java beside this script)
#   3. data plane: redis-benchmark -c 50 -n `requests` -t set,get against the machine's Redis,
#      directly, through ours, through the real server and through HAProxy (TCP mode), by turns;
#      `rounds` rounds, medians
#   4. RSS of each server after 2 and 3
# Usage: REAL=/path/to/toxiproxy-server toxiproxy-server/bench/compare.sh [starts 5] [calls 2000]
#        [rounds 3] [requests 100000]
# REAL is required (a toxiproxy-server 2.12.0 binary); HAProxy is used when `haproxy` is installed.
# Hold the build lock while it runs: flock /tmp/infraaware-build.lock toxiproxy-server/bench/compare.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
starts=${1:-5}
calls=${2:-2000}
rounds=${3:-3}
requests=${4:-100000}
real=${REAL:?set REAL to a toxiproxy-server 2.12.0 binary}
jar=toxiproxy-server/target/infraaware-toxiproxy.jar
launcher=toxiproxy-server/bin/infraaware-toxiproxy
[ -f "$jar" ] || { echo "build the jar first: ./mvnw -pl toxiproxy-server package -DskipTests" >&2; exit 2; }
command -v redis-benchmark >/dev/null || { echo "redis-benchmark is not installed (Debian: redis-tools)" >&2; exit 2; }
redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 || { echo "no Redis answers on 127.0.0.1:6379" >&2; exit 2; }

pids=()
work=$(mktemp -d)
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT

free_port() { # a port nothing listens on
  local port
  while :; do
    port=$((20000 + RANDOM % 20000))
    ss -ltn "( sport = :$port )" | grep -q ":$port" || { echo "$port"; return; }
  done
}
ms() { echo $(( $(date +%s%N) / 1000000 )); }
rss() { awk '/VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$1/status"; }
start() { # name port -> starts it in the background, pid in $started
  case $1 in
    ours) "$launcher" -host 127.0.0.1 -port "$2" >"$work/$1.log" 2>&1 & ;;
    ours-jar) java -jar "$jar" -host 127.0.0.1 -port "$2" >"$work/$1.log" 2>&1 & ;;
    real) "$real" -host 127.0.0.1 -port "$2" >"$work/$1.log" 2>&1 & ;;
  esac
  started=$!
}
first_answer() { # port -> waits for the first 200 to GET /version
  while :; do
    if exec 3<>"/dev/tcp/127.0.0.1/$1"; then
      printf 'GET /version HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n' >&3
      if head -c 12 <&3 | grep -q 200; then exec 3>&-; return; fi
      exec 3>&-
    fi
  done 2>/dev/null
}
median() { tr ' ' '\n' | sed '/^$/d' | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
# the launcher makes its class-data archive on its first start: not counted
port=$(free_port); start ours "$port"; first_answer "$port"; kill "$started"; wait "$started" 2>/dev/null || true

echo "== 1. start-up, $starts starts each, by turns: first answer (ms) and RSS 1 s later (MB)"
declare -A first idle
for i in $(seq 1 "$starts"); do
  for name in ours ours-jar real; do
    port=$(free_port)
    t0=$(ms); start "$name" "$port"; first_answer "$port"; t1=$(ms)
    sleep 1
    first[$name]="${first[$name]:-} $((t1 - t0))"; idle[$name]="${idle[$name]:-} $(rss "$started")"
    kill "$started"; wait "$started" 2>/dev/null || true
  done
done
for name in ours ours-jar real; do
  printf '%-9s first answer ms:%-28s median %5s | idle RSS MB:%-32s median %5s\n' "$name" "${first[$name]}" \
    "$(echo "${first[$name]}" | median)" "${idle[$name]}" "$(echo "${idle[$name]}" | median)"
done

echo "== 2. API latency, interleaved"
declare -A api pid
for name in ours ours-jar real; do
  port=$(free_port); start "$name" "$port"; pids+=("$started"); pid[$name]=$started
  first_answer "$port"; api[$name]=http://127.0.0.1:$port
done
java toxiproxy-server/bench/ApiCompare.java "$calls" "$rounds" \
  ours="${api[ours]}" ours-jar="${api[ours-jar]}" real="${api[real]}"

echo "== 3. data plane: redis-benchmark -c 50 -n $requests -t set,get, by turns"
declare -A listen
for name in ours ours-jar real; do
  listen[$name]=$(curl -s -X POST "${api[$name]}/proxies" \
    -d '{"name":"redis","listen":"127.0.0.1:0","upstream":"127.0.0.1:6379"}' \
    | sed -n 's/.*"listen":"127\.0\.0\.1:\([0-9]*\)".*/\1/p')
done
paths="direct ours ours-jar real"
listen[direct]=6379
if command -v haproxy >/dev/null; then
  listen[haproxy]=$(free_port)
  cat >"$work/haproxy.cfg" <<CFG
global
  maxconn 4096
defaults
  mode tcp
  timeout connect 5s
  timeout client 60s
  timeout server 60s
listen redis
  bind 127.0.0.1:${listen[haproxy]}
  server redis 127.0.0.1:6379
CFG
  haproxy -db -f "$work/haproxy.cfg" >"$work/haproxy.log" 2>&1 &
  pids+=("$!")
  for _ in $(seq 1 50); do redis-cli -p "${listen[haproxy]}" ping >/dev/null 2>&1 && break; sleep 0.1; done
  paths="$paths haproxy"
fi
bench() { # port -> "set get" requests per second
  redis-benchmark -h 127.0.0.1 -p "$1" -c 50 -n "$2" -t set,get -q 2>&1 | tr '\r' '\n' \
    | awk '/requests per second/ {for (i=1;i<=NF;i++) if ($i ~ /^[0-9.]+$/) {printf "%s ", $i; break}}'
}
for name in $paths; do bench "${listen[$name]}" $((requests / 10)) >/dev/null; done # warm-up
declare -A sum ratio
printf '%-6s' round; for name in $paths; do printf ' %16s' "$name SET+GET/s"; done; echo
for round in $(seq 1 "$rounds"); do
  printf '%-6s' "$round"
  declare -A got=()
  for name in $paths; do
    read -r s g <<<"$(bench "${listen[$name]}" "$requests")"
    got[$name]=$(awk -v s="$s" -v g="$g" 'BEGIN {print s + g}')
    printf ' %16s' "${got[$name]}"
  done
  echo
  for name in $paths; do
    ratio[$name]="${ratio[$name]:-} $(awk -v p="${got[$name]}" -v d="${got[direct]}" 'BEGIN {printf "%.3f", p / d}')"
  done
done
for name in $paths; do
  printf '%-9s / direct per round:%-24s median %s\n' "$name" "${ratio[$name]}" "$(echo "${ratio[$name]}" | median)"
done
m_ours=$(echo "${ratio[ours]}" | median); m_real=$(echo "${ratio[real]}" | median)
awk -v o="$m_ours" -v r="$m_real" 'BEGIN {printf "ours / real (medians): %.2fx\n", o / r}'
if [ -n "${ratio[haproxy]:-}" ]; then
  m_ha=$(echo "${ratio[haproxy]}" | median)
  awk -v o="$m_ours" -v h="$m_ha" 'BEGIN {printf "ours / HAProxy (medians): %.2fx\n", o / h}'
fi

echo "== 4. RSS after the API and data workloads (MB)"
for name in ours ours-jar real; do printf '%-9s %s\n' "$name" "$(rss "${pid[$name]}")"; done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
