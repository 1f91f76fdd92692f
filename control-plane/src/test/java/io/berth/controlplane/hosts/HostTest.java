package io.berth.controlplane.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.controlplane.api.CommandRefused;
import io.berth.controlplane.api.InvalidCommand;
import io.berth.controlplane.api.NotFound;
import io.berth.protocol.hosts.DrainHost;
import io.berth.protocol.hosts.HostBack;
import io.berth.protocol.hosts.HostCapacity;
import io.berth.protocol.hosts.HostDrained;
import io.berth.protocol.hosts.HostLost;
import io.berth.protocol.hosts.HostRegistered;
import io.berth.protocol.hosts.HostRemoved;
import io.berth.protocol.hosts.HostVersions;
import io.berth.protocol.hosts.MarkHostBack;
import io.berth.protocol.hosts.MarkHostLost;
import io.berth.protocol.hosts.RegisterHost;
import io.berth.protocol.hosts.RemoveHost;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ListAssert;
import org.junit.jupiter.api.Test;

/** given(past events).when(command).then(new events or refusal), no I/O. */
class HostTest {

    static final String ID = "h1";
    static final HostCapacity CAPACITY = new HostCapacity(2, 4L << 30, 100L << 30);
    static final HostVersions VERSIONS = new HostVersions("0.1", "runc 1.1.5", "6.1", "debian 12");
    static final RegisterHost REGISTER = new RegisterHost(ID, "node-1", Map.of("zone", "a"), CAPACITY, VERSIONS);
    static final HostRegistered REGISTERED = new HostRegistered(ID, "node-1", Map.of("zone", "a"), CAPACITY, VERSIONS);

    record Given(List<Object> past) {
        When when(Object command) {
            return new When(past, command);
        }
    }

    record When(List<Object> past, Object command) {
        ListAssert<Object> then() {
            return assertThat(Host.replay(ID, past).decide(command));
        }

        AbstractThrowableAssert<?, ? extends Throwable> refused() {
            return assertThatThrownBy(() -> Host.replay(ID, past).decide(command));
        }
    }

    static Given given(Object... events) {
        return new Given(Arrays.asList(events));
    }

    @Test
    void registeringANewHostRegistersIt() {
        given().when(REGISTER).then().containsExactly(REGISTERED);
    }

    @Test
    void registeringAgainUnchangedDoesNothingButNewLabelsAreRecorded() {
        given(REGISTERED).when(REGISTER).then().isEmpty();
        given(REGISTERED).when(new RegisterHost(ID, "node-1", Map.of("zone", "b"), CAPACITY, VERSIONS)).then()
                .containsExactly(new HostRegistered(ID, "node-1", Map.of("zone", "b"), CAPACITY, VERSIONS));
    }

    @Test
    void aLostHostThatRegistersIsBack() {
        given(REGISTERED, new HostLost(ID, "missed heartbeats")).when(REGISTER).then()
                .containsExactly(new HostBack(ID));
    }

    @Test
    void registrationNeedsANameAndAPositiveCapacity() {
        given().when(new RegisterHost(ID, " ", Map.of(), CAPACITY, VERSIONS)).refused()
                .isInstanceOf(InvalidCommand.class).hasMessageContaining("name");
        given().when(new RegisterHost(ID, "n", Map.of(), new HostCapacity(0, 1, 0), VERSIONS)).refused()
                .isInstanceOf(InvalidCommand.class).hasMessageContaining("cpus > 0");
        given().when(new RegisterHost(ID, "n", Map.of(), null, VERSIONS)).refused().isInstanceOf(InvalidCommand.class);
    }

    @Test
    void drainingDrainsOnce() {
        given(REGISTERED).when(new DrainHost(ID, "kernel update")).then()
                .containsExactly(new HostDrained(ID, "kernel update"));
        given(REGISTERED, new HostDrained(ID, "x")).when(new DrainHost(ID, "again")).then().isEmpty();
    }

    @Test
    void lostAndBack() {
        given(REGISTERED).when(new MarkHostLost(ID, "silent")).then().containsExactly(new HostLost(ID, "silent"));
        given(REGISTERED, new HostLost(ID, "silent")).when(new MarkHostLost(ID, "still")).then().isEmpty();
        given(REGISTERED, new HostLost(ID, "silent")).when(new MarkHostBack(ID)).then().containsExactly(new HostBack(ID));
        given(REGISTERED).when(new MarkHostBack(ID)).then().isEmpty();
    }

    @Test
    void anActiveHostMustBeDrainedOrLostBeforeRemoval() {
        given(REGISTERED).when(new RemoveHost(ID)).refused().isInstanceOf(CommandRefused.class)
                .hasMessageContaining("drain it");
        given(REGISTERED, new HostDrained(ID, "x")).when(new RemoveHost(ID)).then().containsExactly(new HostRemoved(ID));
        given(REGISTERED, new HostLost(ID, "x")).when(new RemoveHost(ID)).then().containsExactly(new HostRemoved(ID));
    }

    @Test
    void aRemovedHostStaysRemoved() {
        Object[] removed = {REGISTERED, new HostDrained(ID, "x"), new HostRemoved(ID)};
        given(removed).when(new RemoveHost(ID)).then().isEmpty();
        given(removed).when(REGISTER).refused().isInstanceOf(CommandRefused.class).hasMessageContaining("new id");
        given(removed).when(new DrainHost(ID, "x")).refused().isInstanceOf(CommandRefused.class);
        given(removed).when(new MarkHostLost(ID, "x")).refused().isInstanceOf(CommandRefused.class);
    }

    @Test
    void commandsOnAnUnknownHostAreNotFound() {
        given().when(new DrainHost(ID, "x")).refused().isInstanceOf(NotFound.class);
        given().when(new RemoveHost(ID)).refused().isInstanceOf(NotFound.class);
        given().when(new MarkHostBack(ID)).refused().isInstanceOf(NotFound.class);
    }

    @Test
    void replayCountsTheVersion() {
        assertThat(Host.replay(ID, List.of(REGISTERED, new HostLost(ID, "x"), new HostBack(ID))).version()).isEqualTo(3);
    }
}
