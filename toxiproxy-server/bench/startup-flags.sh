#!/usr/bin/env bash
# What each JVM flag of the launcher (bin/infraaware-toxiproxy) does to the standalone server: time
# from launch to the first answered GET /version and resident memory (RSS) 1 s later, each setting
# started `starts` times by turns (medians); then one server of each setting at once, RSS after the
# same API workload (ApiCompare.java, `calls` calls of each kind) and data workload (redis-benchmark
# -c 50 -n 100000 -t set,get through a proxy of each).
# Usage: toxiproxy-server/bench/startup-flags.sh [starts 5] [calls 2000]
# Hold the build lock while it runs: flock /tmp/infraaware-build.lock toxiproxy-server/bench/startup-flags.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
starts=${1:-5}
calls=${2:-2000}
jar=$PWD/toxiproxy-server/target/infraaware-toxiproxy.jar
[ -f "$jar" ] || { echo "build the jar first: ./mvnw -pl toxiproxy-server package -DskipTests" >&2; exit 2; }
work=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT

base="-XX:+UseSerialGC -Xms8m -Xmx64m"
small="$base -XX:TieredStopAtLevel=1 -Xss256k -XX:-UsePerfData"
names=(defaults serial-64m c1-small cds-only all)
declare -A opts=(
  [defaults]=""
  [serial-64m]="$base"
  [c1-small]="$small"
  [cds-only]="-XX:SharedArchiveFile=$work/app.jsa"
  [all]="$small -XX:SharedArchiveFile=$work/app.jsa"
)

free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 20000))
    ss -ltn "( sport = :$port )" | grep -q ":$port" || { echo "$port"; return; }
  done
}
ms() { echo $(( $(date +%s%N) / 1000000 )); }
rss() { awk '/VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$1/status"; }
first_answer() {
  while :; do
    if exec 3<>"/dev/tcp/127.0.0.1/$1"; then
      printf 'GET /version HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n' >&3
      if head -c 12 <&3 | grep -q 200; then exec 3>&-; return; fi
      exec 3>&-
    fi
  done 2>/dev/null
}
median() { tr ' ' '\n' | sed '/^$/d' | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
run() { # setting port -> pid in $started
  # shellcheck disable=SC2086
  MALLOC_ARENA_MAX=2 java ${opts[$1]} -cp "$jar" io.infraaware.toxiproxy.ToxiproxyServerMain -host 127.0.0.1 -port "$2" >"$work/$1.log" 2>&1 &
  started=$!
}

# the class-data archive, as the launcher makes it: a short run that answers the API, dumped at exit
port=$(free_port)
java $small -XX:ArchiveClassesAtExit="$work/app.jsa" -cp "$jar" io.infraaware.toxiproxy.ToxiproxyServerMain -host 127.0.0.1 -port "$port" >/dev/null 2>&1 &
p=$!; first_answer "$port"
curl -s -X POST "http://127.0.0.1:$port/proxies" -d '{"name":"t","listen":"127.0.0.1:0","upstream":"127.0.0.1:9"}' >/dev/null
curl -s -X POST "http://127.0.0.1:$port/proxies/t/toxics" -d '{"type":"latency"}' >/dev/null
kill "$p"; wait "$p" 2>/dev/null || true

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
declare -A first idle
for _ in $(seq 1 "$starts"); do
  for name in "${names[@]}"; do
    port=$(free_port); t0=$(ms); run "$name" "$port"; first_answer "$port"; t1=$(ms); sleep 1
    first[$name]="${first[$name]:-} $((t1 - t0))"; idle[$name]="${idle[$name]:-} $(rss "$started")"
    kill "$started"; wait "$started" 2>/dev/null || true
  done
done
declare -A pid api
servers=()
for name in "${names[@]}"; do
  port=$(free_port); run "$name" "$port"; pids+=("$started"); pid[$name]=$started; first_answer "$port"
  api[$name]=http://127.0.0.1:$port; servers+=("$name=${api[$name]}")
done
java toxiproxy-server/bench/ApiCompare.java "$calls" 1 "${servers[@]}" >/dev/null
for name in "${names[@]}"; do
  listen=$(curl -s -X POST "${api[$name]}/proxies" -d '{"name":"redis","listen":"127.0.0.1:0","upstream":"127.0.0.1:6379"}' \
    | sed -n 's/.*"listen":"127\.0\.0\.1:\([0-9]*\)".*/\1/p')
  redis-benchmark -h 127.0.0.1 -p "$listen" -c 50 -n 100000 -t set,get -q >/dev/null 2>&1
done
printf '%-11s %-62s %8s %8s %8s %7s\n' setting flags "first ms" "idle MB" "after MB" threads
for name in "${names[@]}"; do
  printf '%-11s %-62s %8s %8s %8s %7s\n' "$name" "${opts[$name]//$work\//}" \
    "$(echo "${first[$name]}" | median)" "$(echo "${idle[$name]}" | median)" "$(rss "${pid[$name]}")" \
    "$(ls "/proc/${pid[$name]}/task" | wc -l)"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
