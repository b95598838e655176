package io.kdstream.student.health;

import io.kdstream.student.messaging.StudentJobQueue;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the worker is a member of the student-jobs share group: the queue is not a SmallRye
 * channel, so the channels' own readiness check does not cover it.
 */
@Readiness
@ApplicationScoped
public class JobQueueHealthCheck implements HealthCheck {

    static final String NAME = "student-jobs share group";

    private final StudentJobQueue queue;

    JobQueueHealthCheck(StudentJobQueue queue) {
        this.queue = queue;
    }

    @Override
    public HealthCheckResponse call() {
        return queue.problem()
                .map(p -> HealthCheckResponse.named(NAME).down().withData("problem", p).build())
                .orElseGet(() -> HealthCheckResponse.named(NAME).up().build());
    }
}
