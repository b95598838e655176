package io.kdstream.evaluator.evaluation;

import io.kdstream.core.job.JobSpec;
import io.kdstream.core.run.RunManifest;
import io.kdstream.evaluator.domain.ComparisonView;
import io.kdstream.evaluator.domain.DashboardEvent;
import io.kdstream.evaluator.domain.ModelEvaluation;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Recomputes experiments' comparisons and publishes each one that changed.
 *
 * <p>While the replay of the incoming topics started with the process is not caught up ({@link
 * ReplayPosition}), comparisons are kept and shown but not published: they come from a half-rebuilt
 * state. Once it is caught up, every comparison is published, and the publisher leaves out those
 * whose content is already the last one on the topic, so a restart publishes nothing it published
 * before.
 */
@ApplicationScoped
public class ComparisonService {

    private final EvaluatorState state;
    private final EventPublisher publisher;
    private final DashboardEvents events;
    private final ReplayPosition replay = new ReplayPosition();

    public ComparisonService(
            EvaluatorState state, EventPublisher publisher, DashboardEvents events) {
        this.state = state;
        this.publisher = publisher;
        this.events = events;
    }

    /**
     * Sets where the replay of one incoming topic must get to before comparisons are published.
     *
     * @param topic the topic
     * @param starts the first offset of each partition at start
     * @param ends the offset after the last record of each partition at start
     */
    public void expectReplay(String topic, Map<Integer, Long> starts, Map<Integer, Long> ends) {
        replay.expect(topic, starts, ends);
    }

    /**
     * Gives up waiting for the replay after a while, so that a partition that never gets to its end
     * (records deleted under the reader) cannot hold comparisons back for ever.
     *
     * @param patience how long to wait at most
     */
    public void awaitReplay(Duration patience) {
        if (replay.caughtUp()) {
            return;
        }
        Log.infof(
                "Publishing comparisons once the incoming topics are replayed up to %s",
                replay.remaining());
        CompletableFuture.delayedExecutor(patience.toMillis(), TimeUnit.MILLISECONDS)
                .execute(
                        () -> {
                            if (replay.giveUp()) {
                                Log.warnf(
                                        "The replay did not catch up within %s; publishing comparisons"
                                                + " anyway",
                                        patience);
                                publishAll();
                            }
                        });
    }

    /**
     * Notes a record an incoming channel has handled; publishes the comparisons when it was the
     * last one the replay waited for.
     *
     * @param topic its topic
     * @param partition its partition
     * @param offset its offset
     */
    public void onReplayed(String topic, int partition, long offset) {
        if (replay.consumed(topic, partition, offset)) {
            Log.info("The replay of the incoming topics caught up: publishing comparisons");
            publishAll();
        }
    }

    /**
     * Returns whether comparisons are published yet.
     *
     * @return whether the replay caught up
     */
    public boolean replayCaughtUp() {
        return replay.caughtUp();
    }

    /**
     * Recomputes the comparisons of some experiments and publishes those that changed.
     *
     * @param experimentIds the experiments
     */
    public synchronized void refresh(Collection<String> experimentIds) {
        for (String id : experimentIds) {
            compute(id)
                    .ifPresent(
                            c -> {
                                if (state.putComparison(c)) {
                                    events.emit(DashboardEvent.COMPARISON, c);
                                    Log.infof(
                                            "Comparison %s: %d rows, %s",
                                            c.experimentId(),
                                            c.rows().size(),
                                            c.complete() ? "complete" : "in progress");
                                    if (replay.caughtUp()) {
                                        publish(c);
                                    }
                                }
                            });
        }
    }

    private synchronized void publishAll() {
        state.comparisons().forEach(this::publish);
    }

    private void publish(ComparisonView c) {
        publisher
                .comparison(c)
                .subscribe()
                .with(
                        ok -> {},
                        f -> Log.errorf(f, "Cannot publish comparison %s", c.experimentId()));
    }

    private Optional<ComparisonView> compute(String experimentId) {
        List<JobSpec> jobs = state.jobsOf(experimentId);
        if (jobs.isEmpty()) {
            return Optional.empty();
        }
        String runId = jobs.get(0).teacherRunId();
        RunManifest run = state.run(runId);
        ModelEvaluation teacher = run == null ? null : state.evaluation(run.teacherModelId());
        List<String> jobIds = jobs.stream().map(JobSpec::jobId).toList();
        return ComparisonCalculator.compute(
                experimentId,
                runId,
                jobs,
                teacher,
                state.latestEvaluations(jobIds),
                state.progressOf(jobIds),
                Instant.now().truncatedTo(ChronoUnit.MICROS));
    }
}
