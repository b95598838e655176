#!/usr/bin/env bash
# The broker's entrypoint in docker-compose.secure.yml: formats the storage with the SCRAM-SHA-512
# credentials of the super user and the three services (KIP-900: a KRaft broker can authenticate no
# one before its metadata holds a credential, so they are written at format time), then hands over
# to the image's own start script (/etc/kafka/docker/run), which turns the KAFKA_* variables into
# server.properties as usual and finds the storage already formatted.
#
# Credentials are set on the first start only (--ignore-formatted keeps a formatted volume as is).
# To change a password later: kafka-configs.sh --alter --entity-type users --entity-name <user>
# --add-config 'SCRAM-SHA-512=[password=...]' as the admin, or `docker compose down -v` (drops data).
set -euo pipefail
for var in KD_KAFKA_ADMIN_PASSWORD KD_KAFKA_TEACHER_PASSWORD KD_KAFKA_STUDENT_PASSWORD \
    KD_KAFKA_EVALUATOR_PASSWORD KD_KAFKA_SSL_PASSWORD; do
  value="${!var:-}"
  # They end up inside JAAS and --add-scram strings, where quotes, commas or brackets would break
  # the syntax: letters, digits, '-', '_' and '.' only.
  if [[ ! "$value" =~ ^[A-Za-z0-9._-]{12,}$ ]]; then
    echo "$var must be at least 12 characters of [A-Za-z0-9._-] (see deploy/secure/env.example)" >&2
    exit 2
  fi
done

# Docker creates an empty directory where a bind mount's source is missing: name the fix instead of
# letting the broker fail on an unreadable keystore.
for store in "$KAFKA_SSL_KEYSTORE_LOCATION" "$KAFKA_SSL_TRUSTSTORE_LOCATION"; do
  if [[ ! -f "$store" ]]; then
    echo "$store is missing: run deploy/secure/generate-certs.sh (or set KD_KAFKA_CERTS_DIR) before compose up" >&2
    exit 2
  fi
done
# The image's tools; KD_KAFKA_BIN only for a dry run with stand-in tools (not KAFKA_*: the image
# turns every KAFKA_* variable into a broker setting).
bin="${KD_KAFKA_BIN:-/opt/kafka/bin}"

# The image's default cluster id, as its run script uses (a single-node cluster needs no other).
export CLUSTER_ID="${CLUSTER_ID:-5L6g3nShT-eMCtK--X86sw}"
# Formatting reads only the node's identity, roles, quorum and log directories; the listeners'
# security does not matter here, so this file stays plaintext and is never used to serve.
format_config=/tmp/kd-format.properties
cat > "$format_config" <<PROPS
process.roles=${KAFKA_PROCESS_ROLES}
node.id=${KAFKA_NODE_ID}
controller.quorum.voters=${KAFKA_CONTROLLER_QUORUM_VOTERS}
controller.listener.names=${KAFKA_CONTROLLER_LISTENER_NAMES}
listeners=CLIENT://:9092,CONTROLLER://127.0.0.1:9093
listener.security.protocol.map=CLIENT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=CLIENT
log.dirs=${KAFKA_LOG_DIRS}
PROPS
"$bin/kafka-storage.sh" format --cluster-id "$CLUSTER_ID" --config "$format_config" \
  --ignore-formatted \
  --add-scram "SCRAM-SHA-512=[name=admin,password=${KD_KAFKA_ADMIN_PASSWORD}]" \
  --add-scram "SCRAM-SHA-512=[name=teacher-service,password=${KD_KAFKA_TEACHER_PASSWORD}]" \
  --add-scram "SCRAM-SHA-512=[name=student-service,password=${KD_KAFKA_STUDENT_PASSWORD}]" \
  --add-scram "SCRAM-SHA-512=[name=evaluator-service,password=${KD_KAFKA_EVALUATOR_PASSWORD}]"
rm -f "$format_config"

# The admin's client settings, for the health check (kafka-broker-api-versions.sh) and for
# `docker compose exec kafka <tool> --command-config /tmp/kd-admin.properties`.
umask 077
cat > /tmp/kd-admin.properties <<PROPS
security.protocol=SASL_SSL
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="${KD_KAFKA_ADMIN_PASSWORD}";
ssl.truststore.location=${KAFKA_SSL_TRUSTSTORE_LOCATION}
ssl.truststore.password=${KD_KAFKA_SSL_PASSWORD}
ssl.truststore.type=PKCS12
PROPS
exec /etc/kafka/docker/run
