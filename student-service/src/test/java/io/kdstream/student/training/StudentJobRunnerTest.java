package io.kdstream.student.training;

import static io.kdstream.student.messaging.StudentPublisher.MODELS_CHANNEL;
import static io.kdstream.student.messaging.StudentPublisher.PROGRESS_CHANNEL;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.kdstream.core.job.StudentJobMapper;
import io.kdstream.core.schema.ModelCheckpoint;
import io.kdstream.core.schema.ModelRole;
import io.kdstream.core.schema.StudentJob;
import io.kdstream.core.schema.TrainingProgress;
import io.kdstream.core.schema.WorkKind;
import io.kdstream.core.schema.WorkState;
import io.kdstream.student.TestJobs;
import io.kdstream.student.domain.JobOutcome;
import io.kdstream.student.domain.StudentCheckpoint;
import io.kdstream.student.messaging.ModelCheckpointMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySink;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A job delivery run end to end with the in-memory connector: a job in; statuses, checkpoints and
 * the outcome that decides the record's acknowledgement out. Teacher runs, checkpoints and logits
 * come from {@link InMemoryFakes}; the share-group queue that delivers jobs over Kafka is off in
 * this profile ({@code kd.student.consume=false}) and tested against a real broker by the ITs.
 *
 * <p>All tests share one application, so each uses its own job ids.
 */
@QuarkusTest
class StudentJobRunnerTest {

    private static final int DELIVERY_LIMIT = 5;

    @Inject @Any InMemoryConnector connector;

    @Inject StudentJobRunner runner;

    @Inject JobControl control;

    @BeforeEach
    void clearSinks() {
        connector.sink(MODELS_CHANNEL).clear();
        connector.sink(PROGRESS_CHANNEL).clear();
    }

    static StudentJob.Builder job(String jobId) {
        return TestJobs.job(jobId, InMemoryFakes.COMPLETE_RUN);
    }

    /** Runs the first delivery of a job, without a lock, on this thread. */
    private JobOutcome run(StudentJob job) {
        return run(job, 1);
    }

    private JobOutcome run(StudentJob job, int attempt) {
        return runner.run(StudentJobMapper.toDomain(job), attempt, DELIVERY_LIMIT, null, null);
    }

    private List<TrainingProgress> progressOf(String jobId) {
        InMemorySink<TrainingProgress> sink = connector.sink(PROGRESS_CHANNEL);
        return sink.received().stream()
                .filter(m -> key(m).equals(jobId))
                .map(Message::getPayload)
                .toList();
    }

    private static String key(Message<?> message) {
        return message.getMetadata(OutgoingKafkaRecordMetadata.class)
                .map(m -> (String) m.getKey())
                .orElse("");
    }

    @Test
    void invalidJobIsRejectedAndAcceptedThenTheNextJobTrains() {
        // 1. A job with three bad fields, then a good one behind it
        StudentJob bad =
                job("job-bad")
                        .setArchitecture("resnet-9000")
                        .setAlpha(1.5)
                        .setTemperature(0)
                        .build();

        // 2. The bad one is REJECTED with every reason, and accepted (a result, not a failure)
        assertThat(run(bad)).isEqualTo(JobOutcome.REJECTED).matches(JobOutcome::acknowledge);
        TrainingProgress rejected = progressOf("job-bad").get(0);
        assertThat(rejected.getKind()).isEqualTo(WorkKind.STUDENT_JOB);
        assertThat(rejected.getExperimentId()).isEqualTo("exp-job-bad");
        assertThat(rejected.getWorker()).contains("/");
        assertThat(rejected.getReason())
                .contains("architecture 'resnet-9000' is unknown")
                .contains("alpha must be in [0, 1], got 1.5")
                .contains("temperature must be finite and > 0, got 0.0");

        // 3. The worker goes on: the good job trains 2 epochs, a checkpoint each, then DONE
        assertThat(run(job("job-good").build())).isEqualTo(JobOutcome.DONE);
        List<TrainingProgress> progress = progressOf("job-good");
        assertThat(progress.get(0).getState()).isEqualTo(WorkState.RUNNING);
        assertThat(progress.get(progress.size() - 1))
                .extracting(TrainingProgress::getState, TrainingProgress::getEpoch)
                .containsExactly(WorkState.DONE, 2);
        assertThat(progress)
                .filteredOn(p -> p.getState() == WorkState.RUNNING && p.getStep() > 0)
                .allMatch(p -> p.getStepsPerEpoch() == 4 && p.getLoss() != null);

        InMemorySink<ModelCheckpoint> models = connector.sink(MODELS_CHANNEL);
        assertThat(models.received())
                .extracting(StudentJobRunnerTest::key)
                .containsOnly("job-good");
        assertThat(models.received().stream().map(Message::getPayload).toList())
                .extracting(
                        ModelCheckpoint::getModelId,
                        ModelCheckpoint::getRole,
                        ModelCheckpoint::getOwnerId,
                        ModelCheckpoint::getExperimentId,
                        ModelCheckpoint::getTeacherRunId,
                        ModelCheckpoint::getLossMode,
                        ModelCheckpoint::getEpoch,
                        ModelCheckpoint::getEpochs,
                        ModelCheckpoint::getParameterCount)
                .containsExactly(
                        tuple(
                                "job-good-e1",
                                ModelRole.STUDENT,
                                "job-good",
                                "exp-job-good",
                                InMemoryFakes.COMPLETE_RUN,
                                "hinton",
                                1,
                                2,
                                46_164L),
                        tuple(
                                "job-good-e2",
                                ModelRole.STUDENT,
                                "job-good",
                                "exp-job-good",
                                InMemoryFakes.COMPLETE_RUN,
                                "hinton",
                                2,
                                2,
                                46_164L));
        ModelCheckpoint last = models.received().get(1).getPayload();
        assertThat(last.getOptimizerState().remaining()).isEqualTo(46_164 * Float.BYTES);
        assertThat(last.getHyperparameters())
                .containsEntry("trainSamples", "256")
                .containsEntry("batchSize", "64")
                .containsEntry("weightInit", "pytorch-default");
    }

