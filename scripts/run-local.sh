#!/usr/bin/env bash
# kd-stream's one-command local run: a real Kafka broker, the teacher, two student workers and the
# evaluator, each a separate process started from the built jars; shows progress and prints the final
# comparison (teacher vs distilled student vs scratch student). The services then stay up, with the
# dashboard, until Ctrl-C; --exit-when-done stops everything once the comparison is printed.
#
# On a fresh clone it first fetches MNIST (scripts/fetch-mnist.sh) and builds the jars
# (./mvnw package -DskipTests); later runs rebuild only when a source or pom is newer than a jar.
#
# Usage: scripts/run-local.sh [--exit-when-done] [--no-build]
# Environment (all optional):
#   KD_PROFILE=quick|reference   teacher profile (default quick)
#   KD_TRAIN_LIMIT=N             train/stream only the first N training images (default: all 60,000)
#   KD_STUDENT_EPOCHS=N          epochs of the standard experiment's students
#   KD_STUDENT_REPEATS=N         seeds per student of the standard experiment (1-10, default 1): the
#                                comparison adds mean +- sd and Welch's 95% interval vs scratch
#   KD_RUN_DIR=dir               where logs and the broker's data go (default runs/<timestamp>)
#   KD_KAFKA_PORT, KD_EVALUATOR_PORT, KD_TEACHER_PORT, KD_STUDENT_PORTS="8082 8083"
#   KD_TORCH_THREADS=N           libtorch threads per service (default 1; see scripts/kd-env.sh)
#   KD_BIND_ADDRESS=addr         the services' HTTP address (default 127.0.0.1; 0.0.0.0 for the network)
#   KD_API_PASSWORD=secret       password of API user kd, needed by every POST (default: a random one,
#                                written to <run dir>/api-password, mode 600)
#   KD_TIMEOUT_S                 give up when no comparison is complete after this many seconds (default 3600)
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

EXIT_WHEN_DONE=false
BUILD=true
for arg in "$@"; do
  case "$arg" in
    --exit-when-done) EXIT_WHEN_DONE=true ;;
    --no-build) BUILD=false ;;
    -h|--help) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "ERROR: unknown argument '$arg'; usage: scripts/run-local.sh [--exit-when-done] [--no-build]" >&2; exit 2 ;;
  esac
done

scripts/fetch-mnist.sh "$DATA_DIR"

# The jars this script starts, and the sources each is built from.
SERVICES=(teacher-service student-service evaluator-service)
stale_reason() { # prints why a build is needed, nothing when every jar is newer than its sources
  local module jar newer
  [[ -d local-broker/target/lib && -f local-broker/target/classes/io/kdstream/broker/BrokerMain.class ]] \
    || { echo "local-broker/target is missing"; return; }
  for module in "${SERVICES[@]}"; do
    jar="$module/target/quarkus-app/quarkus-run.jar"
    [[ -f "$jar" ]] || { echo "$jar is missing"; return; }
    newer="$(find pom.xml distill-core/pom.xml distill-core/src local-broker/pom.xml local-broker/src \
      "$module/pom.xml" "$module/src" -type f -newer "$jar" -print -quit)"
    [[ -z "$newer" ]] || { echo "$newer is newer than $jar"; return; }
  done
}
reason="$(stale_reason)"
if [[ -n "$reason" ]]; then
  if [[ "$BUILD" != true ]]; then
    echo "ERROR: $reason; build with './mvnw -B package -DskipTests' or drop --no-build" >&2
    exit 1
  fi
  mkdir -p target
  echo "kd-stream: building the jars ($reason): ./mvnw -B package -DskipTests, log in target/run-local-build.log"
  # One progress line per module from Maven's reactor headers; the whole log goes to the file.
  if ! ./mvnw -B -ntp package -DskipTests -pl local-broker,distill-core,"$(IFS=,; echo "${SERVICES[*]}")" \
      2>&1 | tee target/run-local-build.log | grep --line-buffered -E '^\[INFO\] Building .*\[[0-9]+/[0-9]+\]|BUILD (SUCCESS|FAILURE)|Total time' \
      | sed -u 's/^\[INFO\] /kd-stream:   /'; then
    echo "ERROR: the build failed; see target/run-local-build.log" >&2
    tail -40 target/run-local-build.log >&2
    exit 1
  fi
else
  echo "kd-stream: jars are up to date"
fi
mkdir -p "$RUN_DIR"
RUN_DIR="$(cd "$RUN_DIR" && pwd)"
echo "kd-stream: logs in $RUN_DIR"

