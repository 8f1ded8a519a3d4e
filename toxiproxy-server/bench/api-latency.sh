#!/usr/bin/env bash
# Kept-alive API latency (median and p99 per call) of the standalone server, or of any Toxiproxy
# server whose API URL is given: one HTTP/1.1 client calls GET /version, GET /proxies/{p}, and adds
# and removes a toxic, in a loop (ApiLatency.java beside this script). A benchmark, not a test.
# Usage: toxiproxy-server/bench/api-latency.sh [calls, default 2000] [api url, or - to start the jar]
#        [held: other connections holding half-sent requests meanwhile, default 0]
# JAR=path/to.jar picks another build of the standalone server. Builds the jar only if it is missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
calls=${1:-2000}
api=${2:--}
held=${3:-0}
jar=${JAR:-toxiproxy-server/target/infraaware-toxiproxy.jar}
if [ "$api" = "-" ]; then
  [ -f "$jar" ] || flock /tmp/infraaware-build.lock ./mvnw -q -B -pl toxiproxy-server package -DskipTests
  log=$(mktemp)
  java ${JAVA_OPTS:-} -jar "$jar" -host 127.0.0.1 -port 0 >"$log" 2>&1 &
  server=$!
  trap 'kill $server 2>/dev/null; rm -f "$log"' EXIT
  for _ in $(seq 1 100); do grep -q "listening on" "$log" && break; sleep 0.1; done
  api=$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$log")
  [ -n "$api" ] || { echo "the server did not start: $(cat "$log")" >&2; exit 1; }
fi
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
java toxiproxy-server/bench/ApiLatency.java "$api" "$calls" "$held"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
