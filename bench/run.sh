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
#   bench/run.sh fanout [opts]      gateway fan-out against a bare Vert.x broadcast server (the ceiling, a JVM of
#                                   its own), alternating windows, CPU profiles of the gateway and the ceiling, two gateway
#                                   instances (both profiled), and memory per idle connection; options (defaults): --duration=20
#                                   --warmup=5 --rounds=1 --sockets=200 --users=20 --size=100 --rates=100,300
#                                   (messages/s into the room, then saturation) --inflight=50 --service-warmup=30 --profile=true
#                                   --two-instances=true --idle=20000 (0: none) --chat-rooms=1000 (0: none)
#                                   --open-timeout=600 (s, idle sockets) --idle-stomp=false (true: the idle sockets are
#                                   /stomp sessions, CONNECTed) --idle-browser-headers=false (true: their upgrades
#                                   also send what Chromium sends: User-Agent, Accept-*, Cache-Control, Pragma,
#                                   Sec-WebSocket-Extensions) --chat-members=10 --chat-rate=200
#                                   --chat-duration=20 --scale=0 (sockets toward
#                                   which to scale, from 127.0.0.2… --per-address=25000) --scale-timeout=600
#                                   --fanout=true (false: skip the ceiling comparison, for the other scenarios)
#                                   --gateway-java-options="-Dname=value ..." (added to every gateway's JVM options)
#                                   --ceiling-native-transport=false (true: the ceiling on epoll, as the gateway is)
#                                   --label=before (results.md block fanout-LABEL, bench/profiles/fanout-LABEL*)
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
if [ "${1:-}" = "fanout" ]; then
  main=io.chat.bench.FanoutBenchmark
  shift
  # Tens of thousands of sockets: the gateway (a child) and the load client each hold one descriptor per socket.
  ulimit -n "$(cat /proc/sys/fs/nr_open)" 2>/dev/null || ulimit -n "$(ulimit -Hn)"
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