PIDS=()
cleanup() {
  trap - EXIT INT TERM
  # Stop everything even when the terminal or a pipe reading this script's output is gone already
  # (Ctrl-C on 'run-local.sh | tee log' ends tee first): no SIGPIPE, no exit on a failed echo.
  trap '' PIPE
  set +e
  echo "kd-stream: stopping ${#PIDS[@]} processes"
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -9 "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT
# Ctrl-C before the comparison is an interruption (130); after it, the normal way to stop (0).
DONE=false
trap 'trap "" PIPE; echo || true; if [[ "$DONE" == true ]]; then exit 0; fi; echo "kd-stream: interrupted" || true; exit 130' INT TERM

# shellcheck source=kd-env.sh
source scripts/kd-env.sh
# The services listen on loopback only unless KD_BIND_ADDRESS says otherwise (their APIs change state).
# Their POSTs need HTTP Basic as user kd: a random password unless KD_API_PASSWORD is given, kept in a
# file only this user can read rather than on the command line (ps would show it) or in the log.
if [[ -z "${KD_API_PASSWORD:-}" ]]; then
  KD_API_PASSWORD="$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  rm -f "$RUN_DIR/api-password"
  (umask 077 && printf '%s\n' "$KD_API_PASSWORD" > "$RUN_DIR/api-password")
  echo "kd-stream: API user kd, password in $RUN_DIR/api-password (mode 600; or set KD_API_PASSWORD)"
else
  echo "kd-stream: API user kd, password from KD_API_PASSWORD"
fi
export KD_API_PASSWORD
JAVA_COMMON=("${KD_JAVA_OPTS[@]}" -Xmx1g -Dquarkus.http.host="${KD_BIND_ADDRESS:-127.0.0.1}")
export OPT_OUT_TRACKING=true KD_DATA_DIR="$DATA_DIR" KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:$KAFKA_PORT"

# 1. The broker. Its stdin is a pipe held by this script, so it also exits if this script is killed -9.
# a run dir used before (KD_RUN_DIR) still holds the last run's pipe
rm -f "$RUN_DIR/broker.stdin"
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
  # 7>&-: only this script may hold the broker's stdin, so that the broker exits with it
  QUARKUS_HTTP_PORT="$port" java "${JAVA_COMMON[@]}" "$@" -jar "$module/target/quarkus-app/quarkus-run.jar" \
    > "$RUN_DIR/$log" 2>&1 7>&- &
  PIDS+=($!)
  echo "kd-stream: started $module on port $port (pid $!, log $log)"
}

# 2. Evaluator and student workers first, so that they are listening when the teacher's run completes.
EVAL_ARGS=()
[[ -n "${KD_STUDENT_EPOCHS:-}" ]] && EVAL_ARGS+=(-Dkd.evaluator.standard-experiment.epochs="$KD_STUDENT_EPOCHS")
[[ -n "${KD_STUDENT_REPEATS:-}" ]] && EVAL_ARGS+=(-Dkd.evaluator.standard-experiment.repeats="$KD_STUDENT_REPEATS")
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

# 3. Progress until the evaluator publishes a complete comparison; then, unless --exit-when-done, the
# services stay up (dashboard, experiment form) and every later complete comparison is printed too.
EVAL="http://127.0.0.1:$EVALUATOR_PORT"
start=$(date +%s)
last=""
declare -A PRINTED=()
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
  complete="$(curl -fsS "$EVAL/api/comparisons" 2>/dev/null | grep -o '"experimentId":"[^"]*"[^{]*"complete":true' | sed 's/"experimentId":"\([^"]*\)".*/\1/' || true)"
  for id in $complete; do
    [[ -z "${PRINTED[$id]:-}" ]] || continue
    echo
    echo "==== Comparison $id ($(( $(date +%s) - start )) s)"
    curl -fsS "$EVAL/api/comparisons/$id/table"
    [[ ${#PRINTED[@]} -gt 0 ]] && saved="$RUN_DIR/comparison-$id.json" || saved="$RUN_DIR/comparison.json"
    curl -fsS "$EVAL/api/comparisons/$id" > "$saved"
    echo "kd-stream: comparison saved to $saved"
    PRINTED[$id]=1
    [[ "$EXIT_WHEN_DONE" == true ]] && exit 0
    if [[ ${#PRINTED[@]} -eq 1 ]]; then
      echo "kd-stream: done. The services stay up: dashboard at http://localhost:$EVALUATOR_PORT/ (submit more"
      echo "           experiments there or with POST /api/experiments, as user kd with the API password)."
      echo "           Ctrl-C stops everything."
      DONE=true
    fi
  done
  if [[ ${#PRINTED[@]} -eq 0 ]] && (( $(date +%s) - start > TIMEOUT_S )); then
    echo "ERROR: no complete comparison after $TIMEOUT_S s; logs in $RUN_DIR" >&2
    exit 1
  fi
  sleep 3
done
