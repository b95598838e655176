package io.kdstream.student.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdstream.core.schema.TrainingProgress;
import io.kdstream.core.schema.WorkState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A job's progress records in topic order, cut into the spells during which one worker trained it.
 * Checks that the spells never overlap: a worker's spell starts with its first RUNNING and ends
 * with its INTERRUPTED, DONE or FAILED, and no other worker reports RUNNING in between, unless the
 * test killed or froze that worker (it then says nothing more: its spell ends, with a {@code null}
 * state, where the next worker's starts).
 */
public final class JobTimeline {

    /**
     * One worker's turn at a job.
     *
     * @param worker the worker
     * @param firstEpoch the epoch of its first RUNNING record
     * @param start its first RUNNING record's time
     * @param end its closing record's time
     * @param endState how the spell ended; {@code null} for a worker the test killed or froze
     */
    public record Spell(
            String worker, int firstEpoch, Instant start, Instant end, WorkState endState) {}

    private JobTimeline() {}

    /**
     * Cuts a job's progress into spells, asserting that they do not overlap.
     *
     * @param jobId the job, for messages
     * @param progress its progress records, in topic order
     * @return the spells, in order
     */
    public static List<Spell> spells(String jobId, List<TrainingProgress> progress) {
        return spells(jobId, progress, Set.of());
    }

    /**
     * Cuts a job's progress into spells, asserting that they do not overlap, where some workers may
     * have stopped talking without a closing record.
     *
     * @param jobId the job, for messages
     * @param progress its progress records, in topic order
     * @param silenced workers the test killed ({@code kill -9}) or froze ({@code kill -STOP})
     * @return the spells, in order
     */
    public static List<Spell> spells(
            String jobId, List<TrainingProgress> progress, Set<String> silenced) {
        List<Spell> spells = new ArrayList<>();
        Instant last = null;
        String worker = null;
        int firstEpoch = 0;
        Instant start = null;
        for (TrainingProgress p : progress) {
            if (p.getState() == WorkState.RUNNING) {
                if (worker != null && !worker.equals(p.getWorker()) && silenced.contains(worker)) {
                    spells.add(new Spell(worker, firstEpoch, start, last, null));
                    worker = null;
                }
                if (worker == null) {
                    worker = p.getWorker();
                    firstEpoch = p.getEpoch();
                    start = p.getUpdatedAt();
                }
                assertThat(p.getWorker())
                        .as(
                                "job %s reported RUNNING by %s while %s trains it",
                                jobId, p.getWorker(), worker)
                        .isEqualTo(worker);
                last = p.getUpdatedAt();
            } else if (p.getState() == WorkState.INTERRUPTED
                    || p.getState() == WorkState.DONE
                    || p.getState() == WorkState.FAILED) {
                if (worker != null) {
                    assertThat(p.getWorker())
                            .as(
                                    "job %s ended %s by %s while %s trains it",
                                    jobId, p.getState(), p.getWorker(), worker)
                            .isEqualTo(worker);
                    spells.add(
                            new Spell(worker, firstEpoch, start, p.getUpdatedAt(), p.getState()));
                    worker = null;
                }
            }
        }
        if (worker != null) {
            spells.add(new Spell(worker, firstEpoch, start, last, null));
        }
        return spells;
    }
}
