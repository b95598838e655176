package io.kdstream.evaluator.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdstream.core.schema.WorkKind;
import io.kdstream.core.schema.WorkState;
import io.kdstream.evaluator.domain.JobProgress;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Which progress of a job the evaluator keeps: the newest, and never an older attempt's. */
class EvaluatorStateTest {

    private static final Instant T0 = Fixtures.T0;

    private static JobProgress progress(
            WorkState state, String worker, Integer attempt, int second) {
        return new JobProgress(
                "job-1",
                WorkKind.STUDENT_JOB,
                state,
                worker,
                "exp-1",
                2,
                5,
                0,
                10,
                null,
                null,
                null,
                null,
                T0.plusSeconds(second),
                attempt);
    }

    @Test
    void aLateRecordOfAnOlderAttemptIsIgnored() {
        EvaluatorState state = new EvaluatorState();
        state.putProgress(progress(WorkState.RUNNING, "w1", 1, 0));
        // worker w2 took the job over (attempt 2)
        state.putProgress(progress(WorkState.RUNNING, "w2", 2, 20));
        // w1 was frozen, wakes up, and a record of its attempt arrives late with a later clock
        assertThat(state.putProgress(progress(WorkState.INTERRUPTED, "w1", 1, 30))).isNull();

        JobProgress kept = state.progress("job-1");
        assertThat(kept.worker()).isEqualTo("w2");
        assertThat(kept.state()).isEqualTo(WorkState.RUNNING);
        assertThat(kept.workerLabel()).isEqualTo("w2 (attempt 2)");

        // the newer attempt goes on as usual; records without attempts (older workers) by time
        assertThat(state.putProgress(progress(WorkState.DONE, "w2", 2, 40))).isNotNull();
        assertThat(state.progress("job-1").state()).isEqualTo(WorkState.DONE);
        assertThat(state.putProgress(progress(WorkState.RUNNING, "w3", null, 35))).isNull();
        assertThat(state.putProgress(progress(WorkState.RUNNING, "w3", null, 45))).isNotNull();
        assertThat(progress(WorkState.RUNNING, "w1", 1, 0).workerLabel()).isEqualTo("w1");
    }
}
