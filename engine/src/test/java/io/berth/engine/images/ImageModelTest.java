package io.berth.engine.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.engine.content.Digest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ImageModelTest {

    private static final String CONFIG = """
            {"architecture":"amd64","os":"linux","created":"2024-05-01T10:00:00.123456789Z","author":"ops",
             "config":{"User":"1000:1000","Env":["PATH=/bin"],"Entrypoint":["/bin/sh","-c"],"Cmd":["echo hi"],
               "WorkingDir":"/srv","ExposedPorts":{"80/tcp":{}},"Volumes":{"/data":{}},
               "Labels":{"a":"b"},"StopSignal":"SIGQUIT","Unknown":"ignored"},
             "rootfs":{"type":"layers","diff_ids":["sha256:%s"]},
             "history":[{"created":"2024-05-01T10:00:00Z","created_by":"/bin/sh -c #(nop) ADD file","author":"ops"},
                        {"created":"2024-05-01T10:00:01Z","created_by":"CMD [\\"echo hi\\"]","comment":"c","empty_layer":true}],
             "container_config":{"Hostname":"x"},"docker_version":"24.0"}
            """.formatted("a".repeat(64));

    @Test
    void readsDockerAndOciConfigFields() throws Exception {
        ImageConfig config = OciJson.read(CONFIG.getBytes(StandardCharsets.UTF_8), ImageConfig.class, "config");
        assertThat(config.created()).isEqualTo(Instant.parse("2024-05-01T10:00:00.123456789Z"));
        ContainerConfig c = config.containerConfig();
        assertThat(c.user()).isEqualTo("1000:1000");
        assertThat(c.entrypoint()).containsExactly("/bin/sh", "-c");
        assertThat(c.cmd()).containsExactly("echo hi");
        assertThat(c.workingDir()).isEqualTo("/srv");
        assertThat(c.exposedPorts()).containsOnlyKeys("80/tcp");
        assertThat(c.volumes()).containsOnlyKeys("/data");
        assertThat(c.labels()).containsEntry("a", "b");
        assertThat(c.stopSignal()).isEqualTo("SIGQUIT");
        assertThat(config.rootfs().diffIds()).containsExactly(new Digest("a".repeat(64)));
        assertThat(config.history()).hasSize(2);
        assertThat(config.history().get(1).isEmptyLayer()).isTrue();
        assertThat(config.history().get(1).comment()).isEqualTo("c");
        assertThat(config.history().get(0).createdBy()).contains("ADD file");
    }

    @Test
    void writesDockerFieldNames() {
        String json = new String(OciJson.write(new ImageConfig(Instant.parse("2024-01-01T00:00:00Z"), null, "amd64", "linux",
                null, new ContainerConfig(null, null, java.util.List.of("A=1"), null, java.util.List.of("sh"), null, "/w",
                null, null), RootFs.layers(java.util.List.of()),
                java.util.List.of(new HistoryEntry(null, "RUN x", "me", null, true)))), StandardCharsets.UTF_8);
        assertThat(json).contains("\"Env\":[\"A=1\"]", "\"Cmd\":[\"sh\"]", "\"WorkingDir\":\"/w\"", "\"created_by\":\"RUN x\"",
                "\"empty_layer\":true", "\"diff_ids\":[]", "\"created\":\"2024-01-01T00:00:00Z\"");
        assertThat(json).doesNotContain("null", "\"User\"");
    }

    @Test
    void malformedPartsNameWhatIsWrong() {
        assertThatThrownBy(() -> OciJson.read("{\"schemaVersion\":1}".getBytes(), Manifest.class, "manifest sha256:x"))
                .isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("invalid manifest sha256:x").hasMessageContaining("schemaVersion 1");
        assertThatThrownBy(() -> OciJson.read("{\"rootfs\":{\"diff_ids\":[\"sha256:XYZ\"]}}".getBytes(), ImageConfig.class, "config"))
                .hasMessageContaining("64 lowercase hexadecimal");
    }
}
