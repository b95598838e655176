#!/usr/bin/env bash
# What Kafka's bin/kafka-run-class.sh does for the stand-in: one JVM with every jar in libs/.
# KAFKA_HEAP_OPTS, KAFKA_LOG4J_OPTS and KAFKA_OPTS work as in Kafka's own scripts.
set -euo pipefail
: "${KAFKA_LOG4J_OPTS:=-Dlog4j2.configurationFile=/opt/kafka/config/tools-log4j2.properties}"
# shellcheck disable=SC2086 # the options are lists of words
exec java ${KAFKA_HEAP_OPTS:-} ${KAFKA_LOG4J_OPTS} ${KAFKA_OPTS:-} -cp '/opt/kafka/libs/*' "$@"
