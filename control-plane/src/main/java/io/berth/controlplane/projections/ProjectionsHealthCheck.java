package io.berth.controlplane.projections;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready while every projection is failing-free and within {@code berth.projections.max-healthy-lag}. */
@Readiness
@ApplicationScoped
public class ProjectionsHealthCheck implements HealthCheck {

    private final ProjectionRunner runner;
    private final ProjectionsConfig config;

    public ProjectionsHealthCheck(ProjectionRunner runner, ProjectionsConfig config) {
        this.runner = runner;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("projections").up();
        for (ProjectionStatus status : runner.cachedStatus()) {
            response.withData(status.name() + ".lag", status.lag());
            if (status.lastError() != null) {
                response.withData(status.name() + ".error", status.lastError()).down();
            }
            if (status.lag() > config.maxHealthyLag()) {
                response.down();
            }
        }
        return response.build();
    }
}
