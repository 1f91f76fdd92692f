package io.berth.engine.commit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigChangesTest {

    static final ObjectMapper JSON = new ObjectMapper();

    private ObjectNode applied(String configJson, String... changes) throws Exception {
        ObjectNode config = (ObjectNode) JSON.readTree(configJson);
        ConfigChanges.apply(config, ChangeParser.parseAll(List.of(changes)));
        return config;
    }

    @Test
    void cmdAndEnvReplaceInPlace() throws Exception {
        ObjectNode config = applied("{\"Env\":[\"PATH=/bin\",\"A=old\"],\"Cmd\":[\"/bin/sh\"]}",
                "ENV A=new B=2", "CMD echo hi");
        assertThat(config.toString()).isEqualTo(
                "{\"Env\":[\"PATH=/bin\",\"A=new\",\"B=2\"],\"Cmd\":[\"/bin/sh\",\"-c\",\"echo hi\"]}");
    }

    @Test
    void entrypointClearsCmdUnlessCmdCameFirst() throws Exception {
        assertThat(applied("{\"Cmd\":[\"/bin/sh\"]}", "ENTRYPOINT [\"/app\"]").has("Cmd")).isFalse();
        ObjectNode both = applied("{\"Cmd\":[\"/bin/sh\"]}", "CMD [\"--help\"]", "ENTRYPOINT [\"/app\"]");
        assertThat(both.get("Cmd").toString()).isEqualTo("[\"--help\"]");
        assertThat(both.get("Entrypoint").toString()).isEqualTo("[\"/app\"]");
    }

    @Test
    void workdirRelativeToTheCurrentOne() throws Exception {
        assertThat(applied("{\"WorkingDir\":\"/srv\"}", "WORKDIR app/../data").get("WorkingDir").asText())
                .isEqualTo("/srv/data");
        assertThat(applied("{}", "WORKDIR tmp").get("WorkingDir").asText()).isEqualTo("/tmp");
        assertThat(applied("{\"WorkingDir\":\"/srv\"}", "WORKDIR /opt//x/").get("WorkingDir").asText()).isEqualTo("/opt/x");
    }

    @Test
    void exposeAndLabelsAdd() throws Exception {
        ObjectNode config = applied("{\"ExposedPorts\":{\"22/tcp\":{}},\"Labels\":{\"a\":\"1\"}}",
                "EXPOSE 80", "LABEL a=2 b=3", "USER app");
        assertThat(config.get("ExposedPorts").toString()).isEqualTo("{\"22/tcp\":{},\"80/tcp\":{}}");
        assertThat(ConfigChanges.labels(config)).containsExactly(
                java.util.Map.entry("a", "2"), java.util.Map.entry("b", "3"));
        assertThat(config.get("User").asText()).isEqualTo("app");
    }

    @Test
    void unknownFieldsPassThrough() throws Exception {
        ObjectNode config = applied("{\"Healthcheck\":{\"Test\":[\"NONE\"]},\"OnBuild\":[\"RUN x\"]}", "USER root");
        assertThat(config.get("Healthcheck").toString()).isEqualTo("{\"Test\":[\"NONE\"]}");
        assertThat(config.get("OnBuild").toString()).isEqualTo("[\"RUN x\"]");
    }
}