    @Test
    void unknownOrIncompleteTeacherRunsAreRejected() {
        assertThat(run(job("job-norun").setTeacherRunId("no-such-run").build()))
                .isEqualTo(JobOutcome.REJECTED);
        assertThat(run(job("job-streaming").setTeacherRunId(InMemoryFakes.STREAMING_RUN).build()))
                .isEqualTo(JobOutcome.REJECTED);
        assertThat(progressOf("job-norun").get(0).getReason())
                .isEqualTo("teacherRunId 'no-such-run' is unknown: no manifest on kd.teacher-runs");
        assertThat(progressOf("job-streaming").get(0).getReason())
                .contains("is STREAMING; a job needs a COMPLETE teacher run");
    }

    @Test
    void jobWithItsFinalCheckpointIsDoneWithoutTraining() {
        InMemoryFakes.CHECKPOINTS.put(
                "job-finished",
                new StudentCheckpoint(
                        "job-finished-e2",
                        "job-finished",
                        "exp-job-finished",
                        InMemoryFakes.COMPLETE_RUN,
                        "tutorial-student",
                        "hinton",
                        2,
                        2,
                        0.1,
                        Map.of(),
                        46_164,
                        new byte[0],
                        null,
                        Instant.now()));
        assertThat(run(job("job-finished").build())).isEqualTo(JobOutcome.DONE);
        assertThat(progressOf("job-finished"))
                .extracting(TrainingProgress::getState, TrainingProgress::getEpoch)
                .containsExactly(tuple(WorkState.DONE, 2));
        assertThat(connector.sink(MODELS_CHANNEL).received()).isEmpty();
    }

    @Test
    void aJobTrainsTheSameWhateverTheWorkerTrainedBefore() {
        // the same job under two ids, with a scratch job of other settings in between: a worker
        // must carry nothing from one job to the next
        for (String id : List.of("same-1", "other", "same-2")) {
            StudentJob.Builder job = job(id).setEpochs(3).setSeed(11);
            if (id.equals("other")) {
                job.setLossMode("none").setLearningRate(0.2).setSeed(5);
            }
            assertThat(run(job.build())).isEqualTo(JobOutcome.DONE);
        }
        assertThat(trainLosses("same-2")).hasSize(3).isEqualTo(trainLosses("same-1"));
    }

    private List<Double> trainLosses(String jobId) {
        InMemorySink<ModelCheckpoint> models = connector.sink(MODELS_CHANNEL);
        return models.received().stream()
                .map(Message::getPayload)
                .filter(c -> c.getOwnerId().equals(jobId))
                .map(ModelCheckpoint::getTrainLoss)
                .toList();
    }

