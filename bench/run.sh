#!/usr/bin/env bash
# Packages the services, starts a private stack on free ports (state in bench/target/state), runs the
# benchmarks against it through the public API and writes bench/results.md.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
./mvnw -B -q package -DskipTests
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
exec "$java_bin" -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
  io.chat.bench.ChatBenchmark "$root" "$@"
