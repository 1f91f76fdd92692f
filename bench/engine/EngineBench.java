import io.berth.engine.host.HostEngine;
import io.berth.engine.images.ImageReference;
import io.berth.engine.images.archive.ArchiveImporter;
import io.berth.engine.runtime.ContainerSpec;
import io.berth.engine.runtime.ContainerStatus;
import io.berth.engine.runtime.ExecSpec;
import io.berth.engine.snapshots.SnapshotInfo;
import io.berth.engine.snapshots.SnapshotKind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Berth's engine side by side with runc and podman on the same busybox image, in one run:
 * detached start of one container, 100 detached containers one after another, and commit
 * of a 10 MB change. Run by bench/engine/run.sh, which builds the image and sets up podman.
 *
 * Usage: java -cp <engine classpath> EngineBench.java <work dir> <docker-save archive> <runc bundle> <rounds> [start]
 * ({@code start}: only the start comparison, as bench/engine/trace.sh traces it)
 */
public class EngineBench {

    static final int WARMUP_RUNS = 10;
    static Path work;
    static Path bundle;
    static int rounds;

    public static void main(String[] args) throws Exception {
        work = Path.of(args[0]);
        Path archive = Path.of(args[1]);
        bundle = Path.of(args[2]);
        rounds = Integer.parseInt(args[3]);
        boolean startOnly = args.length > 4 && args[4].equals("start");

        Path state = work.resolve("berth-state");
        try (HostEngine engine = HostEngine.open(state)) {
            try (InputStream in = Files.newInputStream(archive)) {
                new ArchiveImporter(engine.content(), engine.images()).importArchive(in, null);
            }
            // Warm up: the first run unpacks the image's layer once, as any engine does, and a
            // few more let the JIT compile the start path, as it is in a long-running agent.
            for (int i = 0; i < WARMUP_RUNS; i++) {
                start(engine, "warmup-" + i);
            }
            removeAll(engine);

            System.out.println("## Detached start of `sleep 600` (create + start → process running), " + rounds + " rounds");
            System.out.println();
            System.out.println("| engine | median ms | p90 ms | min ms |");
            System.out.println("| --- | --- | --- | --- |");
            // One round starts one container with each engine, so that all three meet the same
            // minutes of this shared machine (its speed drifts by more than the target's margin).
            List<List<Double>> starts = timeInterleaved(rounds, List.of(
                    i -> start(engine, "start-" + i),
                    i -> runcRunDetached("runc-" + i),
                    i -> sh("podman", "run", "-d", "--network=none", "--name", "pod-" + i, "busybox", "sleep", "600")),
                () -> { removeAll(engine); runcCleanup(); podmanCleanup(); });
            double berth = report("berth (HostEngine: snapshot + conmon + runc)", starts.get(0));
            double runc = report("runc run -d (bundle unpacked once)", starts.get(1));
            double podman = report("podman run -d --network=none", starts.get(2));
            System.out.println();
            System.out.printf(Locale.ROOT, "berth − runc = %+.1f ms median (target ≤ +25 ms); berth / podman = %.2f%n%n", berth - runc, berth / podman);
            if (startOnly) {
                return;
            }

            System.out.println("## 100 detached containers, one after another");
            System.out.println();
            System.out.println("Each engine starts its 100 in ten blocks of ten, one after another; the blocks");
            System.out.println("take turns between the engines, so that all meet the same minutes of the machine.");
            System.out.println();
            System.out.println("| engine | total s |");
            System.out.println("| --- | --- |");
            List<List<Double>> blocks = timeInterleaved(10, List.of(
                    b -> { for (int i = 0; i < 10; i++) start(engine, "many-" + (b * 10 + i)); },
                    b -> { for (int i = 0; i < 10; i++) runcRunDetached("many-" + (b * 10 + i)); },
                    b -> { for (int i = 0; i < 10; i++) sh("podman", "run", "-d", "--network=none", "--name", "many-" + (b * 10 + i), "busybox", "sleep", "600"); }),
                () -> { removeAll(engine); runcCleanup(); podmanCleanup(); });
            double berth100 = total("berth", blocks.get(0));
            double runc100 = total("runc run -d", blocks.get(1));
            double podman100 = total("podman run -d --network=none", blocks.get(2));
            System.out.println();
            System.out.printf(Locale.ROOT, "berth / podman = %.2f (target ≤ 0.4); berth / runc = %.2f%n%n", berth100 / podman100, berth100 / runc100);

            System.out.println("## Commit of a container that wrote 10 MB");
            System.out.println();
            System.out.println("| engine | median ms | p90 ms | min ms |");
            System.out.println("| --- | --- | --- | --- |");
            int commitRounds = Math.max(3, rounds / 4);
            List<List<Double>> commits = timeInterleavedPrepared(commitRounds, List.of(
                    i -> {
                        start(engine, "commit-" + i, "sh", "-c", "dd if=/dev/urandom of=/big bs=1M count=10 2>/dev/null; touch /done; sleep 600");
                        awaitBerth(engine, "commit-" + i);
                    },
                    i -> {
                        sh("podman", "run", "-d", "--network=none", "--name", "commit-" + i, "busybox", "sh", "-c", "dd if=/dev/urandom of=/big bs=1M count=10 2>/dev/null; touch /done; sleep 600");
                        for (int tries = 0; tries < 200 && !ok("podman", "exec", "commit-" + i, "sh", "-c", "[ -f /done ]"); tries++) {
                            Thread.sleep(50);
                        }
                    }), List.of(
                    i -> engine.commit("commit-" + i, "bench", "10 MB", List.of(), ImageReference.parse("bench/commit:" + i)),
                    i -> sh("podman", "commit", "-q", "commit-" + i, "bench/commit:" + i)),
                () -> { removeAll(engine); podmanCleanup(); });
            double berthCommit = report("berth commit (plain layer, as podman stores it)", commits.get(0));
            double podmanCommit = report("podman commit", commits.get(1));
            System.out.println();
            System.out.printf(Locale.ROOT, "berth / podman = %.2f (target ≤ 0.5)%n", berthCommit / podmanCommit);
            removeAll(engine);
        }
    }

