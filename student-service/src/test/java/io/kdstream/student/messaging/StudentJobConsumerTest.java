package io.kdstream.student.messaging;

import static io.kdstream.student.messaging.StudentJobConsumer.JOBS_CHANNEL;
import static io.kdstream.student.messaging.StudentPublisher.MODELS_CHANNEL;
import static io.kdstream.student.messaging.StudentPublisher.PROGRESS_CHANNEL;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.kdstream.core.schema.ModelCheckpoint;
import io.kdstream.core.schema.ModelRole;
import io.kdstream.core.schema.StudentJob;
import io.kdstream.core.schema.TrainingProgress;
import io.kdstream.core.schema.WorkKind;
import io.kdstream.core.schema.WorkState;
import io.kdstream.student.TestJobs;
import io.kdstream.student.domain.StudentCheckpoint;
import io.kdstream.student.training.InMemoryFakes;
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
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The worker's wiring with the in-memory connector: a job record in; statuses, checkpoints and the
 * record's ack out. Teacher runs, checkpoints and logits come from {@link InMemoryFakes}.
 *
 * <p>All tests share one application, so each uses its own job ids.
 */
@QuarkusTest
class StudentJobConsumerTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject @Any InMemoryConnector connector;

    @BeforeEach
    void clearSinks() {
        connector.sink(MODELS_CHANNEL).clear();
        connector.sink(PROGRESS_CHANNEL).clear();
    }

    static StudentJob.Builder job(String jobId) {
        return TestJobs.job(jobId, InMemoryFakes.COMPLETE_RUN);
    }

    /** A job message whose ack and nack complete the returned futures. */
    private static Message<StudentJob> tracked(
            StudentJob job, CompletableFuture<Void> acked, CompletableFuture<Throwable> nacked) {
        return Message.of(job)
                .withAck(
                        () -> {
                            acked.complete(null);
                            return CompletableFuture.completedFuture(null);
                        })
                .withNack(
                        t -> {
                            nacked.complete(t);
                            return CompletableFuture.completedFuture(null);
                        });
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

    private boolean reached(String jobId, WorkState state) {
        return progressOf(jobId).stream().anyMatch(p -> p.getState() == state);
    }

    @Test
    void invalidJobIsRejectedAndAckedThenTheNextJobTrains() {
        CompletableFuture<Void> badAcked = new CompletableFuture<>();
        CompletableFuture<Throwable> badNacked = new CompletableFuture<>();
        CompletableFuture<Void> goodAcked = new CompletableFuture<>();
        CompletableFuture<Throwable> goodNacked = new CompletableFuture<>();

        // 1. A job with three bad fields, then a good one behind it
        StudentJob bad =
                job("job-bad")
                        .setArchitecture("resnet-9000")
                        .setAlpha(1.5)
                        .setTemperature(0)
                        .build();
        connector.source(JOBS_CHANNEL).send(tracked(bad, badAcked, badNacked));
        connector
                .source(JOBS_CHANNEL)
                .send(tracked(job("job-good").build(), goodAcked, goodNacked));

        // 2. The bad one is REJECTED with every reason, and acked (a result, not a failure)
        await().atMost(WAIT).until(() -> reached("job-bad", WorkState.REJECTED));
        TrainingProgress rejected = progressOf("job-bad").get(0);
        assertThat(rejected.getKind()).isEqualTo(WorkKind.STUDENT_JOB);
        assertThat(rejected.getExperimentId()).isEqualTo("exp-job-bad");
        assertThat(rejected.getWorker()).contains("/");
        assertThat(rejected.getReason())
                .contains("architecture 'resnet-9000' is unknown")
                .contains("alpha must be in [0, 1], got 1.5")
                .contains("temperature must be finite and > 0, got 0.0");
        await().atMost(WAIT).until(badAcked::isDone);
        assertThat(badNacked).isNotDone();

        // 3. The worker goes on: the good job trains 2 epochs, a checkpoint each, then DONE
        await().atMost(WAIT).until(() -> reached("job-good", WorkState.DONE));
        await().atMost(WAIT).until(goodAcked::isDone);
        assertThat(goodNacked).isNotDone();
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
                .extracting(StudentJobConsumerTest::key)
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
        CompletableFuture<Void> acked = new CompletableFuture<>();
        connector
                .source(JOBS_CHANNEL)
                .send(
                        tracked(
                                job("job-norun").setTeacherRunId("no-such-run").build(),
                                acked,
                                new CompletableFuture<>()));
        connector
                .source(JOBS_CHANNEL)
                .send(job("job-streaming").setTeacherRunId(InMemoryFakes.STREAMING_RUN).build());

        await().atMost(WAIT).until(() -> reached("job-streaming", WorkState.REJECTED));
        assertThat(progressOf("job-norun").get(0).getReason())
                .isEqualTo("teacherRunId 'no-such-run' is unknown: no manifest on kd.teacher-runs");
        assertThat(progressOf("job-streaming").get(0).getReason())
                .contains("is STREAMING; a job needs a COMPLETE teacher run");
        assertThat(acked).isDone();
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
        CompletableFuture<Void> acked = new CompletableFuture<>();
        connector
                .source(JOBS_CHANNEL)
                .send(tracked(job("job-finished").build(), acked, new CompletableFuture<>()));

        await().atMost(WAIT).until(acked::isDone);
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
            connector.source(JOBS_CHANNEL).send(job.build());
            await().atMost(WAIT).until(() -> reached(id, WorkState.DONE));
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
    void workerDescribesItself() {
        given().get("/api/worker")
                .then()
                .statusCode(200)
                .body("worker", startsWith(""))
                .body("currentJob", nullValue());
    }
}
