package io.berth.controlplane.agents;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AgentTokenTest {

    private static AgentToken token(String value) {
        AgentsConfig config = (AgentsConfig) Proxy.newProxyInstance(AgentsConfig.class.getClassLoader(),
                new Class<?>[] {AgentsConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("token")) {
                        return Optional.ofNullable(value);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return new AgentToken(config);
    }

    @Test
    void withATokenOnlyTheBearerOfItIsLetIn() {
        AgentToken token = token("s3cret");
        assertThat(token.permits("Bearer s3cret")).isTrue();
        assertThat(token.permits("Bearer s3cre")).isFalse();
        assertThat(token.permits("s3cret")).isFalse();
        assertThat(token.permits(null)).isFalse();
    }

    @Test
    void withoutATokenEveryAgentIsLetIn() {
        assertThat(token(null).permits(null)).isTrue();
        assertThat(token("").permits("Bearer anything")).isTrue();
    }
}
