package io.berth.controlplane.agents;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What a test agent leaves on the machine once its process is gone: containers (conmon keeps
 * them running on purpose, so they outlive agents), their monitors and overlay mounts. The
 * engine's classes are kept off this classpath, so this uses the host's tools the engine
 * itself uses: {@code runc delete --force} with the agent's runc root, then unmounting what
 * is still mounted under the agent's state directory.
 */
public final class HostLeftovers {

    private HostLeftovers() {
    }

    public static void removeAll(Path stateDir) {
        try {
            Path runcRoot = stateDir.resolve("runtime").resolve("runc-root");
            if (Files.isDirectory(runcRoot)) {
                try (var ids = Files.list(runcRoot)) {
                    for (Path container : ids.filter(Files::isDirectory).toList()) {
                        run("runc", "--root", runcRoot.toString(), "delete", "--force",
                                container.getFileName().toString());
                    }
                }
            }
            for (String mount : mountsUnder(stateDir.toAbsolutePath().toString())) {
                run("umount", "-l", mount);
            }
        } catch (IOException e) {
            System.err.println("could not clean up the test host in " + stateDir + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Mount points below {@code prefix}, deepest first. */
    private static List<String> mountsUnder(String prefix) throws IOException {
        List<String> mounts = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/mounts"), StandardCharsets.UTF_8)) {
            String[] fields = line.split(" ");
            if (fields.length > 1 && fields[1].startsWith(prefix + "/")) {
                mounts.add(fields[1]);
            }
        }
        mounts.sort(Comparator.comparingInt(String::length).reversed());
        return mounts;
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
