package io.berth.controlplane.eventstore;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits on appends, under {@code berth.event-store.*}. */
@ConfigMapping(prefix = "berth.event-store")
public interface EventStoreConfig {

    /** Largest data of one event, in bytes of JSON. Larger events are refused with 413. */
    @WithDefault("1048576")
    int maxEventBytes();

    /** Most events in one append. */
    @WithDefault("10000")
    int maxEventsPerAppend();

    /** Plain-Java construction (benchmarks, tools) without the config system. */
    static EventStoreConfig of(int maxEventBytes, int maxEventsPerAppend) {
        return new EventStoreConfig() {
            @Override
            public int maxEventBytes() {
                return maxEventBytes;
            }

            @Override
            public int maxEventsPerAppend() {
                return maxEventsPerAppend;
            }
        };
    }
}
