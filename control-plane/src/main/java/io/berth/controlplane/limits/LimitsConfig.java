package io.berth.controlplane.limits;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * What one request or one user may take, under {@code berth.limits.*}. The largest body of all
 * (an image upload) is Quarkus's own {@code quarkus.http.limits.max-body-size}.
 */
@ConfigMapping(prefix = "berth.limits")
public interface LimitsConfig {

    /**
     * The largest request body, in bytes, anywhere but an image upload (JSON commands): above the
     * event store's limit for one event (1 MiB), so that an oversized event is named by the store.
     */
    @WithDefault("2097152")
    long jsonBodyBytes();

    /** The largest {@code limit} a list endpoint takes, and how many items it answers at most. */
    @WithDefault("10000")
    int maxPageSize();

    /** Streams one user may hold open at once: event and log follows, exec WebSockets. */
    @WithDefault("16")
    int streamsPerUser();
}
