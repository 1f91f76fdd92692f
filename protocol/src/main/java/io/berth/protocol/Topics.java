package io.berth.protocol;

/** Kafka topic names shared by the control plane and the agents. */
public final class Topics {
    /** Every committed event, keyed by stream id. Published by the control plane's relay. */
    public static final String EVENTS = "berth.events";
    /** Control plane → agent instructions, keyed by host id. */
    public static final String AGENT_COMMANDS = "berth.agent.commands";
    /** Agent → control plane reports, keyed by host id. */
    public static final String AGENT_REPORTS = "berth.agent.reports";

    private Topics() {
    }
}
