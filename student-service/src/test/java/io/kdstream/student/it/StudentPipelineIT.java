package io.kdstream.student.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import io.kdstream.broker.testing.LocalKafkaTestResource;
import io.kdstream.core.codec.TrainingProgressDeserializer;
import io.kdstream.core.messaging.KdTopics;
import io.kdstream.core.schema.ModelCheckpoint;
import io.kdstream.core.schema.ModelRole;
import io.kdstream.core.schema.TrainingProgress;
import io.kdstream.core.schema.WorkKind;
import io.kdstream.core.schema.WorkState;
import io.kdstream.student.TestJobs;
import io.kdstream.student.it.TeacherRunFixture.Malformed;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/**
 * The packaged worker against a real broker, on a tiny pipeline built by the test: a teacher
 * trained for one epoch on 1,000 images streams its logits for those images (with two malformed
 * records inside the run's offset range) and a COMPLETE manifest; a job distils the student from
 * it. Everything is read back from the topics with plain consumers and the codecs.
 */
@QuarkusIntegrationTest
@WithTestResource(LocalKafkaTestResource.class)
class StudentPipelineIT {

    private static final String PREFIX = "kd.";
    private static final Duration WAIT = Duration.ofSeconds(120);

    @Test
    void distilsFromAReplayedRunAndDeadLettersMalformedRecords() {
        try (KafkaTestClient kafka =
                new KafkaTestClient(LocalKafkaTestResource.sharedBootstrapServers(), PREFIX)) {
            // 1. A teacher run of 1,000 images: 8 batches, then a garbage record and a record
            //    with label 12 after the third batch, all inside the manifest's offset range
            TeacherRunFixture.Published run =
                    TeacherRunFixture.publish(
                            kafka, "run-pipeline", 1000, Malformed.GARBAGE, Malformed.BAD_LABEL);
            assertThat(run.batchCount()).isEqualTo(8);

            // 2. A record that is no job, a job of an unknown run, then the real job
            kafka.send(
                    KdTopics.STUDENT_JOBS,
                    null,
                    "job-garbage",
                    "these bytes are no StudentJob".getBytes(StandardCharsets.UTF_8));
            kafka.submit(TestJobs.job("job-lost", "no-such-run").build(), null);
            kafka.submit(TestJobs.job("job-pipeline", run.runId()).build(), null);

            // 3. The unknown run is REJECTED with the field and why
            await().atMost(WAIT).until(() -> has(kafka.progress("job-lost"), WorkState.REJECTED));
            assertThat(kafka.progress("job-lost").get(0).getReason())
                    .isEqualTo(
                            "teacherRunId 'no-such-run' is unknown: no manifest on"
                                    + " kd.teacher-runs");

            // 4. The real job trains both epochs and ends DONE
            await().atMost(WAIT).until(() -> has(kafka.progress("job-pipeline"), WorkState.DONE));
            List<TrainingProgress> progress = kafka.progress("job-pipeline");
            assertThat(progress).noneMatch(p -> p.getState() == WorkState.FAILED);
            assertThat(progress)
                    .allMatch(p -> p.getKind() == WorkKind.STUDENT_JOB)
                    .allMatch(p -> "exp-job-pipeline".equals(p.getExperimentId()));
            List<JobTimeline.Spell> spells = JobTimeline.spells("job-pipeline", progress);
            assertThat(spells).hasSize(1);
            assertThat(spells.get(0).endState()).isEqualTo(WorkState.DONE);
            assertThat(spells.get(0).firstEpoch()).isEqualTo(1);
            TrainingProgress done = progress.get(progress.size() - 1);
            assertThat(done.getState()).isEqualTo(WorkState.DONE);
            assertThat(done.getEpoch()).isEqualTo(2);
            assertThat(done.getSamplesPerSecond()).isPositive();
            // 1,000 images in batches of 64: 16 steps per epoch
            assertThat(progress)
                    .filteredOn(p -> p.getState() == WorkState.RUNNING && p.getStep() > 0)
                    .isNotEmpty()
                    .allMatch(p -> p.getStepsPerEpoch() == 16 && p.getLoss() != null);

            // 4b. Both final states are also on the compacted job-states topic, once each, so they
            //     outlive training-progress' retention
            try (TrainingProgressDeserializer deserializer = new TrainingProgressDeserializer()) {
                assertThat(kafka.readAll(KdTopics.JOB_STATES))
                        .filteredOn(
                                r -> r.key().equals("job-pipeline") || r.key().equals("job-lost"))
                        .extracting(
                                r -> r.key(),
                                r -> deserializer.deserialize(r.topic(), r.value()).getState())
                        .containsExactlyInAnyOrder(
                                tuple("job-pipeline", WorkState.DONE),
                                tuple("job-lost", WorkState.REJECTED));
            }
            assertThat(metric("kd_records_published_total\\{topic=\"kd.job-states\"}"))
                    .isEqualTo(2.0);

            // 5. One STUDENT checkpoint per epoch, keyed by the job id, with its momentum
            List<ModelCheckpoint> checkpoints = kafka.checkpoints("job-pipeline");
            assertThat(checkpoints)
                    .extracting(
                            ModelCheckpoint::getModelId,
                            ModelCheckpoint::getRole,
                            ModelCheckpoint::getEpoch,
                            ModelCheckpoint::getEpochs,
                            ModelCheckpoint::getTeacherRunId,
                            ModelCheckpoint::getLossMode)
                    .containsExactly(
                            tuple(
                                    "job-pipeline-e1",
                                    ModelRole.STUDENT,
                                    1,
                                    2,
                                    "run-pipeline",
                                    "hinton"),
                            tuple(
                                    "job-pipeline-e2",
                                    ModelRole.STUDENT,
                                    2,
                                    2,
                                    "run-pipeline",
                                    "hinton"));
            assertThat(checkpoints)
                    .allMatch(c -> c.getParameterCount() == 46_164)
                    .allMatch(c -> c.getOptimizerState().remaining() == 46_164 * Float.BYTES)
                    .allMatch(c -> Double.isFinite(c.getTrainLoss()));
            assertThat(checkpoints.get(1).getHyperparameters())
                    .containsEntry("trainSamples", "1000")
                    .containsEntry("teacherRunId", "run-pipeline");
            System.out.printf(
                    "pipeline: epoch losses %.4f -> %.4f, %.0f samples/s%n",
                    checkpoints.get(0).getTrainLoss(),
                    checkpoints.get(1).getTrainLoss(),
                    done.getSamplesPerSecond());

            // 6. Both malformed records are on the dead-letter topic once (not once per epoch),
            //    with their original key and bytes and the reason
            List<ConsumerRecord<String, byte[]>> letters =
                    kafka.readAll(KdTopics.DEAD_LETTERS).stream()
                            .filter(r -> run.runId().equals(r.key()))
                            .toList();
            assertThat(letters).hasSize(2);
            assertThat(letters)
                    .extracting(r -> Long.parseLong(header(r, "dead-letter-offset")))
                    .containsExactlyInAnyOrderElementsOf(run.malformedOffsets());
            assertThat(letters)
                    .allMatch(r -> header(r, "dead-letter-topic").equals("kd.teacher-logits"))
                    .allMatch(
                            r ->
                                    Integer.parseInt(header(r, "dead-letter-partition"))
                                            == run.partition());
            assertThat(letters)
                    .extracting(r -> header(r, "dead-letter-reason"))
                    .anyMatch(reason -> reason.contains("bytes are not a TeacherLogitBatch record"))
                    .anyMatch(
                            reason ->
                                    reason.contains(
                                            "labels: label 12 of sample 1 is outside 0..9"));
            assertThat(letters)
                    .anyMatch(
                            r ->
                                    new String(r.value(), StandardCharsets.UTF_8)
                                            .equals("these bytes are no TeacherLogitBatch"));

            // 6b. The record that was no job went to the dead-letter topic as it was, with why
            List<ConsumerRecord<String, byte[]>> notJobs =
                    kafka.readAll(KdTopics.DEAD_LETTERS).stream()
                            .filter(r -> "job-garbage".equals(r.key()))
                            .toList();
            assertThat(notJobs).hasSize(1);
            ConsumerRecord<String, byte[]> notAJob = notJobs.get(0);
            assertThat(header(notAJob, "dead-letter-topic")).isEqualTo("kd.student-jobs");
            assertThat(header(notAJob, "dead-letter-reason")).startsWith("not a student job: ");
            assertThat(new String(notAJob.value(), StandardCharsets.UTF_8))
                    .isEqualTo("these bytes are no StudentJob");

            // 7. The worker's meters saw it all; both jobs ended, so the group's backlog drains
            String tags = "\\{job=\"job-pipeline\",model=\"tutorial-student\",role=\"student\"}";
            assertThat(metric("kd_training_epoch" + tags)).isEqualTo(2.0);
            assertThat(metric("kd_records_published_total\\{topic=\"kd.models\"}")).isEqualTo(2.0);
            assertThat(metric("kd_dead_letters_total\\{channel=\"teacher-logits\"}"))
                    .isEqualTo(2.0);
            assertThat(metric("kd_dead_letters_total\\{channel=\"student-jobs\"}")).isEqualTo(1.0);
            assertThat(metric("kd_records_published_total\\{topic=\"kd.dead-letters\"}"))
                    .isEqualTo(3.0);
            // the run's 8 well-formed records came from Kafka in epoch 1, from the cache in epoch 2
            assertThat(metric("kd_replay_records_total\\{source=\"kafka\"}")).isEqualTo(8.0);
            assertThat(metric("kd_replay_records_total\\{source=\"cache\"}")).isEqualTo(8.0);
            await().atMost(WAIT)
                    .until(
                            () ->
                                    metric(
                                            "kd_consumer_lag\\{group=\"student-service\",topic=\"kd.student-jobs\"}"),
                            is(0.0));
            given().get("/q/health/ready")
                    .then()
                    .statusCode(200)
                    .body("status", is("UP"))
                    .body("checks.name", hasItem("DJL engine"))
                    .body("checks.name", hasItem(containsString("Reactive Messaging")))
                    .body("checks.name", hasItem("student-jobs share group"));
        }
    }

    /** A sample of the worker's /q/metrics, -1 when absent. */
    private static double metric(String sample) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^" + sample + " (\\S+)$").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    private static boolean has(List<TrainingProgress> progress, WorkState state) {
        return progress.stream().anyMatch(p -> p.getState() == state);
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }
}
