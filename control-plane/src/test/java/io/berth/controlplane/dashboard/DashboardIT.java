package io.berth.controlplane.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.File;
import java.net.URL;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The dashboard in a real browser (Debian's chromium through Playwright) against this
 * control plane, its real PostgreSQL and Kafka. The browser scripts live in web-ui/e2e.
 */
@QuarkusTest
class DashboardIT {

    @TestHTTPResource("/")
    URL root;

    @Test
    void browserEndToEnd() throws Exception {
        Path webUi = Path.of("..", "web-ui").toAbsolutePath().normalize();
        Path screenshots = Path.of("target", "screenshots").toAbsolutePath();
        String base = root.toString().replaceAll("/$", "");
        ProcessBuilder node = new ProcessBuilder("node", "--test", "--test-reporter=spec", "e2e/")
                .directory(webUi.toFile())
                .redirectErrorStream(true)
                .redirectOutput(new File("target/e2e.log"));
        node.environment().put("BERTH_URL", base);
        node.environment().put("BERTH_SCREENSHOTS", screenshots.toString());
        Process process = node.start();
        boolean finished = process.waitFor(5, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly();
        }
        String output = java.nio.file.Files.readString(Path.of("target/e2e.log"));
        System.out.println(output);
        assertThat(finished).as("browser tests finished within 5 minutes").isTrue();
        assertThat(process.exitValue()).as("browser tests (see target/e2e.log):%n%s", output).isZero();
        assertThat(output).as("node ran browser tests").containsPattern("ℹ pass [1-9]");
        assertThat(screenshots.resolve("health.png")).exists();
    }
}