    @Test
    void lastDeliveryEndsFailedWithoutTraining() {
        // delivered as often as the group allows: every earlier delivery died with its worker
        assertThat(run(job("job-poison").build(), DELIVERY_LIMIT)).isEqualTo(JobOutcome.FAILED);
        assertThat(progressOf("job-poison"))
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.getState()).isEqualTo(WorkState.FAILED);
                            assertThat(p.getReason())
                                    .startsWith(
                                            "delivered 5 times: the 4 earlier deliveries ended"
                                                    + " without a result");
                        });
        assertThat(connector.sink(MODELS_CHANNEL).received()).isEmpty();
        // one delivery earlier, it trains
        assertThat(run(job("job-fourth").build(), DELIVERY_LIMIT - 1)).isEqualTo(JobOutcome.DONE);
    }

    @Test
    void aDivergedJobEndsFailedWithTheReasonAndNoNaN() {
        // valid by the job rules (finite as a float), but lr 1e30 overflows the weights at once
        assertThat(run(job("job-diverges").setLearningRate(1e30).build()))
                .isEqualTo(JobOutcome.FAILED);
        List<TrainingProgress> progress = progressOf("job-diverges");
        assertThat(progress.get(progress.size() - 1))
                .satisfies(
                        p -> {
                            assertThat(p.getState()).isEqualTo(WorkState.FAILED);
                            assertThat(p.getReason()).contains("training diverged", "epoch");
                        });
        assertThat(progress)
                .filteredOn(p -> p.getLoss() != null)
                .allMatch(p -> Double.isFinite(p.getLoss()));
    }

    @Test
    void aJobCutShortByKafkaIsReleasedNotFailedAndTrainsOnItsNextDelivery() {
        InMemoryFakes.BROKER_DOWN_FOR.add("job-outage");
        try {
            // the broker is away: the job is released (not acknowledged), INTERRUPTED with why
            assertThat(run(job("job-outage").build())).isEqualTo(JobOutcome.STOPPED);
            assertThat(JobOutcome.STOPPED.acknowledge()).isFalse();
            assertThat(progressOf("job-outage"))
                    .last()
                    .satisfies(
                            p -> {
                                assertThat(p.getState()).isEqualTo(WorkState.INTERRUPTED);
                                assertThat(p.getReason())
                                        .startsWith("Kafka unavailable: KafkaUnavailableException")
                                        .contains("within PT1M");
                            });
        } finally {
            InMemoryFakes.BROKER_DOWN_FOR.remove("job-outage");
        }
        // the broker is back: the next delivery trains it to the end
        assertThat(run(job("job-outage").build(), 2)).isEqualTo(JobOutcome.DONE);
    }

    /** A checkpoint of a job whose parameters do not load. */
    private static StudentCheckpoint corrupt(String jobId, int epoch, int epochs) {
        return new StudentCheckpoint(
                jobId + "-e" + epoch,
                jobId,
                "exp-" + jobId,
                InMemoryFakes.COMPLETE_RUN,
                "tutorial-student",
                "hinton",
                epoch,
                epochs,
                0.1,
                Map.of(),
                46_164,
                new byte[] {1, 2, 3},
                null,
                Instant.now());
    }

    @Test
    void aCorruptLatestCheckpointFallsBackToTheOneBefore() {
        // a job's epoch 1, trained for real, then a corrupt epoch 2 after it
        assertThat(run(job("job-source").setEpochs(3).build())).isEqualTo(JobOutcome.DONE);
        StudentCheckpoint epoch1 =
                ModelCheckpointMapper.fromAvro(
                        connector
                                .<ModelCheckpoint>sink(MODELS_CHANNEL)
                                .received()
                                .get(0)
                                .getPayload());
        assertThat(epoch1.epoch()).isEqualTo(1);
        InMemoryFakes.HISTORY.put("job-fallback", List.of(corrupt("job-fallback", 2, 3), epoch1));
        connector.sink(MODELS_CHANNEL).clear();

        // it resumes after epoch 1 (not FAILED, not from the start) and trains epochs 2 and 3
        assertThat(run(job("job-fallback").setEpochs(3).build())).isEqualTo(JobOutcome.DONE);
        assertThat(progressOf("job-fallback"))
                .filteredOn(p -> p.getState() == WorkState.RUNNING)
                .first()
                .extracting(TrainingProgress::getEpoch)
                .isEqualTo(2);
        assertThat(connector.<ModelCheckpoint>sink(MODELS_CHANNEL).received())
                .extracting(m -> m.getPayload().getEpoch())
                .containsExactly(2, 3);
    }

    @Test
    void aJobWhoseOnlyCheckpointIsCorruptTrainsFromTheStart() {
        InMemoryFakes.HISTORY.put("job-all-corrupt", List.of(corrupt("job-all-corrupt", 1, 2)));
        assertThat(run(job("job-all-corrupt").build())).isEqualTo(JobOutcome.DONE);
        assertThat(connector.<ModelCheckpoint>sink(MODELS_CHANNEL).received())
                .extracting(m -> m.getPayload().getEpoch())
                .containsExactly(1, 2);
    }

    @Test
    void aJobWhoseLockExpiredPublishesNothingMore() {
        // a lock of 1 ms that nobody renews: expired before the first checkpoint, as for a worker
        // paused (SIGSTOP, GC) past its lock while another worker took the job over
        JobOutcome outcome =
                runner.run(
                        StudentJobMapper.toDomain(job("job-paused").build()),
                        1,
                        DELIVERY_LIMIT,
                        Duration.ofMillis(1),
                        null);
        assertThat(outcome).isEqualTo(JobOutcome.STOPPED);
        assertThat(connector.sink(MODELS_CHANNEL).received()).isEmpty();
        // it said RUNNING when it started, and nothing after its lock expired
        assertThat(progressOf("job-paused"))
                .extracting(TrainingProgress::getState)
                .containsOnly(WorkState.RUNNING);
    }

    @Test
    void workerDescribesItself() {
        given().get("/api/worker")
                .then()
                .statusCode(200)
                .body("worker", startsWith(""))
                .body("slots", equalTo(1))
                .body("jobs", empty());
    }
}
