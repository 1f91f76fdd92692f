package io.berth.protocol.containers;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.protocol.EventType;
import io.berth.protocol.agent.AgentCodec;
import io.berth.protocol.agent.ContainerRunSpec;
import io.berth.protocol.containers.ContainerEvents.ContainerCreated;
import io.berth.protocol.images.ImageEvents;
import io.berth.protocol.images.ImageEvents.ImageImported;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class FleetEventTypesTest {

    @Test
    void everyContainerAndImageEventHasAUniqueStableName() throws Exception {
        List<Class<? extends Record>> all = new ArrayList<>(ContainerEvents.TYPES);
        all.addAll(ImageEvents.TYPES);
        var names = new HashSet<String>();
        for (Class<? extends Record> type : all) {
            EventType annotation = type.getAnnotation(EventType.class);
            assertThat(annotation).as(type.getName()).isNotNull();
            assertThat(names.add(annotation.name())).as("duplicate " + annotation.name()).isTrue();
        }
        // Every nested event record is listed, so a registry built from TYPES misses none.
        long declared = java.util.Arrays.stream(ContainerEvents.class.getDeclaredClasses()).filter(Class::isRecord)
                .count() + java.util.Arrays.stream(ImageEvents.class.getDeclaredClasses()).filter(Class::isRecord)
                .count();
        assertThat(all).hasSize((int) declared);
    }

    @Test
    void eventsSurviveJson() throws Exception {
        var created = new ContainerCreated("a".repeat(64), "web", "busybox", "sha256:" + "b".repeat(64),
                ContainerRunSpec.command(List.of("sleep", "1")));
        var json = AgentCodec.json().writeValueAsString(created);
        assertThat(AgentCodec.json().readValue(json, ContainerCreated.class)).isEqualTo(created);
        var imported = new ImageImported("sha256:1", "h", "sha256:2", null, 10, null, null);
        assertThat(AgentCodec.json().readValue(AgentCodec.json().writeValueAsString(imported), ImageImported.class)
                .references()).isEmpty();
    }
}
