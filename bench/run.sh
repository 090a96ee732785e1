#!/usr/bin/env bash
# Packages the services, starts a private stack on free ports (state in bench/target), runs benchmarks
# against it through the public API and writes their section of bench/results.md.
#
#   bench/run.sh                    chat-service, relay and gateway figures (sequential/parallel posts, fan-out, memory)
#   bench/run.sh write-path [opts]  the write path against the same transaction over JDBC, fsync off and on,
#                                   with a CPU profile of chat-service; options (defaults):
#                                   --duration=60 --warmup=10 --service-warmup=240 --rounds=2 --clients=64
#                                   --rate=1000 (a comma list runs one open loop per rate) --fsync=off,on
#                                   --label=before (results.md block and bench/profiles name: write-path-LABEL)
#                                   --profile=true (false: no profiled run) --chat-env=NAME=VALUE
#   bench/run.sh transports         deliveries/s and POST→delivery latency per gateway transport (/ws, /events,
#                                   /poll, /stomp): 20 members of one room, 20 posts/s for 30 s each
#
# SKIP_BUILD=true skips the build.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
main=io.chat.bench.ChatBenchmark
if [ "${1:-}" = "write-path" ]; then
  main=io.chat.bench.WritePathBenchmark
  shift
fi
if [ "${1:-}" = "transports" ]; then
  main=io.chat.bench.TransportBenchmark
  shift
fi
if [ "${SKIP_BUILD:-false}" != "true" ]; then
  ./mvnw -B -q package -DskipTests
fi
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
exec "$java_bin" -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
  "$main" "$root" "$@"
