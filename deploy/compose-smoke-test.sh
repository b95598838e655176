#!/usr/bin/env bash
# The compose smoke test: docker-compose.yml as a user runs it, on a real Docker engine.
#
#   deploy/compose-smoke-test.sh            # docker-compose.yml
#   deploy/compose-smoke-test.sh --secure   # with docker-compose.secure.yml: Kafka over SASL_SSL,
#                                           # SCRAM users, ACLs, certificates made for the run
#
# 1. A Docker engine: uses the running one; else starts dockerd (as root), installing Debian's
#    docker.io and docker-compose first when missing.
# 2. Base images: pulled, or built locally as stand-ins when no registry answers
#    (deploy/standin-images/build-standins.sh; kept between runs).
# 3. `up --build --scale student-service=2` on a short run (KD_TRAIN_LIMIT, KD_STUDENT_EPOCHS),
#    as its own compose project (kd-smoke) so that it leaves a user's own `docker compose up` alone.
# 4. Checks: a complete comparison over REST; both workers trained a job (their DONE records on
#    kd.training-progress, read with the README's TopicDump command through `exec`); Kafka's own
#    tools answer through `exec`; no BlockedThreadChecker or unknown-topic warning in the logs;
#    `stop` ends every service within its grace period with exit 0 (Kafka: the JVM's 143 after
#    its own clean shutdown).
# 5. Always `down -v` (containers, network, Kafka's volume), also after a failure; the images stay.
# With --secure, also: every service's Kafka clients use SASL_SSL, and the broker refuses a client
# without credentials on the services' listener.
#
# Settings (environment): KD_SMOKE_TRAIN_LIMIT (default 2000), KD_SMOKE_STUDENT_EPOCHS (1),
# KD_SMOKE_PORT (the evaluator's host port, 18080), KD_SMOKE_TIMEOUT_S (the wait for a complete
# comparison, 900), KD_SMOKE_LOGS (where the services' logs are saved, target/compose-smoke),
# KD_SMOKE_REQUIRE_ENGINE (true: a machine where no Docker engine can start fails the test; by
# default it is skipped with the engine's log, as the one failure that is not the project's).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

SECURE=false
case "${1:-}" in
  "") ;;
  --secure) SECURE=true ;;
  *) echo "usage: $0 [--secure]" >&2; exit 2 ;;
esac

TRAIN_LIMIT="${KD_SMOKE_TRAIN_LIMIT:-2000}"
STUDENT_EPOCHS="${KD_SMOKE_STUDENT_EPOCHS:-1}"
PORT="${KD_SMOKE_PORT:-18080}"
TIMEOUT_S="${KD_SMOKE_TIMEOUT_S:-900}"
REQUIRE_ENGINE="${KD_SMOKE_REQUIRE_ENGINE:-false}"
if $SECURE; then
  LOGS="${KD_SMOKE_LOGS:-$ROOT/target/compose-smoke-secure}"
  PROJECT=kd-smoke-secure
  COMPOSE_FILES=(-f docker-compose.yml -f docker-compose.secure.yml)
else
  LOGS="${KD_SMOKE_LOGS:-$ROOT/target/compose-smoke}"
  PROJECT=kd-smoke
  COMPOSE_FILES=(-f docker-compose.yml)
fi
SERVICES=(teacher-service student-service evaluator-service)

# The Debian docker CLI has BuildKit built in; a docker CLI without buildx (as the docker 28 one in
# /usr/local/bin on some machines) cannot build these Dockerfiles. docker-compose 1.29 runs `docker`.
export PATH="/usr/bin:$PATH"
export COMPOSE_DOCKER_CLI_BUILD=1 DOCKER_BUILDKIT=1

started=$SECONDS
phase_start=$SECONDS
say() { echo "compose-smoke [$((SECONDS - started)) s]: $*"; }
FAILURE=""
fail() { FAILURE="$*"; echo "compose-smoke: FAILED: $*" >&2; exit 1; }
phase() { # prints how long the phase that ends took
  say "$1 ($((SECONDS - phase_start)) s)"
  phase_start=$SECONDS
}

engine_answers() { docker info >/dev/null 2>&1; }

