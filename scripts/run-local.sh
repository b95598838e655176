#!/usr/bin/env bash
# kd-stream's one-command local run: a real Kafka broker, the teacher, two student workers and the
# evaluator, each a separate process started from the built jars; shows progress, prints the final
# comparison (teacher vs distilled student vs scratch student) and stops everything (Ctrl-C too).
#
# Prerequisite: ./mvnw -B package -DskipTests   (builds the jars)
# Environment (all optional):
#   KD_PROFILE=quick|reference   teacher profile (default quick)
#   KD_TRAIN_LIMIT=N             train/stream only the first N training images (default: all 60,000)
#   KD_STUDENT_EPOCHS=N          epochs of the standard experiment's students
#   KD_RUN_DIR=dir               where logs and the broker's data go (default runs/<timestamp>)
#   KD_KAFKA_PORT, KD_EVALUATOR_PORT, KD_TEACHER_PORT, KD_STUDENT_PORTS="8082 8083"
#   KD_TIMEOUT_S                 give up after this many seconds (default 3600)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

RUN_DIR="${KD_RUN_DIR:-runs/$(date +%Y%m%d-%H%M%S)}"
KAFKA_PORT="${KD_KAFKA_PORT:-19092}"
EVALUATOR_PORT="${KD_EVALUATOR_PORT:-8080}"
TEACHER_PORT="${KD_TEACHER_PORT:-8081}"
STUDENT_PORTS="${KD_STUDENT_PORTS:-8082 8083}"
TIMEOUT_S="${KD_TIMEOUT_S:-3600}"
DATA_DIR="${KD_DATA_DIR:-$ROOT/data/mnist}"

for jar in teacher-service evaluator-service student-service; do
  if [[ ! -f "$jar/target/quarkus-app/quarkus-run.jar" ]]; then
    echo "ERROR: $jar/target/quarkus-app/quarkus-run.jar not found: build first with './mvnw -B package -DskipTests'" >&2
    exit 1
  fi
done
if [[ ! -d local-broker/target/lib ]]; then
  echo "ERROR: local-broker/target/lib not found: build first with './mvnw -B package -DskipTests'" >&2
  exit 1
fi
scripts/fetch-mnist.sh "$DATA_DIR"

mkdir -p "$RUN_DIR"
RUN_DIR="$(cd "$RUN_DIR" && pwd)"
echo "kd-stream: logs in $RUN_DIR"

PIDS=()
cleanup() {
  trap - EXIT INT TERM
  echo "kd-stream: stopping ${#PIDS[@]} processes"
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -9 "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT
trap 'echo; echo "kd-stream: interrupted"; exit 130' INT TERM

JAVA_COMMON=(-Dai.djl.offline=true -Dai.djl.pytorch.num_threads="${KD_TORCH_THREADS:-1}"
  -Dai.djl.pytorch.num_interop_threads="${KD_TORCH_THREADS:-1}" -Xmx1g)
export OPT_OUT_TRACKING=true KD_DATA_DIR="$DATA_DIR" KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:$KAFKA_PORT"

# 1. The broker. Its stdin is a pipe held by this script, so it also exits if this script is killed -9.
mkfifo "$RUN_DIR/broker.stdin"
java -Xmx512m -cp "local-broker/target/classes:local-broker/target/lib/*" io.kdstream.broker.BrokerMain \
  --port "$KAFKA_PORT" --data-dir "$RUN_DIR/kafka" --exit-on-stdin-eof \
  < "$RUN_DIR/broker.stdin" > "$RUN_DIR/broker.log" 2>&1 &
PIDS+=($!)
exec 7> "$RUN_DIR/broker.stdin"
for _ in $(seq 1 120); do
  grep -q "ready on" "$RUN_DIR/broker.log" 2>/dev/null && break
  kill -0 "${PIDS[0]}" 2>/dev/null || { echo "ERROR: broker exited; see $RUN_DIR/broker.log" >&2; tail -20 "$RUN_DIR/broker.log" >&2; exit 1; }
  sleep 0.5
done
grep -q "ready on" "$RUN_DIR/broker.log" || { echo "ERROR: broker not ready after 60 s; see $RUN_DIR/broker.log" >&2; exit 1; }
echo "kd-stream: Kafka broker ready on $KAFKA_BOOTSTRAP_SERVERS"

start_service() { # name port log [extra java args...]
  local module="$1" port="$2" log="$3"; shift 3
  QUARKUS_HTTP_PORT="$port" java "${JAVA_COMMON[@]}" "$@" -jar "$module/target/quarkus-app/quarkus-run.jar" > "$RUN_DIR/$log" 2>&1 &
  PIDS+=($!)
  echo "kd-stream: started $module on port $port (pid $!, log $log)"
}

# 2. Evaluator and student workers first, so that they are listening when the teacher's run completes.
EVAL_ARGS=()
[[ -n "${KD_STUDENT_EPOCHS:-}" ]] && EVAL_ARGS+=(-Dkd.evaluator.standard-experiment.epochs="$KD_STUDENT_EPOCHS")
start_service evaluator-service "$EVALUATOR_PORT" evaluator.log "${EVAL_ARGS[@]}"
i=1
for port in $STUDENT_PORTS; do
  start_service student-service "$port" "student-$i.log"
  i=$((i + 1))
done
TEACHER_ARGS=(-Dkd.teacher.profile="${KD_PROFILE:-quick}")
[[ -n "${KD_TRAIN_LIMIT:-}" ]] && TEACHER_ARGS+=(-Dkd.teacher.train-limit="$KD_TRAIN_LIMIT")
start_service teacher-service "$TEACHER_PORT" teacher.log "${TEACHER_ARGS[@]}"
echo "kd-stream: dashboard at http://localhost:$EVALUATOR_PORT/ (metrics: /q/metrics of each port)"

# 3. Progress until the evaluator publishes a complete comparison.
EVAL="http://127.0.0.1:$EVALUATOR_PORT"
start=$(date +%s)
last=""
while true; do
  for pid in "${PIDS[@]}"; do
    kill -0 "$pid" 2>/dev/null || { echo "ERROR: process $pid exited early; logs in $RUN_DIR" >&2; tail -30 "$RUN_DIR"/*.log >&2; exit 1; }
  done
  status="$(curl -fsS "$EVAL/api/status" 2>/dev/null || true)"
  if [[ -n "$status" && "$status" != "$last" ]]; then
    echo "---- $(( $(date +%s) - start )) s"
    echo "$status"
    last="$status"
  fi
  complete="$(curl -fsS "$EVAL/api/comparisons" 2>/dev/null | grep -o '"experimentId":"[^"]*"[^{]*"complete":true' | head -1 | sed 's/"experimentId":"\([^"]*\)".*/\1/' || true)"
  if [[ -n "$complete" ]]; then
    echo
    echo "==== Comparison $complete ($(( $(date +%s) - start )) s)"
    curl -fsS "$EVAL/api/comparisons/$complete/table"
    curl -fsS "$EVAL/api/comparisons/$complete" > "$RUN_DIR/comparison.json"
    echo "kd-stream: comparison saved to $RUN_DIR/comparison.json"
    exit 0
  fi
  if (( $(date +%s) - start > TIMEOUT_S )); then
    echo "ERROR: no complete comparison after $TIMEOUT_S s; logs in $RUN_DIR" >&2
    exit 1
  fi
  sleep 3
done