    interface Step {
        void run(int i) throws Exception;
    }

    interface Action {
        void run() throws Exception;
    }

    static void start(HostEngine engine, String id, String... cmd) throws IOException {
        String[] command = cmd.length == 0 ? new String[] {"sleep", "600"} : cmd;
        ContainerStatus status = engine.run("busybox", ContainerSpec.builder(id).cmd(command));
        if (!status.isRunning()) {
            throw new IllegalStateException(id + " is " + status.state());
        }
    }

    static void awaitBerth(HostEngine engine, String id) throws InterruptedException {
        for (int tries = 0; tries < 200; tries++) {
            if (engine.runtime().exec(id, ExecSpec.of("sh", "-c", "[ -f /done ]")).exitCode() == 0) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException(id + " never finished writing");
    }

    static void removeAll(HostEngine engine) throws IOException {
        for (ContainerStatus status : engine.runtime().list()) {
            engine.remove(status.id(), true);
        }
        for (SnapshotInfo info : engine.snapshots().list()) {
            if (info.kind() != SnapshotKind.COMMITTED) {
                engine.snapshots().remove(info.key());
            }
        }
    }

    static void runcRunDetached(String id) throws Exception {
        sh("runc", "--root", work.resolve("runc-root").toString(), "run", "-d", "--bundle", bundle.toString(), id);
    }

    static void runcCleanup() throws Exception {
        Path root = work.resolve("runc-root");
        if (!Files.isDirectory(root)) {
            return;
        }
        try (var ids = Files.list(root)) {
            for (Path dir : ids.toList()) {
                ok("runc", "--root", root.toString(), "delete", "--force", dir.getFileName().toString());
            }
        }
    }

    static void podmanCleanup() throws Exception {
        sh("podman", "rm", "-a", "-f", "-t", "0");
        ok("podman", "image", "prune", "-f");
        for (int i = 0; i < 100; i++) {
            ok("podman", "rmi", "-f", "bench/commit:" + i);
        }
    }

    /** Times each step once per round, the steps one after another within a round. */
    static List<List<Double>> timeInterleaved(int n, List<Step> steps, Action cleanup) throws Exception {
        List<Step> none = steps.stream().<Step>map(s -> i -> { }).toList();
        return timeInterleavedPrepared(n, none, steps, cleanup);
    }

    /** As {@link #timeInterleaved}, each timed step after its untimed preparation. */
    static List<List<Double>> timeInterleavedPrepared(int n, List<Step> prepare, List<Step> steps, Action cleanup) throws Exception {
        List<List<Double>> millis = new ArrayList<>();
        steps.forEach(s -> millis.add(new ArrayList<>()));
        cleanup.run();
        for (int i = 0; i < n; i++) {
            for (int s = 0; s < steps.size(); s++) {
                prepare.get(s).run(i);
                long t0 = System.nanoTime();
                steps.get(s).run(i);
                millis.get(s).add((System.nanoTime() - t0) / 1e6);
            }
        }
        cleanup.run();
        return millis;
    }

    static double total(String name, List<Double> blockMillis) {
        double seconds = blockMillis.stream().mapToDouble(Double::doubleValue).sum() / 1000;
        System.out.printf(Locale.ROOT, "| %s | %.2f |%n", name, seconds);
        return seconds;
    }

    static double report(String name, List<Double> millis) {
        double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double median = sorted[sorted.length / 2];
        double p90 = sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * 0.9) - 1)];
        System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.1f |%n", name, median, p90, sorted[0]);
        return median;
    }

    static void sh(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(Arrays.toString(command) + " failed with " + process.exitValue());
        }
    }

    static boolean ok(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0;
    }
}
