package io.berth.controlplane.agents;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** The control plane's side of the agents, under {@code berth.agents.*} (table in docs/fleet.md). */
@ConfigMapping(prefix = "berth.agents")
public interface AgentsConfig {

    /**
     * The secret host credentials are derived from (at least 32 characters); required when agents
     * are enabled. See {@code enrollment.CredentialKeys}.
     */
    Optional<String> credentialKey();

    /** How long an enrollment token works when its issuer names no expiry. */
    @WithDefault("1h")
    Duration enrollmentTokenTtl();

    /** Whether this process dispatches instructions and ingests reports. */
    @WithDefault("true")
    boolean enabled();

    @WithDefault("berth.agent.commands")
    String commandsTopic();

    @WithDefault("berth.agent.reports")
    String reportsTopic();

    /** Partitions when the control plane creates the two agent topics; agents create them with the same count. */
    @WithDefault("16")
    int partitions();

    /** Consumer group of report ingestion; replicas share the partitions. */
    @WithDefault("berth-control-plane-reports")
    String reportsGroup();

    /** Subscription name of the dispatcher: its checkpoint and lock. */
    @WithDefault("agent-dispatcher")
    String dispatcherName();

    @WithDefault("200")
    int dispatchBatchSize();

    /**
     * How long the dispatcher waits before looking at the log again when caught up while an event
     * this process committed is not read yet (below the xmin horizon for a moment).
     */
    @WithDefault("5ms")
    Duration dispatchPollInterval();

    /**
     * How long it waits when it has read everything this process appended: appends in this process
     * wake it at once, so this only bounds how late it sees commands another replica appended.
     */
    @WithDefault("50ms")
    Duration dispatchIdlePollInterval();

    /** How often agents heartbeat; a host is lost after {@link #missedHeartbeats()} of these. */
    @WithDefault("2s")
    Duration heartbeatInterval();

    @WithDefault("3")
    int missedHeartbeats();

    /** Where uploaded image archives wait for agents to fetch them. */
    Path uploadsDir();

    /** Subscription name of the container and image views. */
    @WithDefault("fleet-views")
    String viewsName();

    /** How soon the views look again while an event this process committed is not read yet. */
    @WithDefault("10ms")
    Duration viewsPollInterval();

    /**
     * How long they wait when they have read everything this process appended: its appends wake
     * them at once, so this only bounds how late they see another replica's.
     */
    @WithDefault("50ms")
    Duration viewsIdlePollInterval();
}
