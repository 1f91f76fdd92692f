package io.berth.controlplane.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.controlplane.api.InvalidCommand;
import io.berth.protocol.agent.HostAccess;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The run request's host options as Docker spells them, and their validation. */
class RunRequestHostAccessTest {

    private static RunRequest request(String json) throws Exception {
        return new ObjectMapper().readValue(json, RunRequest.class);
    }

    @Test
    void dockersOptionsBecomeTheSpecsHostAccess() throws Exception {
        HostAccess access = request("""
                {"image":"busybox","privileged":true,"capAdd":["net_admin"],"capDrop":["MKNOD"],
                 "binds":["/srv/data:/data:ro"],"network":"host","pid":"host"}""").spec().hostAccess();
        assertThat(access).isEqualTo(new HostAccess(true, List.of("CAP_NET_ADMIN"), List.of("CAP_MKNOD"),
                List.of(new HostAccess.BindMount("/srv/data", "/data", true)), "host", "host"));
        assertThat(access.dangerousOptions()).containsExactly("privileged", "capAdd=CAP_NET_ADMIN",
                "bind=/srv/data:/data:ro", "network=host", "pid=host");
        assertThat(request("{\"image\":\"busybox\",\"networkMode\":\"host\"}").spec().hostAccess().hostNetwork())
                .isTrue();
        assertThat(request("{\"image\":\"busybox\",\"capDrop\":[\"ALL\"]}").spec().hostAccess().dangerousOptions())
                .isEmpty();
        assertThat(request("{\"image\":\"busybox\"}").spec().hostAccess()).isEqualTo(HostAccess.NONE);
    }

    @Test
    void badOptionsAre400sNamingTheOption() {
        assertThatThrownBy(() -> request("{\"image\":\"b\",\"binds\":[\"/srv/../etc:/x\"]}").spec())
                .isInstanceOf(InvalidCommand.class).hasMessageContaining("'..'");
        assertThatThrownBy(() -> request("{\"image\":\"b\",\"binds\":[\"srv:/x\"]}").spec())
                .isInstanceOf(InvalidCommand.class).hasMessageContaining("absolute");
        assertThatThrownBy(() -> request("{\"image\":\"b\",\"capAdd\":[\"FLY\"]}").spec())
                .isInstanceOf(InvalidCommand.class).hasMessageContaining("unknown capability 'FLY'");
        assertThatThrownBy(() -> request("{\"image\":\"b\",\"network\":\"bridge\"}").spec())
                .isInstanceOf(InvalidCommand.class).hasMessageContaining("network must be host");
        assertThatThrownBy(() -> request("{\"image\":\"b\",\"pid\":\"container:x\"}").spec())
                .isInstanceOf(InvalidCommand.class).hasMessageContaining("pid must be host");
        assertThatThrownBy(() -> request("{\"image\":\"b\",\"network\":\"host\",\"networkMode\":\"none\"}").spec())
                .isInstanceOf(InvalidCommand.class).hasMessageContaining("disagree");
    }
}