# Starts dockerd and waits up to 90 s for its API. A first start can fail on a machine where the
# install left a stale pid file or socket behind (a CI run saw the socket refuse connections), so
# the caller tries twice; each failure shows the engine's own last words.
start_dockerd() {
  rm -f /var/run/docker.pid /var/run/docker.sock
  say "starting dockerd, attempt $1 (log: $LOGS/dockerd.log)"
  # setsid: its own session, so that no signal meant for this script's job reaches the engine
  setsid dockerd >> "$LOGS/dockerd.log" 2>&1 < /dev/null &
  DOCKERD_PID=$!
  for _ in $(seq 1 90); do
    engine_answers && return 0
    kill -0 "$DOCKERD_PID" 2>/dev/null || break
    sleep 1
  done
  local status=0
  if kill -0 "$DOCKERD_PID" 2>/dev/null; then
    say "dockerd runs but does not answer after 90 s: stopping it"
    kill "$DOCKERD_PID"
    wait "$DOCKERD_PID" 2>/dev/null || true
  else
    wait "$DOCKERD_PID" || status=$?
    say "dockerd exited with status $status"
  fi
  DOCKERD_PID=""
  tail -8 "$LOGS/dockerd.log" | sed "s/^/  dockerd: /" >&2
  return 1
}

# --- 1. Docker engine -------------------------------------------------------------------------
DOCKERD_PID=""
if ! docker info >/dev/null 2>&1; then
  if ! command -v dockerd >/dev/null 2>&1 || ! command -v docker-compose >/dev/null 2>&1; then
    [[ $EUID -eq 0 ]] || fail "no Docker engine runs and installing one needs root"
    say "installing docker.io and docker-compose (Debian)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io docker-compose >/dev/null
  fi
  [[ $EUID -eq 0 ]] || fail "no Docker engine runs and starting dockerd needs root"
  mkdir -p "$LOGS"
  if pgrep -x dockerd >/dev/null; then
    # e.g. started by docker.io's own init script during the install: wait for it, not a second one
    say "waiting for the dockerd that runs (pid $(pgrep -x dockerd | head -1))"
    for _ in $(seq 1 90); do engine_answers && break; sleep 1; done
  else
    for attempt in 1 2; do
      start_dockerd "$attempt" && break
    done
  fi
  if ! engine_answers; then
    # The one failure here that is the machine's, not the project's: say so, and what the engine
    # logged. KD_SMOKE_REQUIRE_ENGINE=true makes it fatal.
    echo "compose-smoke: the Docker engine cannot start on this machine; its last log lines:" >&2
    tail -25 "$LOGS/dockerd.log" 2>/dev/null | sed "s/^/  /" >&2
    [[ "$REQUIRE_ENGINE" == true ]] && fail "no Docker engine (KD_SMOKE_REQUIRE_ENGINE=true)"
    echo "compose-smoke: SKIPPED: no Docker engine on this machine (not a failure of the project;" \
      "KD_SMOKE_REQUIRE_ENGINE=true makes it one)" >&2
    exit 0
  fi
fi
command -v docker-compose >/dev/null 2>&1 || fail "docker-compose is missing: apt-get install docker-compose"
phase "Docker engine $(docker version --format '{{.Server.Version}}') ready"

