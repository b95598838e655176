#!/usr/bin/env bash
# Prints kd-stream topics as JSON lines, decoding our Avro records (io.kdstream.core.tools.TopicDump).
#
# Prerequisite: ./mvnw -B package -DskipTests   (builds distill-core/target/classes and target/lib)
# Examples:
#   scripts/topic-dump.sh --bootstrap-server localhost:29092 --topic kd.comparisons --from-beginning
#   scripts/topic-dump.sh --bootstrap-server localhost:19092 --all --from-beginning --idle-timeout-s 5
#   scripts/topic-dump.sh --topic kd.teacher-logits --max-records 1 --tensors
# Options: --bootstrap-server HOST:PORT (default $KAFKA_BOOTSTRAP_SERVERS, else localhost:9092),
#   --topic NAME (repeatable) | --all [--prefix kd.], --from-beginning, --max-records N,
#   --idle-timeout-s S, --tensors | --base64. It joins no consumer group and commits nothing.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
if [[ ! -d "$ROOT/distill-core/target/classes/io/kdstream/core/tools" || ! -d "$ROOT/distill-core/target/lib" ]]; then
  echo "ERROR: distill-core is not built: run './mvnw -B package -DskipTests' first" >&2
  exit 1
fi
exec java -cp "$ROOT/distill-core/target/classes:$ROOT/distill-core/target/lib/*" io.kdstream.core.tools.TopicDump "$@"
