package io.kdstream.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdstream.core.training.EpochSummary;
import io.kdstream.core.training.StepProgress;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** The training meters against Micrometer's in-memory registry; plain JUnit, nothing to start. */
class TrainingMetersTest {

    @Test
    void stepsAndEpochsSetTheJobsMeters() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TrainingMeters meters = new TrainingMeters(registry, "student");
        TrainingMeters.JobMeters job = meters.job("exp-1-hinton", "tutorial-student");

        // two steps: one step time between them
        job.step(new StepProgress(1, 3, 1, 10, 2.5f, 100.0, 30.0));
        job.step(new StepProgress(1, 3, 2, 10, 2.0f, 120.0, 28.0));
        assertThat(registry.get(KdMetrics.TRAINING_STEP).tag("job", "exp-1-hinton").timer().count())
                .isEqualTo(1);
        assertThat(gauge(registry, KdMetrics.TRAINING_LOSS)).isEqualTo(2.0);
        assertThat(gauge(registry, KdMetrics.TRAINING_SAMPLES_PER_SECOND)).isEqualTo(120.0);
        assertThat(gauge(registry, KdMetrics.TRAINING_EPOCH)).isEqualTo(1.0);

        // the epoch's end sets the mean loss; the first step after it is not timed
        job.epoch(new EpochSummary(1, 3, 1.5, 0.6, 2.0, 110.0));
        assertThat(gauge(registry, KdMetrics.TRAINING_LOSS)).isEqualTo(1.5);
        job.step(new StepProgress(2, 3, 1, 10, 1.2f, 115.0, 20.0));
        assertThat(registry.get(KdMetrics.TRAINING_STEP).timer().count()).isEqualTo(1);
        assertThat(gauge(registry, KdMetrics.TRAINING_EPOCH)).isEqualTo(2.0);

        // the same job id gives the same meters, tagged with model and role
        assertThat(meters.job("exp-1-hinton", "tutorial-student")).isSameAs(job);
        assertThat(
                        registry.get(KdMetrics.TRAINING_EPOCH)
                                .tags("model", "tutorial-student", "role", "student")
                                .gauge())
                .isNotNull();
    }

    @Test
    void theRegistryDoesNotGrowWithTheNumberOfJobs() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TrainingMeters meters = new TrainingMeters(registry, "student");

        // a thousand jobs, one after another, each with a step and an epoch
        for (int i = 1; i <= 1000; i++) {
            TrainingMeters.JobMeters job = meters.job("job-" + i, "tutorial-student");
            job.step(new StepProgress(1, 1, 1, 10, 2.0f, 100.0, 1.0));
            job.epoch(new EpochSummary(1, 1, 1.5, 0.6, 2.0, 110.0));
        }

        // four meters per job, for the last two jobs only: the running one and the one before
        assertThat(registry.getMeters()).hasSize(4 * TrainingMeters.DEFAULT_RETAINED_JOBS);
        assertThat(
                        registry.find(KdMetrics.TRAINING_EPOCH).gauges().stream()
                                .map(g -> g.getId().getTag("job")))
                .containsExactlyInAnyOrder("job-999", "job-1000");
        assertThat(registry.find(KdMetrics.TRAINING_STEP).tag("job", "job-1").timer()).isNull();
    }

    private static double gauge(SimpleMeterRegistry registry, String name) {
        return registry.get(name).tag("job", "exp-1-hinton").gauge().value();
    }
}
