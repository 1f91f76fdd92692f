package io.berth.engine.commit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChangeParserTest {

    @Test
    void cmdExecFormIsAJsonArray() {
        assertThat(ChangeParser.parse("CMD [\"/bin/echo\", \"hi there\"]"))
                .isEqualTo(new ConfigChange.Cmd(List.of("/bin/echo", "hi there")));
        assertThat(ChangeParser.parse("CMD []")).isEqualTo(new ConfigChange.Cmd(List.of()));
    }

    @Test
    void cmdShellFormRunsUnderShDashC() {
        assertThat(ChangeParser.parse("CMD echo hi")).isEqualTo(new ConfigChange.Cmd(List.of("/bin/sh", "-c", "echo hi")));
        assertThat(ChangeParser.parse("entrypoint   top -b "))
                .isEqualTo(new ConfigChange.Entrypoint(List.of("/bin/sh", "-c", "top -b")));
    }

    @Test
    void invalidJsonFallsBackToShellFormAsDockerDoes() {
        assertThat(ChangeParser.parse("CMD [echo, hi]"))
                .isEqualTo(new ConfigChange.Cmd(List.of("/bin/sh", "-c", "[echo, hi]")));
        assertThat(ChangeParser.parse("CMD [1, 2]"))
                .isEqualTo(new ConfigChange.Cmd(List.of("/bin/sh", "-c", "[1, 2]")));
    }

    @Test
    void envKeyValueWordsWithQuotesAndEscapes() {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("A", "1");
        expected.put("B", "two words");
        expected.put("C", "it's");
        expected.put("D", "");
        assertThat(ChangeParser.parse("ENV A=1 B=\"two words\" C=it\\'s D="))
                .isEqualTo(new ConfigChange.Env(expected));
    }

    @Test
    void envOldFormTakesTheRestOfTheLine() {
        assertThat(ChangeParser.parse("ENV GREETING hello  big world"))
                .isEqualTo(new ConfigChange.Env(Map.of("GREETING", "hello big world")));
    }

    @Test
    void labels() {
        assertThat(ChangeParser.parse("LABEL org.example.team=\"platform ops\" tier=web"))
                .isEqualTo(new ConfigChange.Label(orderedMap("org.example.team", "platform ops", "tier", "web")));
    }

    @Test
    void exposeNormalisesProtocolsAndExpandsRanges() {
        assertThat(ChangeParser.parse("EXPOSE 80 53/UDP 8000-8002/tcp"))
                .isEqualTo(new ConfigChange.Expose(List.of("80/tcp", "53/udp", "8000/tcp", "8001/tcp", "8002/tcp")));
    }

    @Test
    void workdirAndUser() {
        assertThat(ChangeParser.parse("WORKDIR /srv/app")).isEqualTo(new ConfigChange.Workdir("/srv/app"));
        assertThat(ChangeParser.parse("user 1000:1000")).isEqualTo(new ConfigChange.User("1000:1000"));
    }

    @Test
    void severalLinesContinuationsAndComments() {
        assertThat(ChangeParser.parseAll(List.of("# set up\nENV A=1 \\\n    B=2\n\nUSER nobody", "CMD [\"sh\"]")))
                .containsExactly(new ConfigChange.Env(orderedMap("A", "1", "B", "2")),
                        new ConfigChange.User("nobody"), new ConfigChange.Cmd(List.of("sh")));
    }

    @Test
    void refusesUnsupportedInstructionsByName() {
        assertThatThrownBy(() -> ChangeParser.parse("VOLUME /data"))
                .isInstanceOf(InvalidChangeException.class)
                .hasMessageContaining("'VOLUME'").hasMessageContaining("CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, USER, WORKDIR");
        assertThatThrownBy(() -> ChangeParser.parse("RUN rm -rf /")).hasMessageContaining("'RUN'");
    }

    @Test
    void refusesMalformedArguments() {
        assertThatThrownBy(() -> ChangeParser.parse("CMD")).hasMessageContaining("CMD needs a command");
        assertThatThrownBy(() -> ChangeParser.parse("ENV")).hasMessageContaining("ENV needs at least one key=value");
        assertThatThrownBy(() -> ChangeParser.parse("ENV A=1 =2")).hasMessageContaining("\"=2\"");
        assertThatThrownBy(() -> ChangeParser.parse("ENV ONLYKEY")).hasMessageContaining("ONLYKEY has no value");
        assertThatThrownBy(() -> ChangeParser.parse("LABEL a=\"open")).hasMessageContaining("unterminated double quote");
        assertThatThrownBy(() -> ChangeParser.parse("EXPOSE 70000")).hasMessageContaining("\"70000\"");
        assertThatThrownBy(() -> ChangeParser.parse("EXPOSE 80/icmp")).hasMessageContaining("\"icmp\"");
        assertThatThrownBy(() -> ChangeParser.parse("EXPOSE 90-80")).hasMessageContaining("range \"90-80\"");
        assertThatThrownBy(() -> ChangeParser.parse("WORKDIR")).hasMessageContaining("WORKDIR takes exactly one value");
        assertThatThrownBy(() -> ChangeParser.parse("USER a b")).hasMessageContaining("USER takes exactly one value");
        assertThatThrownBy(() -> ChangeParser.parseAll(List.of("  \n# only a comment"))).hasMessageContaining("empty");
    }

    private static Map<String, String> orderedMap(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
