#!/usr/bin/env bash
# Stand-in for the UBI OpenJDK images' run-java.sh, reduced to what kd-stream's images use: the JVM
# replaces this shell (exec), so it is PID 1's direct child of docker-init or PID 1 itself and
# receives SIGTERM from `docker stop`.
set -euo pipefail
cd "${JAVA_APP_DIR:-/deployments}"
: "${JAVA_APP_JAR:?JAVA_APP_JAR is not set: the image must name the jar to run}"
default_opts="-XX:MaxRAMPercentage=80.0 -XX:+UseParallelGC -XX:+ExitOnOutOfMemoryError"
# shellcheck disable=SC2086 # the options are a list of words
exec java ${JAVA_OPTS:-$default_opts} ${JAVA_OPTS_APPEND:-} -jar "$JAVA_APP_JAR" "$@"
