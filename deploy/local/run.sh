#!/usr/bin/env bash
# Builds the services and starts the whole system on this machine: embedded PostgreSQL and Kafka,
# then every service on its local port. Ctrl-C stops everything it started.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
if [ "${SKIP_BUILD:-false}" != "true" ]; then
  ./mvnw -B -q package -DskipTests
fi
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
exec "$java_bin" -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -cp "deploy/local/target/classes:$(cat deploy/local/target/classpath.txt)" \
  io.chat.local.LocalStack "$root"
