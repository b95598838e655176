package io.kdstream.student.training;

import io.kdstream.core.data.Mnist;
import io.kdstream.core.data.MnistSplit;
import io.kdstream.core.job.JobSpec;
import io.kdstream.core.loss.DistillationLoss.Mode;
import io.kdstream.core.messaging.KafkaUnavailableException;
import io.kdstream.core.run.OffsetRange;
import io.kdstream.core.run.RunManifest;
import io.kdstream.core.schema.RunStatus;
import io.kdstream.core.training.BatchIterator;
import io.kdstream.core.training.EpochSource;
import io.kdstream.core.training.TeacherSignal;
import io.kdstream.student.domain.StudentCheckpoint;
import io.quarkus.test.Mock;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * Stand-ins for the three Kafka look-ups in {@code @QuarkusTest}s, where channels are in-memory and
 * there is no broker to read teacher runs, checkpoints and logits from.
 *
 * <p>Two teacher runs exist: {@value #COMPLETE_RUN} (256 MNIST images with fixed random logits) and
 * {@value #STREAMING_RUN}. Checkpoints are whatever a test puts in {@link #CHECKPOINTS}.
 */
public final class InMemoryFakes {

    /** A COMPLETE run of 256 images. */
    public static final String COMPLETE_RUN = "run-complete";

    /** A run still STREAMING. */
    public static final String STREAMING_RUN = "run-streaming";

    /** The checkpoints {@link FakeJobCheckpoints} knows, by job id. */
    public static final Map<String, StudentCheckpoint> CHECKPOINTS = new ConcurrentHashMap<>();

    /** A job's checkpoints, newest first, where a test needs more than one. */
    public static final Map<String, List<StudentCheckpoint>> HISTORY = new ConcurrentHashMap<>();

    /** Jobs whose replay cannot reach Kafka, as when the broker is down. */
    public static final Set<String> BROKER_DOWN_FOR = ConcurrentHashMap.newKeySet();

    private InMemoryFakes() {}

    /** Knows {@value #COMPLETE_RUN} and {@value #STREAMING_RUN}. */
    @Mock
    @ApplicationScoped
    public static class FakeTeacherRuns implements TeacherRuns {

        @Override
        public Optional<RunManifest> find(String runId) {
            return switch (runId) {
                case COMPLETE_RUN -> Optional.of(manifest(runId, RunStatus.COMPLETE));
                case STREAMING_RUN -> Optional.of(manifest(runId, RunStatus.STREAMING));
                default -> Optional.empty();
            };
        }

        private static RunManifest manifest(String runId, RunStatus status) {
            return new RunManifest(
                    runId,
                    "tutorial-teacher",
                    "teacher-e1",
                    "fingerprint",
                    256,
                    128,
                    2,
                    status,
                    "kd.teacher-logits",
                    status == RunStatus.COMPLETE ? List.of(new OffsetRange(0, 0, 2)) : List.of(),
                    null,
                    null,
                    Instant.now(),
                    null);
        }
    }

    /** Returns the checkpoint a test registered for a job. */
    @Mock
    @ApplicationScoped
    public static class FakeJobCheckpoints implements JobCheckpoints {

        @Override
        public List<StudentCheckpoint> newestFirst(String jobId) {
            List<StudentCheckpoint> history = HISTORY.get(jobId);
            if (history != null) {
                return history;
            }
            StudentCheckpoint one = CHECKPOINTS.get(jobId);
            return one == null ? List.of() : List.of(one);
        }
    }

    /** Replays the first images of the MNIST training split, with fixed random logits. */
    @Mock
    @ApplicationScoped
    public static class FakeLogitReplays implements LogitReplays {

        @Override
        public LogitReplay open(
                RunManifest run, JobSpec job, int classes, BooleanSupplier stopRequested) {
            if (BROKER_DOWN_FOR.contains(job.jobId())) {
                throw new KafkaUnavailableException(
                        "could not read offsets [0, 2) of kd.teacher-logits-0 within PT1M");
            }
            MnistSplit split = Mnist.train(Mnist.defaultDataDir()).subset(run.sampleCount());
            Random random = new Random(1);
            float[] logits = new float[split.size() * classes];
            for (int i = 0; i < logits.length; i++) {
                logits[i] = (float) random.nextGaussian();
            }
            boolean distills = Mode.parse(job.lossMode()) != Mode.NONE;
            EpochSource source =
                    EpochSource.of(
                            split,
                            distills ? TeacherSignal.fromLogits(logits, classes) : null,
                            job.batchSize(),
                            job.seed());
            return new LogitReplay() {
                @Override
                public int stepsPerEpoch() {
                    return source.stepsPerEpoch();
                }

                @Override
                public BatchIterator batches(int epoch) {
                    return source.batches(epoch);
                }

                @Override
                public int samplesPerEpoch() {
                    return split.size();
                }

                @Override
                public int deadLettered() {
                    return 0;
                }

                @Override
                public void close() {}
            };
        }
    }
}