# The teacher and evaluator refuse to start without an API password: a throwaway one for this run.
API_PASSWORD="${KD_API_PASSWORD:-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')}"
compose() {
  KD_API_PASSWORD="$API_PASSWORD" KD_TRAIN_LIMIT="$TRAIN_LIMIT" KD_STUDENT_EPOCHS="$STUDENT_EPOCHS" KD_EVALUATOR_PORT="$PORT" \
    docker-compose -p "$PROJECT" "${COMPOSE_FILES[@]}" "$@"
}
# Kafka's tools inside the broker's container: with --secure they log in as the super user, with
# the client settings deploy/secure/kafka-start.sh wrote there.
KAFKA_TOOL_AUTH=()
if $SECURE; then
  # Throwaway secrets and certificates for this run only (deploy/secure/env.example's rules).
  secret() { head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
  export KD_KAFKA_ADMIN_PASSWORD="$(secret)" KD_KAFKA_TEACHER_PASSWORD="$(secret)" \
    KD_KAFKA_STUDENT_PASSWORD="$(secret)" KD_KAFKA_EVALUATOR_PASSWORD="$(secret)" \
    KD_KAFKA_SSL_PASSWORD="$(secret)" KD_KAFKA_CERTS_DIR="$LOGS/certs"
  rm -rf "$KD_KAFKA_CERTS_DIR"
  mkdir -p "$LOGS"
  deploy/secure/generate-certs.sh "$KD_KAFKA_CERTS_DIR" > "$LOGS/generate-certs.log" 2>&1 \
    || { cat "$LOGS/generate-certs.log" >&2; fail "deploy/secure/generate-certs.sh failed"; }
  KAFKA_TOOL_AUTH=(--command-config /tmp/kd-admin.properties)
  phase "certificates and passwords for this run made ($KD_KAFKA_CERTS_DIR)"
fi

cleanup() {
  local rc=$?
  set +e
  if [[ $rc -ne 0 ]]; then
    mkdir -p "$LOGS"
    if engine_answers; then
      compose logs --no-color > "$LOGS/compose.log" 2>&1
      echo "compose-smoke: the last lines of each service (all of it: $LOGS/compose.log)" >&2
      for s in kafka "${SERVICES[@]}"; do
        compose logs --no-color --tail 15 "$s" 2>&1 | sed "s/^/  /" >&2
      done
    else
      # no service logs to show (each compose call would only print a connection traceback)
      echo "compose-smoke: the Docker engine no longer answers; ps and the engine's last log lines:" >&2
      pgrep -a dockerd >&2 || echo "  no dockerd process" >&2
      for log in "$LOGS/dockerd.log" /var/log/docker.log; do
        [[ -f "$log" ]] && { echo "  $log:" >&2; tail -30 "$log" | sed "s/^/    /" >&2; }
      done
    fi
    # again last, so that a log cut to its tail still says why
    echo "compose-smoke: FAILED: ${FAILURE:-exit status $rc}" >&2
  fi
  engine_answers && compose down -v --remove-orphans >/dev/null 2>&1
  if [[ -n "$DOCKERD_PID" ]]; then
    kill "$DOCKERD_PID" 2>/dev/null && wait "$DOCKERD_PID" 2>/dev/null
  fi
  exit $rc
}
trap cleanup EXIT

# --- 2. Base images ---------------------------------------------------------------------------
deploy/standin-images/build-standins.sh
phase "base images ready"

# --- 3. Build and start -----------------------------------------------------------------------
compose down -v --remove-orphans >/dev/null 2>&1 || true  # a run killed before its cleanup
mkdir -p "$LOGS"
compose build > "$LOGS/build.log" 2>&1 || { tail -40 "$LOGS/build.log" >&2; fail "docker-compose build failed (log: $LOGS/build.log)"; }
phase "images built (log: $LOGS/build.log)"
compose up -d --scale student-service=2 > "$LOGS/up.log" 2>&1 \
  || { cat "$LOGS/up.log" >&2; fail "docker-compose up failed"; }
phase "up: Kafka, evaluator and 2 workers healthy, teacher started (train limit $TRAIN_LIMIT, student epochs $STUDENT_EPOCHS)"

# --- 4. Checks --------------------------------------------------------------------------------
api="http://127.0.0.1:$PORT/api"
experiment=""
deadline=$((SECONDS + TIMEOUT_S))
while [[ $SECONDS -lt $deadline ]]; do
  experiment="$(curl -sf "$api/comparisons" 2>/dev/null | python3 -c '
import json, sys
done = [c["experimentId"] for c in json.load(sys.stdin) if c.get("complete")]
print(done[0] if done else "")' 2>/dev/null || true)"
  [[ -n "$experiment" ]] && break
  # kafka-setup (--secure) is a one-shot that has exited by now
  for id in $(compose ps -q kafka "${SERVICES[@]}"); do
    [[ "$(docker inspect --format '{{.State.Status}}' "$id")" == running ]] \
      || fail "$(docker inspect --format '{{.Name}}' "$id") exited before the comparison was complete"
  done
  sleep 5
done
[[ -n "$experiment" ]] || fail "no complete comparison at $api/comparisons after $TIMEOUT_S s"
phase "comparison $experiment complete"
curl -sf "$api/comparisons/$experiment/table"

# Both workers trained: the README's TopicDump command, through exec, and the DONE records'
# worker (the container's host name) for the experiment's jobs.
compose exec -T evaluator-service java -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -cp '/deployments/lib/main/*:/deployments/lib/boot/*' io.kdstream.core.tools.TopicDump \
  --topic kd.training-progress --from-beginning --idle-timeout-s 5 > "$LOGS/training-progress.jsonl" \
  || fail "TopicDump through exec failed"
# worker is "<host name>/<instance>"; a container's host name is its short id
done_hosts="$(python3 - "$LOGS/training-progress.jsonl" "$experiment" <<'EOF'
import json, sys
hosts = set()
for line in open(sys.argv[1]):
    if not line.startswith("{"):
        continue
    progress = json.loads(line)["value"]["record"]
    if progress["kind"] == "STUDENT_JOB" and progress["state"] == "DONE" \
            and progress["experimentId"] == sys.argv[2]:
        hosts.add(progress["worker"].split("/")[0])
print(" ".join(sorted(hosts)))
EOF
)"
worker_hosts="$(for id in $(compose ps -q student-service); do
  docker inspect --format '{{.Config.Hostname}}' "$id"; done | sort | tr '\n' ' ' | sed 's/ $//')"
