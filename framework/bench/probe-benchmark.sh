#!/usr/bin/env bash
# Probes the machine's PostgreSQL, Redis, MariaDB, RabbitMQ, NATS and Mosquitto from fresh JVMs,
# as a test run's first probes are, beside CPU-bound processes (a busy CI runner), and sums up:
# how often each was UP, and the latency the probe reported (what the network and the peer took).
#
#   framework/bench/probe-benchmark.sh [runs=10] [hogs=2] [timeout=500ms]
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-10}
hogs=${2:-2}
timeout=${3:-500ms}

cp_file=$(mktemp)
# the reactor order ends with framework, whose class path is the one written last
./mvnw -q -B -pl framework -am test-compile dependency:build-classpath -Dspotless.check.skip=true \
  -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test
classpath="framework/target/test-classes:framework/target/classes:$(cat "$cp_file")"
rm -f "$cp_file"

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT
for ((i = 0; i < hogs; i++)); do
  # bounded: a forgotten hog dies after 10 minutes
  timeout 600 sh -c 'while :; do :; done' &
  pids+=($!)
done

results=$(mktemp)
for ((run = 1; run <= runs; run++)); do
  java -Djdk.net.hosts.file=.mvn/test-hosts -cp "$classpath" \
    io.infraaware.probe.bench.ProbeLatencyBenchmark "$timeout" >>"$results"
done
cleanup

echo "$runs fresh JVMs, $hogs CPU hogs, infra.probe.timeout=$timeout, $(nproc) cores"
printf '%-10s %8s %12s %12s %12s\n' service up latency-p50 latency-max first-wall
for service in postgres redis mariadb rabbitmq nats mqtt; do
  awk -v s="$service" -v runs="$runs" '
    $1 == s { n++; if ($2 == "UP") up++; lat[n] = $3; if ($3 > max) max = $3; if (n == 1 || $4 > wall) wall = $4 }
    END {
      asort(lat)
      printf "%-10s %5d/%-2d %10.1fms %10.1fms %10dms\n", s, up, runs, lat[int((n + 1) / 2)], max, wall
    }' "$results"
done
rm -f "$results"
