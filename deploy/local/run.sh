#!/usr/bin/env bash
# Builds the services and starts the whole system on this machine: embedded PostgreSQL and Kafka,
# then every service on its local port. Ctrl-C stops everything it started.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
if [ "${SKIP_BUILD:-false}" != "true" ]; then
  echo "Building the services (the first build downloads dependencies and takes a few minutes) ..."
  ./mvnw -B package -DskipTests | grep --line-buffered -E '^\[INFO\] Building |BUILD|ERROR' | sed -u 's/^\[INFO\] //'
fi
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
exec "$java_bin" -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -cp "deploy/local/target/classes:$(cat deploy/local/target/classpath.txt)" \
  io.chat.local.LocalStack "$root"