[[ -n "$done_hosts" && "$done_hosts" == "$worker_hosts" ]] \
  || fail "the experiment's jobs ended DONE on workers '$done_hosts', expected one on each of '$worker_hosts' (records: $LOGS/training-progress.jsonl)"
say "both workers trained a job: $done_hosts"

compose exec -T kafka /opt/kafka/bin/kafka-share-groups.sh --bootstrap-server kafka:9092 \
  "${KAFKA_TOOL_AUTH[@]}" --describe --group student-service > "$LOGS/share-group.txt" 2>&1 \
  || { cat "$LOGS/share-group.txt" >&2; fail "kafka-share-groups.sh through exec failed"; }
say "Kafka's tools answer through exec (share group student-service: $LOGS/share-group.txt)"

compose logs --no-color > "$LOGS/compose.log" 2>&1
if $SECURE; then
  # Each container logs its Kafka client settings at start (KafkaClientConfig, secrets masked).
  # Through a file, not `docker logs | grep -q`: see the note on SIGPIPE under pipefail below.
  for id in $(compose ps -q "${SERVICES[@]}"); do
    docker logs "$id" > "$LOGS/client-settings.log" 2>&1
    grep -q "security.protocol=SASL_SSL" "$LOGS/client-settings.log" \
      || fail "$(docker inspect --format '{{.Name}}' "$id") did not log security.protocol=SASL_SSL ($LOGS/compose.log)"
  done
  # No credentials: a PLAINTEXT client on the services' listener never gets an answer (the broker
  # drops what is not a TLS handshake); Kafka's tool retries until `timeout` ends it.
  anonymous_rc=0
  compose exec -T kafka timeout 20 /opt/kafka/bin/kafka-topics.sh --bootstrap-server kafka:9092 \
    --list --command-config /dev/null > "$LOGS/anonymous-client.txt" 2>&1 || anonymous_rc=$?
  if [[ $anonymous_rc -eq 0 ]] || grep -q "teacher-runs" "$LOGS/anonymous-client.txt"; then
    cat "$LOGS/anonymous-client.txt" >&2
    fail "a client without credentials listed the topics (exit status $anonymous_rc)"
  fi
  say "every service on SASL_SSL; a client without credentials is refused"
fi
for pattern in "BlockedThreadChecker" "UnknownTopicOrPartitionException" "AuthorizationException" "SaslAuthenticationException"; do
  if grep -q "$pattern" "$LOGS/compose.log"; then
    grep -m 3 "$pattern" "$LOGS/compose.log" >&2
    fail "'$pattern' in the services' logs ($LOGS/compose.log)"
  fi
done

phase "checks passed"

# --- 5. Stop: every service within its grace period, exit 0 -------------------------------------
compose stop > "$LOGS/stop.log" 2>&1 || { cat "$LOGS/stop.log" >&2; fail "docker-compose stop failed"; }
phase "stopped"
bad=()
for id in $(compose ps -q); do
  read -r name code <<< "$(docker inspect --format '{{.Name}} {{.State.ExitCode}}' "$id")"
  name="${name#/}"
  say "  $name exited with $code"
  case "$name" in
    *_kafka_*)
      # The broker is a plain JVM: after its own clean shutdown it exits 128 + SIGTERM. Its log
      # goes to a file first: `docker logs | grep -q` under pipefail fails when grep stops
      # reading at the match and docker logs dies of SIGPIPE (a CI run failed this way).
      docker logs "$id" > "$LOGS/kafka.log" 2>&1
      [[ "$code" == 143 ]] && grep -q "shut down completed" "$LOGS/kafka.log" \
        || bad+=("$name: $code$(grep -q "shut down completed" "$LOGS/kafka.log" || echo ', no "shut down completed" in its log')") ;;
    *) [[ "$code" == 0 ]] || bad+=("$name: $code") ;;
  esac
done
[[ ${#bad[@]} -eq 0 ]] || fail "not stopped cleanly: ${bad[*]} (137 = killed at the end of the grace period)"
compose logs --no-color > "$LOGS/compose.log" 2>&1
say "PASSED in $((SECONDS - started)) s (logs: $LOGS)"
