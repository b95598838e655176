#!/usr/bin/env bash
# kd-stream's throughput bench, next to the PyTorch peer, in one run; apart from the tests.
#
#   1. loops:    kd-stream's training and inference loops in one JVM (io.kdstream.bench.LoopBench):
#                teacher, scratch student, distilled student fed from memory, teacher inference;
#                then the time per call of each layer (io.kdstream.bench.OpBench).
#   2. peer:     ../shared/peers/pytorch/seed_kd.py bench with the same batch size and threads, the
#                same three quick trainings one after the other, and the same layers timed by
#                bench/src/main/python/ops_peer.py (when /usr/bin/python3 has torch).
#   3. pipeline: scripts/run-local.sh --exit-when-done with the quick profile, twice: with 1 student
#                worker (each student alone, fed by the Kafka replay, to compare with the loop fed
#                from memory), then with KD_BENCH_WORKERS (the whole run, start-up times, teacher
#                training and logit streaming, each service's peak RSS).
#   4. report:   io.kdstream.bench.BenchReport prints the table (ours, PyTorch, ratio, goal) and
#                writes it as JSON.
#
# Run it on an otherwise idle machine: windows that another process disturbed are dropped.
# Usage: scripts/bench.sh [--skip-pipeline] [--skip-peer]
# Environment (all optional):
#   KD_TORCH_THREADS=1        libtorch intra-op threads, for us and the peer (default 1)
#   KD_BENCH_BATCH=64         batch size of every loop (default 64, the quick profile's)
#   KD_BENCH_WINDOWS=5        timed windows per loop (default 5), of KD_BENCH_WINDOW_BATCHES=60 batches
#   KD_BENCH_WORKERS=2        student workers in the pipeline run (default 2)
#   KD_BENCH_DIR=dir          where results go (default target/bench/<timestamp>)
#   KD_PEER=path              the peer script (default ../shared/peers/pytorch/seed_kd.py)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

PIPELINE=true
PEER_RUN=true
for arg in "$@"; do
  case "$arg" in
    --skip-pipeline) PIPELINE=false ;;
    --skip-peer) PEER_RUN=false ;;
    -h|--help) sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "ERROR: unknown argument '$arg'; usage: scripts/bench.sh [--skip-pipeline] [--skip-peer]" >&2; exit 2 ;;
  esac
done

THREADS="${KD_TORCH_THREADS:-1}"
BATCH="${KD_BENCH_BATCH:-64}"
WINDOWS="${KD_BENCH_WINDOWS:-5}"
WINDOW_BATCHES="${KD_BENCH_WINDOW_BATCHES:-60}"
WORKERS="${KD_BENCH_WORKERS:-2}"
OUT="${KD_BENCH_DIR:-target/bench/$(date +%Y%m%d-%H%M%S)}"
PEER="${KD_PEER:-$ROOT/../shared/peers/pytorch/seed_kd.py}"
DATA_DIR="${KD_DATA_DIR:-$ROOT/data/mnist}"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"

scripts/fetch-mnist.sh "$DATA_DIR"
echo "bench: building (./mvnw -B -q package -DskipTests), log in $OUT/build.log"
./mvnw -B package -DskipTests > "$OUT/build.log" 2>&1 || { tail -40 "$OUT/build.log" >&2; echo "ERROR: the build failed; see $OUT/build.log" >&2; exit 1; }

# The services' own JVM settings (scripts/kd-env.sh): one libtorch thread pool size, offline DJL, malloc.
# shellcheck source=kd-env.sh
KD_TORCH_THREADS="$THREADS" source scripts/kd-env.sh
BENCH_CP="bench/target/classes:bench/target/lib/*"

echo "bench: 1/4 kd-stream loops (batch $BATCH, $THREADS thread(s), $WINDOWS windows of $WINDOW_BATCHES batches)"
java "${KD_JAVA_OPTS[@]}" -cp "$BENCH_CP" io.kdstream.bench.LoopBench --data "$DATA_DIR" \
  --batch-size "$BATCH" --windows "$WINDOWS" --window-batches "$WINDOW_BATCHES" --json "$OUT/loops.jsonl" \
  2>&1 | grep -v '^\[main\] INFO' | tee "$OUT/loops.log"

echo "bench: 1/4 kd-stream per-operation times (io.kdstream.bench.OpBench)"
java "${KD_JAVA_OPTS[@]}" -cp "$BENCH_CP" io.kdstream.bench.OpBench --batch-size "$BATCH" 2>&1 \
  | grep -E '^(op|ops:) ' | tee "$OUT/ops.txt"

