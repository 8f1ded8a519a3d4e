#!/usr/bin/env bash
# What a fresh JVM pays for InfraAware before and while it skips: the cost every Surefire fork,
# Gradle test JVM and IDE click pays. Generates CLASSES test classes, runs each variant with JUnit's
# console launcher in a new JVM, interleaved, and prints the median wall time of each variant and
# its difference from the same classes skipped by @Disabled:
#
#   disabled  every class @Disabled                                  (the reference)
#   refused   every class @RequiresService("svc"), svc a closed port
#   hung      every class @RequiresService("svc"), svc a listener that never answers
#
# Usage: extensions/bench/fresh-jvm-skip.sh [rounds, default 5] [classes, default 200] [probe timeout, default 2s]
# Builds the module's jars itself (offline);
# JARS=dir/with/jars uses other builds' jars instead (to compare before and after side by side:
# JARS_B=... runs a second set in the same rounds).
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-5}
classes=${2:-200}
timeout=${3:-2s}
junit_version=${JUNIT_VERSION:-6.1.3}

work=$(mktemp -d /tmp/infraaware-fresh-jvm.XXXXXX)
trap 'kill "${hung_pid:-}" 2>/dev/null || true; rm -rf "$work"' EXIT

console="$HOME/.m2/repository/org/junit/platform/junit-platform-console-standalone/$junit_version/junit-platform-console-standalone-$junit_version.jar"
if [ ! -f "$console" ]; then
  ./mvnw -q dependency:get -Dartifact="org.junit.platform:junit-platform-console-standalone:$junit_version" >/dev/null
fi

classpath_of() { # the library's jars plus what they need at run time
  local jars=$1
  if [ -z "$jars" ]; then
    # packaged in the same call: the reactor resolves the framework to its jar only then
    ./mvnw -q -o -pl extensions -am -DskipTests -Dspotless.check.skip=true package \
      dependency:build-classpath -DincludeScope=runtime -Dmdep.outputFile=target/runtime-classpath.txt >&2
    echo "extensions/target/classes:$(cat extensions/target/runtime-classpath.txt)"
  else
    ls "$jars"/*.jar | tr '\n' ':'
  fi
}
cp_a=$(classpath_of "${JARS:-}")
cp_b=${JARS_B:+$(classpath_of "$JARS_B")}

# The generated suite: one source tree per variant, compiled once against the library.
generate() { # variant annotation
  local dir=$work/src/$1
  mkdir -p "$dir/bench"
  for i in $(seq 1 "$classes"); do
    cat >"$dir/bench/C${i}Test.java" <<EOF
package bench;
$2
class C${i}Test {
  @org.junit.jupiter.api.Test void a() {}
  @org.junit.jupiter.api.Test void b() {}
}
EOF
  done
  mkdir -p "$work/classes/$1"
  javac -nowarn -d "$work/classes/$1" -cp "$console:$cp_a" "$dir"/bench/*.java
}
generate disabled '@org.junit.jupiter.api.Disabled'
generate aware '@io.infraaware.junit.RequiresService("svc")'

closed_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
python3 - "$work/hung.port" <<'EOF' &
import socket, sys, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 0)); s.listen(512)
open(sys.argv[1], "w").write(str(s.getsockname()[1]))
held = []
while True:
    c, _ = s.accept(); held.append(c)   # accepts and never answers
EOF
hung_pid=$!
while [ ! -s "$work/hung.port" ]; do sleep 0.05; done
hung_port=$(cat "$work/hung.port")

run() { # classpath variant url -> milliseconds
  local cp=$1 variant=$2 url=${3:-}
  local report=$work/report-$RANDOM
  local start end
  start=$(date +%s%N)
  java -Xshare:auto -cp "$console:$cp:$work/classes/$variant" \
    ${url:+-Dinfra.services.svc.url=$url} -Dinfra.probe.timeout="$timeout" \
    -Dinfra.report.dir="$report" \
    org.junit.platform.console.ConsoleLauncher execute --disable-banner --details=summary \
    --select-package bench >"$work/out.txt" 2>&1 || {
    echo "the $variant run failed (a skip must not fail the run):" >&2
    tail -20 "$work/out.txt" >&2
    exit 1
  }
  end=$(date +%s%N)
  # a run that skipped nothing measured nothing
  grep -Eq "($classes containers|$((2 * classes)) tests) (skipped|aborted)" "$work/out.txt" || {
    echo "the $variant run did not skip all $((2 * classes)) tests:" >&2
    tail -20 "$work/out.txt" >&2
    exit 1
  }
  rm -rf "$report"
  echo $(((end - start) / 1000000))
}

declare -A times
variants="disabled refused hung"
sets="a${cp_b:+ b}"
echo "fresh-JVM skip benchmark: $classes classes x 2 tests, $rounds rounds, probe timeout $timeout, JUnit $junit_version; load $(cut -d' ' -f1-3 /proc/loadavg)"
run "$cp_a" disabled >/dev/null # warm the file cache
for round in $(seq 1 "$rounds"); do
  for set in $sets; do
    cp=$cp_a; [ "$set" = b ] && cp=$cp_b
    times[$set-disabled]+=" $(run "$cp" disabled)"
    times[$set-refused]+=" $(run "$cp" aware "redis://127.0.0.1:$closed_port")"
    times[$set-hung]+=" $(run "$cp" aware "redis://127.0.0.1:$hung_port")"
  done
done
median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# the difference within each round (the runs of a round are back to back): steadier than the
# difference of two medians when the machine's speed drifts between rounds
paired() { # set variant -> median of the round-by-round differences to @Disabled
  paste -d' ' <(echo "${times[$1-$2]}" | tr ' ' '\n' | grep -v '^$') \
    <(echo "${times[$1-disabled]}" | tr ' ' '\n' | grep -v '^$') |
    awk '{print $1 - $2}' | median
}
for set in $sets; do
  if [ "$set" = a ]; then label=${JARS:-this build}; else label=$JARS_B; fi
  base=$(echo "${times[$set-disabled]}" | median)
  echo "[$label]"
  for v in $variants; do
    m=$(echo "${times[$set-$v]}" | median)
    printf '  %-9s median %6d ms  (%+d ms against @Disabled; paired by round %+d ms)   runs:%s\n' \
      "$v" "$m" $((m - base)) "$(paired "$set" "$v")" "${times[$set-$v]}"
  done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
