#!/usr/bin/env bash
# The one-shot kafka-setup service of docker-compose.secure.yml: as the super user (admin), creates
# kd-stream's topics (topics.conf, the same as io.kdstream.core.messaging.KdTopics; the services run
# with KD_TOPICS_CREATE=false) and grants each service's SCRAM user its ACLs (acls.conf). Idempotent:
# `--if-not-exists`, and adding an ACL that exists is a no-op. The services start once it exits 0.
set -euo pipefail
: "${KD_KAFKA_ADMIN_PASSWORD:?set KD_KAFKA_ADMIN_PASSWORD (see deploy/secure/env.example)}"
: "${KD_KAFKA_SSL_PASSWORD:?set KD_KAFKA_SSL_PASSWORD (see deploy/secure/env.example)}"
: "${KAFKA_BOOTSTRAP_SERVERS:?set KAFKA_BOOTSTRAP_SERVERS, e.g. kafka:9092}"
: "${KAFKA_SSL_TRUSTSTORE_LOCATION:?set KAFKA_SSL_TRUSTSTORE_LOCATION, the truststore of generate-certs.sh}"
prefix="${KD_TOPICS_PREFIX-kd.}"
# The image's tools; KD_KAFKA_BIN only for a dry run with stand-in tools (not KAFKA_*: the image
# turns every KAFKA_* variable into a broker setting).
bin="${KD_KAFKA_BIN:-/opt/kafka/bin}"
if [[ ! -f "$KAFKA_SSL_TRUSTSTORE_LOCATION" ]]; then
  echo "$KAFKA_SSL_TRUSTSTORE_LOCATION is missing: run deploy/secure/generate-certs.sh (or set KD_KAFKA_CERTS_DIR) before compose up" >&2
  exit 2
fi
here="$(dirname "$0")"
# The tools log to LOG_DIR; the root filesystem is read-only.
export LOG_DIR=/tmp/kafka-logs

admin=/tmp/kd-admin.properties
umask 077
cat > "$admin" <<PROPS
security.protocol=SASL_SSL
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="${KD_KAFKA_ADMIN_PASSWORD}";
ssl.truststore.location=${KAFKA_SSL_TRUSTSTORE_LOCATION}
ssl.truststore.password=${KD_KAFKA_SSL_PASSWORD}
ssl.truststore.type=PKCS12
PROPS

# topics.conf: <name without prefix> <partitions> [key=value,...]
while read -r name partitions configs; do
  [[ -z "$name" || "$name" == \#* ]] && continue
  args=()
  if [[ -n "${configs:-}" ]]; then
    IFS=',' read -ra pairs <<< "$configs"
    for pair in "${pairs[@]}"; do args+=(--config "$pair"); done
  fi
  "$bin/kafka-topics.sh" --bootstrap-server "$KAFKA_BOOTSTRAP_SERVERS" \
    --command-config "$admin" --create --if-not-exists --topic "$prefix$name" \
    --partitions "$partitions" --replication-factor 1 "${args[@]}"
done < "$here/topics.conf"

# acls.conf: <user> <operation> <topic|group> <name> <literal|prefixed>; topic names get the prefix.
# Lines of one user, operation, resource type and pattern go into one kafka-acls.sh call (a JVM start each,
# seconds on a small machine): the call grants the operation on every resource it names.
declare -A resources=()
order=()
while read -r user operation type name pattern; do
  [[ -z "$user" || "$user" == \#* ]] && continue
  case "$type" in
    topic) resource="--topic $prefix$name" ;;
    group) resource="--group $name" ;;
    *) echo "acls.conf: unknown resource type '$type' (topic or group)" >&2; exit 2 ;;
  esac
  batch="$user $operation $type $pattern"
  [[ -v "resources[$batch]" ]] || order+=("$batch")
  resources[$batch]+=" $resource"
done < "$here/acls.conf"
for batch in "${order[@]}"; do
  read -r user operation _ pattern <<< "$batch"
  # word splitting of the resource list is intended: names have no spaces (KdTopics, group ids)
  # shellcheck disable=SC2086
  "$bin/kafka-acls.sh" --bootstrap-server "$KAFKA_BOOTSTRAP_SERVERS" \
    --command-config "$admin" --add --allow-principal "User:$user" --operation "$operation" \
    ${resources[$batch]} --resource-pattern-type "$pattern"
done
echo "kafka-setup: topics and ACLs in place"