HAVE_TORCH=false
[[ -f "$PEER" ]] && /usr/bin/python3 -c 'import torch' 2>/dev/null && HAVE_TORCH=true
if [[ "$PEER_RUN" == true ]]; then
  if [[ "$HAVE_TORCH" == true ]]; then
    echo "bench: 2/4 PyTorch peer ($PEER, and bench/src/main/python/ops_peer.py)"
    /usr/bin/python3 bench/src/main/python/ops_peer.py --batch-size "$BATCH" --threads "$THREADS" | tee "$OUT/ops-peer.txt"
    # the quick profile: teacher 3 epochs at lr 0.05, students 3 epochs at lr 0.005, alpha 0.1, T 10
    start=$(date +%s.%N)
    /usr/bin/python3 "$PEER" teacher --data "$DATA_DIR" --teacher-epochs 3 --lr 0.05 --batch-size "$BATCH" \
      --threads "$THREADS" --seed 42 --teacher-ckpt "$OUT/peer-teacher.pt" --json "$OUT/peer-train.jsonl" > "$OUT/peer-train.log" 2>&1
    /usr/bin/python3 "$PEER" student --data "$DATA_DIR" --teacher-ckpt "$OUT/peer-teacher.pt" --student-epochs 3 \
      --lr 0.005 --batch-size "$BATCH" --threads "$THREADS" --loss hinton none --json "$OUT/peer-train.jsonl" >> "$OUT/peer-train.log" 2>&1
    end=$(date +%s.%N)
    echo "{\"kind\":\"peer_quick_experiment\",\"seconds\":$(awk "BEGIN {print $end - $start}")}" >> "$OUT/peer.jsonl"
    /usr/bin/python3 "$PEER" bench --data "$DATA_DIR" --teacher-ckpt "$OUT/peer-teacher.pt" --threads "$THREADS" \
      --batch-size "$BATCH" --bench-batches "$WINDOW_BATCHES" --bench-reps "$WINDOWS" \
      --bench-kinds teacher_train student_none student_hinton teacher_infer --json "$OUT/peer.jsonl" 2>&1 \
      | grep -E '^bench|torch ' | tee "$OUT/peer.log"
  else
    echo "bench: 2/4 skipped: no PyTorch peer (needs $PEER and Debian's python3-torch: see its README)"
  fi
fi

# run_pipeline WORKERS NAME: scripts/run-local.sh --exit-when-done into $OUT/NAME, with each service's
# peak RSS (VmHWM, sampled every second while it runs) in $OUT/NAME-rss.txt and the wall time in
# $OUT/NAME-wall.txt
run_pipeline() {
  local workers="$1" name="$2" ports="" i start end runner module pid kb key
  for ((i = 0; i < workers; i++)); do ports="$ports $((18182 + i))"; done
  local rss="$OUT/$name-rss.txt"
  : > "$rss"
  start=$(date +%s.%N)
  KD_RUN_DIR="$OUT/$name" KD_PROFILE=quick KD_KAFKA_PORT=19192 KD_EVALUATOR_PORT=18180 KD_TEACHER_PORT=18181 \
    KD_STUDENT_PORTS="${ports# }" KD_TORCH_THREADS="$THREADS" \
    scripts/run-local.sh --exit-when-done --no-build > "$OUT/$name.log" 2>&1 &
  runner=$!
  declare -A peak=()
  while kill -0 "$runner" 2>/dev/null; do
    while read -r module pid; do
      kb="$(awk '/^VmHWM:/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)"
      [[ -n "$kb" ]] && (( kb > ${peak[$module/$pid]:-0} )) && peak[$module/$pid]=$kb
    done < <(sed -n 's/^kd-stream: started \([a-z-]*\) on port [0-9]* (pid \([0-9]*\),.*/\1 \2/p' "$OUT/$name.log")
    sleep 1
  done
  wait "$runner" || { tail -30 "$OUT/$name.log" >&2; echo "ERROR: the pipeline run failed; see $OUT/$name.log" >&2; exit 1; }
  end=$(date +%s.%N)
  awk "BEGIN {print $end - $start}" > "$OUT/$name-wall.txt"
  for key in "${!peak[@]}"; do echo "${key%/*} ${key#*/} ${peak[$key]}" >> "$rss"; done
}

if [[ "$PIPELINE" == true ]]; then
  # one worker: the two students train one after the other, each alone on the machine as the loops
  # above did, so the replay's rate compares with the loop fed from memory
  echo "bench: 3/4 the quick experiment with 1 student worker (students fed by the Kafka replay, in turn)"
  run_pipeline 1 pipeline-1worker
  echo "bench: 3/4 the quick experiment with $WORKERS student workers (whole run, start-up, peak RSS)"
  run_pipeline "$WORKERS" pipeline
fi

echo "bench: 4/4 report"
java -cp "$BENCH_CP" io.kdstream.bench.BenchReport --dir "$OUT" | tee "$OUT/report.md"
echo "bench: results in $OUT (report.md, bench.json)"
